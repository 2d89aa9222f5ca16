# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import itertools

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_round

RULE_KINDS = [
    ("fixed", "Fixed Amount per Case"),
    ("percent", "Percentage"),
    ("travel_visit", "Travel per Visit"),
    ("travel_km", "Travel per Distance Band"),
]
PERCENT_BASES = [("labour", "Labour"), ("parts", "Parts"), ("both", "Labour and Parts")]
RULE_WORK_TYPES = [
    ("any", "Any Work"),
    ("warranty", "Warranty Work (billed to the company)"),
    ("paid", "Paid Work (billed to the customer)"),
]


class AftersalesFeeRule(models.Model):
    """How a contract prices one part of a completed case."""

    _name = "aftersales.fee.rule"
    _description = "After-Sales Fee Rule"
    _order = "contract_id, sequence, id"
    _check_company_auto = True

    contract_id = fields.Many2one(
        comodel_name="aftersales.agent.contract", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    currency_id = fields.Many2one(related="contract_id.currency_id")
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Description", compute="_compute_name")
    service_type = fields.Selection(
        selection="_selection_service_type",
        help="Leave empty for every service type the contract allows.",
    )
    work_type = fields.Selection(
        selection=RULE_WORK_TYPES,
        required=True,
        default="any",
        help="Warranty work is paid by the company; paid work is invoiced to the customer.",
    )
    kind = fields.Selection(selection=RULE_KINDS, required=True, default="fixed")
    percent_base = fields.Selection(selection=PERCENT_BASES, default="labour")
    amount = fields.Monetary(help="Per case (fixed) or per visit (travel).")
    percent = fields.Float(digits=(16, 2))
    band_ids = fields.One2many(
        comodel_name="aftersales.fee.rule.band",
        inverse_name="rule_id",
        string="Distance Bands",
        copy=True,
    )

    _sql_constraints = [
        ("amount_positive", "CHECK(amount >= 0)", "A fee amount cannot be negative."),
        (
            "percent_range",
            "CHECK(percent >= 0 AND percent <= 100)",
            "A fee percentage lies between 0 and 100.",
        ),
    ]

    # ------------------------------------------------------------
    # Computes and selections
    # ------------------------------------------------------------

    @api.depends(
        "service_type", "work_type", "kind", "percent_base", "amount", "percent", "band_ids"
    )
    def _compute_name(self):
        service_types = dict(self._selection_service_type())
        work_types = dict(RULE_WORK_TYPES)
        bases = dict(PERCENT_BASES)
        for rule in self:
            scope = service_types.get(rule.service_type) or self.env._("All services")
            if rule.work_type != "any":
                scope = f"{scope}, {work_types[rule.work_type]}"
            if rule.kind == "fixed":
                price = self.env._("%(amount)s per case", amount=rule._format(rule.amount))
            elif rule.kind == "percent":
                price = self.env._(
                    "%(percent)s%% of %(base)s",
                    percent=rule.percent,
                    base=(bases.get(rule.percent_base) or "").lower(),
                )
            elif rule.kind == "travel_visit":
                price = self.env._("%(amount)s per visit", amount=rule._format(rule.amount))
            else:
                price = self.env._(
                    "travel by distance (%(count)s band(s))", count=len(rule.band_ids)
                )
            rule.name = f"{scope}: {price}"

    def _format(self, amount):
        currency = self.currency_id or self.env.company.currency_id
        return f"{currency.symbol or ''}{amount:,.2f}"

    @api.model
    def _selection_service_type(self):
        return self.env["aftersales.ticket"]._service_type_selection()

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains("kind", "percent", "amount", "band_ids", "percent_base")
    def _check_values(self):
        for rule in self:
            if rule.kind == "percent" and (not rule.percent or not rule.percent_base):
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: the percentage rule %(rule)s needs a "
                        "percentage and what it applies to (labour, parts or both).",
                        contract=rule.contract_id.name,
                        rule=rule.name,
                    )
                )
            if rule.kind == "travel_km" and not rule.band_ids:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: the travel rule %(rule)s needs at least one "
                        "distance band.",
                        contract=rule.contract_id.name,
                        rule=rule.name,
                    )
                )

    @api.constrains("contract_id", "service_type", "work_type", "kind", "percent_base")
    def _check_overlap(self):
        """Two rules may not price the same thing for the same case, or the
        fee would depend on which one is read first."""
        for contract in self.contract_id:
            rules = contract.rule_ids
            for index, rule in enumerate(rules):
                for other in rules[index + 1 :]:
                    if rule._overlaps(other):
                        raise ValidationError(
                            self.env._(
                                "Contract %(contract)s: the fee rules %(rule)s and "
                                "%(other)s overlap; the same case would be priced twice. "
                                "Narrow one of them to a service type or to warranty or "
                                "paid work, or remove it.",
                                contract=contract.name,
                                rule=rule.name,
                                other=other.name,
                            )
                        )
        # an active contract keeps pricing everything it allows
        self.contract_id._check_pricing()

    def unlink(self):
        contracts = self.contract_id
        res = super().unlink()
        if not self.env.context.get("aftersales_contract_rules_write"):
            # an active contract keeps pricing everything it allows
            contracts.exists()._check_pricing()
        return res

    def _family(self):
        """What a rule prices: rules of intersecting families overlap."""
        self.ensure_one()
        if self.kind == "fixed":
            return {"fixed"}
        if self.kind == "percent":
            return {"labour", "parts"} if self.percent_base == "both" else {self.percent_base}
        return {"travel"}

    def _overlaps(self, other):
        self.ensure_one()
        return (
            bool(self._family() & other._family())
            and (
                not self.service_type
                or not other.service_type
                or self.service_type == other.service_type
            )
            and (self.work_type == "any" or other.work_type in ("any", self.work_type))
        )

    # ------------------------------------------------------------
    # Pricing
    # ------------------------------------------------------------

    def _applies_to(self, service_type, work_type):
        # keep the prefetch set: the bands of all the rules are read at once
        return self.filtered(
            lambda r: r.service_type in (False, service_type) and r.work_type in ("any", work_type)
        ).with_prefetch(self._prefetch_ids)

    def _priced_rules(self, service_type, work_type):
        """Rules that price the work itself (not only travel)."""
        return self._applies_to(service_type, work_type).filtered(
            lambda r: r.kind in ("fixed", "percent")
        )

    def _compute_fee(self, facts):
        """The fee of this rule for a case.

        :param facts: dict with labour, parts (amounts of the case's work),
            visits (number of visits) and distance (km one way)
        :return: dict(base_amount, rate, quantity, amount) or None when the
            rule gives nothing for the case
        """
        self.ensure_one()
        precision = self.currency_id.decimal_places if self.currency_id else 2
        if self.kind == "fixed":
            result = {"base_amount": 0.0, "rate": 0.0, "quantity": 1.0, "unit": self.amount}
        elif self.kind == "percent":
            base = {
                "labour": facts["labour"],
                "parts": facts["parts"],
                "both": facts["labour"] + facts["parts"],
            }[self.percent_base]
            result = {
                "base_amount": base,
                "rate": self.percent,
                "quantity": 1.0,
                "unit": base * self.percent / 100.0,
            }
        elif self.kind == "travel_visit":
            result = {
                "base_amount": 0.0,
                "rate": 0.0,
                "quantity": float(facts["visits"]),
                "unit": self.amount,
            }
        else:
            band = self.band_ids._find(facts["distance"])
            if not band:
                return None
            result = {
                "base_amount": facts["distance"],
                "rate": 0.0,
                "quantity": float(facts["visits"]),
                "unit": band.amount,
            }
        result["amount"] = float_round(result.pop("unit") * result["quantity"], precision)
        return result if result["amount"] else None


