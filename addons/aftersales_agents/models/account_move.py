# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column

WORK_TYPES = [("warranty", "Warranty Work"), ("paid", "Paid Work")]
PL_CATEGORIES = [
    ("revenue", "Repair Revenue"),
    ("agent_fee", "Agent Fees"),
    ("technician_pay", "Technician Pay"),
    ("parts", "Parts"),
    ("recovery", "Supplier Recoveries"),
    ("other", "Other Costs"),
]


class AccountMove(models.Model):
    _inherit = "account.move"

    aftersales_ticket_id = fields.Many2one(
        comodel_name="aftersales.ticket",
        string="After-Sales Case",
        index="btree_not_null",
        copy=False,
        readonly=True,
        check_company=True,
    )
    aftersales_settlement_ids = fields.One2many(
        comodel_name="aftersales.settlement",
        inverse_name="move_id",
        string="Fee Settlements",
        readonly=True,
    )
    aftersales_work_type = fields.Selection(
        selection=WORK_TYPES,
        string="Service Work Type",
        compute="_compute_aftersales_work_type",
        store=True,
        copy=False,
        help="The work type its case gives the entry in the service profit and loss: "
        "warranty work when the case is in warranty, else paid work; empty without a case.",
    )

    def _auto_init(self):
        # on a ledger of hundreds of thousands of entries, filled in one
        # statement rather than recomputed entry by entry when the column is
        # added
        cr = self.env.cr
        if (
            column_exists(cr, self._table, "aftersales_ticket_id")
            and column_exists(cr, "aftersales_ticket", "warranty_state")
            and not column_exists(cr, self._table, "aftersales_work_type")
        ):
            create_column(cr, self._table, "aftersales_work_type", "varchar")
            self._sql_fill_aftersales_work_type()
        return super()._auto_init()

    @api.depends("aftersales_ticket_id.warranty_state")
    def _compute_aftersales_work_type(self):
        for move in self:
            ticket = move.aftersales_ticket_id
            move.aftersales_work_type = ticket._aftersales_work_type() if ticket else False

    def _sql_fill_aftersales_work_type(self):
        """Set ``aftersales_work_type`` in SQL, as
        ``_compute_aftersales_work_type`` gives it, of every entry of a case;
        the others are left empty."""
        self.env.cr.execute(
            SQL(
                """
                UPDATE account_move move
                   SET aftersales_work_type = CASE
                           WHEN ticket.warranty_state = 'in_warranty' THEN 'warranty'
                           ELSE 'paid'
                       END
                  FROM aftersales_ticket ticket
                 WHERE ticket.id = move.aftersales_ticket_id
                """
            )
        )
        self.invalidate_model(["aftersales_work_type"])

    def write(self, vals):
        res = super().write(vals)
        if "state" in vals:
            # posted entries share their items among the service centers;
            # entries reset or cancelled no longer do
            self.env["aftersales.service.pl.share"]._sync_move_lines(self.line_ids.ids)
        if vals.get("state") == "cancel":
            self.aftersales_settlement_ids._release_fee_lines(self.env._("Vendor bill cancelled"))
        return res

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        # a bill fully credited is void: its fees are due again
        credited = posted.reversed_entry_id.filtered(
            lambda m: m.aftersales_settlement_ids and m.payment_state == "reversed"
        )
        if credited:
            credited.aftersales_settlement_ids._release_fee_lines(
                self.env._("Vendor bill credited")
            )
        return posted

    def unlink(self):
        settlements = self.aftersales_settlement_ids
        if settlements:
            settlements._release_fee_lines(self.env._("Vendor bill deleted"))
            settlements.move_id = False
        return super().unlink()

    def _check_draftable(self):
        res = super()._check_draftable()
        released = self.filtered(
            lambda m: m.state == "cancel" and m.aftersales_settlement_ids.released_fee_line_ids
        )
        if released:
            raise UserError(
                self.env._(
                    "The fee lines of these cancelled bills were released for a new "
                    "settlement, so the bills cannot come back: settle the fees again "
                    "instead.\nConcerned bill(s):\n%(refs)s",
                    refs="\n".join(released.mapped("display_name")),
                )
            )
        return res

    def action_view_aftersales_ticket(self):
        self.ensure_one()
        return self.aftersales_ticket_id._get_records_action(context={})

    def action_view_aftersales_settlements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_agents.aftersales_settlement_action"
        )
        settlements = self.aftersales_settlement_ids
        if len(settlements) == 1:
            action.update({"views": [(False, "form")], "res_id": settlements.id})
        else:
            action["domain"] = [("id", "in", settlements.ids)]
        return action


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    aftersales_pl_category = fields.Selection(
        selection=PL_CATEGORIES,
        string="Service P&L Category",
        copy=False,
        help="Where the line goes in the service unit's profit and loss; lines without "
        "it are classified by their account.",
    )
    aftersales_work_type = fields.Selection(
        selection=WORK_TYPES,
        string="Service Work Type",
        copy=False,
        help="Whether the line is warranty work (paid by the company) or paid work (billed "
        "to the customer) in the service profit and loss; lines without it follow their "
        "case.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # items added to an entry already posted
        posted = lines.filtered(lambda line: line.parent_state == "posted")
        if posted:
            self.env["aftersales.service.pl.share"]._sync_move_lines(posted.ids)
        return lines

    def write(self, vals):
        res = super().write(vals)
        if "analytic_distribution" in vals:
            posted = self.filtered(lambda line: line.parent_state == "posted")
            if posted:
                self.env["aftersales.service.pl.share"]._sync_move_lines(posted.ids)
        return res
