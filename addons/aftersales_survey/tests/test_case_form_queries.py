# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The case form, every tab, as reception opens it: as many queries for a
case with one quality check as with three, its happy call read with it."""

from odoo import fields
from odoo.tests import tagged

from odoo.addons.aftersales_reception.tests.common import QueryCounting

from .common import AftersalesSurveyCommon


@tagged("post_install", "-at_install")
class TestCaseFormQueries(QueryCounting, AftersalesSurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls._repair_ticket()
        cls._failed_checks(1)
        cls.env["aftersales.happy.call"].create(
            {"ticket_id": cls.case.id, "date_scheduled": fields.Date.today()}
        )

    @classmethod
    def _failed_checks(cls, count):
        """``count`` more quality checks of the case, failed: each sends the
        unit back to repair."""
        for _i in range(count):
            check = cls.case._create_qc_checks()
            cls._fill_check(check, visual="fail").action_validate()

    def test_form_queries_do_not_grow_with_checks(self):
        three, values = self.assertFormQueriesDoNotGrow(
            self.user_reception, self.case, lambda: self._failed_checks(2)
        )
        self.assertEqual(len(values["qc_check_ids"]), 3)
        self.assertEqual(values["qc_rework_count"], 3)
        self.assertEqual(values["happy_call_state"], "scheduled")
        # the case, its tabs and buttons, the display names they show
        self.assertLessEqual(len(three), 39, "\n".join(three))
