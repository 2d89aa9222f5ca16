# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup, escape

from odoo import fields, models
from odoo.exceptions import UserError


class AftersalesTicket(models.Model):
    """Merge of duplicate cases: one case survives and takes over the
    history, documents, followers, activities and links of the others, which
    are archived with a link to it.

    Only open cases of the same customer and company are merged: a closed case
    keeps the history it was closed with, so it is neither merged away nor
    merged into."""

    _inherit = "aftersales.ticket"  # pylint: disable=consider-merging-classes-inherited

    merged_into_id = fields.Many2one(
        comodel_name="aftersales.ticket",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="This case was merged into that one, which holds its history now.",
    )

    def _check_merge_into(self, target):
        """Refuse with a UserError a merge of these cases into ``target``."""
        target.ensure_one()
        if target in self:
            raise UserError(
                self.env._(
                    "Case %(ref)s cannot be merged into itself: choose another case to keep.",
                    ref=target.name,
                )
            )
        merged = (self | target).filtered(lambda t: t.merged_into_id or not t.active)
        if merged:
            raise UserError(
                self.env._(
                    "Archived or already merged cases cannot be merged.\n"
                    "Concerned case(s):\n%(refs)s",
                    refs="\n".join(merged.mapped("name")),
                )
            )
        closed = (self | target).filtered("is_closed")
        if closed:
            raise UserError(
                self.env._(
                    "Closed cases keep the history they were closed with and cannot be "
                    "merged; reopen them first if they really are duplicates.\n"
                    "Concerned case(s):\n%(refs)s",
                    refs="\n".join(closed.mapped("name")),
                )
            )
        other_company = self.filtered(lambda t: t.company_id != target.company_id)
        if other_company:
            raise UserError(
                self.env._(
                    "Only cases of one company are merged: %(target)s belongs to %(company)s.\n"
                    "Concerned case(s):\n%(refs)s",
                    target=target.name,
                    company=target.company_id.name,
                    refs="\n".join(f"{t.name} ({t.company_id.name})" for t in other_company),
                )
            )
        customer = target.commercial_partner_id
        other_customer = self.filtered(
            lambda t: not customer or t.commercial_partner_id != customer
        )
        if other_customer:
            raise UserError(
                self.env._(
                    "Only cases of one customer are merged: %(target)s is the case of "
                    "%(customer)s. Set the right customer on the cases first.\n"
                    "Concerned case(s):\n%(refs)s",
                    target=target.name,
                    customer=customer.display_name or self.env._("no customer"),
                    refs="\n".join(
                        f"{t.name} ({t.partner_id.display_name or '-'})" for t in other_customer
                    ),
                )
            )

    def _merge_into(self, target):
        """Merge these cases into ``target``: their messages, attachments,
        followers, activities and follow-up cases move to it, a note on each
        side tells what happened, and they are archived with a link to it.

        Other after-sales addons extend it to move the links they keep
        (repairs, transfers, ...): they move theirs before calling super."""
        self._check_merge_into(target)
        sources = self
        # the history of the merged cases joins the surviving case
        self.env["mail.message"].sudo().search(
            [("model", "=", self._name), ("res_id", "in", sources.ids)]
        ).write({"res_id": target.id})
        self.env["ir.attachment"].sudo().search(
            [("res_model", "=", self._name), ("res_id", "in", sources.ids)]
        ).write({"res_id": target.id})
        self.env["mail.activity"].sudo().search(
            [("res_model", "=", self._name), ("res_id", "in", sources.ids)]
        ).write({"res_id": target.id})
        known = target.sudo().message_partner_ids
        for follower in sources.sudo().message_follower_ids:
            if follower.partner_id in known:
                continue
            known |= follower.partner_id
            target.sudo().message_subscribe(
                partner_ids=follower.partner_id.ids, subtype_ids=follower.subtype_ids.ids
            )
        followups = sources.sudo().followup_ticket_ids - target
        if followups:
            followups.origin_ticket_id = target
        sources.sudo().write({"merged_into_id": target.id, "active": False})
        for source in sources:
            target.message_post(
                body=Markup("%s<br/>%s")
                % (
                    self.env._(
                        "Case %(case)s was merged into this case: its history, documents "
                        "and activities are here now.",
                        case=source._get_html_link(),
                    ),
                    escape(source.summary or source.fault_description or ""),
                ),
                subtype_xmlid="mail.mt_note",
            )
            source.message_post(
                body=self.env._(
                    "This case was merged into %(case)s, which holds its history now.",
                    case=target._get_html_link(),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return target
