# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every role is fenced at the doors clients use (JSON-RPC, the portal
forms, the mail gateway), and closed cases keep their history."""

import json
from datetime import date, datetime

from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import AftersalesCommon, AftersalesHttpCommon
from .test_aftersales_mail import NEW_CASE_EMAIL


class TrustFixtures:
    @classmethod
    def _setup_portal_customer(cls):
        cls.user_portal = mail_new_test_user(
            cls.env, login="as_portal", name="Portal Pete", groups="base.group_portal"
        )
        cls.portal_partner = cls.user_portal.partner_id
        cls.portal_unit = cls.env["aftersales.equipment"].create(
            {
                "partner_id": cls.portal_partner.id,
                "product_id": cls.product_washer.id,
                "serial_number": "TRUST-SN-1",
                "purchase_date": date(2026, 1, 5),
            }
        )
        cls.own_ticket = cls._create_ticket(
            partner_id=cls.portal_partner.id,
            summary="Pete's washer",
            internal_note="<p>Customer is difficult</p>",
        )
        cls.other_ticket = cls._create_ticket(summary="Someone else's case")


@tagged("post_install", "-at_install")
class TestPortalFenceJsonRpc(TrustFixtures, AftersalesHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_portal_customer()

    def _call(self, method, args, kwargs=None, model="aftersales.ticket"):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def _refused(self, method, args, kwargs=None, model="aftersales.ticket"):
        """The error a JSON-RPC call answers: (exception class, message)."""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        }
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/web/dataset/call_kw/{model}/{method}",
                data=json.dumps(payload),
                headers={"Content-Type": "application/json"},
            )
        self.assertEqual(response.status_code, 200)
        error = response.json().get("error")
        self.assertTrue(error, f"{method} {args} was not refused")
        return error["data"]["name"].rsplit(".", 1)[-1], error["data"]["message"]

    def test_portal_customer_cannot_create_cases_over_jsonrpc(self):
        self.authenticate("as_portal", "as_portal")
        count = self.env["aftersales.ticket"].search_count([])
        values = {
            "partner_id": self.portal_partner.id,
            "summary": "Free repair please",
            "warranty_override": True,
            "warranty_override_state": "in_warranty",
            "warranty_override_reason": "I say so",
            "priority": "3",
            "name": "AS/2099/99999",
        }
        self.assertEqual(self._refused("create", [values])[0], "AccessError")
        self.assertEqual(self.env["aftersales.ticket"].search_count([]), count)
        # nor write to their own case
        self.assertEqual(
            self._refused("write", [[self.own_ticket.id], {"priority": "3"}])[0], "AccessError"
        )
        self.assertEqual(self.own_ticket.priority, "1")

    def test_portal_customer_reads_only_public_fields_of_own_case(self):
        self.authenticate("as_portal", "as_portal")
        records = self._call("search_read", [[("id", "=", self.own_ticket.id)]])
        self.assertEqual(len(records), 1)
        self.assertEqual(records[0]["name"], self.own_ticket.name)
        for hidden in (
            "internal_note",
            "warranty_override_reason",
            "technician_id",
            "sla_resolution_deadline",
            "origin_ticket_id",
        ):
            self.assertNotIn(hidden, records[0])
        for fields in (["internal_note"], ["name", "sla_response_deadline"], ["technician_id"]):
            self.assertEqual(
                self._refused("read", [[self.own_ticket.id], fields])[0], "AccessError"
            )
        # nor filter on them, one guess at a time
        self.assertEqual(
            self._refused("search_count", [[("internal_note", "ilike", "difficult")]])[0],
            "AccessError",
        )
        # and other customers' cases stay invisible
        self.assertEqual(self._call("search", [[("id", "=", self.other_ticket.id)]]), [])
        described = self._call("fields_get", [], {"attributes": ["string"]})
        self.assertIn("summary", described)
        self.assertNotIn("internal_note", described)

    def test_technician_cannot_override_warranty_over_jsonrpc(self):
        ticket = self._create_ticket(technician_id=self.user_technician.id)
        self.authenticate("as_technician", "as_technician")
        error, message = self._refused(
            "write",
            [
                [ticket.id],
                {
                    "warranty_override": True,
                    "warranty_override_state": "in_warranty",
                    "warranty_override_reason": "Friend of mine",
                },
            ],
        )
        self.assertEqual(error, "AccessError")
        self.assertIn("Only reception and after-sales managers", message)
        self.assertFalse(ticket.warranty_override)

    def test_technician_cannot_rewrite_warranty_dates_of_units(self):
        self.authenticate("as_technician", "as_technician")
        for values in ({"purchase_date": "2026-11-01"}, {"installation_date": "2026-11-01"}):
            error, _message = self._refused(
                "write", [[self.equipment.id], values], model="aftersales.equipment"
            )
            self.assertEqual(error, "AccessError")
        self.assertEqual(self.equipment.purchase_date, date(2026, 1, 10))
        self.assertFalse(self.equipment.installation_date)
        # what a technician records on site stays open to them
        self._call(
            "write",
            [[self.equipment.id], {"location_note": "Basement"}],
            model="aftersales.equipment",
        )
        self.assertEqual(self.equipment.location_note, "Basement")

    def test_reception_api_refuses_malformed_values_clearly(self):
        self.authenticate("as_reception", "as_reception")
        count = self.env["aftersales.ticket"].search_count([])
        good = {"partner_id": self.customer.id, "summary": "Via API", "channel": "api"}
        bad_inputs = [
            ({**good, "company_id": ["x", "y"]}, "is not a record"),
            ({**good, "date_received": "9999-12-31 00:00:00"}, "is not the date of a contact"),
        ]
        for values, expected in bad_inputs:
            error, message = self._refused("create", [values])
            self.assertEqual(error, "ValidationError")
            self.assertIn(expected, message)
        error, message = self._refused("create", [["not", "a", "dict"]])
        self.assertEqual(error, "ValidationError")
        self.assertIn("set of field values", message)
        self.assertEqual(self.env["aftersales.ticket"].search_count([]), count)
        # the (id, name) pair Odoo's own clients send is a record
        case_id = self._call("create", [{**good, "company_id": [self.company.id, "Co"]}])
        self.assertEqual(self.env["aftersales.ticket"].browse(case_id).company_id, self.company)


@tagged("post_install", "-at_install")
class TestPortalFenceForms(TrustFixtures, AftersalesHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_portal_customer()

    def _new_case(self, **data):
        data.setdefault("csrf_token", http.Request.csrf_token(self))
        return self.url_open("/my/aftersales/new", data=data)

    def test_portal_form_passes_on_its_whitelist_only(self):
        self.authenticate("as_portal", "as_portal")
        response = self._new_case(
            summary="Drum does not turn",
            fault_description="Makes a humming noise",
            equipment_id=str(self.portal_unit.id),
            name="AS/2099/00001",
            priority="3",
            technician_id=str(self.user_technician.id),
            warranty_override="1",
            warranty_override_state="in_warranty",
            date_first_response="2026-01-01 00:00:00",
            internal_note="pwned",
            channel="walk_in",
        )
        self.assertEqual(response.status_code, 200)
        ticket = self.env["aftersales.ticket"].search([("summary", "=", "Drum does not turn")])
        self.assertEqual(len(ticket), 1)
        self.assertNotEqual(ticket.name, "AS/2099/00001")
        self.assertEqual(ticket.priority, "1")
        self.assertFalse(ticket.technician_id)
        self.assertFalse(ticket.warranty_override)
        self.assertFalse(ticket.date_first_response)
        self.assertFalse(ticket.internal_note)
        self.assertEqual(ticket.channel, "portal")
        self.assertEqual(ticket.partner_id, self.portal_partner)
        self.assertEqual(ticket.equipment_id, self.portal_unit)
        # reception's next case is numbered as usual
        self.assertTrue(self._create_ticket(summary="Next"))

    def test_portal_form_bad_values_are_clear_errors(self):
        self.authenticate("as_portal", "as_portal")
        count = self.env["aftersales.ticket"].search_count([])
        for field in ("equipment_id", "partner_id"):
            response = self._new_case(
                summary="Bad pick", fault_description="Whatever", **{field: "12abc"}
            )
            self.assertEqual(response.status_code, 200)
            self.assertIn("pick an entry of the list", response.text)
        self.assertEqual(self.env["aftersales.ticket"].search_count([]), count)
        # a NUL character is dropped, the rest of the story is kept
        response = self._new_case(summary="Nul\x00 byte", fault_description="Keeps\x00 the rest")
        self.assertEqual(response.status_code, 200)
        ticket = self.env["aftersales.ticket"].search([("summary", "=", "Nul byte")])
        self.assertEqual(ticket.fault_description, "Keeps the rest")

    def test_portal_intake_when_first_stage_is_not_new(self):
        self.stage_new.sequence = 1000  # diagnosis comes first now
        self.authenticate("as_portal", "as_portal")
        response = self._new_case(summary="Odd team", fault_description="First stage differs")
        self.assertEqual(response.status_code, 200)
        ticket = self.env["aftersales.ticket"].search([("summary", "=", "Odd team")])
        self.assertEqual(len(ticket), 1)
        self.assertNotEqual(ticket.stage_id, self.stage_new)
        # the customer's own intake is no answer from the service
        self.assertFalse(ticket.date_first_response)


@tagged("post_install", "-at_install")
class TestTrustRules(TrustFixtures, AftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_portal_customer()
        cls.alias_domain = cls.env["mail.alias.domain"].create({"name": "trust.example.com"})
        cls.team.write({"alias_name": "trustdesk", "alias_domain_id": cls.alias_domain.id})

    def test_two_customers_mailing_the_same_subject_get_two_cases(self):
        thread = self.env["mail.thread"]
        for number, sender in enumerate(("ada@one.example.com", "bob@two.example.com")):
            thread.message_process(
                None,
                NEW_CASE_EMAIL.format(
                    to="trustdesk@trust.example.com",
                    email_from=sender,
                    from_header=sender,
                    subject="Broken",
                    message_id=f"<same-subject-{number}@example.com>",
                ),
            )
        tickets = self.env["aftersales.ticket"].search([("summary", "=", "Broken")])
        self.assertEqual(len(tickets), 2)
        self.assertEqual(
            set(tickets.mapped("partner_id.email")), {"ada@one.example.com", "bob@two.example.com"}
        )
        self.assertNotIn("Broken", tickets.mapped("name"))
        self.assertEqual(len(set(tickets.mapped("name"))), 2)

    def test_reference_comes_from_the_numbering_only(self):
        ticket = self.env["aftersales.ticket"].create(
            {"partner_id": self.customer.id, "name": "MINE-1", "summary": "Named by a client"}
        )
        self.assertNotEqual(ticket.name, "MINE-1")
        with self.assertRaises(UserError):
            ticket.with_user(self.user_reception).write({"name": "MINE-2"})

    def test_override_only_by_reception_and_through_the_wizard(self):
        ticket = self._create_ticket(technician_id=self.user_technician.id)
        with self.assertRaises(AccessError):
            ticket.with_user(self.user_technician).write(
                {
                    "warranty_override": True,
                    "warranty_override_state": "in_warranty",
                    "warranty_override_reason": "Friend",
                }
            )
        wizard = (
            self.env["aftersales.ticket.warranty.override"]
            .with_user(self.user_reception)
            .create({"ticket_id": ticket.id, "new_state": "void", "reason": "Liquid inside"})
        )
        wizard.action_apply()
        self.assertEqual(ticket.warranty_state, "void")

    def test_closed_case_keeps_its_warranty_when_the_policy_changes(self):
        unit = self.env["aftersales.equipment"].create(
            {
                "partner_id": self.customer.id,
                "product_id": self.product_washer.id,
                "serial_number": "HIST-1",
                "purchase_date": date(2025, 3, 1),
            }
        )
        closed = self._create_ticket(
            equipment_id=unit.id,
            user_id=self.user_reception.id,
            date_received=datetime(2026, 11, 2, 9, 0),
        )
        open_case = self._create_ticket(
            equipment_id=unit.id, date_received=datetime(2026, 11, 3, 9, 0)
        )
        self.assertEqual(closed.warranty_state, "in_warranty")
        self.assertEqual(closed.service_type, "warranty_repair")
        closed.stage_id = self.stage_closed
        deadlines = (closed.sla_response_deadline, closed.sla_resolution_deadline)
        open_messages = len(open_case.message_ids)
        # the cases were recorded earlier: end their creating transaction's
        # tracking, as a commit would
        self.env.flush_all()
        self.env.cr.precommit.run()

        # as in the web client, where changes are tracked
        self.policy_appliances.with_context(
            tracking_disable=False, mail_notrack=False
        ).duration_months = 12
        self.env.flush_all()
        self.env.cr.precommit.run()  # the tracking of open cases
        self.env.invalidate_all()

        self.assertEqual(closed.warranty_state, "in_warranty")
        self.assertEqual(closed.service_type, "warranty_repair")
        self.assertEqual((closed.sla_response_deadline, closed.sla_resolution_deadline), deadlines)
        # the open case follows the policy, and says so on its chatter
        self.assertEqual(open_case.warranty_state, "expired")
        self.assertEqual(open_case.service_type, "paid_repair")
        self.assertGreater(len(open_case.message_ids), open_messages)
        tracked = open_case.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("warranty_state", tracked)
        self.assertIn("service_type", tracked)

    def test_closed_case_keeps_its_sla_deadlines_when_the_policy_changes(self):
        policy = self.env["aftersales.sla.policy"].create(
            {"name": "Trust SLA", "response_hours": 4, "resolution_hours": 40, "sequence": -10}
        )
        closed = self._create_ticket(user_id=self.user_reception.id)
        open_case = self._create_ticket()
        self.assertEqual(closed.sla_policy_id, policy)
        closed.stage_id = self.stage_closed
        before = closed.sla_resolution_deadline
        open_before = open_case.sla_resolution_deadline
        policy.resolution_hours = 80
        self.env.flush_all()
        self.assertEqual(closed.sla_resolution_deadline, before)
        self.assertNotEqual(open_case.sla_resolution_deadline, open_before)

    def test_closed_case_refuses_a_new_override(self):
        closed = self._create_ticket(user_id=self.user_reception.id)
        closed.stage_id = self.stage_closed
        wizard = self.env["aftersales.ticket.warranty.override"].create(
            {"ticket_id": closed.id, "new_state": "void", "reason": "Late finding"}
        )
        with self.assertRaisesRegex(UserError, "Reopen it"):
            wizard.with_user(self.user_reception).action_apply()

    def test_partner_pairs_and_dicts_validation(self):
        with self.assertRaises(ValidationError):
            self.env["aftersales.ticket"].create(["oops"])
        with self.assertRaises(ValidationError):
            self.env["aftersales.ticket"].create(
                {"partner_id": self.customer.id, "company_id": {"id": "nope"}}
            )
        ticket = self.env["aftersales.ticket"].create(
            {"partner_id": self.customer.id, "company_id": str(self.company.id)}
        )
        self.assertEqual(ticket.company_id, self.company)
        # other customers' cases cannot be linked by a portal user
        self.assertFalse(
            self.other_ticket.with_user(self.user_portal).search(
                [("id", "=", self.other_ticket.id)]
            )
        )
        self.assertEqual(
            self.env["aftersales.ticket"]
            .with_user(self.user_portal)
            .search([("partner_id", "=", self.portal_partner.id)]),
            self.own_ticket,
        )
