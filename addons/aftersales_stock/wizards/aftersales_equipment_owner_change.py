# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import AccessError, UserError

RECEPTION_GROUP = "aftersales_reception.group_aftersales_reception"


class AftersalesEquipmentOwnerChange(models.TransientModel):
    """Move a unit of the installed base to a new owner (a unit sold on, a
    serial delivered to someone else), with a reason that stays on the unit's
    chatter."""

    _name = "aftersales.equipment.owner.change"
    _description = "Change the Owner of a Unit"

    equipment_id = fields.Many2one(
        comodel_name="aftersales.equipment", required=True, ondelete="cascade"
    )
    current_partner_id = fields.Many2one(related="equipment_id.partner_id", string="Current Owner")
    partner_id = fields.Many2one(comodel_name="res.partner", string="New Owner", required=True)
    reason = fields.Text(required=True)
    ticket_id = fields.Many2one(
        comodel_name="aftersales.ticket",
        string="Case",
        ondelete="cascade",
        help="The case that found the unit with its new owner; the change is noted on it too.",
    )

    def action_apply(self):
        self.ensure_one()
        if not (self.env.su or self.env.user.has_group(RECEPTION_GROUP)):
            raise AccessError(
                self.env._(
                    "Only reception and after-sales managers move a unit to a new owner: "
                    "the owner decides who gets the warranty."
                )
            )
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the unit changes owner: the reason is required."))
        unit = self.equipment_id
        unit.check_access("write")
        new_owner = self.partner_id
        old_owner = unit.partner_id
        if new_owner == old_owner:
            raise UserError(
                self.env._(
                    "%(partner)s already owns %(unit)s: choose the new owner.",
                    partner=new_owner.display_name,
                    unit=unit.display_name,
                )
            )
        # the reason checked above stands for the right to change the owner
        unit.sudo().write({"partner_id": new_owner.id})
        body = self.env._(
            "Owner of %(unit)s changed from %(old)s to %(new)s. Reason: %(reason)s",
            unit=unit.display_name,
            old=old_owner.display_name,
            new=new_owner.display_name,
            reason=reason,
        )
        unit.message_post(body=body, subtype_xmlid="mail.mt_note")
        if self.ticket_id:
            self.ticket_id.message_post(body=body, subtype_xmlid="mail.mt_note")
        return {"type": "ir.actions.act_window_close"}
