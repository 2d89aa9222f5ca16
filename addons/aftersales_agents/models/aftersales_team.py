# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AftersalesTeam(models.Model):
    """Assignment to members certified for the case's product category."""

    _inherit = "aftersales.team"

    assign_method = fields.Selection(
        selection_add=[("certified", "Certified for the Product")],
        ondelete={"certified": "set default"},
    )

    def _assign_candidates(self, tickets, members):
        """For a team assigning by certification, only the members with a
        valid certification (today) for the case's product category or one of
        its parents take it; among them, the fewest open cases. A case without
        a product needs no certification."""
        candidates = super()._assign_candidates(tickets, members)
        if self.assign_method != "certified":
            return candidates
        certifications = (
            self.env["aftersales.certification"]
            .sudo()
            .search(
                [
                    ("is_valid", "=", True),
                    ("user_id", "in", members.ids),
                    ("company_id", "in", [self.company_id.id]),
                ]
            )
        )
        certified = {}
        for certification in certifications:
            certified.setdefault(certification.categ_id.id, set()).add(certification.user_id.id)
        for ticket, users in candidates.items():
            category = ticket.product_id.categ_id
            if not category:
                continue
            path = [int(x) for x in (category.parent_path or "").split("/") if x]
            allowed = set().union(*(certified.get(categ_id, set()) for categ_id in path))
            candidates[ticket] = users.filtered(lambda u, allowed=allowed: u.id in allowed)
        return candidates
