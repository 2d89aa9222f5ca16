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
    aftersales_customer_tier = fields.Selection(
        selection=[("standard", "Standard"), ("gold", "Gold"), ("platinum", "Platinum")],
        string="After-Sales Tier",
        default="standard",
        help="Service level the customer is entitled to: SLA policies can target a tier. "
        "The tier of a company applies to its contacts.",
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
        contact person is a case of their company too. One query per model
        for the whole batch of partners."""
        self.aftersales_equipment_count = 0
        self.aftersales_ticket_count = 0
        self.aftersales_open_ticket_count = 0
        partners = self.filtered("id")
        if not partners:
            return
        # the partners and all their contacts, with their parents to climb up
        family = (
            self.with_context(active_test=False)
            .sudo()
            .search_fetch([("id", "child_of", partners.ids)], ["parent_id"], order="id")
        )
        equipment_counts = self.env["aftersales.equipment"]._read_group(
            [("partner_id", "in", family.ids)], ["partner_id"], ["__count"]
        )
        ticket_counts = self.env["aftersales.ticket"]._read_group(
            [("partner_id", "in", family.ids)], ["partner_id", "is_closed"], ["__count"]
        )
        own_ids = set(partners.ids)
        family_ids = set(family.ids)

        def ancestors(partner):
            """The partners of ``self`` that ``partner`` counts for: itself
            and its parents, up to where the fetched family ends."""
            partner = partner.sudo()
            while partner.id in family_ids:
                if partner.id in own_ids:
                    yield self.browse(partner.id)
                partner = partner.parent_id

        for partner, count in equipment_counts:
            for counted in ancestors(partner):
                counted.aftersales_equipment_count += count
        for partner, is_closed, count in ticket_counts:
            for counted in ancestors(partner):
                counted.aftersales_ticket_count += count
                if not is_closed:
                    counted.aftersales_open_ticket_count += count

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
