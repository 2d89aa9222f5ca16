# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

# what a done after-sales move must keep: its history is the case's history
LOCKED_MOVE_FIELDS = {
    "product_id",
    "product_uom_qty",
    "quantity",
    "product_uom",
    "location_id",
    "location_dest_id",
    "lot_ids",
}


class StockMove(models.Model):
    _inherit = "stock.move"

    aftersales_ticket_id = fields.Many2one(
        comodel_name="aftersales.ticket",
        string="After-Sales Case",
        index="btree_not_null",
        copy=False,
        check_company=True,
        readonly=True,
    )
    aftersales_fit_state = fields.Selection(
        selection=[("fits", "Fits"), ("not_fitting", "Does Not Fit"), ("unknown", "Unknown")],
        string="Fit",
        compute="_compute_aftersales_fit_state",
        help="Whether the part is listed as fitting the device model of the unit repaired.",
    )

    @api.depends("product_id", "repair_id.product_id")
    def _compute_aftersales_fit_state(self):
        for move in self:
            device = move.repair_id.product_id.product_tmpl_id.device_model_id
            part_models = move.product_id.compatible_device_model_ids
            if not (move.repair_id and device and part_models):
                move.aftersales_fit_state = "unknown"
            elif device._is_fitted_by(part_models):
                move.aftersales_fit_state = "fits"
            else:
                move.aftersales_fit_state = "not_fitting"

    @api.onchange("product_id")
    def _onchange_product_id_aftersales_fit(self):
        if self.repair_id and self.aftersales_fit_state == "not_fitting":
            return {
                "warning": {
                    "title": self.env._("This part does not fit the unit"),
                    "message": self._aftersales_not_fitting_message(),
                }
            }

    def _aftersales_not_fitting_message(self):
        self.ensure_one()
        return self.env._(
            "%(part)s is not listed as fitting %(unit)s (it fits %(models)s). Check the part "
            "before using it; the fitting parts of the unit are offered first.",
            part=self.product_id.display_name,
            unit=self.repair_id.product_id.display_name,
            models=", ".join(self.product_id.compatible_device_model_ids.mapped("display_name")),
        )

    @api.model_create_multi
    def create(self, vals_list):
        repairs = self.env["repair.order"].browse(
            {vals["repair_id"] for vals in vals_list if vals.get("repair_id")}
        )
        if repairs:
            # a part goes on a repair only for who may change the repair
            repairs.check_access("write")
            if repairs.aftersales_ticket_id:
                self.env["res.users"]._aftersales_check_can_change_work(self.env._("parts"))
            for vals in vals_list:
                repair = repairs.browse(vals.get("repair_id"))
                if repair.aftersales_ticket_id and not vals.get("aftersales_ticket_id"):
                    vals["aftersales_ticket_id"] = repair.aftersales_ticket_id.id
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("repair_id"):
            self.env["repair.order"].browse(vals["repair_id"]).check_access("write")
        if self.repair_id and {"product_id", "product_uom_qty", "repair_line_type"} & set(vals):
            self.repair_id.check_access("write")
            if self.repair_id.aftersales_ticket_id:
                self.env["res.users"]._aftersales_check_can_change_work(self.env._("parts"))
        if LOCKED_MOVE_FIELDS.intersection(vals):
            self._aftersales_ensure_not_done()
        return super().write(vals)

    def _aftersales_ensure_not_done(self):
        done = self.filtered(lambda m: m.state == "done" and m.aftersales_ticket_id)
        if done:
            moves = "\n".join(
                f"- {move.reference or move.origin}: {move.product_id.display_name} "
                f"({move.aftersales_ticket_id.name})"
                for move in done
            )
            raise UserError(
                self.env._(
                    "These moves of after-sales cases are done and cannot be edited: "
                    "return the parts with a new transfer instead, so that the case keeps "
                    "its history.\n%(moves)s",
                    moves=moves,
                )
            )

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        # serials delivered to customers enter the installed base
        self.env["aftersales.equipment"]._register_delivered_units(moves.move_line_ids)
        return moves

    # the quotation of a case's repair follows the parts the technician
    # adds or removes: a consequence of the repair, which the technician may
    # change without rights on sales
    def _create_repair_sale_order_line(self):
        return self._aftersales_sync_repair_quotation("_create_repair_sale_order_line")

    def _update_repair_sale_order_line(self):
        return self._aftersales_sync_repair_quotation("_update_repair_sale_order_line")

    def _clean_repair_sale_order_line(self):
        return self._aftersales_sync_repair_quotation("_clean_repair_sale_order_line")

    def _aftersales_sync_repair_quotation(self, method):
        """Odoo's ``method`` syncing the repair's quotation, as superuser for
        the moves of a case's repair."""
        case_moves = self.filtered(lambda m: m.repair_id.aftersales_ticket_id)
        getattr(super(StockMove, self - case_moves), method)()
        return getattr(super(StockMove, case_moves.sudo()), method)()
