# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.aftersales_reception.tests.common import AftersalesHttpCommon
from odoo.addons.mail.tests.common import mail_new_test_user

from .common import AftersalesStockCommon

# a 1x1 transparent PNG
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="


@tagged("post_install", "-at_install")
class TestHandback(AftersalesStockCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_repair_ticket()
        cls.repair = cls._open_repair(cls.ticket)
        cls._add_repair_part(cls.repair, cls.part_pump)
        cls.repair.internal_notes = "<p>Drain pump replaced, drum checked</p>"

    def _photo(self, name):
        return self.env["ir.attachment"].create(
            {
                "name": name,
                "datas": PNG,
                "mimetype": "image/png",
                "res_model": "aftersales.ticket",
                "res_id": self.ticket.id,
            }
        )

    def test_sign_refused_before_the_work_is_done(self):
        self.assertFalse(self.ticket.handback_ready)
        with self.assertRaisesRegex(UserError, "not ready for hand-back"):
            self.ticket._aftersales_sign_handback("Fremont Customer", PNG)
        self.assertFalse(self.ticket.handback_signature)
        with self.assertRaisesRegex(ValidationError, "not ready for hand-back"):
            self.ticket.handback_signature = PNG

    def test_empty_signature_refused(self):
        self.ticket.stage_id = self.stage_done
        for name, signature, message in (
            ("Fremont Customer", "", "empty"),
            ("Fremont Customer", None, "empty"),
            ("Fremont Customer", "not an image!", "could not be read"),
            ("  ", PNG, "Type your name"),
        ):
            with self.assertRaisesRegex(UserError, message):
                self.ticket._aftersales_sign_handback(name, signature)
        self.assertFalse(self.ticket.handback_signature)

    def test_sign_with_photos_and_report(self):
        self.ticket.write(
            {
                "photo_before_ids": [(4, self._photo("scratch-before.png").id)],
                "photo_after_ids": [(4, self._photo("clean-after.png").id)],
            }
        )
        self.ticket.stage_id = self.stage_done
        self.assertTrue(self.ticket.handback_ready)
        self.ticket._aftersales_sign_handback("Fremont Customer", PNG)
        self.assertEqual(self.ticket.handback_signed_by, "Fremont Customer")
        self.assertTrue(self.ticket.handback_signed_on)
        self.assertEqual(self.ticket.handback_user_id, self.user_technician)
        message = self.ticket.message_ids.filtered(lambda m: m.attachment_ids)[:1]
        self.assertIn("Hand-back signed by Fremont Customer", message.body)
        self.assertEqual(
            message.attachment_ids.name, f"Hand-back {self.ticket.name.replace('/', '-')}.pdf"
        )
        with self.assertRaisesRegex(UserError, "signed for already"):
            self.ticket._aftersales_sign_handback("Someone Else", PNG)

        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "aftersales_stock.action_report_aftersales_handback", self.ticket.ids
            )[0]
            .decode()
        )
        self.assertIn(self.ticket.name, html)
        self.assertIn("Test Washer", html)
        self.assertIn("Drain pump replaced", html)
        self.assertIn(self.part_pump.display_name, html)
        self.assertIn("Photos before the work", html)
        self.assertIn("Photos after the work", html)
        self.assertIn('alt="scratch-before.png"', html)
        self.assertIn("Fremont Customer", html)
        self.assertIn("Theo Technician", html)
        self.assertGreaterEqual(html.count("data:image/png;base64"), 3, "two photos, a signature")

    def test_signature_kept_when_case_closes(self):
        self.ticket.stage_id = self.stage_done
        self.ticket._aftersales_sign_handback("Fremont Customer", PNG)
        self.ticket.stage_id = self.stage_closed
        self.assertEqual(self.ticket.handback_signature, PNG.encode())
        self.assertFalse(self.ticket.handback_ready)


@tagged("post_install", "-at_install")
class TestHandbackPortal(AftersalesHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_portal = mail_new_test_user(
            cls.env, login="as_handback_portal", name="Portal Hanna", groups="base.group_portal"
        )
        cls.ticket = cls._create_ticket(
            partner_id=cls.user_portal.partner_id.id, summary="Hanna's washer"
        )

    def _sign(self, signature=PNG, name="Portal Hanna"):
        self.authenticate("as_handback_portal", "as_handback_portal")
        self.env.flush_all()
        result = self.make_jsonrpc_request(
            f"/my/aftersales/{self.ticket.id}/handback/sign",
            {"name": name, "signature": signature},
        )
        self.env.invalidate_all()
        return result

    def test_portal_sign_refused_when_not_ready(self):
        self.authenticate("as_handback_portal", "as_handback_portal")
        self.env.flush_all()
        page = self.url_open(f"/my/aftersales/{self.ticket.id}").text
        self.assertNotIn("o_aftersales_handback_sign", page, "no sign box before the work is done")
        result = self._sign()
        self.assertIn("not ready for hand-back", result["error"])
        self.assertFalse(self.ticket.handback_signature)

    def test_portal_empty_signature_refused(self):
        self.ticket.stage_id = self.stage_done
        result = self._sign(signature="")
        self.assertIn("empty", result["error"])
        self.assertFalse(self.ticket.handback_signature)

    def test_portal_sign_ready_case(self):
        self.ticket.stage_id = self.stage_done
        self.authenticate("as_handback_portal", "as_handback_portal")
        self.env.flush_all()
        page = self.url_open(f"/my/aftersales/{self.ticket.id}").text
        self.assertIn("o_aftersales_handback_sign", page)
        self.assertIn("/handback/sign", page)
        result = self._sign()
        self.assertNotIn("error", result)
        self.assertTrue(result["force_refresh"])
        self.assertEqual(self.ticket.handback_signed_by, "Portal Hanna")
        self.env.flush_all()
        page = self.url_open(f"/my/aftersales/{self.ticket.id}").text
        self.assertIn("o_aftersales_handback_signed", page)

    def test_other_customer_cannot_sign(self):
        self.ticket.stage_id = self.stage_done
        mail_new_test_user(
            self.env, login="as_handback_other", name="Other Otto", groups="base.group_portal"
        )
        self.authenticate("as_handback_other", "as_handback_other")
        self.env.flush_all()
        result = self.make_jsonrpc_request(
            f"/my/aftersales/{self.ticket.id}/handback/sign",
            {"name": "Other Otto", "signature": PNG},
        )
        self.assertIn("error", result)
        self.env.invalidate_all()
        self.assertFalse(self.ticket.handback_signature)

    def test_jsonrpc_write_refused_when_not_ready(self):
        self.authenticate("as_reception", "as_reception")
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "model": "aftersales.ticket",
                "method": "write",
                "args": [[self.ticket.id], {"handback_signature": PNG}],
                "kwargs": {},
            },
        }
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/web/dataset/call_kw/aftersales.ticket/write",
                data=json.dumps(payload),
                headers={"Content-Type": "application/json"},
            )
        self.env.invalidate_all()
        error = response.json().get("error")
        self.assertEqual(error["data"]["name"], "odoo.exceptions.ValidationError")
        self.assertIn("not ready for hand-back", error["data"]["message"])
        self.assertFalse(self.ticket.handback_signature)
