# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

RECEPTION_GROUP = "aftersales_reception.group_aftersales_reception"


class ResUsers(models.Model):
    _inherit = "res.users"

    aftersales_service_center_ids = fields.Many2many(
        comodel_name="aftersales.service.center",
        relation="aftersales_service_center_user_rel",
        column1="user_id",
        column2="center_id",
        string="After-Sales Service Centers",
        help="Service centers this person works at; technicians see their cases.",
    )

    def _aftersales_observer_groups(self):
        """External ids of the roles that check the work done on cases
        without doing it (quality inspection, satisfaction calls). The addons
        that define such roles add theirs."""
        return []

    def _aftersales_only_observes_work(self):
        """True when the user's after-sales roles only check the work on
        cases: they read its work and part lines but do not change them
        (reception and managers do)."""
        self.ensure_one()
        if self._is_superuser() or self.has_group(RECEPTION_GROUP):
            return False
        return any(self.has_group(group) for group in self._aftersales_observer_groups())

    @api.model
    def _aftersales_check_can_change_work(self, what):
        """Refuse a change of the work on a case (``what`` says which lines)
        to users who only check it, at the ORM, whatever door they use."""
        if self.env.su or not self.env.user._aftersales_only_observes_work():
            return
        raise AccessError(
            self.env._(
                "%(user)s checks the work on cases (quality inspection, satisfaction calls) "
                "and cannot change its %(what)s: ask the case's technician or reception.",
                user=self.env.user.name,
                what=what,
            )
        )
