# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

# what the settlement reads of each fee line it settles
SETTLED_COLUMNS = [
    "id",
    "partner_id",
    "provider_type",
    "service_type",
    "stock_move_id",
    "service_center_id",
    "work_type",
    "provider_center_id",
    "user_id",
    "ticket_id",
    "amount",
    "date",
]


class AftersalesSettlementCreate(models.TransientModel):
    """Settle the unsettled fees of a period: one settlement and one vendor
    bill per provider, all or nothing."""

    _name = "aftersales.settlement.create"
    _description = "Settle After-Sales Fees"
    _check_company_auto = True

    company_id = fields.Many2one(
        comodel_name="res.company", required=True, default=lambda self: self.env.company
    )
    date_from = fields.Date(
        string="From", required=True, default=lambda self: self._default_date_from()
    )
    date_to = fields.Date(string="To", required=True, default=lambda self: self._default_date_to())
    include_earlier = fields.Boolean(
        string="Include Earlier Unsettled Fees",
        default=True,
        help="Also settle fees dated before the period that were never settled (cases "
        "closed late, adjustments).",
    )
    provider_type = fields.Selection(
        selection=[
            ("all", "Agents and Technicians"),
            ("agent", "Agent Workshops"),
            ("technician", "In-House Technicians"),
        ],
        required=True,
        default="all",
    )
    partner_ids = fields.Many2many(
        comodel_name="res.partner",
        string="Providers",
        help="Settle these providers only; leave empty for all.",
    )
    journal_id = fields.Many2one(
        comodel_name="account.journal",
        compute="_compute_journal_id",
        store=True,
        readonly=False,
        check_company=True,
        domain=[("type", "=", "purchase")],
    )
    bill_date = fields.Date(required=True, default=fields.Date.context_today)
    post_bills = fields.Boolean(
        string="Post the Bills", default=True, help="Post the vendor bills right away."
    )

    def _default_date_from(self):
        today = fields.Date.context_today(self)
        return today.replace(day=1) - relativedelta(months=1)

    def _default_date_to(self):
        return fields.Date.context_today(self).replace(day=1) - relativedelta(days=1)

    @api.depends("company_id")
    def _compute_journal_id(self):
        for wizard in self:
            wizard.journal_id = wizard.company_id.aftersales_fee_journal_id

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_settle(self):
        self.ensure_one()
        settlements = self._create_settlements()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_agents.aftersales_settlement_action"
        )
        action["domain"] = [("id", "in", settlements.ids)]
        action["context"] = {}
        return action

    @api.model
    def _settle_period(self, date_from, date_to, partner_ids=None, pay=False):
        """Settle a period in one call (scripts, scheduled actions, demo
        data); with ``pay``, the posted bills are paid from the company's
        first bank journal."""
        wizard = self.create(
            {
                "date_from": date_from,
                "date_to": date_to,
                "partner_ids": [Command.set(partner_ids or [])],
            }
        )
        settlements = wizard._create_settlements()
        if pay:
            settlements._register_payments()
        return settlements

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _fee_line_domain(self):
        self.ensure_one()
        domain = [
            ("company_id", "=", self.company_id.id),
            ("settlement_id", "=", False),
            ("date", "<=", self.date_to),
        ]
        if not self.include_earlier:
            domain.append(("date", ">=", self.date_from))
        if self.provider_type != "all":
            domain.append(("provider_type", "=", self.provider_type))
        if self.partner_ids:
            domain.append(("partner_id", "in", self.partner_ids.ids))
        return domain

    def _check_settings(self):
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(
                self.env._(
                    "The period is inverted: %(start)s comes after %(end)s. Swap the dates.",
                    start=format_date(self.env, self.date_from),
                    end=format_date(self.env, self.date_to),
                )
            )
        journal = self.journal_id
        if not journal:
            raise UserError(
                self.env._(
                    "Choose the purchase journal of the fee bills, or set the default one "
                    "in After-Sales settings (Fee Settlement Journal)."
                )
            )
        if journal.type != "purchase" or journal.company_id != self.company_id:
            raise UserError(
                self.env._(
                    "The journal %(journal)s is not a purchase journal of %(company)s: fee "
                    "bills go to a purchase journal.",
                    journal=journal.display_name,
                    company=self.company_id.name,
                )
            )

    def _accounts_for(self, keys):
        """Expense account, taxes and P&L category for every (provider type,
        service type, chargeback) of ``keys`` (those the fee lines need);
        errors list every missing setting at once."""
        company = self.company_id
        fee_account_model = self.env["aftersales.fee.account"]
        service_types = dict(fee_account_model._selection_service_type())
        accounts, missing = {}, []
        for provider_type, service_type, is_chargeback in sorted(
            keys, key=lambda key: (key[0], key[1] or "", key[2])
        ):
            key = (provider_type, service_type, is_chargeback)
            if is_chargeback:
                account = company.aftersales_chargeback_account_id
                if not account:
                    missing.append(
                        self.env._("the Parts Chargeback Account (After-Sales settings)")
                    )
                    continue
                accounts[key] = (account, self.env["account.tax"], "parts")
                continue
            mapping = fee_account_model._find(company, provider_type, service_type)
            if not mapping:
                missing.append(
                    self.env._(
                        "the expense account of %(service_type)s fees (After-Sales > "
                        "Configuration > Fee Accounting)",
                        service_type=service_types.get(service_type, service_type),
                    )
                )
                continue
            category = "agent_fee" if provider_type == "agent" else "technician_pay"
            accounts[key] = (mapping.account_id, mapping.tax_ids, category)
        if missing:
            raise UserError(
                self.env._(
                    "The fees cannot be billed yet; set:\n%(missing)s",
                    missing="\n".join(sorted(set(missing))),
                )
            )
        return accounts

    def _check_providers(self, partners):
        company = self.company_id
        without_payable = partners.filtered(
            lambda p: not p.with_company(company).property_account_payable_id
        )
        if without_payable:
            raise UserError(
                self.env._(
                    "These providers have no payable account in %(company)s; set one on "
                    "their contact (Accounting tab) before settling:\n%(providers)s",
                    company=company.name,
                    providers="\n".join(without_payable.mapped("display_name")),
                )
            )

    def _create_settlements(self):
        """Settle the period. Everything happens in one savepoint: on any
        error nothing is left behind, not even a part of the settlements.

        Batch-shaped whatever the number of fees and providers: the fees are
        locked and read in one query, the settlements created at once, the
        bills created in one ``account.move`` create and posted together, and
        the fees linked to their settlements last, so that their state is
        computed once, already billed."""
        self.ensure_one()
        self._check_settings()
        fee_line_model = self.env["aftersales.fee.line"]
        candidates = fee_line_model.search(self._fee_line_domain(), order="id")
        rows = candidates._lock_unsettled_rows(SETTLED_COLUMNS)
        if not rows:
            providers = (
                self.env._(
                    " for %(providers)s", providers=", ".join(self.partner_ids.mapped("name"))
                )
                if self.partner_ids
                else ""
            )
            raise UserError(
                self.env._(
                    "Nothing to settle up to %(end)s%(providers)s: every fee of the period "
                    "is already settled, or no case was done.",
                    end=format_date(self.env, self.date_to),
                    providers=providers,
                )
            )
        self._check_providers(self.env["res.partner"].browse({row["partner_id"] for row in rows}))
        accounts = self._accounts_for(
            {
                (row["provider_type"], row["service_type"], bool(row["stock_move_id"]))
                for row in rows
            }
        )
        currency = self.company_id.currency_id
        with self.env.cr.savepoint():
            providers = {}
            for row in rows:
                provider = providers.setdefault(
                    (row["partner_id"], row["provider_type"]),
                    {"line_ids": [], "groups": defaultdict(lambda: [0.0, set()]), "rows": []},
                )
                provider["line_ids"].append(row["id"])
                provider["rows"].append(row)
                group = provider["groups"][
                    (
                        bool(row["stock_move_id"]),
                        row["service_type"],
                        row["service_center_id"],
                        row["work_type"],
                    )
                ]
                group[0] += row["amount"]
                group[1].add(row["ticket_id"])
            settlement_vals = []
            for (partner_id, provider_type), provider in providers.items():
                provider_rows = provider["rows"]
                settlement_vals.append(
                    {
                        "company_id": self.company_id.id,
                        "provider_type": provider_type,
                        "partner_id": partner_id,
                        "provider_center_id": next(
                            (
                                r["provider_center_id"]
                                for r in provider_rows
                                if r["provider_center_id"]
                            ),
                            False,
                        ),
                        "user_id": next(
                            (r["user_id"] for r in provider_rows if r["user_id"]), False
                        ),
                        "date_from": min(self.date_from, *(r["date"] for r in provider_rows)),
                        "date_to": self.date_to,
                        "journal_id": self.journal_id.id,
                    }
                )
            settlements = self.env["aftersales.settlement"].create(settlement_vals)
            bill_vals = []
            billed = []
            for settlement, provider in zip(settlements, providers.values(), strict=True):
                total = sum(amount for amount, _tickets in provider["groups"].values())
                if currency.is_zero(total):
                    continue
                groups = {
                    key: (amount, len(tickets))
                    for key, (amount, tickets) in provider["groups"].items()
                }
                bill_vals.append(
                    settlement._prepare_bill_vals(
                        self.journal_id, self.bill_date, accounts, groups=groups
                    )
                )
                billed.append(settlement)
            moves = (
                self.env["account.move"]
                .with_company(self.company_id)
                .with_context(default_move_type="in_invoice")
                .create(bill_vals)
            )
            if self.post_bills and moves:
                moves.action_post()
            for settlement, move in zip(billed, moves, strict=True):
                settlement.move_id = move
            for settlement, provider in zip(settlements, providers.values(), strict=True):
                fee_line_model.browse(provider["line_ids"])._link_settlement(settlement)
            self.env.flush_all()
        return settlements
