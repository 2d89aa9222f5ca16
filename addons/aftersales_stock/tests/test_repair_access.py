# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who reaches the repair orders of the cases through the web client's own
door (JSON-RPC on /web/dataset/call_kw): technicians those of their cases,
reception all of them, nobody those of another company."""

from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import AftersalesStockCommon


@tagged("post_install", "-at_install")
class TestRepairAccess(AftersalesStockCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_ticket = cls._create_repair_ticket()
        cls.other_ticket = cls._create_repair_ticket(
            technician_id=cls.user_technician_other.id, service_center_id=cls.head_office.id
        )
        cls.own_repair = cls._open_repair(cls.own_ticket)
        cls.other_repair = cls._open_repair(cls.other_ticket)
        cls.case_repairs = cls.own_repair | cls.other_repair
        cls.company_b = cls.env["res.company"].create({"name": "Test Repairs Company B"})
        cls.user_technician_b = mail_new_test_user(
            cls.env,
            login="as_technician_b",
            name="Bruno Company B",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
            groups="base.group_user,aftersales_reception.group_aftersales_technician",
        )

    def _call(self, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/repair.order/{method}",
            {"model": "repair.order", "method": method, "args": list(args), "kwargs": kwargs},
        )

    def _case_repair_ids(self):
        records = self._call(
            "search_read", [("aftersales_ticket_id", "!=", False)], fields=["name", "state"]
        )
        return {record["id"] for record in records}

    def test_technician_reaches_the_repairs_of_own_cases(self):
        self.authenticate("as_technician", "as_technician")
        self.assertEqual(self._case_repair_ids(), {self.own_repair.id})
        self._call("write", self.own_repair.ids, {"internal_notes": "Pump clogged"})
        self.assertIn("Pump clogged", self.own_repair.internal_notes)
        with (
            mute_logger("odoo.http"),
            self.assertRaisesRegex(JsonRpcException, "AccessError"),
        ):
            self._call("write", self.other_repair.ids, {"internal_notes": "Not my case"})
        with (
            mute_logger("odoo.http"),
            self.assertRaisesRegex(JsonRpcException, "AccessError"),
        ):
            self._call("read", self.other_repair.ids, ["name"])
        self.assertFalse(self.other_repair.internal_notes)

    def test_reception_reaches_every_repair(self):
        self.authenticate("as_reception", "as_reception")
        every = self.env["repair.order"].search([("aftersales_ticket_id", "!=", False)])
        self.assertGreater(every, self.case_repairs)
        self.assertEqual(self._case_repair_ids(), set(every.ids))
        self._call("write", self.other_repair.ids, {"internal_notes": "Customer called"})
        self.assertIn("Customer called", self.other_repair.internal_notes)

    def test_technician_of_another_company_reaches_none(self):
        self.authenticate("as_technician_b", "as_technician_b")
        self.assertEqual(self._case_repair_ids(), set())
        with (
            mute_logger("odoo.http"),
            self.assertRaisesRegex(JsonRpcException, "AccessError"),
        ):
            self._call("read", self.own_repair.ids, ["name"])

    def test_other_employees_reach_no_repair(self):
        self.authenticate("as_employee", "as_employee")
        with (
            mute_logger("odoo.http"),
            self.assertRaisesRegex(JsonRpcException, "AccessError"),
        ):
            self._case_repair_ids()
