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
        contact person is a case of their company too, and of the contact
        above them. One read group per model for the whole batch of partners,
        found through the commercial partner stored on each case (a company
        under another company counts its own cases)."""
        self.aftersales_equipment_count = 0
        self.aftersales_ticket_count = 0
        self.aftersales_open_ticket_count = 0
        partners = self.filtered("id")
        if not partners:
            return
        own_ids = set(partners.ids)
        partners_sudo = partners.sudo().with_context(active_test=False)
        # the companies of the partners and all their contacts (archived ones
        # too), with what it takes to climb up from a contact, in one query;
        # the counts then read the cases and units by plain id lists, which
        # their indexes answer at any size
        commercial_ids = partners_sudo.commercial_partner_id.ids
        contacts = partners_sudo.search_fetch(
            [("commercial_partner_id", "in", commercial_ids)],
            ["parent_id", "commercial_partner_id"],
        )
        ticket_groups = self.env["aftersales.ticket"]._read_group(
            [("commercial_partner_id", "in", commercial_ids)],
            ["partner_id", "is_closed"],
            ["__count"],
        )
        equipment_groups = self.env["aftersales.equipment"]._read_group(
            [("partner_id", "in", contacts.ids)],
            ["partner_id"],
            ["__count"],
        )

        def counted(partner):
            """The partners of ``self`` that a case or unit of ``partner``
            counts for: itself and the contacts above it, up to its
            commercial partner."""
            partner = partners_sudo.browse(partner.id)
            while partner:
                if partner.id in own_ids:
                    yield self.browse(partner.id)
                if partner == partner.commercial_partner_id:
                    break
                partner = partner.parent_id

        for partner, count in equipment_groups:
            for record in counted(partner):
                record.aftersales_equipment_count += count
        for partner, is_closed, count in ticket_groups:
            for record in counted(partner):
                record.aftersales_ticket_count += count
                if not is_closed:
                    record.aftersales_open_ticket_count += count

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
