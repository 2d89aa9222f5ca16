# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

MANAGER_GROUP = "aftersales_reception.group_aftersales_manager"
WAREHOUSE_GROUP = "aftersales_stock.group_aftersales_warehouse"


class AftersalesTicket(models.Model):
    _inherit = "aftersales.ticket"

    # Parts
    device_model_id = fields.Many2one(
        related="product_id.product_tmpl_id.device_model_id", string="Device Model"
    )
    fitting_part_count = fields.Integer(compute="_compute_fitting_part_count")
    aftersales_picking_ids = fields.One2many(
        comodel_name="stock.picking", inverse_name="aftersales_ticket_id", string="Transfers"
    )
    aftersales_picking_count = fields.Integer(
        string="Transfer Count", compute="_compute_stock_counts"
    )
    # Loaners
    loaner_ids = fields.One2many(
        comodel_name="aftersales.loaner", inverse_name="ticket_id", string="Loaners", copy=False
    )
    loaner_count = fields.Integer(compute="_compute_loaner_counts")
    loaner_out_count = fields.Integer(compute="_compute_loaner_counts")
    loaner_forced_close_uid = fields.Many2one(
        comodel_name="res.users",
        string="Closed With Loaner Out By",
        readonly=True,
        copy=False,
        tracking=True,
        help="The manager who closed the case while a loaner unit was still out.",
    )

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("device_model_id")
    def _compute_fitting_part_count(self):
        counts = self.device_model_id._fitting_part_counts()
        for ticket in self:
            ticket.fitting_part_count = counts.get(ticket.device_model_id.id, 0)

    @api.depends("aftersales_picking_ids", "supplier_claim_ids")
    def _compute_stock_counts(self):
        counts = self._count_per_case(
            {
                # every transfer of the case, for anyone who sees the case
                "pickings": (self.env["stock.picking"].sudo(), "aftersales_ticket_id"),
                "claims": (self.env["aftersales.supplier.claim"], "ticket_id"),
            }
        )
        for ticket in self:
            ticket.aftersales_picking_count = counts["pickings"].get(ticket.id, 0)
            ticket.supplier_claim_count = counts["claims"].get(ticket.id, 0)

    @api.depends("loaner_ids.state")
    def _compute_loaner_counts(self):
        for ticket in self:
            loaners = ticket.loaner_ids.filtered(lambda loaner: loaner.state != "cancel")
            ticket.loaner_count = len(loaners)
            ticket.loaner_out_count = len(loaners.filtered(lambda loaner: loaner.state == "out"))

    # ------------------------------------------------------------
    # Stage hooks
    # ------------------------------------------------------------

    def _check_stage_transition(self, stage):
        super()._check_stage_transition(stage)
        if stage.stage_type in ("closed", "cancelled"):
            out = self.loaner_ids.filtered(lambda loaner: loaner.state == "out")
            if not out:
                return
            if self.env.context.get("aftersales_force_loaner_close") and (
                self.env.su or self.env.user.has_group(MANAGER_GROUP)
            ):
                return
            loaners = "\n".join(
                f"- {loaner.ticket_id.name}: {loaner.name} "
                f"{loaner.product_id.display_name} ({loaner.lot_id.name})"
                for loaner in out
            )
            raise UserError(
                self.env._(
                    "A loaner unit is still with the customer: register its return first, "
                    "or ask an after-sales manager to force the closing.\n%(loaners)s",
                    loaners=loaners,
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_parts_or_loaners(self):
        """Cases whose repairs moved stock, or that lent a unit, are history."""
        used = self.filtered(
            lambda t: (
                t.repair_order_ids.filtered(lambda r: r.state not in ("draft", "cancel"))
                or t.loaner_ids.filtered(lambda loaner: loaner.state in ("out", "returned"))
            )
        )
        if used:
            raise UserError(
                self.env._(
                    "These cases were repaired or lent a unit, so they are kept as history: "
                    "archive them instead of deleting them.\nConcerned case(s): "
                    "%(cases)s",
                    cases=", ".join(used.mapped("name")),
                )
            )

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_force_close(self):
        """Close cases whose loaner unit is still out (managers only); the
        forcing is recorded on the case and the loaner."""
        if not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
            raise AccessError(
                self.env._("Only an after-sales manager can close a case with a loaner still out.")
            )
        stage_model = self.env["aftersales.stage"]
        for ticket in self:
            stage = stage_model.search(
                [
                    ("stage_type", "=", "closed"),
                    "|",
                    ("team_ids", "=", False),
                    ("team_ids", "in", ticket.team_id.ids),
                ],
                limit=1,
            )
            if not stage:
                raise UserError(
                    self.env._("There is no closing stage for case %(case)s.", case=ticket.name)
                )
            out = ticket.loaner_ids.filtered(lambda loaner: loaner.state == "out")
            ticket.with_context(aftersales_force_loaner_close=True).write(
                {"stage_id": stage.id, "loaner_forced_close_uid": self.env.uid if out else False}
            )
            if out:
                loaners = ", ".join(f"{loaner.name} ({loaner.lot_id.name})" for loaner in out)
                body = self.env._(
                    "Closed by %(user)s while loaner(s) %(loaners)s are still with the customer.",
                    user=self.env.user.name,
                    loaners=loaners,
                )
                ticket.message_post(body=body, subtype_xmlid="mail.mt_note")
                for loaner in out:
                    loaner.message_post(body=body, subtype_xmlid="mail.mt_note")
        return True

    def action_view_aftersales_pickings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_picking_tree_all")
        action["domain"] = [("aftersales_ticket_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_view_loaners(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_stock.aftersales_loaner_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        if len(self.loaner_ids) == 1:
            action.update({"views": [(False, "form")], "res_id": self.loaner_ids.id})
        return action

    def action_lend_loaner(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_stock.aftersales_loaner_action"
        )
        action.update(
            {
                "views": [(False, "form")],
                "view_mode": "form",
                "context": {"default_ticket_id": self.id},
            }
        )
        return action

    def action_view_fitting_parts(self):
        self.ensure_one()
        if not self.device_model_id:
            raise UserError(
                self.env._(
                    "The product of case %(case)s has no device model, so its fitting parts "
                    "are unknown: set the Device Model on the product.",
                    case=self.name,
                )
            )
        return self.device_model_id.action_view_fitting_parts()

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _ensure_parts_editable(self):
        finished = self.filtered(lambda t: t.stage_type in ("closed", "cancelled"))
        if finished:
            raise UserError(
                self.env._(
                    "Repairs and quotations cannot be opened on closed or cancelled cases.\n"
                    "Concerned case(s): %(cases)s",
                    cases=", ".join(finished.mapped("name")),
                )
            )

    def _aftersales_default_part_location(self):
        """Where the parts of this case come from by default: the
        technician's consignment stock, else the agent workshop's, else the
        company's spare-parts stock."""
        self.ensure_one()
        company = self.company_id or self.env.company
        if self.technician_id:
            location = self.technician_id._aftersales_consignment_location(company)
            if location:
                return location
        if self.service_center_id.center_type == "agent":
            location = self.env["stock.location"].search(
                [("aftersales_holder_center_id", "=", self.service_center_id.id)], limit=1
            )
            if location:
                return location
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", company.id), ("aftersales_parts_location_id", "!=", False)],
            order="sequence, id",
            limit=1,
        )
        return warehouse.aftersales_parts_location_id

    def _prepare_case_move_vals(self, source, destination, product, uom, quantity, name):
        """One move of this case from ``source`` to ``destination``."""
        self.ensure_one()
        return {
            "name": name,
            "product_id": product.id,
            "product_uom": uom.id,
            "product_uom_qty": quantity,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "aftersales_ticket_id": self.id,
            "origin": self.name,
            "company_id": self.company_id.id,
        }

    def _prepare_case_picking_vals(self, picking_type, source, destination, moves_vals):
        """A transfer of this case from ``source`` to ``destination`` with the
        moves of ``moves_vals``."""
        self.ensure_one()
        return {
            "picking_type_id": picking_type.id,
            "partner_id": self.partner_id.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "origin": self.name,
            "aftersales_ticket_id": self.id,
            "company_id": self.company_id.id,
            "move_ids": [Command.create(vals) for vals in moves_vals],
        }
