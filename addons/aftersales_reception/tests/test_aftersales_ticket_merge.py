# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Merge of duplicate cases of one customer."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import AftersalesCommon, AftersalesHttpCommon


@tagged("post_install", "-at_install")
class TestAftersalesTicketMerge(AftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kept = cls._create_ticket(summary="Washer leaks")
        cls.duplicate = cls._create_ticket(summary="Water under the washer")

    def _merge(self, tickets, target, user=None):
        wizard_model = self.env["aftersales.ticket.merge"]
        if user:
            wizard_model = wizard_model.with_user(user)
        form = Form(
            wizard_model.with_context(active_model="aftersales.ticket", active_ids=tickets.ids)
        )
        form.target_id = target
        return form.save().action_merge()

    def test_merge_moves_the_history_and_archives(self):
        duplicate = self.duplicate
        duplicate.message_post(body="Customer sent a photo", message_type="comment")
        attachment = self.env["ir.attachment"].create(
            {
                "name": "photo.jpg",
                "raw": b"jpg",
                "res_model": "aftersales.ticket",
                "res_id": duplicate.id,
            }
        )
        activity = duplicate.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.user_reception.id, summary="Call back"
        )
        duplicate.message_subscribe(partner_ids=self.user_technician.partner_id.ids)
        followup = self._create_ticket(origin_ticket_id=duplicate.id)

        action = self._merge(self.kept | duplicate, self.kept, user=self.user_reception)

        self.assertEqual(action["res_id"], self.kept.id)
        self.assertFalse(duplicate.active)
        self.assertEqual(duplicate.merged_into_id, self.kept)
        self.assertIn("Customer sent a photo", "".join(self.kept.message_ids.mapped("body")))
        self.assertEqual(attachment.res_id, self.kept.id)
        self.assertEqual(activity.res_id, self.kept.id)
        self.assertIn(self.user_technician.partner_id, self.kept.message_partner_ids)
        self.assertEqual(followup.origin_ticket_id, self.kept)
        self.assertTrue(
            self.kept.message_ids.filtered(
                lambda m: duplicate.name in m.body and "was merged into this case" in m.body
            )
        )
        self.assertTrue(
            duplicate.message_ids.filtered(lambda m: "was merged into" in m.body),
            "the archived case tells where its history went",
        )
        self.assertFalse(self.kept.merged_into_id)
        self.assertTrue(self.kept.active)

    def test_default_case_to_keep_is_the_earliest(self):
        form = Form(
            self.env["aftersales.ticket.merge"].with_context(
                active_model="aftersales.ticket", active_ids=(self.duplicate | self.kept).ids
            )
        )
        self.assertEqual(form.target_id, self.kept)

    def test_refused_into_itself(self):
        with self.assertRaisesRegex(UserError, "cannot be merged into itself"):
            self.kept._merge_into(self.kept)

    def test_refused_a_single_case(self):
        with self.assertRaisesRegex(UserError, "Select at least two cases"):
            self._merge(self.kept, self.kept)

    def test_refused_other_customer(self):
        other = self._create_ticket(partner_id=self.customer_tx.id)
        with self.assertRaisesRegex(UserError, "Only cases of one customer"):
            self._merge(self.kept | other, self.kept)
        self.assertTrue(other.active)

    def test_refused_without_customer(self):
        unknown = self._create_ticket(
            partner_id=False, channel="sms", partner_phone="+1 510 555 0199"
        )
        with self.assertRaisesRegex(UserError, "Only cases of one customer"):
            unknown._merge_into(self.kept)

    def test_refused_other_company(self):
        company_b = self.env["res.company"].create({"name": "Test After-Sales B"})
        other = self._create_ticket(company_id=company_b.id, team_id=False)
        self.assertEqual(other.company_id, company_b)
        with self.assertRaisesRegex(UserError, "Only cases of one company"):
            other._merge_into(self.kept)
        self.assertTrue(other.active)

    def test_refused_closed_cases(self):
        closed = self._create_ticket(user_id=self.user_reception.id)
        closed.stage_id = self.stage_closed
        with self.assertRaisesRegex(UserError, "Closed cases keep the history"):
            self._merge(self.kept | closed, self.kept)
        with self.assertRaisesRegex(UserError, "Closed cases keep the history"):
            self._merge(self.kept | closed, closed)
        self.assertTrue(closed.active)
        self.assertFalse(closed.merged_into_id)

    def test_refused_already_merged(self):
        self.duplicate._merge_into(self.kept)
        third = self._create_ticket()
        with self.assertRaisesRegex(UserError, "already merged"):
            self.duplicate.with_context(active_test=False)._merge_into(third)

    def test_refused_technician(self):
        with self.assertRaises(AccessError):
            self.env["aftersales.ticket.merge"].with_user(self.user_technician).create(
                {"ticket_ids": [(6, 0, (self.kept | self.duplicate).ids)]}
            )
        self.assertTrue(self.duplicate.active)


@tagged("post_install", "-at_install")
class TestAftersalesTicketMergeHttp(AftersalesHttpCommon):
    def _call(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_merge_through_jsonrpc(self):
        kept = self._create_ticket(technician_id=self.user_technician.id)
        duplicate = self._create_ticket(technician_id=self.user_technician.id)
        vals = {"ticket_ids": [(6, 0, [kept.id, duplicate.id])], "target_id": kept.id}

        self.authenticate("as_technician", "as_technician")
        with mute_logger("odoo.http"), self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call("aftersales.ticket.merge", "create", [vals])
        with mute_logger("odoo.http"), self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call("aftersales.ticket", "_merge_into", [[duplicate.id], kept.id])
        self.assertTrue(duplicate.active)

        self.authenticate("as_reception", "as_reception")
        wizard_id = self._call("aftersales.ticket.merge", "create", [vals])
        self._call("aftersales.ticket.merge", "action_merge", [[wizard_id]])
        duplicate.invalidate_recordset()
        self.assertFalse(duplicate.active)
        self.assertEqual(duplicate.merged_into_id, kept)
