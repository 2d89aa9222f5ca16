# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from odoo.addons.aftersales_reception.tools import (
    claim_records,
    job_user,
    run_isolated,
    solve_failure,
)

CONTRACT_STATES = [
    ("draft", "Draft"),
    ("active", "Active"),
    ("expired", "Expired"),
    ("terminated", "Terminated"),
]
WORK_TYPES = [("warranty", "Warranty"), ("paid", "Paid")]


class AftersalesAgentContract(models.Model):
    """The terms a provider works under: an agent workshop (an outside
    repairer, paid per service) or an in-house technician (paid a salary or
    per service). Its fee rules price every completed case."""

    _name = "aftersales.agent.contract"
    _description = "After-Sales Provider Contract"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.numbered.mixin"]
    _order = "date_start desc, id desc"
    _aftersales_sequence_code = "aftersales.agent.contract"
    _check_company_auto = True

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    # Identification
    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
        index="trigram",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    # Provider
    provider_type = fields.Selection(
        selection=[("agent", "Agent Workshop"), ("technician", "In-House Technician")],
        required=True,
        default="agent",
        tracking=True,
    )
    service_center_id = fields.Many2one(
        comodel_name="aftersales.service.center",
        string="Agent Workshop",
        domain=[("center_type", "=", "agent")],
        tracking=True,
        index=True,
        check_company=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Technician",
        domain=[("share", "=", False)],
        tracking=True,
        index=True,
        check_company=True,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Paid To",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        index=True,
        check_company=True,
        help="The vendor the settlements of this contract are billed by: the agent's "
        "company, or the technician's contact.",
    )
    pay_mode = fields.Selection(
        selection=[("fee", "Fees per Service"), ("salary", "Fixed Salary")],
        required=True,
        default="fee",
        tracking=True,
        help="Agents are paid per service. In-house technicians get a fixed salary "
        "(paid through payroll, no fee is computed) or fees per service.",
    )
    salary_amount = fields.Monetary(
        string="Monthly Salary", tracking=True, help="For information: paid through payroll."
    )
    responsible_id = fields.Many2one(
        comodel_name="res.users",
        string="Contract Manager",
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        tracking=True,
        check_company=True,
        help="Gets the reminder before the contract expires.",
    )
    # Period
    date_start = fields.Date(
        string="Start Date", required=True, default=fields.Date.context_today, tracking=True
    )
    date_end = fields.Date(
        string="End Date",
        tracking=True,
        help="Agent contracts are temporary: the contract expires after this day.",
    )
    date_terminated = fields.Date(
        string="Terminated On",
        readonly=True,
        copy=False,
        tracking=True,
        help="Last day of work when the contract was terminated before its end.",
    )
    state = fields.Selection(
        selection=CONTRACT_STATES,
        string="Status",
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    expiry_warned_date = fields.Date(
        copy=False,
        readonly=True,
        help="End date for which the expiry reminder was scheduled.",
    )
    previous_contract_id = fields.Many2one(
        comodel_name="aftersales.agent.contract",
        string="Renewal Of",
        copy=False,
        readonly=True,
        index="btree_not_null",
        check_company=True,
    )
    renewal_contract_ids = fields.One2many(
        comodel_name="aftersales.agent.contract",
        inverse_name="previous_contract_id",
        string="Renewals",
    )
    renewal_contract_id = fields.Many2one(
        comodel_name="aftersales.agent.contract",
        string="Renewed By",
        compute="_compute_renewal_contract_id",
    )
    # Scope
    service_type_ids = fields.Many2many(
        comodel_name="aftersales.service.type",
        string="Allowed Service Types",
        help="Kinds of work the provider may be given.",
    )
    territory_mode = fields.Selection(
        selection=[("center", "Agent Workshop's Territory"), ("custom", "Own Territory")],
        required=True,
        default="center",
        help="The area the agent may work in: the workshop's territory, or the lines "
        "below. No line at all means no restriction.",
    )
    territory_ids = fields.One2many(
        comodel_name="aftersales.agent.contract.territory",
        inverse_name="contract_id",
        copy=True,
    )
    rule_ids = fields.One2many(
        comodel_name="aftersales.fee.rule",
        inverse_name="contract_id",
        string="Fee Rules",
        copy=True,
    )
    chargeback_mode = fields.Selection(
        selection=[
            ("none", "No Chargeback"),
            ("cost", "At Cost"),
            ("price", "At the Price Charged"),
        ],
        string="Consignment Parts Chargeback",
        required=True,
        default="none",
        tracking=True,
        help="Parts the agent takes from its consignment stock for paid work (which the "
        "agent invoices to the customer) are charged back on its settlements: at the "
        "part's cost, or at the price charged on the case.",
    )
    fee_line_ids = fields.One2many(
        comodel_name="aftersales.fee.line", inverse_name="contract_id", string="Fee Lines"
    )
    fee_line_count = fields.Integer(compute="_compute_fee_line_count")
    note = fields.Html(string="Terms")

    _sql_constraints = [
        (
            "name_company_unique",
            "UNIQUE(name, company_id)",
            "The contract reference must be unique per company.",
        ),
    ]

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("provider_type", "service_center_id", "user_id")
    def _compute_partner_id(self):
        for contract in self:
            if contract.provider_type == "agent":
                contract.partner_id = contract.service_center_id.partner_id
            else:
                contract.partner_id = contract.user_id.partner_id

    @api.depends("provider_type", "service_center_id", "user_id", "date_start")
    def _compute_display_name(self):
        for contract in self:
            provider = (
                contract.service_center_id
                if contract.provider_type == "agent"
                else contract.user_id
            )
            if provider and contract.name:
                contract.display_name = f"{contract.name} - {provider.display_name}"
            else:
                contract.display_name = contract.name

    @api.depends("renewal_contract_ids")
    def _compute_renewal_contract_id(self):
        for contract in self:
            contract.renewal_contract_id = contract.renewal_contract_ids[:1]

    def _compute_fee_line_count(self):
        counts = dict(
            self.env["aftersales.fee.line"]._read_group(
                [("contract_id", "in", self.ids)], ["contract_id"], ["__count"]
            )
        )
        for contract in self:
            contract.fee_line_count = counts.get(contract, 0)

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if contract.date_end and contract.date_end < contract.date_start:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: the end date (%(end)s) is before the start "
                        "date (%(start)s). Swap the dates or correct one of them.",
                        contract=contract.display_name,
                        end=contract.date_end,
                        start=contract.date_start,
                    )
                )

    @api.constrains(
        "provider_type", "service_center_id", "user_id", "pay_mode", "date_end", "partner_id"
    )
    def _check_provider(self):
        for contract in self:
            if contract.provider_type == "agent":
                if not contract.service_center_id:
                    raise ValidationError(
                        self.env._(
                            "Contract %(contract)s: choose the agent workshop it is signed with.",
                            contract=contract.name,
                        )
                    )
                if contract.service_center_id.center_type != "agent":
                    raise ValidationError(
                        self.env._(
                            "Contract %(contract)s: %(center)s is not an agent workshop; "
                            "agent contracts are signed with agent workshops only.",
                            contract=contract.name,
                            center=contract.service_center_id.display_name,
                        )
                    )
                if contract.pay_mode != "fee":
                    raise ValidationError(
                        self.env._(
                            "Contract %(contract)s: agents are paid per service; set Pay "
                            "Mode to Fees per Service.",
                            contract=contract.name,
                        )
                    )
                if not contract.date_end:
                    raise ValidationError(
                        self.env._(
                            "Contract %(contract)s: agent contracts are temporary; give "
                            "the end date.",
                            contract=contract.name,
                        )
                    )
            elif not contract.user_id:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: choose the technician it is signed with.",
                        contract=contract.name,
                    )
                )
            if not contract.partner_id:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: set who is paid (Paid To), for instance the "
                        "agent's company as the address of its workshop.",
                        contract=contract.name,
                    )
                )

    @api.constrains(
        "state", "date_start", "date_end", "date_terminated", "service_center_id", "user_id"
    )
    def _check_overlap(self):
        """Only one contract may be in force for a provider on any day, so that
        every case is priced by exactly one contract."""
        signed = self.filtered(lambda c: c.state != "draft")
        if not signed:
            return
        others = self.search(
            [
                ("state", "!=", "draft"),
                ("company_id", "in", signed.company_id.ids),
                "|",
                ("service_center_id", "in", signed.service_center_id.ids),
                ("user_id", "in", signed.user_id.ids),
            ]
        )
        for contract in signed:
            for other in others:
                if other == contract or not contract._same_provider(other):
                    continue
                if contract._overlaps(other):
                    raise ValidationError(
                        self.env._(
                            "Contract %(contract)s overlaps contract %(other)s of the same "
                            "provider (%(start)s to %(end)s). A provider has one contract in "
                            "force at a time: shorten one of them or terminate the older one.",
                            contract=contract.name,
                            other=other.name,
                            start=other.date_start,
                            end=other._effective_end() or self.env._("open-ended"),
                        )
                    )

    @api.constrains("state", "pay_mode", "service_type_ids", "rule_ids")
    def _check_pricing(self):
        """An active contract prices every service type it allows, for
        warranty and paid work alike."""
        for contract in self.filtered(lambda c: c.state == "active" and c.pay_mode == "fee"):
            if not contract.service_type_ids:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s allows no service type: list the kinds of work "
                        "the provider may do before activating it.",
                        contract=contract.name,
                    )
                )
            unpriced = []
            for service_type in contract.service_type_ids:
                for work_type, work_label in WORK_TYPES:
                    if not contract.rule_ids._priced_rules(service_type.code, work_type):
                        unpriced.append(
                            self.env._(
                                "%(service_type)s (%(work)s work)",
                                service_type=service_type.name,
                                work=work_label,
                            )
                        )
            if unpriced:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s is active but leaves these services unpriced:\n"
                        "%(unpriced)s\nAdd a fixed or percentage fee rule for them, or remove "
                        "the service type from the contract.",
                        contract=contract.name,
                        unpriced="\n".join(unpriced),
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        if "date_end" in vals:
            # a new end date deserves a new reminder
            vals = dict(vals, expiry_warned_date=False)
        if "rule_ids" in vals:
            # rules removed by this write are checked with the contract's own
            # constraint, once the rules added by the same write exist
            self = self.with_context(aftersales_contract_rules_write=True)  # noqa: PLW0642
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed(self):
        signed = self.filtered(lambda c: c.state != "draft")
        if signed:
            raise UserError(
                self.env._(
                    "Signed contracts are kept as history; archive them instead.\n"
                    "Concerned contract(s):\n%(refs)s",
                    refs="\n".join(signed.mapped("name")),
                )
            )

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_activate(self):
        for contract in self:
            if contract.state != "draft":
                raise UserError(
                    self.env._(
                        "Contract %(contract)s is %(state)s: only draft contracts can be "
                        "activated.",
                        contract=contract.name,
                        state=dict(CONTRACT_STATES)[contract.state],
                    )
                )
            if contract.date_end and contract.date_end < fields.Date.context_today(contract):
                raise UserError(
                    self.env._(
                        "Contract %(contract)s ended on %(end)s: extend its end date before "
                        "activating it.",
                        contract=contract.name,
                        end=contract.date_end,
                    )
                )
        self.write({"state": "active"})

    def action_terminate(self):
        """End the contract today: cases done until today are still paid."""
        today = fields.Date.context_today(self)
        for contract in self:
            if contract.state != "active":
                raise UserError(
                    self.env._(
                        "Contract %(contract)s is not active: only active contracts can be "
                        "terminated.",
                        contract=contract.name,
                    )
                )
            contract.write(
                {
                    "state": "terminated",
                    "date_terminated": max(today, contract.date_start),
                }
            )

    def action_reset_draft(self):
        for contract in self:
            if contract.state != "active" or contract.fee_line_ids:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s has priced cases or is no longer active: it "
                        "cannot go back to draft. Renew it to change its terms.",
                        contract=contract.name,
                    )
                )
        self.write({"state": "draft"})

    def action_renew(self):
        """Prepare the next contract: same terms, the period following this one."""
        self.ensure_one()
        if not self.date_end:
            raise UserError(
                self.env._(
                    "Contract %(contract)s has no end date: there is nothing to renew.",
                    contract=self.name,
                )
            )
        if self.renewal_contract_ids:
            raise UserError(
                self.env._(
                    "Contract %(contract)s was already renewed by %(renewal)s.",
                    contract=self.name,
                    renewal=", ".join(self.renewal_contract_ids.mapped("name")),
                )
            )
        duration = relativedelta(self.date_end + timedelta(days=1), self.date_start)
        new_start = self.date_end + timedelta(days=1)
        renewal = self.copy(
            {
                "date_start": new_start,
                "date_end": new_start + duration - timedelta(days=1),
                "previous_contract_id": self.id,
            }
        )
        self.message_post(
            body=self.env._("Renewal %(renewal)s prepared.", renewal=renewal.name),
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": renewal.id,
            "view_mode": "form",
        }

    def action_view_fee_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_agents.aftersales_fee_line_action"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {"search_default_group_state": 1}
        return action

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _same_provider(self, other):
        self.ensure_one()
        if self.provider_type != other.provider_type:
            return False
        if self.provider_type == "agent":
            return self.service_center_id == other.service_center_id
        return self.user_id == other.user_id

    def _effective_end(self):
        self.ensure_one()
        return self.date_terminated or self.date_end

    def _overlaps(self, other):
        end = self._effective_end()
        other_end = other._effective_end()
        return (not end or other.date_start <= end) and (
            not other_end or self.date_start <= other_end
        )

    def _covers_date(self, day):
        """True when the contract was signed and in force on ``day``."""
        self.ensure_one()
        end = self._effective_end()
        return self.state != "draft" and self.date_start <= day and (not end or day <= end)

    def _allows_service_type(self, code):
        self.ensure_one()
        return code in self.service_type_ids.mapped("code")

    def _territory_lines(self):
        self.ensure_one()
        if self.territory_mode == "custom":
            return self.territory_ids
        return self.service_center_id.territory_ids

    def _covers_address(self, address):
        """True when the territory covers ``address`` (see
        res.partner._aftersales_service_address); no line means anywhere."""
        self.ensure_one()
        lines = self._territory_lines()
        return not lines or any(line._match_score(address) for line in lines)

    def _covers_ticket(self, ticket, day):
        """Whether this contract lets the agent take ``ticket`` on ``day``."""
        self.ensure_one()
        address = ticket.partner_id._aftersales_service_address() if ticket.partner_id else None
        return (
            self.state == "active"
            and self._covers_date(day)
            and self._allows_service_type(ticket.service_type)
            and (address is None or self._covers_address(address))
        )

    def _chargebacks(self, ticket, facts):
        """What the agent owes for the consignment parts it used on the paid
        work of ``ticket``: {repair move: fee line values}, amounts negative."""
        self.ensure_one()
        if (
            self.provider_type != "agent"
            or self.chargeback_mode == "none"
            or facts["work_type"] != "paid"
        ):
            return {}
        currency = self.company_id.currency_id
        modes = dict(self._fields["chargeback_mode"]._description_selection(self.env))
        result = {}
        for move in ticket._aftersales_parts_used():
            if move.location_id.aftersales_holder_center_id != self.service_center_id:
                continue
            quantity = move.quantity
            if self.chargeback_mode == "cost":
                unit = move.product_id.with_company(self.company_id).standard_price
                unit = move.product_id.uom_id._compute_price(unit, move.product_uom)
            else:
                unit = ticket._aftersales_part_sale_price(move)
            amount = currency.round(unit * quantity)
            if currency.is_zero(amount):
                continue
            qty = f"{quantity:g}"
            result[move] = {
                "description": self.env._(
                    "Consignment part %(qty)s x %(part)s (%(mode)s)",
                    qty=qty,
                    part=move.product_id.display_name,
                    mode=modes[self.chargeback_mode].lower(),
                ),
                "base_amount": unit,
                "rate": 0.0,
                "quantity": quantity,
                "amount": -amount,
            }
        return result

    @api.model
    def _find_in_force(self, provider_type, providers, company_ids):
        """Signed contracts of ``providers`` (agent centers or technician
        users), grouped by provider id, best candidates first."""
        field_name = "service_center_id" if provider_type == "agent" else "user_id"
        # read with their columns (dates, state, terms) in the search's query
        columns = [
            name
            for name, field in self._fields.items()
            if field.store and field.column_type and field.is_accessible(self.env)
        ]
        contracts = self.with_context(active_test=False).search_fetch(
            [
                ("provider_type", "=", provider_type),
                (field_name, "in", providers.ids),
                ("state", "!=", "draft"),
                ("company_id", "in", company_ids),
            ],
            columns,
            order="date_start desc, id desc",
        )
        ids_by_provider = {}
        for contract in contracts:
            ids_by_provider.setdefault(contract[field_name].id, []).append(contract.id)
        # one prefetch set for all: their rules are read once, not per provider
        return {
            provider_id: contracts.browse(ids).with_prefetch(contracts._prefetch_ids)
            for provider_id, ids in ids_by_provider.items()
        }

    # ------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------

    @api.model
    def _cron_expire_contracts(self):
        """Expire contracts past their end and remind their manager a few days
        before. One contract never blocks the others: a contract that cannot
        expire (its data breaks a rule) is reported to its manager, and the job
        goes on; it tries again at its next run. Safe to run twice or at the
        same time: each contract is claimed while it is handled and each step
        only happens once."""
        today = fields.Date.context_today(self)
        expired = self._lock_for_cron(
            [("state", "=", "active"), ("date_end", "!=", False), ("date_end", "<", today)]
        )
        summary = self.env._("Contract not expired")
        for contract in expired:
            expired_ok, _result = run_isolated(
                contract,
                contract._expire,
                summary=summary,
                message=self.env._(
                    "Contract %(contract)s ended on %(end)s but could not be set to expired; "
                    "the job tries again at its next run.",
                    contract=contract.display_name,
                    end=format_date(self.env, contract.date_end),
                ),
                user=job_user(contract.company_id, contract.responsible_id),
            )
            if expired_ok:
                solve_failure(contract, summary, self.env._("Contract expired."))
        reminder_summary = self.env._("Contract expiry reminder not scheduled")
        active_companies = self.search(
            [("state", "=", "active"), ("date_end", ">=", today)]
        ).company_id
        for company in active_companies:
            horizon = today + timedelta(days=company.aftersales_contract_warning_days)
            expiring = self._lock_for_cron(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "active"),
                    ("date_end", ">=", today),
                    ("date_end", "<=", horizon),
                ]
            )
            for contract in expiring.filtered(lambda c: c.expiry_warned_date != c.date_end):
                reminded, _result = run_isolated(
                    contract,
                    contract._remind_expiry,
                    summary=reminder_summary,
                    message=self.env._(
                        "The reminder that contract %(contract)s ends on %(end)s was not "
                        "scheduled; the job tries again at its next run.",
                        contract=contract.display_name,
                        end=format_date(self.env, contract.date_end),
                    ),
                    user=job_user(company, contract.responsible_id),
                )
                if reminded:
                    solve_failure(contract, reminder_summary, self.env._("Reminder scheduled."))

    def _expire(self):
        self.ensure_one()
        self.write({"state": "expired"})
        self.message_post(
            body=self.env._("The contract ended on %(end)s and is now expired.", end=self.date_end)
        )
        self.activity_unlink(["aftersales_agents.mail_activity_contract_expiry"])

    def _remind_expiry(self):
        self.ensure_one()
        self.activity_schedule(
            "aftersales_agents.mail_activity_contract_expiry",
            date_deadline=self.date_end,
            summary=self.env._("Contract ends on %(end)s", end=self.date_end),
            note=self.env._("Renew the contract or prepare the hand-over of the agent's cases."),
            user_id=(self.responsible_id or self.env.user).id,
        )
        self.write({"expiry_warned_date": self.date_end})

    def _lock_for_cron(self, domain):
        """Contracts matching ``domain`` that no other run is handling nor has
        just handled (see ``claim_records``), locked until the end of this
        transaction."""
        return claim_records(self.search(domain)).filtered_domain(domain)


class AftersalesAgentContractTerritory(models.Model):
    """One area the agent may work in under the contract, matched like the
    service centers' territories."""

    _name = "aftersales.agent.contract.territory"
    _inherit = ["aftersales.territory.mixin"]
    _description = "After-Sales Contract Territory"
    _order = "contract_id, sequence, id"

    contract_id = fields.Many2one(
        comodel_name="aftersales.agent.contract", required=True, ondelete="cascade", index=True
    )

    def _territory_owner_label(self):
        self.ensure_one()
        return self.env._("Territory of contract %(contract)s", contract=self.contract_id.name)
