# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.aftersales_reception.models.aftersales_ticket import SERVICE_TYPES


class AftersalesQcTemplate(models.Model):
    """A quality checklist: the ordered steps an inspector goes through before
    a repaired unit is handed back."""

    _name = "aftersales.qc.template"
    _description = "After-Sales QC Checklist"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        help="Leave empty to use the checklist in every company.",
    )
    categ_ids = fields.Many2many(
        comodel_name="product.category",
        relation="aftersales_qc_template_categ_rel",
        column1="template_id",
        column2="categ_id",
        string="Product Categories",
        tracking=True,
        help="Units of these categories (and their sub-categories) use this checklist. "
        "Leave empty for every category.",
    )
    service_type = fields.Selection(
        selection=SERVICE_TYPES,
        tracking=True,
        help="Cases of this service type use this checklist. Leave empty for every "
        "service type except consultations.",
    )
    required_for_agents = fields.Boolean(
        string="Required at Agent Workshops",
        tracking=True,
        help="The check is always required for repairs done in the company's own "
        "workshops and at the head office; at agent workshops it is optional unless "
        "this box is ticked.",
    )
    step_ids = fields.One2many(
        comodel_name="aftersales.qc.template.step",
        inverse_name="template_id",
        string="Steps",
        copy=True,
    )
    step_count = fields.Integer(compute="_compute_step_count")
    description = fields.Html(translate=True)

    @api.depends("step_ids")
    def _compute_step_count(self):
        for template in self:
            template.step_count = len(template.step_ids)

    @api.constrains("step_ids", "active")
    def _check_steps(self):
        for template in self.filtered("active"):
            if not template.step_ids:
                raise ValidationError(
                    self.env._(
                        "The QC checklist %(name)s has no step: add at least one step to "
                        "check, or archive the checklist.",
                        name=template.name,
                    )
                )

    def _matches(self, ticket):
        """Whether this checklist applies to ``ticket``; returns a sort key
        (more specific first) or None."""
        self.ensure_one()
        if self.company_id and self.company_id != ticket.company_id:
            return None
        if self.service_type:
            if self.service_type != ticket.service_type:
                return None
        elif ticket.service_type == "consultation":
            return None
        depth = 0
        if self.categ_ids:
            categ = ticket.product_id.categ_id
            if not categ:
                return None
            # parent_path is "1/4/9/": the closest matching ancestor wins
            ancestors = [int(x) for x in (categ.parent_path or "").split("/") if x]
            matching = [ancestors.index(c.id) for c in self.categ_ids if c.id in ancestors]
            if not matching:
                return None
            depth = max(matching) + 1
        return (-bool(self.service_type), -depth, self.sequence, self.id)

    @api.model
    def _find_for_tickets(self, tickets):
        """The checklist of each ticket: {ticket: template or empty recordset}."""
        # read with what _matches tests, in the search's query
        templates = self.search_fetch(
            [("company_id", "in", tickets.company_id.ids + [False])],
            ["company_id", "service_type", "categ_ids", "sequence", "required_for_agents"],
            order="sequence, id",
        )
        result = {}
        for ticket in tickets:
            keyed = [(t._matches(ticket), t) for t in templates]
            keyed = [(key, t) for key, t in keyed if key is not None]
            result[ticket] = min(keyed, key=lambda kt: kt[0])[1] if keyed else self.browse()
        return result


class AftersalesQcTemplateStep(models.Model):
    _name = "aftersales.qc.template.step"
    _description = "After-Sales QC Checklist Step"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        comodel_name="aftersales.qc.template",
        string="Checklist",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Step", required=True, translate=True)
    instructions = fields.Text(translate=True, help="What to check and how, for the inspector.")
    measurement_required = fields.Boolean(
        help="The inspector must record a measured value for this step."
    )
    unit = fields.Char(help="Unit of the measured value, e.g. V, °C, bar, dB.")
    min_value = fields.Float(string="Minimum", help="Lowest acceptable value.")
    max_value = fields.Float(string="Maximum", help="Highest acceptable value.")
    has_tolerance = fields.Boolean(
        string="Check Range",
        help="Values outside the minimum and maximum fail the step.",
    )

    @api.constrains("has_tolerance", "min_value", "max_value", "measurement_required")
    def _check_tolerance(self):
        for step in self:
            if step.has_tolerance and not step.measurement_required:
                raise ValidationError(
                    self.env._(
                        "Step %(step)s of checklist %(template)s: an acceptable range only "
                        "makes sense for a measured step; tick 'Measurement Required'.",
                        step=step.name,
                        template=step.template_id.name,
                    )
                )
            if step.has_tolerance and step.min_value > step.max_value:
                raise ValidationError(
                    self.env._(
                        "Step %(step)s of checklist %(template)s: the minimum (%(min)s) is "
                        "above the maximum (%(max)s).",
                        step=step.name,
                        template=step.template_id.name,
                        min=step.min_value,
                        max=step.max_value,
                    )
                )
