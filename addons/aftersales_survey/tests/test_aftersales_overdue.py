# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Overdue cases are counted alike everywhere: the ribbons of the cases'
kanban, the teams' overview and the management dashboard all use the cases'
own definition (``aftersales.ticket._overdue_domain``), on the demo cases and
on cases made here for the edges."""

from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval
from odoo.tools.view_validation import get_expression_field_names

from odoo.addons.base.tests.common import BaseCommon


@tagged("post_install", "-at_install", "demo")
class TestOverdueCases(BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket_model = cls.env["aftersales.ticket"]
        cls.team = cls.env.ref("aftersales_reception.team_main")
        now = fields.Datetime.now()
        month_ago = now - timedelta(days=30)
        # open a month, far past the standard 40 working hours
        cls.late = cls._create_ticket(date_received=month_ago, stage_id="stage_diagnosis")
        # repaired in time, waiting for the customer: not overdue
        cls.done_in_time = cls._create_ticket(
            date_received=month_ago,
            stage_id="stage_done",
            date_done=month_ago + timedelta(hours=2),
        )
        # repaired late and not yet handed back: overdue
        cls.done_late = cls._create_ticket(
            date_received=month_ago, stage_id="stage_done", date_done=now - timedelta(days=1)
        )
        cls.cancelled = cls._create_ticket(date_received=month_ago, stage_id="stage_cancelled")
        cls.recent = cls._create_ticket(stage_id="stage_diagnosis")

    @classmethod
    def _create_ticket(cls, stage_id, **values):
        return cls.ticket_model.create(
            {
                "partner_id": cls.env.ref("aftersales_reception.partner_customer_sf_demo").id,
                "service_center_id": cls.env.ref(
                    "aftersales_reception.service_center_fremont_demo"
                ).id,
                "team_id": cls.team.id,
                "user_id": cls.env.ref("aftersales_reception.user_reception_demo").id,
                "summary": "Overdue or not",
                "channel": "phone",
                "stage_id": cls.env.ref(f"aftersales_reception.{stage_id}").id,
                **values,
            }
        )

    def _overdue_cases(self):
        return self.ticket_model.search(self.ticket_model._overdue_domain())

    def test_overdue_is_the_resolution_sla_of_open_cases(self):
        overdue = self._overdue_cases()
        self.assertIn(self.late, overdue)
        self.assertIn(self.done_late, overdue)
        for case in (self.done_in_time, self.cancelled, self.recent):
            self.assertNotIn(case, overdue)
        self.assertEqual(self.ticket_model.search([("is_overdue", "=", True)]), overdue)
        self.assertFalse(self.ticket_model.search([("is_overdue", "=", False)]) & overdue)
        self.assertEqual(
            (self.late | self.done_late | self.done_in_time | self.cancelled).mapped("is_overdue"),
            [True, True, False, False],
        )

    def test_overview_counts_the_overdue_cases(self):
        overdue = self._overdue_cases()
        self.assertFalse(overdue.filtered(lambda t: not t.team_id), "overdue cases without team")
        teams = self.env["aftersales.team"].search([])
        for team in teams:
            self.assertEqual(
                team.overdue_ticket_count,
                len(overdue.filtered(lambda t, team=team: t.team_id == team)),
                f"overdue cases of team {team.name}",
            )
        self.assertEqual(sum(teams.mapped("overdue_ticket_count")), len(overdue))
        # the number opens the same cases
        action = self.team.action_view_overdue_tickets()
        self.assertEqual(action["context"].get("search_default_overdue"), 1)
        search_view = self.ticket_model.get_view(view_type="search")
        overdue_filter = etree.fromstring(search_view["arch"]).find(".//filter[@name='overdue']")
        opened = self.ticket_model.search(
            action["domain"] + safe_eval(overdue_filter.get("domain"))
        )
        self.assertEqual(opened, overdue.filtered(lambda t: t.team_id == self.team))

    def test_dashboard_counts_the_overdue_cases(self):
        overdue = self._overdue_cases()
        self.assertFalse(
            overdue.filtered(lambda t: not t.service_center_id), "overdue cases without center"
        )
        cards = self.env["aftersales.center.kpi"].search([])
        for card in cards:
            center_overdue = overdue.filtered(
                lambda t, card=card: t.service_center_id == card.service_center_id
            )
            self.assertEqual(
                card.overdue_count,
                len(center_overdue),
                f"overdue cases of {card.service_center_id.name}",
            )
            action = card.action_open_overdue()
            self.assertEqual(self.ticket_model.search(action["domain"]), center_overdue)
        self.assertEqual(sum(cards.mapped("overdue_count")), len(overdue))

    def test_kanban_ribbons_mark_the_overdue_cases(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_reception.aftersales_ticket_action"
        )
        self.assertEqual(safe_eval(action["context"]).get("search_default_open"), 1)
        arch = etree.fromstring(self.ticket_model.get_view(view_type="kanban")["arch"])
        ribbons = [
            ribbon
            for ribbon in arch.iter("widget")
            if ribbon.get("name") == "web_ribbon" and ribbon.get("title") == "Overdue"
        ]
        self.assertEqual(len(ribbons), 1)
        invisible = ribbons[0].get("invisible")
        names = sorted(get_expression_field_names(invisible))
        # the cards of the action's default filter: open cases
        cards = self.ticket_model.search([("is_closed", "=", False)])
        with_ribbon = cards.filtered(
            lambda card: not safe_eval(invisible, {name: card[name] for name in names})
        )
        self.assertEqual(with_ribbon, self._overdue_cases())
