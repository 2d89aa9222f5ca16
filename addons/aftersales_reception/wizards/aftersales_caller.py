# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

# how many of the caller's last contacts the card shows
LAST_CONTACTS = 10


class AftersalesCaller(models.TransientModel):
    """The caller card: from a phone number, at once, who is calling, their
    units and warranties, their open cases and their last contacts, so that
    reception answers without asking the customer to repeat their story."""

    _name = "aftersales.caller"
    _description = "After-Sales Caller Card"
    _order = "id desc"
    _rec_name = "number"

    number = fields.Char(string="Phone Number", help="The caller's number, in any format.")
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, default=lambda self: self.env.company
    )
    partner_ids = fields.Many2many(
        comodel_name="res.partner",
        string="Contacts with this Number",
        compute="_compute_partner_ids",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        help="The customer the number belongs to; pick another when several share it.",
    )
    partner_count = fields.Integer(
        string="Number of Contacts with this Number", compute="_compute_partner_ids"
    )
    is_unknown = fields.Boolean(string="Unknown Caller", compute="_compute_partner_ids")
    partner_phone = fields.Char(related="partner_id.phone", string="Phone")
    partner_mobile = fields.Char(related="partner_id.mobile", string="Mobile")
    partner_email = fields.Char(related="partner_id.email", string="Email")
    equipment_ids = fields.Many2many(
        comodel_name="aftersales.equipment",
        string="Units",
        compute="_compute_cases",
    )
    ticket_ids = fields.Many2many(
        comodel_name="aftersales.ticket",
        string="Open Cases",
        compute="_compute_cases",
    )
    closed_ticket_count = fields.Integer(string="Closed Cases", compute="_compute_cases")
    message_ids = fields.Many2many(
        comodel_name="mail.message",
        string="Last Contacts",
        compute="_compute_cases",
    )

    @api.depends("number", "company_id")
    def _compute_partner_ids(self):
        partner_model = self.env["res.partner"]
        for caller in self:
            partners = partner_model._aftersales_search_by_phone(caller.number, caller.company_id)
            caller.partner_ids = partners
            caller.partner_count = len(partners)
            caller.is_unknown = (
                bool(
                    partner_model._aftersales_phone_key(caller.number, caller.company_id.country_id)
                )
                and not partners
            )

    @api.depends("partner_ids")
    def _compute_partner_id(self):
        for caller in self:
            # in a form, the contacts are new records standing for the stored ones
            partners = caller.partner_ids._origin
            if caller.partner_id._origin not in partners:
                caller.partner_id = partners[:1]

    @api.depends("partner_id", "number", "company_id")
    def _compute_cases(self):
        ticket_model = self.env["aftersales.ticket"]
        for caller in self:
            commercial = caller.partner_id._origin.commercial_partner_id
            tickets = ticket_model.browse()
            if commercial:
                tickets = ticket_model.search(
                    [("commercial_partner_id", "=", commercial.id)],
                    order="date_received desc, id desc",
                )
            if caller.number:
                tickets |= ticket_model._open_cases_by_phone(
                    caller.number, caller.company_id, caller.partner_id._origin
                )
            caller.ticket_ids = tickets.filtered(lambda t: not t.is_closed)
            caller.closed_ticket_count = len(tickets.filtered("is_closed"))
            caller.equipment_ids = (
                self.env["aftersales.equipment"].search(
                    [("partner_id", "child_of", commercial.id)], order="warranty_end_date desc"
                )
                if commercial
                else False
            )
            caller.message_ids = (
                self.env["mail.message"].search(
                    [
                        ("model", "=", "aftersales.ticket"),
                        ("res_id", "in", tickets.ids),
                        ("message_type", "in", ("comment", "email", "sms")),
                    ],
                    order="date desc, id desc",
                    limit=LAST_CONTACTS,
                )
                if tickets
                else False
            )

    def action_new_case(self):
        """A new case for the caller, on the phone channel: their customer,
        or only their number when nobody has it (no contact is invented)."""
        self.ensure_one()
        context = {
            "default_channel": "phone",
            "default_partner_id": self.partner_id.id,
        }
        if not self.partner_id:
            context["default_partner_phone"] = self.number
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Case"),
            "res_model": "aftersales.ticket",
            "views": [(False, "form")],
            "view_mode": "form",
            "target": "current",
            "context": context,
        }

    def action_view_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_reception.aftersales_ticket_action"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.partner_id.commercial_partner_id.id)
        ]
        action["context"] = {}
        return action
