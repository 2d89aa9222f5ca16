# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

QUOTATION_STATES = [
    ("none", "No Quotation"),
    ("waiting", "Waiting for Acceptance"),
    ("accepted", "Accepted"),
    ("refused", "Refused"),
]


def quotation_state(orders):
    """Where the customer stands with these quotations: accepted once one is
    confirmed, refused when all are cancelled."""
    states = set(orders.mapped("state"))
    if not states:
        return "none"
    if "sale" in states:
        return "accepted"
    if states <= {"cancel"}:
        return "refused"
    return "waiting"


class RepairOrder(models.Model):
    """Odoo's repair order, opened from an after-sales case: its moves are
    the parts of the case, its sale order the quotation of a paid repair."""

    _inherit = "repair.order"

    aftersales_ticket_id = fields.Many2one(
        comodel_name="aftersales.ticket",
        string="After-Sales Case",
        index="btree_not_null",
        copy=False,
        readonly=True,
        check_company=True,
    )
    aftersales_device_model_id = fields.Many2one(
        related="product_id.product_tmpl_id.device_model_id", string="Device Model"
    )
    aftersales_quotation_state = fields.Selection(
        selection=QUOTATION_STATES,
        string="Quotation",
        compute="_compute_aftersales_quotation_state",
        compute_sudo=True,
        help="Where the customer stands with the quotation of this repair.",
    )

    @api.depends("sale_order_id.state")
    def _compute_aftersales_quotation_state(self):
        for repair in self:
            repair.aftersales_quotation_state = quotation_state(repair.sale_order_id)

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("aftersales_ticket_id") for vals in vals_list):
            self.env["res.users"]._aftersales_check_can_change_work(self.env._("repairs"))
        repairs = super().create(vals_list)
        repairs.filtered("aftersales_ticket_id")._aftersales_check_case()
        return repairs

    def write(self, vals):
        if self.filtered("aftersales_ticket_id"):
            self.env["res.users"]._aftersales_check_can_change_work(self.env._("repairs"))
        res = super().write(vals)
        if {"aftersales_ticket_id", "company_id", "partner_id"} & set(vals):
            self.filtered("aftersales_ticket_id")._aftersales_check_case()
        return res

    def _aftersales_check_case(self):
        for repair in self:
            case = repair.aftersales_ticket_id
            if case.company_id != repair.company_id:
                raise UserError(
                    self.env._(
                        "Repair order %(repair)s belongs to %(repair_company)s while case "
                        "%(case)s belongs to %(case_company)s: open the repair from the case, "
                        "in the case's company.",
                        repair=repair.name,
                        repair_company=repair.company_id.name,
                        case=case.name,
                        case_company=case.company_id.name,
                    )
                )

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_repair_start(self):
        self._aftersales_ensure_quotation_accepted()
        return super().action_repair_start()

    def action_repair_end(self):
        self._aftersales_ensure_quotation_accepted()
        self.filtered("aftersales_ticket_id")._aftersales_ensure_parts_reserved()
        return super().action_repair_end()

    def action_view_aftersales_ticket(self):
        self.ensure_one()
        return self.aftersales_ticket_id._get_records_action(context={})

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _aftersales_ensure_quotation_accepted(self):
        """No work on a paid repair before the customer accepted its
        quotation, where the company asks for it."""
        waiting = self.filtered(
            lambda r: (
                r.aftersales_ticket_id
                and not r.under_warranty
                and r.company_id.aftersales_quote_acceptance_required
                and r.aftersales_quotation_state != "accepted"
            )
        )
        if waiting:
            raise UserError(
                self.env._(
                    "The customer has not accepted the quotation of these paid repairs yet: "
                    "send the quotation (Create Quotation on the repair, then Send) and start "
                    "the work once it is signed.\n%(repairs)s",
                    repairs="\n".join(
                        f"- {r.name} ({r.aftersales_ticket_id.name}): "
                        + dict(
                            r._fields["aftersales_quotation_state"]._description_selection(self.env)
                        )[r.aftersales_quotation_state]
                        for r in waiting
                    ),
                )
            )

    def _aftersales_ensure_parts_reserved(self):
        """Parts of a case's repair are reserved before the repair ends:
        Odoo would drop a part with nothing reserved, and the case would lose
        what was used."""

        def short_of(move):
            return (
                float_compare(
                    move.quantity,
                    move.product_uom_qty,
                    precision_rounding=move.product_uom.rounding,
                )
                < 0
            )

        pending = self.move_ids.filtered(
            lambda m: m.state not in ("done", "cancel") and short_of(m)
        )
        if not pending:
            return
        pending._action_assign()
        short = pending.filtered(lambda m: m.repair_line_type == "add" and short_of(m))
        if short:
            raise UserError(
                self.env._(
                    "These parts are not in stock where the repair takes them from: "
                    "replenish them, take them from another location, or lower the "
                    "quantity to what was used.\n%(parts)s",
                    parts="\n".join(
                        f"- {move.repair_id.name}: {move.product_uom_qty:g} x "
                        f"{move.product_id.display_name} ({move.location_id.complete_name}, "
                        f"{move.quantity:g} available)"
                        for move in short
                    ),
                )
            )

    def _aftersales_sync_warranty(self):
        """Free parts follow the case's warranty, as long as the repair is
        not done."""
        for repair in self.filtered(lambda r: r.state not in ("done", "cancel")):
            free = repair.aftersales_ticket_id._aftersales_warranty_covers("parts")
            if repair.under_warranty != free:
                repair.under_warranty = free

    def _update_sale_order_line_price(self):
        # the quotation follows the warranty of the case: a consequence of the
        # repair, which a technician may change without selling rights
        case_repairs = self.filtered("aftersales_ticket_id")
        super(RepairOrder, self - case_repairs)._update_sale_order_line_price()
        return super(RepairOrder, case_repairs.sudo())._update_sale_order_line_price()
