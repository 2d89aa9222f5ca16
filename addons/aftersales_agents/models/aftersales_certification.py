# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AftersalesCertification(models.Model):
    """A provider's training for a product category: the head office trains
    its network, and cases should go to providers trained for the product."""

    _name = "aftersales.certification"
    _description = "After-Sales Provider Certification"
    _inherit = ["mail.thread"]
    _order = "date_expiry desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Certificate", help="Certificate number or training name.")
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, index=True, default=lambda self: self.env.company
    )
    provider_type = fields.Selection(
        selection=[("agent", "Agent Workshop"), ("technician", "In-House Technician")],
        required=True,
        default="agent",
    )
    service_center_id = fields.Many2one(
        comodel_name="aftersales.service.center",
        string="Agent Workshop",
        domain=[("center_type", "=", "agent")],
        index=True,
        check_company=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Technician",
        domain=[("share", "=", False)],
        index=True,
        check_company=True,
        tracking=True,
    )
    categ_id = fields.Many2one(
        comodel_name="product.category",
        string="Product Category",
        required=True,
        tracking=True,
        help="Certified for this category and its subcategories.",
    )
    date_certified = fields.Date(
        string="Certified On", required=True, default=fields.Date.context_today, tracking=True
    )
    date_expiry = fields.Date(string="Valid Until", tracking=True)
    trainer_id = fields.Many2one(
        comodel_name="aftersales.service.center",
        string="Trained By",
        domain=[("center_type", "=", "head_office")],
        check_company=True,
    )
    is_valid = fields.Boolean(compute="_compute_is_valid", search="_search_is_valid")
    note = fields.Text()

    @api.depends("date_certified", "date_expiry")
    @api.depends_context("date")
    def _compute_is_valid(self):
        today = fields.Date.context_today(self)
        for certification in self:
            certification.is_valid = certification.date_certified <= today and (
                not certification.date_expiry or certification.date_expiry >= today
            )

    def _search_is_valid(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(operator)
        today = fields.Date.context_today(self)
        domain = [
            ("date_certified", "<=", today),
            "|",
            ("date_expiry", "=", False),
            ("date_expiry", ">=", today),
        ]
        return domain if (operator == "=") == bool(value) else ["!"] + domain

    @api.depends("categ_id", "service_center_id", "user_id")
    def _compute_display_name(self):
        for certification in self:
            provider = certification.service_center_id or certification.user_id
            certification.display_name = (
                f"{provider.display_name} - {certification.categ_id.display_name}"
            )

    @api.constrains(
        "provider_type", "service_center_id", "user_id", "date_certified", "date_expiry"
    )
    def _check_provider(self):
        for certification in self:
            provider = (
                certification.service_center_id
                if certification.provider_type == "agent"
                else certification.user_id
            )
            if not provider:
                raise ValidationError(
                    self.env._(
                        "Certification for %(category)s: choose the agent workshop or the "
                        "technician it was given to.",
                        category=certification.categ_id.display_name,
                    )
                )
            if certification.date_expiry and certification.date_expiry < (
                certification.date_certified
            ):
                raise ValidationError(
                    self.env._(
                        "Certification %(name)s: it expires (%(expiry)s) before it was given "
                        "(%(given)s). Correct the dates.",
                        name=certification.display_name,
                        expiry=certification.date_expiry,
                        given=certification.date_certified,
                    )
                )

    @api.model
    def _uncertified(self, pairs):
        """Among (provider, product category) pairs, those without a valid
        certification. A provider is an agent center or a technician user."""
        centers = self.env["aftersales.service.center"].union(
            *[p for p, _c in pairs if p._name == "aftersales.service.center"]
        )
        users = self.env["res.users"].union(*[p for p, _c in pairs if p._name == "res.users"])
        if not centers and not users:
            return []
        certifications = self.search(
            [
                ("is_valid", "=", True),
                "|",
                ("service_center_id", "in", centers.ids),
                ("user_id", "in", users.ids),
            ]
        )
        certified = {}
        for certification in certifications:
            provider = certification.service_center_id or certification.user_id
            certified.setdefault(provider, set()).add(certification.categ_id.id)
        missing = []
        for provider, categ in pairs:
            category_path = {int(x) for x in (categ.parent_path or "").split("/") if x}
            if not category_path & certified.get(provider, set()):
                missing.append((provider, categ))
        return missing
