# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import Command, http
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import AgentsCommon

PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestAgentPortal(AgentsCommon, HttpCase):
    """The agent workshop on the portal: its cases only, the work stages,
    parts from its consignment stock, photos."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        quant_model = cls.env["stock.quant"]
        cls.part_pump = cls.env["product.product"].create(
            {"name": "Portal Drain Pump", "type": "consu", "is_storable": True}
        )
        cls.part_fan = cls.env["product.product"].create(
            {"name": "Portal Fan Motor", "type": "consu", "is_storable": True}
        )
        cls.agent_tx.action_create_consignment_location()
        cls.consignment_tx = cls.agent_tx.consignment_location_id
        quant_model._update_available_quantity(cls.part_pump, cls.consignment_tx, 3.0)
        # the fan motor is in the company's stock, not at the agent's
        warehouse = cls.company._aftersales_warehouse()
        quant_model._update_available_quantity(
            cls.part_fan, warehouse.aftersales_parts_location_id, 10.0
        )

        # a second agent workshop, with its own person and stock
        cls.agent_fl_partner = cls.env["res.partner"].create(
            {"name": "Test Florida Agent Co", "is_company": True}
        )
        cls.agent_fl = cls.env["aftersales.service.center"].create(
            {
                "name": "Test Florida Agent",
                "code": "T-FL",
                "center_type": "agent",
                "parent_id": cls.head_office.id,
                "partner_id": cls.agent_fl_partner.id,
            }
        )
        cls.agent_fl.action_create_consignment_location()
        cls.consignment_fl = cls.agent_fl.consignment_location_id
        quant_model._update_available_quantity(cls.part_pump, cls.consignment_fl, 5.0)
        mail_new_test_user(
            cls.env,
            login="as_portal_agent_fl",
            name="Flo Agent",
            email="flo@example.com",
            groups="base.group_portal",
            parent_id=cls.agent_fl_partner.id,
        )
        cls.user_customer = mail_new_test_user(
            cls.env,
            login="as_portal_customer",
            name="Houston Customer",
            email="houston.customer@example.com",
            groups="base.group_portal",
            partner_id=cls.customer_tx.id,
        )

        cls.ticket_tx = cls._create_ticket(
            partner_id=cls.customer_tx.id,
            service_center_id=cls.agent_tx.id,
            product_id=cls.product_washer.id,
            summary="Washer stops mid-cycle",
            fault_description="Stops after ten minutes with water inside.",
        )
        cls.ticket_fl = cls._create_ticket(
            partner_id=cls.customer_tx.id,
            service_center_id=cls.agent_fl.id,
            product_id=cls.product_washer.id,
            summary="Florida washer noise",
        )
        cls.ticket_ca = cls._create_ticket(summary="Fremont fridge case")
        cls.ticket_tx_closed = cls._create_ticket(
            partner_id=cls.customer_tx.id,
            service_center_id=cls.agent_tx.id,
            summary="Old Texas case",
            user_id=cls.user_reception.id,
        )
        cls.ticket_tx_closed.stage_id = cls.stage_closed

    # ------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------

    def _post(self, path, files=None, **data):
        data.setdefault("csrf_token", http.Request.csrf_token(self))
        return self.url_open(path, data=data, files=files, allow_redirects=False)

    def _moves(self, ticket):
        return ticket.repair_order_ids.move_ids

    # ------------------------------------------------------------
    # Pages
    # ------------------------------------------------------------

    def test_workshop_lists_own_cases_only(self):
        self.authenticate("as_portal_agent", "as_portal_agent")
        page = self.url_open("/my/workshop").text
        self.assertIn(self.ticket_tx.name, page)
        self.assertNotIn(self.ticket_fl.name, page)
        self.assertNotIn(self.ticket_ca.name, page)
        self.assertNotIn(self.ticket_tx_closed.name, page, "to do: open cases")
        self.assertIn(self.ticket_tx_closed.name, self.url_open("/my/workshop?filterby=all").text)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["aftersales_workshop_count"]}
        )
        self.assertEqual(counters["aftersales_workshop_count"], 1)
        detail = self.url_open(f"/my/workshop/{self.ticket_tx.id}")
        self.assertEqual(detail.status_code, 200)
        self.assertIn("Stops after ten minutes with water inside.", detail.text)
        self.assertIn("Portal Drain Pump", detail.text, "the consignment stock is offered")
        self.assertNotIn("Portal Fan Motor", detail.text, "not in the agent's stock")
        self.assertIn("/my/fee-statements", detail.text)

    def test_other_agents_case_is_not_found(self):
        self.authenticate("as_portal_agent", "as_portal_agent")
        stage = self.ticket_fl.stage_id
        self.assertEqual(self.url_open(f"/my/workshop/{self.ticket_fl.id}").status_code, 404)
        self.assertEqual(self.url_open("/my/workshop/999999999").status_code, 404)
        response = self._post(
            f"/my/workshop/{self.ticket_fl.id}/stage", stage_id=str(self.stage_diagnosis.id)
        )
        self.assertEqual(response.status_code, 404)
        response = self._post(
            f"/my/workshop/{self.ticket_fl.id}/part",
            product_id=str(self.part_pump.id),
            quantity="1",
        )
        self.assertEqual(response.status_code, 404)
        response = self._post(
            f"/my/workshop/{self.ticket_fl.id}/photos",
            files={"photos": ("unit.png", PNG_1PX, "image/png")},
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.ticket_fl.stage_id, stage)
        self.assertFalse(self.ticket_fl.repair_order_ids)
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "aftersales.ticket"), ("res_id", "=", self.ticket_fl.id)]
            )
        )

    @mute_logger("odoo.http")
    def test_jsonrpc_cannot_move_or_read_other_cases(self):
        self.authenticate("as_portal_agent", "as_portal_agent")
        # no write access on cases, not even on the own workshop's
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/aftersales.ticket/write",
                {
                    "model": "aftersales.ticket",
                    "method": "write",
                    "args": [[self.ticket_tx.id], {"stage_id": self.stage_done.id}],
                    "kwargs": {},
                },
            )
        # the portal actions are no remote methods
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/aftersales.ticket/_agent_portal_move_stage",
                {
                    "model": "aftersales.ticket",
                    "method": "_agent_portal_move_stage",
                    "args": [[self.ticket_fl.id], self.stage_done.id],
                    "kwargs": {},
                },
            )
        # the other agent's cases are not read either
        found = self.make_jsonrpc_request(
            "/web/dataset/call_kw/aftersales.ticket/search_read",
            {
                "model": "aftersales.ticket",
                "method": "search_read",
                "args": [[]],
                "kwargs": {"fields": ["name"]},
            },
        )
        names = {row["name"] for row in found}
        self.assertIn(self.ticket_tx.name, names)
        self.assertNotIn(self.ticket_fl.name, names)
        self.assertNotIn(self.ticket_ca.name, names)
        self.assertEqual(self.ticket_tx.stage_id, self.stage_new)

    def test_customer_does_not_see_the_workshop(self):
        self.authenticate("as_portal_customer", "as_portal_customer")
        response = self.url_open("/my/workshop", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my"))
        # the customer reads their case, but does not work on it
        self.assertEqual(self.url_open(f"/my/workshop/{self.ticket_tx.id}").status_code, 404)
        response = self._post(
            f"/my/workshop/{self.ticket_tx.id}/stage", stage_id=str(self.stage_diagnosis.id)
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.ticket_tx.stage_id, self.stage_new)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["aftersales_workshop_count"]}
        )
        self.assertEqual(counters["aftersales_workshop_count"], 0)

    def test_own_workshop_contact_does_not_read_its_cases(self):
        """Only agent workshops work from the portal: a portal contact of an
        own workshop's company reads none of that workshop's cases."""
        own_partner = self.env["res.partner"].create(
            {"name": "Test Own Workshop Co", "is_company": True}
        )
        self.workshop_ca.partner_id = own_partner
        mail_new_test_user(
            self.env,
            login="as_portal_own_workshop",
            name="Owen Workshop",
            email="owen@example.com",
            groups="base.group_portal",
            parent_id=own_partner.id,
        )
        self.assertEqual(self.ticket_ca.service_center_id, self.workshop_ca)
        self.authenticate("as_portal_own_workshop", "as_portal_own_workshop")
        found = self.make_jsonrpc_request(
            "/web/dataset/call_kw/aftersales.ticket/search_read",
            {
                "model": "aftersales.ticket",
                "method": "search_read",
                "args": [[]],
                "kwargs": {"fields": ["name"]},
            },
        )
        self.assertFalse(found)
        self.assertEqual(self.url_open(f"/my/workshop/{self.ticket_ca.id}").status_code, 404)

    # ------------------------------------------------------------
    # Stages
    # ------------------------------------------------------------

    def test_agent_moves_the_case_through_the_work_stages(self):
        self.authenticate("as_portal_agent", "as_portal_agent")
        page = self.url_open(f"/my/workshop/{self.ticket_tx.id}").text
        self.assertIn(f'data-stage-id="{self.stage_diagnosis.id}"', page)
        self.assertNotIn(f'data-stage-id="{self.stage_closed.id}"', page)
        self.assertNotIn(f'data-stage-id="{self.stage_cancelled.id}"', page)
        response = self._post(
            f"/my/workshop/{self.ticket_tx.id}/stage", stage_id=str(self.stage_diagnosis.id)
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.ticket_tx.stage_id, self.stage_diagnosis)
        tracking = self.ticket_tx.message_ids.filtered(
            lambda m: (
                self.stage_diagnosis.name in m.sudo().tracking_value_ids.mapped("new_value_char")
            )
        )
        self.assertEqual(tracking.author_id, self.user_portal_agent.partner_id)
        self._post(f"/my/workshop/{self.ticket_tx.id}/stage", stage_id=str(self.stage_done.id))
        self.assertEqual(self.ticket_tx.stage_id, self.stage_done)
        # the hand-back is the head office's: nothing more to move
        page = self.url_open(f"/my/workshop/{self.ticket_tx.id}").text
        self.assertNotIn("o_aftersales_stage_button", page)
        response = self._post(
            f"/my/workshop/{self.ticket_tx.id}/stage", stage_id=str(self.stage_repair.id)
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.ticket_tx.stage_id, self.stage_done)

    def test_agent_cannot_close_or_cancel(self):
        other_team = self.env["aftersales.team"].create({"name": "Test Other Team"})
        stage_other_team = self.env["aftersales.stage"].create(
            {
                "name": "Test Other Team Bench",
                "stage_type": "progress",
                "team_ids": [Command.set(other_team.ids)],
            }
        )
        self.authenticate("as_portal_agent", "as_portal_agent")
        page = self.url_open(f"/my/workshop/{self.ticket_tx.id}").text
        self.assertNotIn(f'data-stage-id="{stage_other_team.id}"', page)
        for stage in (self.stage_closed, self.stage_cancelled, self.stage_new, stage_other_team):
            response = self._post(f"/my/workshop/{self.ticket_tx.id}/stage", stage_id=str(stage.id))
            self.assertEqual(response.status_code, 400, stage.name)
            self.assertIn("cannot be moved to", response.text)
        response = self._post(f"/my/workshop/{self.ticket_tx.id}/stage", stage_id="abc")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.ticket_tx.stage_id, self.stage_new)

    def test_stage_hook_refuses_ready_with_unfinished_repair(self):
        self.authenticate("as_portal_agent", "as_portal_agent")
        self._post(
            f"/my/workshop/{self.ticket_tx.id}/part",
            product_id=str(self.part_pump.id),
            quantity="1",
        )
        self.assertEqual(self.ticket_tx.repair_order_ids.state, "confirmed")
        response = self._post(
            f"/my/workshop/{self.ticket_tx.id}/stage", stage_id=str(self.stage_done.id)
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("These repair orders are not finished", response.text)
        self.assertEqual(self.ticket_tx.stage_id, self.stage_new)

    # ------------------------------------------------------------
    # Parts
    # ------------------------------------------------------------

    def test_agent_records_a_part_from_consignment(self):
        self.authenticate("as_portal_agent", "as_portal_agent")
        response = self._post(
            f"/my/workshop/{self.ticket_tx.id}/part",
            product_id=str(self.part_pump.id),
            quantity="2",
            location_id=str(self.consignment_tx.id),
        )
        self.assertEqual(response.status_code, 303)
        move = self._moves(self.ticket_tx)
        self.assertEqual(len(move), 1)
        self.assertEqual(move.repair_line_type, "add")
        self.assertEqual(move.product_id, self.part_pump)
        self.assertEqual(move.product_uom_qty, 2.0)
        self.assertEqual(move.location_id, self.consignment_tx)
        self.assertEqual(move.aftersales_ticket_id, self.ticket_tx)
        self.assertEqual(move.state, "assigned")
        self.assertEqual(move.move_line_ids.location_id, self.consignment_tx)
        quant = self.env["stock.quant"].search(
            [("product_id", "=", self.part_pump.id), ("location_id", "=", self.consignment_tx.id)]
        )
        self.assertEqual(quant.quantity, 3.0)
        self.assertEqual(quant.reserved_quantity, 2.0)
        repair = self.ticket_tx.repair_order_ids
        self.assertEqual(repair.state, "confirmed")
        self.assertEqual(repair.location_id, self.consignment_tx)
        self.assertIn("Portal Drain Pump", self.ticket_tx.message_ids[0].body)
        self.assertEqual(self.ticket_tx.message_ids[0].author_id, self.user_portal_agent.partner_id)
        # a second part goes on the same repair, and only what is left is offered
        self._post(
            f"/my/workshop/{self.ticket_tx.id}/part",
            product_id=str(self.part_pump.id),
            quantity="1",
        )
        self.assertEqual(len(self.ticket_tx.repair_order_ids), 1)
        self.assertEqual(sum(self._moves(self.ticket_tx).mapped("product_uom_qty")), 3.0)
        self.assertEqual(quant.reserved_quantity, 3.0)

    def test_part_refused_when_not_in_consignment_stock(self):
        self.authenticate("as_portal_agent", "as_portal_agent")
        url = f"/my/workshop/{self.ticket_tx.id}/part"
        refused = [
            ({"product_id": str(self.part_fan.id), "quantity": "1"}, "Your consignment stock"),
            ({"product_id": str(self.part_pump.id), "quantity": "4"}, "holds 3"),
            ({"product_id": str(self.part_pump.id), "quantity": "0"}, "Quantity"),
            ({"product_id": str(self.part_pump.id), "quantity": "-1"}, "Quantity"),
            ({"product_id": str(self.part_pump.id), "quantity": "two"}, "Quantity"),
            ({"product_id": "", "quantity": "1"}, "Part"),
            (
                {
                    "product_id": str(self.part_pump.id),
                    "quantity": "1",
                    "location_id": str(self.consignment_fl.id),
                },
                "consignment stock only",
            ),
            (
                {
                    "product_id": str(self.part_fan.id),
                    "quantity": "1",
                    "location_id": str(
                        self.company._aftersales_warehouse().aftersales_parts_location_id.id
                    ),
                },
                "consignment stock only",
            ),
        ]
        for data, message in refused:
            with self.subTest(data=data):
                response = self._post(url, **data)
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, response.text)
        self.assertFalse(self._moves(self.ticket_tx))
        self.assertFalse(self.ticket_tx.repair_order_ids)
        other_quant = self.env["stock.quant"].search(
            [("product_id", "=", self.part_pump.id), ("location_id", "=", self.consignment_fl.id)]
        )
        self.assertEqual(other_quant.reserved_quantity, 0.0)

    # ------------------------------------------------------------
    # Photos
    # ------------------------------------------------------------

    def _attachments(self, ticket):
        return self.env["ir.attachment"].search(
            [("res_model", "=", "aftersales.ticket"), ("res_id", "=", ticket.id)]
        )

    def test_agent_adds_photos(self):
        self.authenticate("as_portal_agent", "as_portal_agent")
        response = self._post(
            f"/my/workshop/{self.ticket_tx.id}/photos",
            files={"photos": ("drain.png", PNG_1PX, "image/png")},
        )
        self.assertEqual(response.status_code, 303)
        photo = self._attachments(self.ticket_tx)
        self.assertEqual(len(photo), 1)
        self.assertEqual(photo.mimetype, "image/png")
        self.assertEqual(photo.raw, PNG_1PX)
        message = self.ticket_tx.message_ids[0]
        self.assertEqual(message.attachment_ids, photo)
        self.assertEqual(message.author_id, self.user_portal_agent.partner_id)
        page = self.url_open(f"/my/workshop/{self.ticket_tx.id}").text
        self.assertTrue(photo.access_token)
        self.assertIn(f"/web/image/{photo.id}/128x128?access_token={photo.access_token}", page)
        self.assertEqual(
            self.url_open(f"/web/content/{photo.id}?access_token={photo.access_token}").content,
            PNG_1PX,
        )

    def test_photo_refused_when_not_an_image_or_too_large(self):
        self.authenticate("as_portal_agent", "as_portal_agent")
        url = f"/my/workshop/{self.ticket_tx.id}/photos"
        svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        for name, data in (
            ("notes.png", b"plain text, not a picture"),
            ("drawing.svg", svg),
            ("report.pdf", b"%PDF-1.4\n%%EOF"),
        ):
            with self.subTest(name=name):
                response = self._post(url, files={"photos": (name, data, "image/png")})
                self.assertEqual(response.status_code, 400)
                self.assertIn("is not a picture", response.text)
        response = self._post(url)
        self.assertEqual(response.status_code, 400)
        self.env["ir.config_parameter"].set_param(
            "aftersales_agents.portal_photo_max_size", str(len(PNG_1PX) - 1)
        )
        response = self._post(url, files={"photos": ("drain.png", PNG_1PX, "image/png")})
        self.assertEqual(response.status_code, 400)
        self.assertIn("is too large", response.text)
        self.assertFalse(self._attachments(self.ticket_tx))

    # ------------------------------------------------------------
    # Tour
    # ------------------------------------------------------------

    def test_tour_agent_moves_a_case_and_records_a_part(self):
        self.start_tour("/my/workshop", "aftersales_agents_workshop_tour", login="as_portal_agent")
        self.assertEqual(self.ticket_tx.stage_id, self.stage_diagnosis)
        move = self._moves(self.ticket_tx)
        self.assertEqual(move.product_id, self.part_pump)
        self.assertEqual(move.product_uom_qty, 1.0)
        self.assertEqual(move.location_id, self.consignment_tx)
        self.assertEqual(move.state, "assigned")


@tagged("post_install", "-at_install")
class TestAgentPortalDemo(HttpCase):
    """The demo agent (login agent) finds the Houston workshop's work."""

    def test_demo_agent_sees_the_workshop_cases(self):
        noise = self.env.ref(
            "aftersales_agents.ticket_ac_houston_noise_demo", raise_if_not_found=False
        )
        if not noise:
            self.skipTest("the demo data is not installed")
        drain = self.env.ref("aftersales_agents.ticket_ac_houston_drain_demo")
        miami = self.env.ref("aftersales_agents.ticket_ac_miami_warranty_done_demo")
        self.authenticate("agent", "agent")
        page = self.url_open("/my/workshop?filterby=all").text
        self.assertIn(noise.name, page)
        self.assertIn(drain.name, page)
        self.assertNotIn(miami.name, page)
        detail = self.url_open(f"/my/workshop/{drain.id}").text
        self.assertIn("Drain Pump DP-20", detail, "the workshop's consignment stock")
        self.assertIn("o_aftersales_stage_button", detail)
