# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import binascii

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# what the customer's portal page reads of the hand-back
PORTAL_HANDBACK_FIELDS = {
    "handback_ready",
    "handback_signature",
    "handback_signed_by",
    "handback_signed_on",
}


class AftersalesTicket(models.Model):
    """Hand-back of the work to the customer: their signature, photos of the
    unit before and after the work, and the hand-back report."""

    _inherit = "aftersales.ticket"  # pylint: disable=consider-merging-classes-inherited

    handback_ready = fields.Boolean(
        string="Ready for Hand-back",
        compute="_compute_handback_ready",
        help="The work is done and the case is not closed: the customer may sign for it.",
    )
    handback_signature = fields.Binary(string="Customer Signature", attachment=True, copy=False)
    handback_signed_by = fields.Char(string="Signed By", copy=False, tracking=True)
    handback_signed_on = fields.Datetime(string="Signed On", copy=False, readonly=True)
    handback_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Handed Back By",
        copy=False,
        readonly=True,
        tracking=True,
    )
    handback_date = fields.Datetime(string="Handed Back On", copy=False, readonly=True)
    photo_before_ids = fields.Many2many(
        comodel_name="ir.attachment",
        relation="aftersales_ticket_photo_before_rel",
        column1="ticket_id",
        column2="attachment_id",
        string="Photos Before",
        copy=False,
        help="Photos of the unit as it came, before the work.",
    )
    photo_after_ids = fields.Many2many(
        comodel_name="ir.attachment",
        relation="aftersales_ticket_photo_after_rel",
        column1="ticket_id",
        column2="attachment_id",
        string="Photos After",
        copy=False,
        help="Photos of the unit as it is handed back, after the work.",
    )

    @api.depends("stage_type")
    def _compute_handback_ready(self):
        for ticket in self:
            ticket.handback_ready = ticket.stage_type == "done"

    @api.constrains("handback_signature")
    def _check_handback_signature(self):
        for ticket in self.filtered("handback_signature"):
            if ticket.stage_type not in ("done", "closed"):
                raise ValidationError(
                    self.env._(
                        "Case %(case)s is not ready for hand-back (stage %(stage)s): the "
                        "customer signs once the work is done.",
                        case=ticket.name,
                        stage=ticket.stage_id.name,
                    )
                )

    def _portal_readable_fields(self):
        return super()._portal_readable_fields() | PORTAL_HANDBACK_FIELDS

    def _action_hand_back_unit(self):
        picking = super()._action_hand_back_unit()
        self.sudo().write(
            {"handback_user_id": self.env.uid, "handback_date": fields.Datetime.now()}
        )
        return picking

    def action_print_handback(self):
        return self.env.ref("aftersales_stock.action_report_aftersales_handback").report_action(
            self
        )

    def _aftersales_sign_handback(self, name, signature):
        """The customer signs for the work handed back.

        :param name: the name the customer signs with
        :param signature: the signature image, base64 encoded
        """
        self.ensure_one()
        if not self.handback_ready:
            raise UserError(
                self.env._(
                    "Case %(case)s is not ready for hand-back: the customer signs once the "
                    "work is done.",
                    case=self.name,
                )
            )
        if self.handback_signature:
            raise UserError(self.env._("Case %(case)s is signed for already.", case=self.name))
        name = (name or "").strip()
        if not name:
            raise UserError(self.env._("Type your name above the signature."))
        if not signature or not isinstance(signature, str):
            raise UserError(self.env._("The signature is empty: sign in the box."))
        try:
            image = base64.b64decode(signature, validate=True)
        except (binascii.Error, ValueError) as error:
            raise UserError(self.env._("The signature could not be read: sign again.")) from error
        if not image:
            raise UserError(self.env._("The signature is empty: sign in the box."))
        now = fields.Datetime.now()
        values = {
            "handback_signature": signature,
            "handback_signed_by": name,
            "handback_signed_on": now,
        }
        if not self.handback_user_id:
            values.update(
                handback_user_id=(self.technician_id or self.user_id).id,
                handback_date=now,
            )
        self.write(values)
        pdf = (
            self.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf("aftersales_stock.action_report_aftersales_handback", self.ids)[0]
        )
        self.message_post(
            body=self.env._("Hand-back signed by %(name)s.", name=name),
            attachments=[(f"Hand-back {self.name.replace('/', '-')}.pdf", pdf)],
            author_id=(
                self.partner_id.id if self.env.user._is_public() else self.env.user.partner_id.id
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return True
