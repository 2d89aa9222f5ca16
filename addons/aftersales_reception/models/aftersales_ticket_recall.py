# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AftersalesTicket(models.Model):
    """Cases opened by a recall campaign: one per unit and campaign, and the
    customer told through the campaign's notice."""

    _inherit = "aftersales.ticket"  # pylint: disable=consider-merging-classes-inherited

    recall_id = fields.Many2one(
        comodel_name="aftersales.recall",
        string="Recall Campaign",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
    )

    _sql_constraints = [
        (
            "recall_equipment_unique",
            "UNIQUE(recall_id, equipment_id)",
            "A recall campaign opens one case per unit.",
        ),
    ]

    def _notify_recall(self):
        """Send each recall case's customer the campaign's notice (through
        Odoo's mail queue), instead of the reception receipt, and note on the
        campaign's unit that the customer was reached. Customers without an
        email address are left to reception to call."""
        now = fields.Datetime.now()
        units = self.env["aftersales.recall.unit"].search([("ticket_id", "in", self.ids)])
        unit_by_ticket = {unit.ticket_id: unit for unit in units}
        for ticket in self.filtered("recall_id"):
            template = ticket.recall_id.mail_template_id
            ticket.receipt_pending = False
            if not template or not ticket.partner_id.email:
                continue
            ticket.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                email_layout_xmlid="mail.mail_notification_light",
            )
            if ticket in unit_by_ticket:
                unit_by_ticket[ticket].date_notified = now
