# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from itertools import repeat

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL, float_round

FEE_KINDS = [
    ("fee", "Fee"),
    ("adjustment", "Adjustment"),
    ("chargeback", "Parts Chargeback"),
]
# what a settled line may still change: its settlement (released when the
# bill is cancelled) and notes
SETTLED_WRITABLE_FIELDS = {"settlement_id", "previous_settlement_ids", "note"}


class AftersalesFeeLine(models.Model):
    """What a provider earns (or is charged) for one case under one fee rule.

    Lines are computed when a case is done; recomputing never duplicates them
    (one line per case, rule, kind and revision). Once settled a line never
    changes: a later change of the case adds an adjustment line instead.
    """

    _name = "aftersales.fee.line"
    _description = "After-Sales Fee Line"
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_name = "description"

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    description = fields.Char(required=True)
    company_id = fields.Many2one(comodel_name="res.company", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    kind = fields.Selection(selection=FEE_KINDS, required=True, default="fee")
    revision = fields.Integer(
        default=0, required=True, help="0 for the fee; adjustments count up from 1."
    )
    # What
    ticket_id = fields.Many2one(
        comodel_name="aftersales.ticket",
        string="Case",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    ticket_name = fields.Char(related="ticket_id.name", string="Case Reference", store=True)
    contract_id = fields.Many2one(
        comodel_name="aftersales.agent.contract",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    rule_id = fields.Many2one(
        comodel_name="aftersales.fee.rule",
        string="Fee Rule",
        ondelete="restrict",
        index="btree_not_null",
        check_company=True,
    )
    stock_move_id = fields.Many2one(
        comodel_name="stock.move",
        string="Part Used",
        index="btree_not_null",
        readonly=True,
        ondelete="restrict",
        help="The consignment part, added by a repair of the case, that this chargeback is for.",
    )
    service_type = fields.Selection(selection="_selection_service_type")
    work_type = fields.Selection(selection=[("warranty", "Warranty"), ("paid", "Paid")])
    date = fields.Date(
        required=True,
        index=True,
        help="Day the case was done; for an adjustment, the day it was computed.",
    )
    # Who
    provider_type = fields.Selection(
        selection=[("agent", "Agent Workshop"), ("technician", "In-House Technician")],
        required=True,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Paid To", required=True, index=True, check_company=True
    )
    provider_center_id = fields.Many2one(
        comodel_name="aftersales.service.center",
        string="Agent Workshop",
        index="btree_not_null",
        check_company=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users", string="Technician", index="btree_not_null", check_company=True
    )
    service_center_id = fields.Many2one(
        comodel_name="aftersales.service.center",
        check_company=True,
        help="The center the work was done for: its analytic account carries the cost.",
    )
    # How much
    base_amount = fields.Monetary(
        string="Base", help="Value of the work for a percentage, distance for travel."
    )
    rate = fields.Float(string="Rate (%)", digits=(16, 2))
    quantity = fields.Float(default=1.0, digits=(16, 2))
    amount = fields.Monetary(required=True)
    # Settlement
    settlement_id = fields.Many2one(
        comodel_name="aftersales.settlement",
        copy=False,
        ondelete="restrict",
        index="btree_not_null",
        readonly=True,
        check_company=True,
    )
    previous_settlement_ids = fields.Many2many(
        comodel_name="aftersales.settlement",
        relation="aftersales_fee_line_released_rel",
        column1="fee_line_id",
        column2="settlement_id",
        string="Released From",
        copy=False,
        readonly=True,
        help="Settlements whose bill was cancelled, releasing this line.",
    )
    state = fields.Selection(
        selection=[("to_settle", "To Settle"), ("settled", "Settled"), ("paid", "Paid")],
        string="Status",
        compute="_compute_state",
        store=True,
        index=True,
    )
    note = fields.Char()

    _sql_constraints = [
        (
            "ticket_rule_kind_revision_unique",
            "UNIQUE(ticket_id, rule_id, kind, revision)",
            "A case has one fee line per fee rule (and one per adjustment).",
        ),
        (
            "ticket_move_kind_revision_unique",
            "UNIQUE(ticket_id, stock_move_id, kind, revision)",
            "A consignment part is charged back once per case (plus its adjustments).",
        ),
        (
            "fee_revision_zero",
            "CHECK(kind != 'fee' OR revision = 0)",
            "Only adjustments have a revision.",
        ),
    ]

    def init(self):
        # the settlement looks for unsettled lines of a period
        tools.create_index(
            self.env.cr,
            "aftersales_fee_line_unsettled_index",
            self._table,
            ["company_id", "date"],
            where="settlement_id IS NULL",
        )

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("settlement_id", "settlement_id.state")
    def _compute_state(self):
        # by settlement: a settlement sets the state of thousands of lines at once
        for settlement, lines in self.grouped("settlement_id").items():
            lines.state = self._state_in(settlement)

    @api.model
    def _state_in(self, settlement):
        """The state of a line in ``settlement`` (none: to settle)."""
        if not settlement:
            return "to_settle"
        return "paid" if settlement.state == "paid" else "settled"

    @api.model
    def _selection_service_type(self):
        return self.env["aftersales.ticket"]._service_type_selection()

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        protected = set(vals) - SETTLED_WRITABLE_FIELDS
        settled = self.filtered("settlement_id") if protected else self.browse()
        if settled:
            raise UserError(
                self.env._(
                    "Fee lines already settled cannot change. Change the case and recompute "
                    "its fees: the difference becomes an adjustment line for the next "
                    "settlement.\nConcerned line(s):\n%(lines)s",
                    lines="\n".join(
                        f"{line.ticket_name}: {line.description} ({line.settlement_id.name})"
                        for line in settled
                    ),
                )
            )
        # the company check after the write: the fields written (the others
        # were checked when they were set), unless the company changes
        return super(
            AftersalesFeeLine,
            self.with_context(aftersales_fee_written=(tuple(vals), tuple(self.ids))),
        ).write(vals)

    def _check_company(self, fnames=None):
        """The company check of a line depends only on its company and the
        records its checked fields link: check one line of each combination.
        A settlement links thousands of lines of one company, which the
        generic check would go through one by one. After a write, only the
        fields written are checked again (all of them when the company
        changes)."""
        # only the lines of that write: a line created meanwhile is checked whole
        written, written_ids = self.env.context.get("aftersales_fee_written") or ((), ())
        after_write = (
            fnames is None
            and written
            and "company_id" not in written
            and set(self.ids) <= set(written_ids)
        )
        if after_write:
            fnames = list(written)
        if len(self) < 2:
            return super()._check_company(fnames)
        if fnames is None or {"company_id", "company_ids"} & set(fnames):
            fnames = self._fields
        names = [
            name
            for name in fnames
            if self._fields[name].relational and self._fields[name].check_company
        ]
        if not names:
            return None
        # a write gives every line the same records: one line per company
        varying = [] if after_write else names
        firsts = {}
        for line in self.sudo():
            key = (line.company_id.id, *(line[name]._ids for name in varying))
            firsts.setdefault(key, line.id)
        return super(AftersalesFeeLine, self.browse(list(firsts.values())))._check_company(fnames)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_settled(self):
        settled = self.filtered("settlement_id")
        if settled:
            raise UserError(
                self.env._(
                    "Settled fee lines are kept: they are on a vendor bill.\n"
                    "Concerned line(s):\n%(lines)s",
                    lines="\n".join(
                        f"{line.ticket_name}: {line.description} ({line.settlement_id.name})"
                        for line in settled
                    ),
                )
            )

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_open_ticket(self):
        self.ensure_one()
        return self.ticket_id._get_records_action(context={})

    # ------------------------------------------------------------
    # Fee computation
    # ------------------------------------------------------------

    @api.model
    def _sync_tickets(self, tickets):
        """Bring the fee lines of ``tickets`` in line with their contracts.

        Done (and closed) cases get the fee of every rule that applies; a
        cancelled case earns nothing. Unsettled lines are updated in place;
        settled lines stay and the difference goes to one open adjustment
        line per rule. Cases still in progress are left alone: a reopened case
        keeps its fees until it is done again.
        """
        tickets = tickets.filtered(lambda t: t.stage_type in ("done", "closed", "cancelled"))
        if not tickets:
            return
        targets = self._fee_targets(tickets)
        existing = self.search(
            [("ticket_id", "in", tickets.ids)],
            order="id",
        )
        ids_by_key = defaultdict(list)
        for line in existing:
            ids_by_key[(line.ticket_id.id, line.rule_id.id, line.stock_move_id.id)].append(line.id)
        lines_by_key = {
            key: existing.browse(ids).with_prefetch(existing._prefetch_ids)
            for key, ids in ids_by_key.items()
        }
        today = fields.Date.context_today(self)
        to_create = []
        to_unlink = self.browse()
        for key in list(targets) + [k for k in lines_by_key if k not in targets]:
            target = targets.get(key)
            lines = lines_by_key.get(key, self.browse())
            settled = lines.filtered("settlement_id")
            open_lines = lines - settled
            if not settled:
                line = open_lines.filtered(lambda ln: ln.kind in ("fee", "chargeback"))[:1]
                to_unlink |= open_lines - line
                if target:
                    if line:
                        line._update_if_changed(target)
                    else:
                        to_create.append(dict(target, revision=0))
                else:
                    to_unlink |= line
                continue
            currency = settled.company_id.currency_id
            difference = float_round(
                (target["amount"] if target else 0.0) - sum(settled.mapped("amount")),
                precision_rounding=currency.rounding,
            )
            adjustment = open_lines.filtered(lambda ln: ln.kind == "adjustment")[:1]
            to_unlink |= open_lines - adjustment
            if currency.is_zero(difference):
                to_unlink |= adjustment
                continue
            reference = settled.sorted("id")[-1]
            values = {
                "description": self.env._(
                    "Adjustment: %(description)s", description=reference.description
                ),
                "amount": difference,
                "date": today,
                "base_amount": 0.0,
                "rate": 0.0,
                "quantity": 1.0,
            }
            if adjustment:
                adjustment._update_if_changed(values)
            else:
                source = dict(target or reference._copy_provider_values())
                source.update(
                    values,
                    kind="adjustment",
                    revision=max(lines.mapped("revision")) + 1,
                )
                to_create.append(source)
        if to_unlink:
            to_unlink.unlink()
        if to_create:
            self.create(to_create)

    def _update_if_changed(self, values):
        self.ensure_one()
        changed = {}
        for name, value in values.items():
            field = self._fields[name]
            current = self[name]
            if field.type == "many2one":
                current = current.id
            elif field.type == "monetary" and self.currency_id.compare_amounts(current, value) == 0:
                continue
            if current != value:
                changed[name] = value
        if changed:
            self.write(changed)

    def _copy_provider_values(self):
        self.ensure_one()
        return {
            "ticket_id": self.ticket_id.id,
            "company_id": self.company_id.id,
            "contract_id": self.contract_id.id,
            "rule_id": self.rule_id.id,
            "stock_move_id": self.stock_move_id.id,
            "service_type": self.service_type,
            "work_type": self.work_type,
            "provider_type": self.provider_type,
            "partner_id": self.partner_id.id,
            "provider_center_id": self.provider_center_id.id,
            "user_id": self.user_id.id,
            "service_center_id": self.service_center_id.id,
        }

    @api.model
    def _fee_targets(self, tickets):
        """What every rule should pay, and every consignment part cost, for
        the done cases among ``tickets``:
        {(ticket id, rule id, part id): fee line values}."""
        done = tickets.filtered(lambda t: t.stage_type in ("done", "closed"))
        if not done:
            return {}
        contract_model = self.env["aftersales.agent.contract"]
        company_ids = done.company_id.ids
        agent_done = done.filtered(lambda t: t.service_center_id.center_type == "agent")
        agent_contracts = contract_model._find_in_force(
            "agent", agent_done.service_center_id, company_ids
        )
        technician_contracts = contract_model._find_in_force(
            "technician", done.technician_id, company_ids
        )
        facts_by_ticket = done._aftersales_fee_facts()
        targets = {}
        for ticket in done:
            day = fields.Date.to_date(ticket.date_done) or fields.Date.context_today(self)
            candidates = []
            if ticket in agent_done:
                candidates.append(agent_contracts.get(ticket.service_center_id.id))
            if ticket.technician_id:
                candidates.append(technician_contracts.get(ticket.technician_id.id))
            facts = facts_by_ticket[ticket.id]
            for contracts in filter(None, candidates):
                contract = next(
                    (
                        c
                        for c in contracts
                        if c.company_id == ticket.company_id and c._covers_date(day)
                    ),
                    None,
                )
                if (
                    not contract
                    or contract.pay_mode != "fee"
                    or not contract._allows_service_type(ticket.service_type)
                ):
                    continue
                provider_values = {
                    "ticket_id": ticket.id,
                    "company_id": ticket.company_id.id,
                    "contract_id": contract.id,
                    "service_type": ticket.service_type,
                    "work_type": facts["work_type"],
                    "provider_type": contract.provider_type,
                    "partner_id": contract.partner_id.id,
                    "provider_center_id": contract.service_center_id.id,
                    "user_id": contract.user_id.id,
                    "service_center_id": ticket.service_center_id.id,
                    "date": day,
                }
                for rule in contract.rule_ids._applies_to(ticket.service_type, facts["work_type"]):
                    fee = rule._compute_fee(facts)
                    if fee:
                        targets[(ticket.id, rule.id, False)] = dict(
                            provider_values,
                            kind="fee",
                            rule_id=rule.id,
                            description=rule.name,
                            **fee,
                        )
                for move, chargeback in contract._chargebacks(ticket, facts).items():
                    targets[(ticket.id, False, move.id)] = dict(
                        provider_values, kind="chargeback", stock_move_id=move.id, **chargeback
                    )
        return targets

    # ------------------------------------------------------------
    # Settlement
    # ------------------------------------------------------------

    def _lock_unsettled(self):
        """Lock these lines for the current transaction and return those still
        unsettled. Two settlements running at once cannot both take a line:
        the second one waits for the first, then fails on the concurrent
        update and is retried by the server on fresh data."""
        rows = self._lock_unsettled_rows(["id"])
        return self.browse([row["id"] for row in rows])

    def _lock_unsettled_rows(self, fnames):
        """Lock these lines (see ``_lock_unsettled``) and read the columns
        ``fnames`` of those still unsettled, in one query: a list of dicts,
        by id. A settlement reads its lines this way, whatever their number."""
        if not self:
            return []
        self.flush_recordset(["settlement_id", *fnames])
        columns = SQL(", ").join(SQL.identifier(fname) for fname in fnames)
        rows = self.env.execute_query_dict(
            SQL(
                "SELECT %s FROM %s WHERE id IN %s AND settlement_id IS NULL "
                "ORDER BY id FOR NO KEY UPDATE",
                columns,
                SQL.identifier(self._table),
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["settlement_id", "state"])
        return rows

    def _link_settlement(self, settlement):
        """Settle these lines, locked unsettled by ``_lock_unsettled_rows``,
        into ``settlement``, in one statement.

        A settlement takes thousands of lines at once; through ``write`` the
        ORM would rewrite them a hundred rows at a time and compute their
        state line by line, to the same result. The user's rights apply as to
        a write, and what depends on the lines' settlement (its totals) is
        recomputed as after one. Lines of another company, or settled
        meanwhile, fail the whole call."""
        if not self:
            return
        settlement.ensure_one()
        self.check_access("write")
        self.flush_recordset(["settlement_id", "state"])
        state_field = self._fields["state"]
        state = self._state_in(settlement)
        # the check fails before anything is cached: a plain savepoint suffices
        with self.env.cr.savepoint(flush=False):
            linked = self.env.execute_query(
                SQL(
                    "UPDATE %s SET settlement_id = %s, state = %s, write_uid = %s, "
                    "write_date = %s WHERE id IN %s AND settlement_id IS NULL "
                    "AND company_id = %s RETURNING id",
                    SQL.identifier(self._table),
                    settlement.id,
                    state,
                    self.env.uid,
                    self.env.cr.now(),
                    tuple(self.ids),
                    settlement.company_id.id,
                )
            )
            if len(linked) != len(self):
                raise UserError(
                    self.env._(
                        "%(count)s fee line(s) cannot be settled into %(settlement)s: they "
                        "belong to another company or were settled meanwhile. Settle again.",
                        count=len(self) - len(linked),
                        settlement=settlement.display_name,
                    )
                )
        # the lines were unsettled: nothing depended on a former settlement
        self.invalidate_recordset(["write_uid", "write_date"])
        self.env.cache.update(self, self._fields["settlement_id"], repeat(settlement.id))
        self.env.cache.update(self, state_field, repeat(state))
        settlement.invalidate_recordset(["fee_line_ids"])
        triggers = self.pool.get_trigger_tree([self._fields["settlement_id"]])
        inverse = settlement._fields["fee_line_ids"]
        if set(triggers.root) <= {state_field} and set(triggers) <= {inverse}:
            # only the settlement's fields depend on its lines: marked on the
            # settlement once rather than found back from each line
            settlement.modified(["fee_line_ids"])
        else:
            self.modified(["settlement_id"])
            # the statement set the state: nothing left to compute
            self.env.remove_to_compute(state_field, self)
