# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

import pytz

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestAftersalesAssign(AftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.members = (cls.user_technician | cls.user_technician_other | cls.user_reception).sorted(
            "id"
        )
        cls.team.member_ids = [Command.set(cls.members.ids)]

    def _new_cases(self, count, **values):
        return self.env["aftersales.ticket"].create(
            [
                dict(
                    {"partner_id": self.customer.id, "team_id": self.team.id, "summary": "Assign"},
                    **values,
                )
                for _i in range(count)
            ]
        )

    def _leave_today(self, user, days=0):
        """A whole-day leave of ``user``'s own resource, ``days`` from today
        in the user's time zone."""
        resource = self.env["resource.resource"].create(
            {"name": user.name, "user_id": user.id, "calendar_id": self.calendar.id}
        )
        tz = pytz.timezone(user.tz or "UTC")
        today = pytz.utc.localize(fields.Datetime.now()).astimezone(tz).date()
        day = today + timedelta(days=days)
        start = tz.localize(datetime.combine(day, time(8))).astimezone(pytz.utc)
        return self.env["resource.calendar.leaves"].create(
            {
                "name": "Leave",
                "resource_id": resource.id,
                "calendar_id": self.calendar.id,
                "date_from": start.replace(tzinfo=None),
                "date_to": (start + timedelta(hours=9)).replace(tzinfo=None),
            }
        )

    def test_manual_team_leaves_cases_unassigned(self):
        cases = self._new_cases(2)
        self.assertFalse(cases.user_id)
        with self.assertRaises(UserError):
            cases.action_assign()

    def test_round_robin_takes_members_in_turn(self):
        self.team.assign_method = "round_robin"
        cases = self._new_cases(4)
        self.assertEqual(cases.mapped("user_id"), self.members)
        self.assertEqual([case.user_id for case in cases], list(self.members) + [self.members[0]])
        self.assertEqual(self.team.assign_last_user_id, self.members[0])
        # the pointer lives on the team: the next intake continues the turn
        self.assertEqual(self._new_cases(1).user_id, self.members[1])

    def test_balanced_gives_the_fewest_open_cases(self):
        self.team.assign_method = "balanced"
        tech, other, reception = (
            self.user_technician,
            self.user_technician_other,
            self.user_reception,
        )
        self._new_cases(2, user_id=tech.id)
        self._new_cases(1, user_id=reception.id)
        # closed cases are no workload
        self._new_cases(3, user_id=other.id, stage_id=self.stage_closed.id)
        self._new_cases(3)
        counts = {
            user: self.env["aftersales.ticket"].search_count(
                [("user_id", "=", user.id), ("is_closed", "=", False)]
            )
            for user in (tech, other, reception)
        }
        self.assertEqual(counts, {tech: 2, other: 2, reception: 2})

    def test_account_manager_of_the_customer(self):
        self.team.assign_method = "account_manager"
        company = self.env["res.partner"].create(
            {"name": "Test Account Co", "is_company": True, "user_id": self.user_reception.id}
        )
        contact = self.env["res.partner"].create(
            {"name": "Test Account Contact", "parent_id": company.id}
        )
        case = self._new_cases(1, partner_id=contact.id)
        self.assertEqual(case.user_id, self.user_reception, "the company's salesperson")
        contact.user_id = self.user_technician
        self.assertEqual(self._new_cases(1, partner_id=contact.id).user_id, self.user_technician)

    def test_account_manager_outside_the_team_falls_back_to_workload(self):
        self.team.assign_method = "account_manager"
        self.customer.user_id = self.user_manager  # not a member
        self._new_cases(1, user_id=self.user_technician.id)
        self._new_cases(1, user_id=self.user_reception.id)
        case = self._new_cases(1)
        self.assertEqual(case.user_id, self.user_technician_other)

    def test_members_on_leave_today_are_skipped(self):
        self.team.assign_method = "round_robin"
        self.user_technician_other.tz = "Pacific/Auckland"
        self._leave_today(self.user_technician_other)
        self._leave_today(self.user_reception, days=2)  # another day: available
        cases = self._new_cases(4)
        self.assertNotIn(self.user_technician_other, cases.user_id)
        self.assertEqual(cases.user_id, self.user_technician | self.user_reception)

    def test_nobody_available_leaves_the_case_unassigned(self):
        self.team.assign_method = "balanced"
        for user in self.members:
            self._leave_today(user)
        case = self._new_cases(1)
        self.assertFalse(case.user_id)
        with self.assertRaisesRegex(UserError, "No member of the team is available"):
            case.action_assign()

    def test_assign_button_for_unassigned_cases(self):
        cases = self._new_cases(2)
        assigned = self._new_cases(1, user_id=self.user_reception.id)
        self.team.assign_method = "balanced"
        self.assertEqual(assigned.user_id, self.user_reception)
        (cases | assigned).with_user(self.user_reception).action_assign()
        self.assertTrue(all(cases.mapped("user_id")))
        self.assertEqual(assigned.user_id, self.user_reception, "assigned cases keep their person")
        with self.assertRaisesRegex(UserError, "nothing to assign"):
            cases.action_assign()

    def test_form_intake_by_reception_follows_the_team_rule(self):
        self.team.assign_method = "balanced"
        self._new_cases(1, user_id=self.user_reception.id)
        self._new_cases(1, user_id=self.user_technician.id)
        form = Form(
            self.env["aftersales.ticket"]
            .with_user(self.user_reception)
            .with_context(default_team_id=self.team.id)
        )
        self.assertFalse(form.user_id, "no default to whoever records the case")
        form.partner_id = self.customer
        form.summary = "Phone call"
        case = form.save()
        self.assertEqual(case.user_id, self.user_technician_other)

    def test_workshop_team_assigns_the_technician(self):
        self.team.write({"assign_method": "balanced", "assign_field": "technician_id"})
        case = self._new_cases(1, user_id=self.user_reception.id)
        self.assertEqual(case.user_id, self.user_reception)
        self.assertIn(case.technician_id, self.members)
