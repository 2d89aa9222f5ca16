# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

SETTLEMENT_STATES = [
    ("draft", "Bill to Post"),
    ("posted", "Billed"),
    ("partial", "Partially Paid"),
    ("paid", "Paid"),
    ("nothing_due", "Nothing Due"),
    ("cancelled", "Cancelled"),
]


class AftersalesSettlement(models.Model):
    """What one provider is paid for one period: the fee lines it settles,
    billed through a vendor bill and paid with the accounting's payments."""

    _name = "aftersales.settlement"
    _description = "After-Sales Fee Settlement"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.numbered.mixin"]
    _order = "date_to desc, id desc"
    _aftersales_sequence_code = "aftersales.settlement"
    _check_company_auto = True

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
        index="trigram",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    provider_type = fields.Selection(
        selection=[("agent", "Agent Workshop"), ("technician", "In-House Technician")],
        required=True,
        readonly=True,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Provider",
        required=True,
        readonly=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    provider_center_id = fields.Many2one(
        comodel_name="aftersales.service.center",
        string="Agent Workshop",
        readonly=True,
        check_company=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Technician",
        readonly=True,
        index="btree_not_null",
        check_company=True,
    )
    date_from = fields.Date(string="From", required=True, readonly=True)
    date_to = fields.Date(string="To", required=True, readonly=True)
    fee_line_ids = fields.One2many(
        comodel_name="aftersales.fee.line",
        inverse_name="settlement_id",
        string="Fee Lines",
        readonly=True,
    )
    released_fee_line_ids = fields.Many2many(
        comodel_name="aftersales.fee.line",
        relation="aftersales_fee_line_released_rel",
        column1="settlement_id",
        column2="fee_line_id",
        string="Released Fee Lines",
        readonly=True,
    )
    line_count = fields.Integer(string="Lines", compute="_compute_amounts", store=True)
    ticket_count = fields.Integer(string="Cases", compute="_compute_amounts", store=True)
    amount_total = fields.Monetary(
        string="Total", compute="_compute_amounts", store=True, tracking=True
    )
    journal_id = fields.Many2one(comodel_name="account.journal", readonly=True, check_company=True)
    move_id = fields.Many2one(
        comodel_name="account.move",
        string="Vendor Bill",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
    )
    bill_name = fields.Char(related="move_id.name", string="Bill Number", store=True)
    move_state = fields.Selection(related="move_id.state", string="Bill Status")
    payment_state = fields.Selection(related="move_id.payment_state")
    amount_residual = fields.Monetary(related="move_id.amount_residual", string="Amount Due")
    state = fields.Selection(
        selection=SETTLEMENT_STATES,
        string="Status",
        compute="_compute_state",
        store=True,
        index=True,
        tracking=True,
    )

    _sql_constraints = [
        (
            "name_company_unique",
            "UNIQUE(name, company_id)",
            "The settlement reference must be unique per company.",
        ),
        (
            "dates_ordered",
            "CHECK(date_from <= date_to)",
            "A settlement period ends after it starts.",
        ),
    ]

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("fee_line_ids.amount", "fee_line_ids.ticket_id")
    def _compute_amounts(self):
        # the saved settlements' totals in one query: a settlement run makes
        # hundreds of settlements of hundreds of lines each
        saved = self.filtered("id")
        groups = self.env["aftersales.fee.line"]._read_group(
            [("settlement_id", "in", saved.ids)],
            ["settlement_id"],
            ["__count", "ticket_id:count_distinct", "amount:sum"],
        )
        totals = {settlement.id: values for settlement, *values in groups}
        for settlement in self:
            if settlement.id:
                count, tickets, amount = totals.get(settlement.id, (0, 0, 0.0))
            else:
                lines = settlement.fee_line_ids
                count, tickets = len(lines), len(lines.ticket_id)
                amount = sum(lines.mapped("amount"))
            settlement.line_count = count
            settlement.ticket_count = tickets
            settlement.amount_total = amount

    @api.depends("move_id", "move_id.state", "move_id.payment_state", "released_fee_line_ids")
    def _compute_state(self):
        for settlement in self:
            move = settlement.move_id
            if not move:
                settlement.state = (
                    "cancelled" if settlement.released_fee_line_ids else "nothing_due"
                )
            elif move.state == "cancel" or move.payment_state == "reversed":
                settlement.state = "cancelled"
            elif move.state == "draft":
                settlement.state = "draft"
            elif move.payment_state in ("paid", "in_payment"):
                settlement.state = "paid"
            elif move.payment_state == "partial":
                settlement.state = "partial"
            else:
                settlement.state = "posted"

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.ondelete(at_uninstall=False)
    def _unlink_except_billed(self):
        billed = self.filtered(lambda s: s.move_id or s.fee_line_ids)
        if billed:
            raise UserError(
                self.env._(
                    "Settlements with a bill or fee lines are kept as history; cancel the "
                    "bill to release the fee lines.\nConcerned settlement(s):\n%(refs)s",
                    refs="\n".join(billed.mapped("name")),
                )
            )

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_view_bill(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.move_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_post_bill(self):
        moves = self.move_id.filtered(lambda m: m.state == "draft")
        if not moves:
            raise UserError(self.env._("There is no draft bill to post in these settlements."))
        moves.action_post()

    def action_register_payment(self):
        """Pay the bills with the accounting's own payment wizard."""
        moves = self.move_id.filtered(
            lambda m: m.state == "posted" and m.payment_state not in ("paid", "in_payment")
        )
        if not moves:
            raise UserError(
                self.env._("Nothing to pay: post the bills first, or they are already paid.")
            )
        action = moves.action_register_payment()
        # back on the settlement once paid
        action["context"] = dict(action.get("context") or {}, dont_redirect_to_payments=True)
        return action

    def _register_payments(self, journal=None, payment_date=None):
        """Pay the posted bills of these settlements through the accounting's
        payment wizard, one payment per bill."""
        moves = self.move_id.filtered(
            lambda m: m.state == "posted" and m.payment_state in ("not_paid", "partial")
        )
        if not moves:
            return self.env["account.payment"]
        journal = journal or self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", moves.company_id[:1].id)], limit=1
        )
        register = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=moves.ids)
            .create(
                {
                    "journal_id": journal.id,
                    "payment_date": payment_date or fields.Date.context_today(self),
                    "group_payment": False,
                }
            )
        )
        return register._create_payments()

    def action_view_fee_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_agents.aftersales_fee_line_action"
        )
        action["domain"] = [
            "|",
            ("settlement_id", "=", self.id),
            ("previous_settlement_ids", "in", self.ids),
        ]
        action["context"] = {}
        return action

    # ------------------------------------------------------------
    # Billing
    # ------------------------------------------------------------

    def _prepare_bill_vals(self, journal, bill_date, accounts, groups=None):
        """Vendor bill (or refund, when adjustments leave the provider owing)
        of the settlement, one line per service type, service center and work
        type (warranty or paid: the service P&L keeps them apart).

        :param groups: {(chargeback, service type, service center id, work
            type): (amount, number of cases)} of the settlement's fee lines, when the
            caller has read them already; else read from the fee lines
        """
        self.ensure_one()
        if groups is None:
            grouped = defaultdict(lambda: [0.0, set()])
            for line in self.fee_line_ids:
                group = grouped[
                    (
                        bool(line.stock_move_id),
                        line.service_type,
                        line.service_center_id.id,
                        line.work_type,
                    )
                ]
                group[0] += line.amount
                group[1].add(line.ticket_id.id)
            groups = {key: (amount, len(tickets)) for key, (amount, tickets) in grouped.items()}
        total = sum(amount for amount, _count in groups.values())
        move_type = "in_invoice" if total > 0 else "in_refund"
        sign = 1 if total > 0 else -1
        centers = self.env["aftersales.service.center"].browse(
            {center_id for _chargeback, _type, center_id, _work_type in groups if center_id}
        )
        service_types = dict(self.env["aftersales.fee.line"]._selection_service_type())
        # a foreign provider is billed under its fiscal position, as a
        # purchase would be: its taxes and accounts are mapped
        fiscal_position = (
            self.env["account.fiscal.position"]
            .with_company(self.company_id)
            ._get_fiscal_position(self.partner_id)
        )
        invoice_lines = []
        for (is_chargeback, service_type, center_id, work_type), (amount, count) in sorted(
            groups.items(),
            key=lambda item: (item[0][0], item[0][1] or "", item[0][2] or 0, item[0][3] or ""),
        ):
            center = centers.browse(center_id)
            account, taxes, category = accounts[(self.provider_type, service_type, is_chargeback)]
            if fiscal_position:
                account = fiscal_position.map_account(account)
                taxes = fiscal_position.map_tax(taxes)
            label = (
                self.env._("Consignment parts used on paid work")
                if is_chargeback
                else service_types.get(service_type, service_type)
            )
            name = self.env._(
                "%(label)s - %(center)s (%(count)s case(s), %(start)s to %(end)s)",
                label=label,
                center=center.display_name or "-",
                count=count,
                start=format_date(self.env, self.date_from),
                end=format_date(self.env, self.date_to),
            )
            vals = {
                "name": name,
                "account_id": account.id,
                "quantity": 1.0,
                "price_unit": sign * amount,
                "tax_ids": [Command.set(taxes.ids)],
                "aftersales_pl_category": category,
                "aftersales_work_type": work_type,
            }
            distribution = center._aftersales_analytic_distribution()
            if distribution:
                vals["analytic_distribution"] = distribution
            invoice_lines.append(Command.create(vals))
        return {
            "move_type": move_type,
            "partner_id": self.partner_id.id,
            "fiscal_position_id": fiscal_position.id,
            "journal_id": journal.id,
            "company_id": self.company_id.id,
            "invoice_date": bill_date,
            "date": bill_date,
            "ref": self.name,
            "invoice_origin": self.name,
            "invoice_line_ids": invoice_lines,
        }

    def _release_fee_lines(self, reason):
        """Free the fee lines of these settlements for a new settlement,
        keeping the trace of where they were."""
        for settlement in self.filtered("fee_line_ids"):
            lines = settlement.fee_line_ids
            lines.write(
                {
                    "settlement_id": False,
                    "previous_settlement_ids": [Command.link(settlement.id)],
                }
            )
            settlement.message_post(
                body=self.env._(
                    "%(reason)s: %(count)s fee line(s) (%(amount)s) released for a new settlement.",
                    reason=reason,
                    count=len(lines),
                    amount=settlement.currency_id.format(sum(lines.mapped("amount"))),
                )
            )
        self.flush_recordset()
