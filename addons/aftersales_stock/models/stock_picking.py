# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    aftersales_ticket_id = fields.Many2one(
        comodel_name="aftersales.ticket",
        string="After-Sales Case",
        index="btree_not_null",
        copy=False,
        check_company=True,
        readonly=True,
    )
    aftersales_loaner_id = fields.Many2one(
        comodel_name="aftersales.loaner",
        string="Loaner",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )

    def action_view_aftersales_ticket(self):
        self.ensure_one()
        return self.aftersales_ticket_id._get_records_action(context={})
