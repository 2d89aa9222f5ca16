# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
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
    aftersales_ticket_part_id = fields.Many2one(
        comodel_name="aftersales.ticket.part",
        string="Case Part Line",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The part line of the case this move consumes.",
    )
    aftersales_defective_part_id = fields.Many2one(
        comodel_name="aftersales.ticket.part",
        string="Case Part Line (Defective)",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The part line whose replaced defective part this move brings back.",
    )

    def write(self, vals):
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

    def _prepare_merge_moves_distinct_fields(self):
        # one move per part line: two lines of the same part stay apart
        distinct = super()._prepare_merge_moves_distinct_fields()
        return distinct + ["aftersales_ticket_part_id", "aftersales_defective_part_id"]

    def _prepare_move_split_vals(self, qty):
        vals = super()._prepare_move_split_vals(qty)
        vals["aftersales_ticket_id"] = self.aftersales_ticket_id.id
        vals["aftersales_ticket_part_id"] = self.aftersales_ticket_part_id.id
        vals["aftersales_defective_part_id"] = self.aftersales_defective_part_id.id
        return vals
