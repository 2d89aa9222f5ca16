# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    aftersales_equipment_ids = fields.One2many(
        comodel_name="aftersales.equipment",
        inverse_name="partner_id",
        string="Installed Equipment",
    )
    aftersales_ticket_ids = fields.One2many(
        comodel_name="aftersales.ticket",
        inverse_name="partner_id",
        string="After-Sales Cases",
    )
    aftersales_equipment_count = fields.Integer(
        string="Equipment Count", compute="_compute_aftersales_counts"
    )
    aftersales_ticket_count = fields.Integer(
        string="After-Sales Case Count", compute="_compute_aftersales_counts"
    )
    aftersales_open_ticket_count = fields.Integer(
        string="Open After-Sales Case Count", compute="_compute_aftersales_counts"
    )

    def _compute_aftersales_counts(self):
        """Counts cover the partner and its contacts: a case opened by a
        contact person is a case of their company too."""
        equipment_model = self.env["aftersales.equipment"]
        ticket_model = self.env["aftersales.ticket"]
        for partner in self:
            if not partner.id:
                partner.aftersales_equipment_count = 0
                partner.aftersales_ticket_count = 0
                partner.aftersales_open_ticket_count = 0
                continue
            domain = [("partner_id", "child_of", partner.id)]
            partner.aftersales_equipment_count = equipment_model.search_count(domain)
            partner.aftersales_ticket_count = ticket_model.search_count(domain)
            partner.aftersales_open_ticket_count = ticket_model.search_count(
                domain + [("is_closed", "=", False)]
            )

    def _aftersales_service_address(self):
        """Address used to route a case to the nearest service center."""
        self.ensure_one()
        return {
            "country_id": self.country_id.id,
            "state_id": self.state_id.id,
            "city": (self.city or "").strip().casefold(),
            "zip": (self.zip or "").strip(),
        }

    def action_view_aftersales_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_reception.aftersales_ticket_action"
        )
        action["domain"] = [("partner_id", "child_of", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_view_aftersales_equipment(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_reception.aftersales_equipment_action"
        )
        action["domain"] = [("partner_id", "child_of", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