class AftersalesFeeRuleBand(models.Model):
    """A distance band of a travel rule: visits whose distance lies in
    [From, To) are paid the band's amount."""

    _name = "aftersales.fee.rule.band"
    _description = "After-Sales Fee Distance Band"
    _order = "rule_id, km_from, id"

    rule_id = fields.Many2one(
        comodel_name="aftersales.fee.rule", required=True, ondelete="cascade", index=True
    )
    currency_id = fields.Many2one(related="rule_id.currency_id")
    km_from = fields.Float(string="From (km)", digits=(16, 1))
    km_to = fields.Float(string="To (km)", digits=(16, 1), required=True)
    amount = fields.Monetary(required=True, help="Paid per visit in this band.")

    _sql_constraints = [
        ("amount_positive", "CHECK(amount >= 0)", "A band amount cannot be negative."),
    ]

    @api.constrains("km_from", "km_to", "rule_id")
    def _check_band(self):
        for rule in self.rule_id:
            bands = rule.band_ids.sorted(lambda b: (b.km_from, b.km_to))
            for band in bands:
                if band.km_from < 0 or band.km_to <= band.km_from:
                    raise ValidationError(
                        self.env._(
                            "Contract %(contract)s: the distance band %(start)s - %(end)s km "
                            "is empty or inverted; From must be below To.",
                            contract=rule.contract_id.name,
                            start=band.km_from,
                            end=band.km_to,
                        )
                    )
            for band, following in itertools.pairwise(bands):
                if following.km_from < band.km_to:
                    first = f"{band.km_from:g}-{band.km_to:g} km"
                    second = f"{following.km_from:g}-{following.km_to:g} km"
                    raise ValidationError(
                        self.env._(
                            "Contract %(contract)s: the distance bands %(band)s and "
                            "%(other)s overlap; a band ends where the next one starts.",
                            contract=rule.contract_id.name,
                            band=first,
                            other=second,
                        )
                    )

    def _find(self, distance):
        return self.filtered(lambda b: b.km_from <= distance < b.km_to)[:1]
