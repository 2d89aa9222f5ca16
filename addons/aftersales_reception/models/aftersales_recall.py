# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools import claim_records, job_user, run_isolated

RECALL_STATES = [("draft", "Draft"), ("running", "Running"), ("done", "Done")]
# what selects the units: fixed once the campaign is over
CRITERIA_FIELDS = (
    "product_id",
    "product_categ_id",
    "serial_list",
    "serial_from",
    "serial_to",
    "lot_from",
    "lot_to",
)
# stages of a recall case that count as booked (the customer answered and the
# unit is being handled) and as done
BOOKED_STAGE_TYPES = ("progress", "waiting", "done", "closed")
DONE_STAGE_TYPES = ("done", "closed")


class AftersalesRecall(models.Model):
    """A recall campaign: the units of the installed base that must come back
    (a product, a category, serials or production lots), one proactive case
    per unit, and the customers told by email."""

    _name = "aftersales.recall"
    _description = "Recall Campaign"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char(string="Campaign", required=True, tracking=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    state = fields.Selection(
        selection=RECALL_STATES,
        string="Status",
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
    )
    reason = fields.Text(
        required=True,
        tracking=True,
        help="Why the units are recalled and what will be done: it is told to the customers.",
    )
    date_start = fields.Date(string="Started On", readonly=True, copy=False)
    # Criteria
    product_id = fields.Many2one(
        comodel_name="product.product", tracking=True, check_company=True, index=True
    )
    product_categ_id = fields.Many2one(
        comodel_name="product.category",
        string="Product Category",
        tracking=True,
        help="Every unit of a product of this category (sub-categories included), when no "
        "product is given; with a product, the product must belong to it.",
    )
    serial_list = fields.Text(
        string="Serial Numbers",
        help="Serial numbers of the recalled units, one per line (or separated by commas).",
    )
    serial_from = fields.Char(string="Serials From", tracking=True)
    serial_to = fields.Char(string="Serials To", tracking=True)
    lot_from = fields.Char(string="Production Lots From", tracking=True)
    lot_to = fields.Char(string="Production Lots To", tracking=True)
    mail_template_id = fields.Many2one(
        comodel_name="mail.template",
        string="Customer Notice",
        domain=[("model", "=", "aftersales.ticket")],
        default=lambda self: self.env.ref(
            "aftersales_reception.mail_template_recall_notice", raise_if_not_found=False
        ),
        help="Email sent to the customer of each unit when its case is opened.",
    )
    # Units and progress
    unit_ids = fields.One2many(
        comodel_name="aftersales.recall.unit", inverse_name="recall_id", string="Units"
    )
    unit_count = fields.Integer(string="Units Found", compute="_compute_progress")
    ticket_count = fields.Integer(string="Cases Opened", compute="_compute_progress")
    notified_count = fields.Integer(string="Customers Reached", compute="_compute_progress")
    booked_count = fields.Integer(string="Booked", compute="_compute_progress")
    done_count = fields.Integer(string="Done", compute="_compute_progress")

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends(
        "unit_ids.ticket_id",
        "unit_ids.notified_count",
        "unit_ids.booked_count",
        "unit_ids.done_count",
    )
    def _compute_progress(self):
        groups = {
            recall: values
            for recall, *values in self.env["aftersales.recall.unit"]._read_group(
                [("recall_id", "in", self.ids)],
                ["recall_id"],
                [
                    "__count",
                    "ticket_id:count",
                    "notified_count:sum",
                    "booked_count:sum",
                    "done_count:sum",
                ],
            )
        }
        for recall in self:
            units, tickets, notified, booked, done = groups.get(recall._origin, (0,) * 5)
            recall.unit_count = units
            recall.ticket_count = tickets
            recall.notified_count = notified
            recall.booked_count = booked
            recall.done_count = done

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains(*CRITERIA_FIELDS)
    def _check_criteria(self):
        for recall in self:
            if not (recall.product_id or recall.product_categ_id):
                raise ValidationError(
                    self.env._(
                        "Recall %(name)s: choose the recalled product or product category; "
                        "the serial numbers and lots only narrow it down.",
                        name=recall.name,
                    )
                )
            if (
                recall.product_id
                and recall.product_categ_id
                and not recall.product_id.categ_id.parent_path.startswith(
                    recall.product_categ_id.parent_path
                )
            ):
                raise ValidationError(
                    self.env._(
                        "Recall %(name)s: product %(product)s is not of category "
                        "%(category)s. Choose one of them, or matching ones.",
                        name=recall.name,
                        product=recall.product_id.display_name,
                        category=recall.product_categ_id.display_name,
                    )
                )
            for start, stop, label in (
                (recall.serial_from, recall.serial_to, self.env._("serial numbers")),
                (recall.lot_from, recall.lot_to, self.env._("production lots")),
            ):
                start, stop = (start or "").strip(), (stop or "").strip()
                if bool(start) != bool(stop):
                    raise ValidationError(
                        self.env._(
                            "Recall %(name)s: give both ends of the range of %(what)s (from "
                            "and to), or neither.",
                            name=recall.name,
                            what=label,
                        )
                    )
                if start > stop:
                    raise ValidationError(
                        self.env._(
                            "Recall %(name)s: the range of %(what)s starts at %(start)s, after "
                            "its end %(stop)s. Swap them.",
                            name=recall.name,
                            what=label,
                            start=start,
                            stop=stop,
                        )
                    )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        if set(vals) & set(CRITERIA_FIELDS):
            done = self.filtered(lambda r: r.state == "done")
            if done:
                raise UserError(
                    self.env._(
                        "Recall %(name)s is done: its units can no longer change. Start a new "
                        "campaign for other units.",
                        name=done[0].name,
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        started = self.filtered(lambda r: r.state != "draft" or r.unit_ids.ticket_id)
        if started:
            raise UserError(
                self.env._(
                    "Recall %(name)s has opened cases: it is kept as history. Mark it done "
                    "instead of deleting it.",
                    name=started[0].name,
                )
            )

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_find_units(self):
        """List the units of the installed base the campaign recalls."""
        self.ensure_one()
        self._find_units()
        return self.action_view_units()

    def action_open_cases(self):
        """Open one case per unit found, tell the customers, and start the
        campaign. Running it again only opens the cases still missing."""
        self.ensure_one()
        if self.state == "done":
            raise UserError(
                self.env._(
                    "Recall %(name)s is done: reopen no cases for it; start a new campaign.",
                    name=self.name,
                )
            )
        # units added to the criteria since the last search get their case too
        self._find_units()
        if self.state == "draft":
            self.write({"state": "running", "date_start": fields.Date.context_today(self)})
        tickets = self._open_cases()
        return self.action_view_tickets() if tickets else True

    def action_done(self):
        not_running = self.filtered(lambda r: r.state != "running")
        if not_running:
            raise UserError(
                self.env._(
                    "Only a running recall can be marked done; %(name)s is not running.",
                    name=not_running[0].name,
                )
            )
        self.state = "done"
        return True

    def action_view_units(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_reception.aftersales_recall_unit_action"
        )
        action["domain"] = [("recall_id", "=", self.id)]
        action["context"] = {"default_recall_id": self.id}
        action["display_name"] = self.env._("Units of %(name)s", name=self.name)
        return action

    def action_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_reception.aftersales_ticket_action"
        )
        action["domain"] = [("recall_id", "=", self.id)]
        action["context"] = {"create": False}
        action["display_name"] = self.env._("Cases of %(name)s", name=self.name)
        return action

    def _action_view_filtered(self, domain):
        action = self.action_view_units()
        action["domain"] = action["domain"] + domain
        return action

    def action_view_notified(self):
        return self._action_view_filtered([("notified_count", "=", 1)])

    def action_view_booked(self):
        return self._action_view_filtered([("booked_count", "=", 1)])

    def action_view_done(self):
        return self._action_view_filtered([("done_count", "=", 1)])

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _serials(self):
        self.ensure_one()
        serials = re.split(r"[\n,;]+", self.serial_list or "")
        return sorted({serial.strip() for serial in serials if serial.strip()})

    def _matching_units(self):
        """The units of the installed base the criteria select: those of the
        product (or category) of the campaign's company, and, when serials
        or ranges are given, those listed or within a range (string order, as
        the serials and lots are written)."""
        self.ensure_one()
        units = self.env["aftersales.equipment"]
        units.flush_model(["serial_number", "production_lot"])
        domain = [("company_id", "=", self.company_id.id)]
        if self.product_id:
            domain.append(("product_id", "=", self.product_id.id))
        if self.product_categ_id:
            domain.append(("product_id.categ_id", "child_of", self.product_categ_id.id))
        query = units._search(domain)
        table = query.table
        conditions = []
        serials = self._serials()
        if serials:
            conditions.append(
                SQL("%s IN %s", SQL.identifier(table, "serial_number"), tuple(serials))
            )
        for column, start, stop in (
            ("serial_number", self.serial_from, self.serial_to),
            ("production_lot", self.lot_from, self.lot_to),
        ):
            if start and stop:
                conditions.append(
                    SQL(
                        '%s COLLATE "C" BETWEEN %s AND %s',
                        SQL.identifier(table, column),
                        start.strip(),
                        stop.strip(),
                    )
                )
        if conditions:
            query.add_where(SQL("(%s)", SQL(" OR ").join(conditions)))
        return units.browse(query.get_result_ids())

    def _find_units(self):
        """Add the matching units to the campaign; in a draft, units that no
        longer match leave it."""
        self.ensure_one()
        if self.state == "done":
            raise UserError(
                self.env._("Recall %(name)s is done: its units are final.", name=self.name)
            )
        units = self._matching_units()
        if not units:
            raise UserError(
                self.env._(
                    "No unit of the installed base matches recall %(name)s: check the product, "
                    "category, serial numbers and lots.",
                    name=self.name,
                )
            )
        if self.state == "draft":
            self.unit_ids.filtered(
                lambda line: not line.ticket_id and line.equipment_id not in units
            ).unlink()
        new_units = units - self.unit_ids.equipment_id
        self.env["aftersales.recall.unit"].create(
            [{"recall_id": self.id, "equipment_id": unit.id} for unit in new_units]
        )
        return units

    def _prepare_recall_ticket_vals(self, unit):
        self.ensure_one()
        return {
            "partner_id": unit.partner_id.id,
            "company_id": self.company_id.id,
            "equipment_id": unit.id,
            "product_id": unit.product_id.id,
            "serial_number": unit.serial_number,
            "service_type": "recall",
            "channel": "scheduled",
            "summary": self.env._("Recall: %(campaign)s", campaign=self.name),
            "fault_description": self.reason,
            "service_center_id": unit.service_center_id.id,
            "recall_id": self.id,
        }

    def _open_cases(self):
        """One case per unit still without one, each in its own savepoint: a
        unit whose case cannot be opened is reported on the campaign and the
        others go on. Safe to run twice or twice at once: each unit line is
        claimed before its case is opened, and a unique index refuses a second
        case of the campaign for the same unit."""
        self.ensure_one()
        ticket_model = self.env["aftersales.ticket"]
        tickets = ticket_model
        lines = self.unit_ids.filtered(lambda line: not line.ticket_id)
        for line in claim_records(lines):
            line.invalidate_recordset(["ticket_id"])
            if line.ticket_id:
                continue
            unit = line.equipment_id
            opened, ticket = run_isolated(
                self,
                lambda unit=unit: ticket_model.create(self._prepare_recall_ticket_vals(unit)),
                summary=self.env._("Recall case not opened"),
                message=self.env._(
                    "The case of %(unit)s for recall %(name)s was not opened: correct the unit, "
                    "then open the cases again.",
                    unit=unit.display_name,
                    name=self.name,
                ),
                user=job_user(self.company_id, self.create_uid),
            )
            if opened:
                line.ticket_id = ticket
                tickets |= ticket
        tickets._notify_recall()
        return tickets


class AftersalesRecallUnit(models.Model):
    """A unit recalled by a campaign, and how far it got: its case, whether
    its customer was told, whether the unit was booked in and done."""

    _name = "aftersales.recall.unit"
    _description = "Recalled Unit"
    _order = "recall_id desc, id"
    _rec_name = "equipment_id"
    _check_company_auto = True

    recall_id = fields.Many2one(
        comodel_name="aftersales.recall",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="recall_id.company_id", store=True, index=True)
    equipment_id = fields.Many2one(
        comodel_name="aftersales.equipment",
        string="Unit",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    partner_id = fields.Many2one(related="equipment_id.partner_id", string="Customer", store=True)
    product_id = fields.Many2one(related="equipment_id.product_id", store=True)
    serial_number = fields.Char(related="equipment_id.serial_number")
    production_lot = fields.Char(related="equipment_id.production_lot")
    ticket_id = fields.Many2one(
        comodel_name="aftersales.ticket",
        string="Case",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    stage_id = fields.Many2one(related="ticket_id.stage_id", string="Case Stage")
    date_notified = fields.Datetime(string="Notified On", readonly=True, copy=False)
    unit_count = fields.Integer(string="Units", compute="_compute_progress", store=True)
    notified_count = fields.Integer(
        string="Customers Reached",
        compute="_compute_progress",
        store=True,
        help="1 when the customer was sent the recall notice.",
    )
    booked_count = fields.Integer(
        string="Booked",
        compute="_compute_progress",
        store=True,
        help="1 when the unit's case went past New: received or in progress, or done.",
    )
    done_count = fields.Integer(
        string="Done",
        compute="_compute_progress",
        store=True,
        help="1 when the unit's case is done or closed.",
    )

    _sql_constraints = [
        (
            "recall_equipment_unique",
            "UNIQUE(recall_id, equipment_id)",
            "A unit is recalled once per campaign.",
        ),
    ]

    @api.depends("date_notified", "ticket_id.stage_type")
    def _compute_progress(self):
        for line in self:
            stage_type = line.ticket_id.stage_type
            line.unit_count = 1
            line.notified_count = 1 if line.date_notified else 0
            line.booked_count = 1 if stage_type in BOOKED_STAGE_TYPES else 0
            line.done_count = 1 if stage_type in DONE_STAGE_TYPES else 0
