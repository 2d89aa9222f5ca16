# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, float_round
from odoo.tools.mimetypes import guess_mimetype

# the stages an agent moves a case through: the work, not the intake nor the
# hand-back to the customer, which stay with the head office
AGENT_TARGET_STAGE_TYPES = ("progress", "waiting", "done")
AGENT_WORKING_STAGE_TYPES = ("new", "progress", "waiting")
# photos: images a browser shows, never SVG (a script can live in it)
AGENT_PHOTO_MIMETYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")
AGENT_PHOTO_MAX_SIZE_PARAM = "aftersales_agents.portal_photo_max_size"
AGENT_PHOTO_MAX_SIZE = 10 * 1024 * 1024


class AftersalesTicket(models.Model):
    """The work of agent workshops on the portal: their people (portal
    users of the workshop's partner) read the cases given to the workshop
    (record rule), move them through the work stages, record the parts they
    take from their consignment stock and add photos.

    Agents hold no write access on cases, repairs or stock: each action
    checks that the user is an agent of the case's workshop, takes only the
    values it needs, and then acts as the suite."""

    _inherit = "aftersales.ticket"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # Who is an agent
    # ------------------------------------------------------------

    @api.model
    def _agent_portal_centers(self):
        """The agent workshops the current user works for (empty for staff
        and for customers)."""
        user = self.env.user
        if not user.share:
            return self.env["aftersales.service.center"]
        return (
            self.env["aftersales.service.center"]
            .sudo()
            .search(
                [
                    ("center_type", "=", "agent"),
                    ("partner_id", "!=", False),
                    ("partner_id", "child_of", user.commercial_partner_id.id),
                    ("company_id", "in", user.company_ids.ids),
                ]
            )
        )

    @api.model
    def _agent_portal_domain(self):
        """The cases of the current user's workshops."""
        return [("service_center_id", "in", self._agent_portal_centers().ids)]

    def _agent_portal_check_access(self):
        """Refuse (AccessError) unless the current user reads these cases
        with their own rights and works for the workshop of each of them."""
        self.check_access("read")
        centers = self._agent_portal_centers()
        foreign = self.filtered(lambda t: t.service_center_id not in centers)
        if foreign:
            raise AccessError(
                self.env._(
                    "Only the agent workshop a case is assigned to can work on it on the portal."
                )
            )

    # ------------------------------------------------------------
    # Stages
    # ------------------------------------------------------------

    def _agent_portal_stages(self):
        """The stages the agent may move this case to: the work stages of
        the case's team, while the case is being worked on."""
        self.ensure_one()
        ticket = self.sudo()
        stage_model = self.env["aftersales.stage"].sudo()
        if ticket.stage_type not in AGENT_WORKING_STAGE_TYPES:
            return stage_model
        domain = [("stage_type", "in", AGENT_TARGET_STAGE_TYPES), ("id", "!=", ticket.stage_id.id)]
        if ticket.team_id:
            domain += ["|", ("team_ids", "=", False), ("team_ids", "in", ticket.team_id.ids)]
        else:
            domain += [("team_ids", "=", False)]
        return stage_model.search(domain, order="sequence, id")

    def _agent_portal_move_stage(self, stage):
        """Move the case to ``stage`` for its agent, through the case's own
        stage checks (``_check_stage_transition``)."""
        self.ensure_one()
        self._agent_portal_check_access()
        if stage not in self._agent_portal_stages():
            raise UserError(
                self.env._(
                    "Case %(case)s cannot be moved to %(stage)s from the portal: pick one of "
                    "the stages offered on the case's page.",
                    case=self.sudo().name,
                    stage=stage.sudo().name,
                )
            )
        ticket = self.sudo()
        ticket._check_stage_transition(stage.sudo())
        ticket.write({"stage_id": stage.id})
        return True

    # ------------------------------------------------------------
    # Parts from the consignment stock
    # ------------------------------------------------------------

    def _agent_portal_consignment_location(self):
        self.ensure_one()
        return self.sudo().service_center_id.consignment_location_id

    def _agent_portal_stock(self):
        """The parts available in the workshop's consignment stock, as
        {product: available quantity}."""
        self.ensure_one()
        location = self._agent_portal_consignment_location()
        if not location:
            return {}
        quants = (
            self.env["stock.quant"]
            .sudo()
            .search(
                [
                    ("location_id", "child_of", location.id),
                    ("quantity", ">", 0),
                    ("product_id.is_storable", "=", True),
                ]
            )
        )
        stock = {}
        for quant in quants:
            available = quant.quantity - quant.reserved_quantity
            if available > 0:
                stock[quant.product_id] = stock.get(quant.product_id, 0.0) + available
        return stock

    def _agent_portal_part_moves(self):
        """The parts the repairs of the case take."""
        self.ensure_one()
        return self.sudo().repair_order_ids.move_ids.filtered(
            lambda m: m.repair_line_type == "add" and m.state != "cancel"
        )

    def _agent_portal_add_part(self, product, quantity, location=None):
        """Record ``quantity`` of ``product`` used on the case, taken from
        the workshop's consignment stock: an 'add' move of the case's repair
        order, reserved there as Odoo reserves repair parts."""
        self.ensure_one()
        self._agent_portal_check_access()
        ticket = self.sudo()
        ticket._ensure_parts_editable()
        if ticket.stage_type not in AGENT_WORKING_STAGE_TYPES:
            raise UserError(
                self.env._(
                    "Case %(case)s is no longer being worked on: parts are recorded while "
                    "the case is in diagnosis or repair.",
                    case=ticket.name,
                )
            )
        consignment = ticket._agent_portal_consignment_location()
        if not consignment:
            raise UserError(
                self.env._(
                    "Your workshop holds no consignment stock yet: ask the head office to "
                    "send you the parts first."
                )
            )
        location = (location or consignment).sudo()
        if not location.exists() or not location.parent_path.startswith(consignment.parent_path):
            raise AccessError(
                self.env._("Parts are taken from your workshop's consignment stock only.")
            )
        product = product.sudo().exists()
        if not product:
            raise ValidationError(self.env._("Part: pick a part of your consignment stock."))
        try:
            quantity = float(quantity)
        except (TypeError, ValueError):
            quantity = 0.0
        rounding = product.uom_id.rounding
        quantity = float_round(quantity, precision_rounding=rounding)
        if float_compare(quantity, 0.0, precision_rounding=rounding) <= 0:
            raise ValidationError(
                self.env._("Quantity: enter how many %(part)s you used.", part=product.name)
            )
        available = self.env["stock.quant"].sudo()._get_available_quantity(product, location)
        if float_compare(quantity, available, precision_rounding=rounding) > 0:
            available_text, quantity_text = f"{available:g}", f"{quantity:g}"
            raise ValidationError(
                self.env._(
                    "Your consignment stock holds %(available)s %(uom)s of %(part)s, not "
                    "%(quantity)s: record what you have, and ask the head office for more.",
                    available=available_text,
                    uom=product.uom_id.name,
                    part=product.display_name,
                    quantity=quantity_text,
                )
            )
        repair = ticket._agent_portal_repair(location)
        move = (
            self.env["stock.move"]
            .sudo()
            .create(
                {
                    "repair_id": repair.id,
                    "repair_line_type": "add",
                    "product_id": product.id,
                    "product_uom": product.uom_id.id,
                    "product_uom_qty": quantity,
                    "location_id": location.id,
                    "location_dest_id": repair.location_dest_id.id,
                    "company_id": repair.company_id.id,
                }
            )
        )
        if repair.state == "draft":
            repair._action_repair_confirm()
        if move.state not in ("assigned", "done"):
            move._action_assign()
        quantity_text = f"{quantity:g}"
        ticket.message_post(
            body=self.env._(
                "%(quantity)s %(uom)s of %(part)s used from the consignment stock of "
                "%(center)s (repair %(repair)s).",
                quantity=quantity_text,
                uom=product.uom_id.name,
                part=product.display_name,
                center=ticket.service_center_id.name,
                repair=repair.name,
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            author_id=self.env.user.partner_id.id,
        )
        return move

    def _agent_portal_repair(self, location):
        """The open repair order of the case taking parts from ``location``
        (opened when there is none)."""
        self.ensure_one()
        repair = self.repair_order_ids.filtered(
            lambda r: (
                r.state in ("draft", "confirmed", "under_repair") and r.location_id == location
            )
        )[:1]
        if repair:
            return repair
        vals = self._prepare_repair_order_vals()
        vals["location_id"] = location.id
        # the repair is the head office's: a portal user is not its responsible
        vals["user_id"] = self.technician_id.id or self.user_id.id or False
        repair = self.env["repair.order"].create(vals)
        self._message_log(
            body=self.env._("Repair order %(repair)s opened.", repair=repair._get_html_link())
        )
        return repair

    # ------------------------------------------------------------
    # Photos
    # ------------------------------------------------------------

    @api.model
    def _agent_portal_photo_max_size(self):
        value = (
            self.env["ir.config_parameter"].sudo().get_param(AGENT_PHOTO_MAX_SIZE_PARAM, "")
        ).strip()
        return int(value) if value.isdigit() else AGENT_PHOTO_MAX_SIZE

    def _agent_portal_add_photos(self, photos):
        """Attach ``photos`` (a list of (file name, bytes)) to the case, as a
        note of the agent on its chatter."""
        self.ensure_one()
        self._agent_portal_check_access()
        if not photos:
            raise ValidationError(self.env._("Photos: choose one or more pictures to add."))
        max_size = self._agent_portal_photo_max_size()
        attachments = []
        for filename, data in photos:
            name = (filename or "").replace("\x00", "").strip()[:200] or "photo"
            if len(data) > max_size:
                raise ValidationError(
                    self.env._(
                        "%(name)s is too large (%(size)s KB): photos up to %(max)s KB are "
                        "accepted. Send a smaller picture.",
                        name=name,
                        size=len(data) // 1024,
                        max=max_size // 1024,
                    )
                )
            if guess_mimetype(data, default="") not in AGENT_PHOTO_MIMETYPES:
                raise ValidationError(
                    self.env._(
                        "%(name)s is not a picture: send photos (JPEG, PNG, GIF or WebP).",
                        name=name,
                    )
                )
            attachments.append((name, data))
        ticket = self.sudo()
        message = ticket.message_post(
            body=self.env._(
                "Photos of the work at %(center)s.", center=ticket.service_center_id.name
            ),
            attachments=attachments,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            author_id=self.env.user.partner_id.id,
        )
        # portal users open attachments with their access token
        message.attachment_ids.generate_access_token()
        return message.attachment_ids

    def _agent_portal_photos(self):
        """The pictures attached to the case, with the access token the
        portal opens them with."""
        self.ensure_one()
        photos = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("res_field", "=", False),
                    ("mimetype", "in", AGENT_PHOTO_MIMETYPES),
                ],
                order="id desc",
            )
        )
        photos.filtered(lambda photo: not photo.access_token).generate_access_token()
        return photos
