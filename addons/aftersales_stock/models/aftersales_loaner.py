# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date
from odoo.tools.sql import index_exists

from odoo.addons.aftersales_reception.tools import (
    claim_records,
    failure_reported_domain,
    job_user,
    run_batch_isolated,
    solve_failures,
)

_logger = logging.getLogger(__name__)

LOT_OUT_INDEX = "aftersales_loaner_lot_out_unique"


class AftersalesLoaner(models.Model):
    """A unit lent to the customer while their own is being repaired: goes
    out with a delivery from the loaner stock and must come back."""

    _name = "aftersales.loaner"
    _description = "After-Sales Loaner"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.numbered.mixin"]
    _order = "date_due, id desc"
    _aftersales_sequence_code = "aftersales.loaner"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    ticket_id = fields.Many2one(
        comodel_name="aftersales.ticket",
        string="Case",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        related="ticket_id.partner_id", store=True, index=True, string="Customer"
    )
    user_id = fields.Many2one(related="ticket_id.user_id", string="Responsible")
    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Loaner Unit",
        required=True,
        tracking=True,
        check_company=True,
        domain=[("is_loaner_unit", "=", True), ("tracking", "=", "serial")],
    )
    lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Serial Number",
        required=True,
        tracking=True,
        check_company=True,
        domain="[('product_id', '=', product_id)]",
    )
    date_out = fields.Datetime(string="Lent On", readonly=True, copy=False, tracking=True)
    date_due = fields.Date(
        string="Due Back",
        required=True,
        tracking=True,
        default=lambda self: fields.Date.context_today(self) + timedelta(days=14),
    )
    date_returned = fields.Datetime(string="Returned On", readonly=True, copy=False, tracking=True)
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("out", "With Customer"),
            ("returned", "Returned"),
            ("cancel", "Cancelled"),
        ],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
    )
    picking_ids = fields.One2many(
        comodel_name="stock.picking", inverse_name="aftersales_loaner_id", string="Transfers"
    )
    out_picking_id = fields.Many2one(
        comodel_name="stock.picking", string="Delivery", readonly=True, copy=False
    )
    return_picking_id = fields.Many2one(
        comodel_name="stock.picking", string="Return Receipt", readonly=True, copy=False
    )
    note = fields.Text(help="Condition of the unit, accessories handed over...")

    _sql_constraints = [
        (
            "name_company_unique",
            "UNIQUE(name, company_id)",
            "The loaner reference must be unique per company.",
        ),
    ]

    def init(self):
        super().init()
        # a unit is with one customer at a time, even when two lends are
        # validated at once and neither sees the other (``_check_lot_lent_once``)
        if index_exists(self.env.cr, LOT_OUT_INDEX):
            return
        self.env.cr.execute(
            "SELECT lot_id FROM aftersales_loaner WHERE state = 'out' "
            "GROUP BY lot_id HAVING COUNT(*) > 1"
        )
        if self.env.cr.rowcount:
            _logger.warning(
                "Loaner units lent twice at once (stock.lot %s): return one of each pair "
                "and update the module, so that the database refuses double lending.",
                [row[0] for row in self.env.cr.fetchall()],
            )
            return
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX %s ON aftersales_loaner (lot_id) WHERE state = 'out'",
                SQL.identifier(LOT_OUT_INDEX),
            )
        )

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("state", "date_due")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for loaner in self:
            loaner.is_overdue = loaner.state == "out" and loaner.date_due < today

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(operator)
        domain = [("state", "=", "out"), ("date_due", "<", fields.Date.context_today(self))]
        if (operator == "=") != value:
            domain = ["!", "&"] + domain
        return domain

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains("lot_id", "product_id")
    def _check_lot(self):
        for loaner in self:
            if loaner.lot_id.product_id != loaner.product_id:
                raise ValidationError(
                    self.env._(
                        "Loaner %(loaner)s: serial number %(lot)s belongs to %(lot_product)s, "
                        "not to %(product)s.",
                        loaner=loaner.name,
                        lot=loaner.lot_id.name,
                        lot_product=loaner.lot_id.product_id.display_name,
                        product=loaner.product_id.display_name,
                    )
                )

    @api.constrains("lot_id", "state")
    def _check_lot_lent_once(self):
        for loaner in self.filtered(lambda loaner: loaner.state in ("draft", "out")):
            other = self.search(
                [
                    ("id", "!=", loaner.id),
                    ("lot_id", "=", loaner.lot_id.id),
                    ("state", "=", "out"),
                ],
                limit=1,
            )
            if other:
                raise ValidationError(
                    self.env._(
                        "Loaner unit %(lot)s is already with the customer of case %(case)s "
                        "(%(other)s): lend another unit.",
                        lot=loaner.lot_id.name,
                        case=other.ticket_id.name,
                        other=other.name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.ondelete(at_uninstall=False)
    def _unlink_except_lent(self):
        lent = self.filtered(lambda loaner: loaner.state in ("out", "returned"))
        if lent:
            raise UserError(
                self.env._(
                    "Loaners that went out are kept as history and cannot be deleted.\n"
                    "Concerned loaner(s): %(names)s",
                    names=", ".join(lent.mapped("name")),
                )
            )

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_lend(self):
        """Hand the unit over: a validated delivery from the loaner stock."""
        for loaner in self:
            if loaner.state != "draft":
                raise UserError(
                    self.env._("Loaner %(loaner)s has already been lent.", loaner=loaner.name)
                )
            if loaner.ticket_id.stage_type in ("done", "closed", "cancelled"):
                raise UserError(
                    self.env._(
                        "Case %(case)s is finished: lend units only while the customer's own "
                        "unit is being repaired.",
                        case=loaner.ticket_id.name,
                    )
                )
            warehouse = loaner.company_id._aftersales_warehouse()
            picking_type = warehouse.aftersales_loan_type_id
            source = warehouse.aftersales_loaner_location_id
            loaner._ensure_unit_in(source)
            destination = (
                loaner.partner_id.with_company(loaner.company_id).property_stock_customer
                or picking_type.default_location_dest_id
            )
            picking = loaner._create_transfer(picking_type, source, destination)
            loaner.write(
                {"state": "out", "date_out": fields.Datetime.now(), "out_picking_id": picking.id}
            )
            loaner.ticket_id._message_log(
                body=self.env._(
                    "Loaner %(loaner)s lent: %(product)s, serial %(lot)s, due back on %(due)s.",
                    loaner=loaner.name,
                    product=loaner.product_id.display_name,
                    lot=loaner.lot_id.name,
                    due=loaner.date_due,
                ),
            )
        return True

    def action_return(self):
        """Receive the unit back into the loaner stock."""
        for loaner in self:
            if loaner.state != "out":
                raise UserError(
                    self.env._(
                        "Loaner %(loaner)s is not with the customer: nothing to receive.",
                        loaner=loaner.name,
                    )
                )
            warehouse = loaner.company_id._aftersales_warehouse()
            picking_type = warehouse.aftersales_loan_return_type_id
            source = loaner.sudo().out_picking_id.location_dest_id.with_env(self.env)
            picking = loaner._create_transfer(
                picking_type, source, warehouse.aftersales_loaner_location_id
            )
            loaner.write(
                {
                    "state": "returned",
                    "date_returned": fields.Datetime.now(),
                    "return_picking_id": picking.id,
                }
            )
            loaner.activity_ids.action_feedback(feedback=self.env._("Unit returned"))
            loaner.ticket_id._message_log(
                body=self.env._(
                    "Loaner %(loaner)s returned: %(product)s, serial %(lot)s.",
                    loaner=loaner.name,
                    product=loaner.product_id.display_name,
                    lot=loaner.lot_id.name,
                ),
            )
        return True

    def action_cancel(self):
        if self.filtered(lambda loaner: loaner.state != "draft"):
            raise UserError(
                self.env._("Only loaners not lent yet can be cancelled; register the return.")
            )
        self.write({"state": "cancel"})
        return True

    def action_view_pickings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_picking_tree_all")
        action["domain"] = [("aftersales_loaner_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _ensure_unit_in(self, location):
        self.ensure_one()
        quants = self.env["stock.quant"].search(
            [
                ("lot_id", "=", self.lot_id.id),
                ("location_id", "child_of", location.id),
                ("quantity", ">", 0),
            ]
        )
        free = sum(quants.mapped("quantity")) - sum(quants.mapped("reserved_quantity"))
        if free < 1:
            where = self.lot_id.location_id.complete_name or self.env._("not in stock")
            raise UserError(
                self.env._(
                    "Loaner unit %(product)s with serial %(lot)s is not available in "
                    "%(location)s (it is: %(where)s). Lend a unit that is in the loaner "
                    "stock.",
                    product=self.product_id.display_name,
                    lot=self.lot_id.name,
                    location=location.complete_name,
                    where=where,
                )
            )

    def _create_transfer(self, picking_type, source, destination):
        """A validated transfer of the unit (done by the system on behalf of
        reception and technicians, who do not manage the warehouse)."""
        self.ensure_one()
        picking = (
            self.env["stock.picking"]
            .sudo()
            .create(
                {
                    "picking_type_id": picking_type.id,
                    "partner_id": self.partner_id.id,
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                    "origin": f"{self.ticket_id.name} - {self.name}",
                    "aftersales_ticket_id": self.ticket_id.id,
                    "aftersales_loaner_id": self.id,
                    "company_id": self.company_id.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": self.product_id.display_name,
                                "product_id": self.product_id.id,
                                "product_uom": self.product_id.uom_id.id,
                                "product_uom_qty": 1.0,
                                "location_id": source.id,
                                "location_dest_id": destination.id,
                                "aftersales_ticket_id": self.ticket_id.id,
                                "company_id": self.company_id.id,
                            }
                        )
                    ],
                }
            )
        )
        picking.action_confirm()
        # the operation type may reserve any unit at confirmation: move this one
        picking.do_unreserve()
        move = picking.move_ids
        self.env["stock.move.line"].sudo().create(
            {
                "move_id": move.id,
                "picking_id": picking.id,
                "product_id": self.product_id.id,
                "product_uom_id": self.product_id.uom_id.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "lot_id": self.lot_id.id,
                "quantity": 1.0,
                "picked": True,
            }
        )
        move.picked = True
        picking.with_context(skip_backorder=True, skip_sms=True).button_validate()
        if picking.state != "done":
            raise UserError(
                self.env._(
                    "Transfer %(picking)s of loaner %(loaner)s could not be validated.",
                    picking=picking.name,
                    loaner=self.name,
                )
            )
        return picking.with_env(self.env)

    def _overdue_failure_summary(self):
        return self.env._("Overdue loaner reminder not scheduled")

    @api.model
    def _cron_remind_overdue(self, limit=500):
        """Remind the case's responsible (else its technician, else the
        manager) of each overdue loaner, the most overdue first, once.

        One loaner never blocks the others: a reminder that fails is reported
        on the loaner to the manager, and the job goes on; it tries again at
        its next run. Each call handles ``limit`` loaners and tells the
        scheduler how many remain. Safe to run twice or at the same time: each
        loaner is claimed (see ``claim_records``) while it is reminded, and a
        loaner with a to-do is not reminded again."""
        todo_type = self.env.ref("mail.mail_activity_data_todo")
        summary = self._overdue_failure_summary()
        since = self.env.context.get("lastcall")
        domain = [
            ("is_overdue", "=", True),
            ("activity_ids", "not any", [("activity_type_id", "=", todo_type.id)]),
        ] + failure_reported_domain(self.env, summary, since)
        loaners = self.search(domain, order="date_due, id", limit=limit)
        # the batch in one go: claimed in one query, its to-dos created at
        # once; only when it fails is each loaner tried on its own
        reminded, _activities = run_batch_isolated(
            claim_records(loaners),
            lambda batch: batch._remind_overdue(),
            summary=summary,
            message=lambda loaner: self.env._(
                "The reminder of loaner %(loaner)s, due back from %(customer)s on %(due)s, "
                "was not scheduled; the job tries again at its next run.",
                loaner=loaner.name,
                customer=loaner.partner_id.display_name,
                due=format_date(self.env, loaner.date_due),
            ),
            user=lambda loaner: job_user(
                loaner.company_id, loaner.ticket_id.service_center_id.manager_id
            ),
        )
        solve_failures(reminded, summary, self.env._("Reminder scheduled."))
        # a loaner that failed counts as handled only when the next call of
        # this run leaves it alone (its report is newer than the run's start)
        done = len(loaners) if since else len(reminded)
        remaining = self.search_count(domain) if done and len(loaners) == limit else 0
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return reminded

    def _remind_overdue(self):
        """The to-do of the person who must get the unit back: the case's
        responsible, else its technician, else the center's or the after-sales
        manager."""
        # one create for the batch, as activity_schedule does for one user
        return self.env["mail.activity"].create(
            [loaner._prepare_overdue_reminder_vals() for loaner in self]
        )

    def _prepare_overdue_reminder_vals(self):
        """Values of the loaner's overdue reminder (a to-do activity)."""
        self.ensure_one()
        ticket = self.ticket_id
        user = job_user(
            self.company_id,
            ticket.user_id,
            ticket.technician_id,
            ticket.service_center_id.manager_id,
        )
        return {
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
            "automated": True,
            "date_deadline": fields.Date.context_today(self),
            "user_id": user.id,
            "summary": self.env._("Loaner overdue: get the unit back"),
            "note": self.env._(
                "%(product)s (serial %(lot)s) was due back from %(customer)s on %(due)s.",
                product=self.product_id.display_name,
                lot=self.lot_id.name,
                customer=self.partner_id.display_name,
                due=self.date_due,
            ),
        }
