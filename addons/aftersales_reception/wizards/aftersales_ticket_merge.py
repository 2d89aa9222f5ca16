# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class AftersalesTicketMerge(models.TransientModel):
    """Merge duplicate cases of one customer into the case that is kept."""

    _name = "aftersales.ticket.merge"
    _description = "Merge After-Sales Cases"

    ticket_ids = fields.Many2many(
        comodel_name="aftersales.ticket",
        string="Cases",
        help="The cases to merge, the kept one included.",
    )
    target_id = fields.Many2one(
        comodel_name="aftersales.ticket",
        string="Case to Keep",
        compute="_compute_target_id",
        store=True,
        readonly=False,
        help="The case that takes over the history of the others; they are archived.",
    )
    partner_id = fields.Many2one(related="target_id.partner_id", string="Customer")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if (
            "ticket_ids" in fields_list
            and not values.get("ticket_ids")
            and context.get("active_model") == "aftersales.ticket"
        ):
            ids = context.get("active_ids") or [context.get("active_id")]
            values["ticket_ids"] = [fields.Command.set([i for i in ids if i])]
        return values

    @api.depends("ticket_ids")
    def _compute_target_id(self):
        for wizard in self:
            if wizard.target_id not in wizard.ticket_ids:
                # the earliest case: the customer's first contact
                wizard.target_id = wizard.ticket_ids.sorted(
                    lambda t: (t.date_received, t._origin.id or 0)
                )[:1]

    def action_merge(self):
        self.ensure_one()
        if not self.env.user.has_group("aftersales_reception.group_aftersales_reception"):
            raise AccessError(self.env._("Only reception and after-sales managers merge cases."))
        target = self.target_id
        if not target:
            raise UserError(self.env._("Choose the case to keep."))
        if target not in self.ticket_ids:
            raise UserError(
                self.env._(
                    "The case to keep, %(ref)s, must be one of the cases to merge.",
                    ref=target.name,
                )
            )
        sources = self.ticket_ids - target
        if not sources:
            raise UserError(
                self.env._("Select at least two cases: the one to keep and one to merge into it.")
            )
        (sources | target).check_access("write")
        sources._merge_into(target)
        return target._get_records_action(context={})
