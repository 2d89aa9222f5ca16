# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The counters of the teams' overview: open cases, open cases without a
responsible and overdue cases, per team, read in one query whatever the
number of teams."""

import re

from odoo.tests import tagged, users

from ..models.aftersales_ticket_screens import OPEN_STAGE_INCLUDE
from .common import AftersalesCommon, QueryCounting, web_client_spec


@tagged("post_install", "-at_install")
class TestAftersalesTeamCounters(QueryCounting, AftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team_other = cls.env["aftersales.team"].create({"name": "Test Other Team"})
        cls.team_idle = cls.env["aftersales.team"].create({"name": "Test Idle Team"})
        responsible = {"user_id": cls.user_reception.id}
        # main team: 3 open (1 without responsible, 1 overdue), 1 closed,
        # 1 cancelled and overdue on paper, 1 archived
        cls._create_ticket(stage_id=cls.stage_new.id, user_id=False)
        cls._create_ticket(stage_id=cls.stage_diagnosis.id, **responsible)
        cls.overdue = cls._create_ticket(stage_id=cls.stage_repair.id, **responsible)
        cls._create_ticket(stage_id=cls.stage_closed.id, **responsible)
        cancelled = cls._create_ticket(stage_id=cls.stage_cancelled.id, **responsible)
        cls._create_ticket(stage_id=cls.stage_new.id, active=False)
        # other team: 1 open without responsible
        cls._create_ticket(team_id=cls.team_other.id, stage_id=cls.stage_new.id, user_id=False)
        cls.teams = cls.team | cls.team_other | cls.team_idle
        # past the resolution deadline, as the SLA job records it
        cls.env.flush_all()
        (cls.overdue | cancelled).sla_resolution_state = "missed"
        cls.env.flush_all()

    def _counters(self, teams):
        return {
            team.name: (
                team.open_ticket_count,
                team.unassigned_ticket_count,
                team.overdue_ticket_count,
            )
            for team in teams
        }

    def test_counters_per_team(self):
        counters = self._counters(self.teams)
        self.assertEqual(counters[self.team.name], (3, 1, 1))
        self.assertEqual(counters["Test Other Team"], (1, 1, 0))
        self.assertEqual(counters["Test Idle Team"], (0, 0, 0))
        # as the cases' own searches count them
        ticket_model = self.env["aftersales.ticket"]
        open_main = ticket_model.search([("team_id", "=", self.team.id), ("is_closed", "=", False)])
        self.assertEqual(
            counters[self.team.name],
            (
                len(open_main),
                len(open_main.filtered(lambda t: not t.user_id)),
                len(open_main.filtered("is_overdue")),
            ),
        )
        self.assertEqual(open_main.filtered("is_overdue"), self.overdue)

    @users("as_reception")
    def test_counters_as_reception(self):
        teams = self.teams.with_user(self.env.user)
        self.assertEqual(self._counters(teams)["Test Other Team"], (1, 1, 0))

    def test_one_query_for_all_teams(self):
        def queries(teams):
            teams.invalidate_recordset()
            before = self.env.cr.sql_log_count
            self._counters(teams)
            return self.env.cr.sql_log_count - before

        queries(self.teams)  # caches warm
        self.assertEqual(queries(self.team), queries(self.teams))

    def _overview(self, teams):
        spec = web_client_spec(teams, "kanban")
        return lambda: teams.web_search_read([("id", "in", self.teams.ids)], spec, limit=40)

    def test_overview_queries_do_not_grow_with_teams(self):
        """The overview as reception opens it: the teams, then their counters
        in one read of the open cases, whatever the number of teams."""
        teams = self.env(user=self.user_reception)["aftersales.team"]
        few = self.queries(teams.env, self._overview(teams))
        self.__class__.teams |= self.env["aftersales.team"].create(
            [{"name": f"Test Team {n}"} for n in range(10)]
        )
        for team in self.teams[-10:]:
            self._create_ticket(team_id=team.id, stage_id=self.stage_new.id, user_id=False)
        many = self.queries(teams.env, self._overview(teams))
        self.assertNoMoreQueries(few, many)
        # the teams read, the reading user's access to the cases, the counters
        self.assertEqual(len(many), 3, "\n".join(many))
        cards = self._overview(teams)()["records"]
        self.assertEqual(len(cards), 13)
        counters = {
            card["name"]: (
                card["open_ticket_count"],
                card["unassigned_ticket_count"],
                card["overdue_ticket_count"],
            )
            for card in cards
        }
        self.assertEqual(counters[self.team.name], (3, 1, 1))
        self.assertEqual(counters["Test Team 9"], (1, 1, 0))
        self.assertEqual(counters["Test Idle Team"], (0, 0, 0))

    def test_counters_read_the_open_cases_index_alone(self):
        """On a big base the counters come from the index of the open cases,
        which carries every column they test: no visit of the cases."""
        query = self.teams.with_user(self.user_reception)._ticket_counts_query()
        columns = set(re.findall(r'"aftersales_ticket"\."(\w+)"', query.code))
        in_index = {"stage_id", "priority", "id", "active", "is_closed", *OPEN_STAGE_INCLUDE}
        self.assertIn("sla_resolution_state", columns)
        self.assertLessEqual(columns, in_index)

    def test_counters_see_pending_changes(self):
        """A case moved to another team, and not yet written to the
        database, is counted in its new team."""
        self.overdue.write({"team_id": self.team_idle.id, "user_id": False})
        counters = self._counters(self.teams)
        self.assertEqual(counters["Test Idle Team"], (1, 1, int(self.overdue.is_overdue)))
        self.assertEqual(counters[self.team.name][:2], (2, 1))
