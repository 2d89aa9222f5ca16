# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.osv import expression
from odoo.tools import format_date

from ..tools import (
    claim_records,
    failure_reported_domain,
    job_user,
    log_tracking,
    run_batch_isolated,
    solve_failures,
    tracked_values,
)

_logger = logging.getLogger(__name__)

# what decides a unit's owner and warranty: set by reception and managers only
WARRANTY_DEFINING_FIELDS = (
    "partner_id",
    "product_id",
    "serial_number",
    "purchase_date",
    "installation_date",
    "warranty_policy_id",
)


class AftersalesEquipment(models.Model):
    """A unit installed at a customer's: the installed base."""

    _name = "aftersales.equipment"
    _description = "After-Sales Equipment"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "partner_id, product_id, serial_number"
    _rec_names_search = ["name", "serial_number", "partner_id"]

    # Identification
    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
    )
    product_categ_id = fields.Many2one(related="product_id.categ_id", string="Product Category")
    serial_number = fields.Char(tracking=True, index="trigram", copy=False)
    location_note = fields.Char(
        string="Installed At", help="Where the unit stands (room, floor, site)."
    )
    production_lot = fields.Char(
        index="btree_not_null",
        tracking=True,
        help="The manufacturer's batch the unit comes from: failure rates per lot show a bad "
        "batch, and recall campaigns select units by lot.",
    )
    date_manufactured = fields.Date(
        string="Manufactured On",
        tracking=True,
        help="When the unit was made: failure rates per month of manufacture.",
    )
    service_center_id = fields.Many2one(
        comodel_name="aftersales.service.center",
        compute="_compute_service_center_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        help="Center serving this unit, proposed from the customer's address.",
    )
    # Warranty
    purchase_date = fields.Date(tracking=True)
    installation_date = fields.Date(tracking=True)
    warranty_policy_id = fields.Many2one(
        comodel_name="aftersales.warranty.policy",
        compute="_compute_warranty_policy_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        check_company=True,
    )
    warranty_start_date = fields.Date(
        compute="_compute_warranty_start_date",
        store=True,
        help="The date the warranty runs from: the installation date, else the purchase date.",
    )
    warranty_end_date = fields.Date(
        compute="_compute_warranty_end_date",
        store=True,
        tracking=True,
        help="Warranty start date plus the policy's duration.",
    )
    warranty_state = fields.Selection(
        selection=[
            ("in_warranty", "In Warranty"),
            ("expired", "Expired"),
            ("not_applicable", "Not Applicable"),
        ],
        compute="_compute_warranty_state",
        search="_search_warranty_state",
    )
    # Periodic service
    periodic_interval_months = fields.Integer(
        string="Service Every (months)",
        help="Open a periodic service case every N months; 0 means no periodic service.",
        tracking=True,
    )
    next_service_date = fields.Date(
        tracking=True,
        copy=False,
        help="Date of the next periodic service; the scheduler opens its case on that day.",
    )
    # History
    ticket_ids = fields.One2many(
        comodel_name="aftersales.ticket", inverse_name="equipment_id", string="Cases"
    )
    ticket_count = fields.Integer(compute="_compute_ticket_count")
    note = fields.Html()

    _check_company_auto = True
    _sql_constraints = [
        (
            "serial_product_company_unique",
            "UNIQUE(company_id, product_id, serial_number)",
            "This serial number is already registered for this product.",
        ),
    ]

    def write(self, vals):
        changed = set(vals) & set(WARRANTY_DEFINING_FIELDS)
        if (
            changed
            and not self.env.su
            and not self.env.user.has_group("aftersales_reception.group_aftersales_reception")
        ):
            raise AccessError(
                self.env._(
                    "Only reception and after-sales managers change a unit's %(fields)s: "
                    "they decide its warranty. Ask reception to correct it.",
                    fields=", ".join(
                        self._fields[name].get_description(self.env)["string"]
                        for name in sorted(changed)
                    ),
                )
            )
        return super().write(vals)

    @api.depends("product_id", "serial_number")
    def _compute_name(self):
        for equipment in self:
            parts = [equipment.product_id.display_name or ""]
            if equipment.serial_number:
                parts.append(f"[{equipment.serial_number}]")
            equipment.name = " ".join(p for p in parts if p)

    @api.depends("partner_id", "company_id")
    def _compute_service_center_id(self):
        center_model = self.env["aftersales.service.center"]
        for company, equipments in self.grouped("company_id").items():
            todo = equipments.filtered(lambda e: e.partner_id and not e.service_center_id)
            centers = center_model._find_for_partners(todo.partner_id, company)
            for equipment in todo:
                equipment.service_center_id = centers[equipment.partner_id]

    @api.depends("product_id", "company_id")
    def _compute_warranty_policy_id(self):
        policy_model = self.env["aftersales.warranty.policy"]
        for company, equipments in self.grouped("company_id").items():
            policies = policy_model._find_for_products(equipments.product_id, company)
            for equipment in equipments:
                equipment.warranty_policy_id = policies.get(equipment.product_id, False)

    @api.depends("purchase_date", "installation_date")
    def _compute_warranty_start_date(self):
        for equipment in self:
            equipment.warranty_start_date = equipment._warranty_start_date()

    @api.depends("warranty_policy_id.duration_months", "warranty_start_date")
    def _compute_warranty_end_date(self):
        for equipment in self:
            start = equipment.warranty_start_date
            policy = equipment.warranty_policy_id
            equipment.warranty_end_date = (
                start + relativedelta(months=policy.duration_months) if start and policy else False
            )

    @api.depends("warranty_end_date", "warranty_policy_id")
    def _compute_warranty_state(self):
        today = fields.Date.context_today(self)
        for equipment in self:
            equipment.warranty_state = equipment._warranty_state_on(today)

    def _search_warranty_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise NotImplementedError(operator)
        today = fields.Date.context_today(self)
        values = {value} if isinstance(value, str) else set(value or [])
        domains = {
            "in_warranty": [("warranty_end_date", ">=", today)],
            "expired": [("warranty_end_date", "<", today)],
            "not_applicable": [("warranty_end_date", "=", False)],
        }
        domain = []
        for state in values:
            domain = ["|"] + domain + domains[state] if domain else domains[state]
        if operator in ("!=", "not in"):
            domain = ["!"] + domain if domain else []
        return domain or [("id", "=", 0)]

    def _compute_ticket_count(self):
        counts = dict(
            self.env["aftersales.ticket"]._read_group(
                [("equipment_id", "in", self.ids)], ["equipment_id"], ["__count"]
            )
        )
        for equipment in self:
            equipment.ticket_count = counts.get(equipment, 0)

    def _warranty_start_date(self):
        """The date the unit's warranty runs from. Extended by the addons
        that know more of the unit (delivery, invoice)."""
        self.ensure_one()
        return self.installation_date or self.purchase_date

    def _warranty_state_on(self, date):
        """Warranty state of the unit on ``date`` (voiding conditions aside)."""
        self.ensure_one()
        if not self.warranty_policy_id or not self.warranty_end_date:
            return "not_applicable"
        return "in_warranty" if date <= self.warranty_end_date else "expired"

    @api.constrains("purchase_date", "installation_date")
    def _check_dates(self):
        for equipment in self:
            if (
                equipment.purchase_date
                and equipment.installation_date
                and equipment.installation_date < equipment.purchase_date
            ):
                raise ValidationError(
                    self.env._(
                        "Equipment %(name)s: the installation date (%(installed)s) cannot be "
                        "before the purchase date (%(purchased)s).",
                        name=equipment.display_name,
                        installed=equipment.installation_date,
                        purchased=equipment.purchase_date,
                    )
                )

    @api.constrains("date_manufactured", "purchase_date", "installation_date")
    def _check_date_manufactured(self):
        today = fields.Date.context_today(self)
        for equipment in self.filtered("date_manufactured"):
            in_service = [d for d in (equipment.purchase_date, equipment.installation_date) if d]
            if equipment.date_manufactured > today or (
                in_service and equipment.date_manufactured > min(in_service)
            ):
                raise ValidationError(
                    self.env._(
                        "Equipment %(name)s: it cannot have been manufactured on %(made)s, "
                        "after it was bought or installed, or in the future. Correct the "
                        "manufacture date.",
                        name=equipment.display_name,
                        made=equipment.date_manufactured,
                    )
                )

    @api.constrains("periodic_interval_months", "next_service_date")
    def _check_periodic_interval(self):
        for equipment in self:
            if equipment.periodic_interval_months < 0:
                raise ValidationError(
                    self.env._(
                        "Equipment %(name)s: the periodic service interval must be a "
                        "positive number of months (or 0 for none), not %(months)s.",
                        name=equipment.display_name,
                        months=equipment.periodic_interval_months,
                    )
                )
            if equipment.periodic_interval_months and not equipment.next_service_date:
                raise ValidationError(
                    self.env._(
                        "Equipment %(name)s: set the date of the next periodic service.",
                        name=equipment.display_name,
                    )
                )

    def action_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_reception.aftersales_ticket_action"
        )
        action["domain"] = [("equipment_id", "=", self.id)]
        action["context"] = {
            "default_equipment_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_product_id": self.product_id.id,
            "default_serial_number": self.serial_number,
        }
        return action

    def action_open_ticket(self):
        """Open a new case for this unit, prefilled."""
        action = self.action_view_tickets()
        action.update({"views": [(False, "form")], "view_mode": "form", "target": "current"})
        return action

    # ------------------------------------------------------------
    # Periodic services
    # ------------------------------------------------------------

    def _prepare_periodic_ticket_vals(self):
        self.ensure_one()
        return {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "equipment_id": self.id,
            "product_id": self.product_id.id,
            "serial_number": self.serial_number,
            "service_type": "periodic_service",
            "channel": "scheduled",
            "summary": self.env._("Periodic service of %(unit)s", unit=self.display_name),
            "periodic_due_date": self.next_service_date,
            "service_center_id": self.service_center_id.id,
        }

    def _check_periodic_ticket_vals(self, vals):
        """Refuse the unit's periodic case of ``vals`` (``ValidationError``
        saying why) before it is numbered, when a rule of the after-sales
        addons would refuse it at creation. Extended by those addons."""
        self.ensure_one()

    def _periodic_failure_summary(self):
        return self.env._("Periodic service case not opened")

    @api.model
    def _periodic_due_domain(self, today):
        """Units whose periodic service is due: each company's up to its own
        lead time."""
        by_lead = (
            self.env["res.company"]
            .sudo()
            ._read_group([], ["aftersales_periodic_lead_days"], ["id:array_agg"])
        )
        return expression.AND(
            [
                [("periodic_interval_months", ">", 0)],
                expression.OR(
                    [
                        [
                            ("company_id", "in", company_ids),
                            ("next_service_date", "<=", today + relativedelta(days=lead or 0)),
                        ]
                        for lead, company_ids in by_lead
                    ]
                ),
            ]
        )

    @api.model
    def _cron_create_periodic_tickets(self, limit=500):
        """Open the periodic service cases that are due, the earliest first.

        One unit never blocks the others: a case that cannot be opened (a rule
        refuses it) is neither opened nor numbered, the reason goes to an
        activity on the unit for its manager, and the job goes on; the unit is
        tried again at the next run. Each call handles ``limit`` units and
        tells the scheduler how many remain, which calls it again while there
        are; the units that failed in this run are left to the next one.

        Safe to run twice or in several workers at once: each unit is claimed
        (see ``claim_records``) while its cases are opened and its next date
        moved on, and a unique index on (unit, due date) refuses a second case
        for the same service.
        """
        today = fields.Date.context_today(self)
        since = self.env.context.get("lastcall")
        domain = self._periodic_due_domain(today) + failure_reported_domain(
            self.env, self._periodic_failure_summary(), since
        )
        units = self.search(domain, order="next_service_date, id", limit=limit)
        tickets = units._open_due_periodic_tickets(
            lambda unit: today + relativedelta(days=unit.company_id.aftersales_periodic_lead_days)
        )
        # a unit that failed counts as handled only when the next call of this
        # run leaves it alone (its report is newer than the run's start)
        done = len(units) if since else len(tickets.equipment_id)
        remaining = self.search_count(domain) if done and len(units) == limit else 0
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return tickets

    def _open_due_periodic_tickets(self, until):
        """Open the units' periodic cases due on or before ``until`` (a date,
        or a function of the unit giving it), missed services included.

        The units are claimed in one query and their cases opened in one
        batch; none for a unit that another run holds or has just handled.
        When a case is refused, the batch is opened unit by unit: the refused
        unit's reason goes to its manager and it keeps its due date, the
        others get their cases."""
        tickets = self.env["aftersales.ticket"]
        units = claim_records(self)
        if not units:
            return tickets
        units.invalidate_recordset(["next_service_date"])
        horizon = {unit.id: until(unit) if callable(until) else until for unit in units}
        units = units.filtered(
            lambda unit: (
                unit.periodic_interval_months > 0
                and unit.next_service_date
                and unit.next_service_date <= horizon[unit.id]
            )
        )
        summary = self._periodic_failure_summary()
        opened, result = run_batch_isolated(
            units,
            lambda batch: batch._open_periodic_tickets_until(horizon),
            summary=summary,
            message=lambda unit: self.env._(
                "The periodic service case of %(unit)s due on %(date)s was not opened; the "
                "job tries again at its next run.",
                unit=unit.display_name,
                date=format_date(self.env, unit.next_service_date),
            ),
            user=lambda unit: job_user(unit.company_id, unit.service_center_id.manager_id),
        )
        result = result or tickets
        names_by_unit = defaultdict(list)
        for ticket in result:
            names_by_unit[ticket.equipment_id.id].append(ticket.name)
        solve_failures(
            opened.filtered(lambda unit: unit.id in names_by_unit),
            summary,
            lambda unit: self.env._(
                "Case %(refs)s opened.", refs=", ".join(names_by_unit[unit.id])
            ),
        )
        return result

    def _open_periodic_tickets_until(self, horizon):
        """Open the cases of these units due up to ``horizon`` ({unit id:
        date}): one create for the services due of all units, then one for
        the next services still due (missed ones), and so on."""
        tickets = self.env["aftersales.ticket"]
        # the units' next dates move on with tracking off, their changes
        # logged after in one batch: not one message per unit
        before = tracked_values(self, ["next_service_date"])
        units = self.with_context(mail_notrack=True)
        while units:
            units = units.filtered(
                lambda unit: unit.next_service_date and unit.next_service_date <= horizon[unit.id]
            )
            if not units:
                break
            vals_list = []
            for unit in units:
                vals = unit._prepare_periodic_ticket_vals()
                # checked first: a refused case does not take a number
                unit._check_periodic_ticket_vals(vals)
                vals_list.append(vals)
            tickets |= tickets.create(vals_list)
            for unit in units:
                unit.next_service_date += relativedelta(months=unit.periodic_interval_months)
        log_tracking(self, before)
        return tickets.with_env(self.env)
