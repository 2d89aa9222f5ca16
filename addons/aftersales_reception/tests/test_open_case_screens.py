# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The open-case screens at a million cases: the case list and the kanban read
their first rows from the open-case indexes, and the kanban, the partner's
smart buttons and the portal's "My cases" run as many queries for 5 cases as
for 50."""

from lxml import etree

from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.mail.tests.common import mail_new_test_user

from ..models.aftersales_ticket_screens import OPEN_ORDER_INDEX, OPEN_STAGE_INDEX
from .common import AftersalesHttpCommon, QueryCounting


def view_spec(model, view_type):
    """The specification the web client builds from a view: every field of
    the arch, the display name of relational ones."""
    arch = etree.fromstring(model.get_views([(False, view_type)])["views"][view_type]["arch"])
    spec = {}
    for node in arch.iter("field"):
        field = model._fields.get(node.get("name"))
        if field is not None:
            relational = field.type in ("many2one", "one2many", "many2many")
            spec[field.name] = {"fields": {"display_name": {}}} if relational else {}
    return spec


@tagged("post_install", "-at_install")
class TestOpenCaseScreens(QueryCounting, AftersalesHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_portal = mail_new_test_user(
            cls.env, login="as_portal_open", name="Portal Olivia", groups="base.group_portal"
        )
        cls.company_partner = cls.env["res.partner"].create(
            {"name": "Open Cases Inc.", "is_company": True}
        )
        cls.portal_partner = cls.user_portal.partner_id
        cls.portal_partner.parent_id = cls.company_partner
        cls.env["aftersales.equipment"].create(
            {
                "partner_id": cls.portal_partner.id,
                "product_id": cls.product_washer.id,
                "serial_number": "OPEN-SN-1",
            }
        )
        cls.open_stages = cls.stage_new | cls.stage_diagnosis | cls.stage_repair
        cls._new_cases(5)

    @classmethod
    def _new_cases(cls, count, offset=0):
        """``count`` cases of the company and its contact, spread over the
        open stages, with a closed one in five."""
        stages = [*cls.open_stages, cls.stage_closed, cls.stage_new]
        customers = (cls.company_partner, cls.portal_partner)
        return cls.env["aftersales.ticket"].create(
            [
                {
                    # the first five cases are the company's, then five of
                    # its contact, five of the company ...: every column of
                    # the kanban shows the same customers for 5 or 50 cases
                    "partner_id": customers[(offset + i) // 5 % 2].id,
                    "team_id": cls.team.id,
                    "summary": f"Open screen case {offset + i}",
                    "channel": "phone",
                    "user_id": cls.user_reception.id,
                    "stage_id": stages[(offset + i) % len(stages)].id,
                    "priority": str((offset + i) % 4),
                }
                for i in range(count)
            ]
        )

    def assertSameQueryCount(self, env, func):
        """``func()`` runs as many queries with 50 cases as with 5."""
        five = self.queries(env, func)
        self._new_cases(45, offset=5)
        fifty = self.queries(env, func)
        self.assertEqual(
            len(fifty),
            len(five),
            "queries with 50 cases:\n{}\nwith 5 cases:\n{}".format(
                "\n".join(fifty), "\n".join(five)
            ),
        )
        return fifty

    # ------------------------------------------------------------
    # Indexes
    # ------------------------------------------------------------

    def _plan(self, domain, order=None, limit=80):
        """The plan PostgreSQL picks for the ORM's search when it may neither
        read the whole table nor sort it (as on a big base, where the first
        rows must come in order from an index)."""
        tickets = self.env(user=self.user_reception)["aftersales.ticket"]
        query = tickets._search(domain, limit=limit, order=order or tickets._order)
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute("SET LOCAL enable_bitmapscan = off")
        self.env.cr.execute("SET LOCAL enable_sort = off")
        try:
            self.env.cr.execute(f"EXPLAIN {query.select().code}", query.select().params)
            return "\n".join(row[0] for row in self.env.cr.fetchall())
        finally:
            self.env.cr.execute("RESET enable_seqscan")
            self.env.cr.execute("RESET enable_bitmapscan")
            self.env.cr.execute("RESET enable_sort")

    def test_open_case_list_reads_the_open_order_index(self):
        plan = self._plan([("is_closed", "=", False)])
        self.assertIn(OPEN_ORDER_INDEX, plan)
        self.assertNotIn("Sort", plan, "the first page comes in the list's order")
        # closed cases are not in it
        self.assertNotIn(OPEN_ORDER_INDEX, self._plan([("is_closed", "=", True)]))

    def test_kanban_column_reads_the_open_stage_index(self):
        """A kanban column's first cards come in order from the index of open
        cases per stage. On a base of a few cases the planner may as well
        filter the index of open cases by stage (both are read in order):
        that one is set aside here, so that the plan shows what the stage's
        index serves (the benchmark shows which one a million cases get)."""
        with self.env.cr.savepoint(flush=False) as savepoint:
            self.env.cr.execute(SQL("DROP INDEX %s", SQL.identifier(OPEN_ORDER_INDEX)))
            plan = self._plan(
                [("is_closed", "=", False), ("stage_id", "=", self.stage_diagnosis.id)],
                limit=40,
            )
            savepoint.rollback()
        self.assertIn(OPEN_STAGE_INDEX, plan)
        self.assertNotIn("Sort", plan)

    def test_open_stage_index_carries_the_counted_columns(self):
        """The counts of open cases per stage, kanban state, team,
        responsible and service center, overdue or not, need no visit of the
        cases themselves."""
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s", [OPEN_STAGE_INDEX]
        )
        definition = self.env.cr.fetchone()[0]
        self.assertRegex(
            definition,
            r"INCLUDE \(company_id, kanban_state, team_id, user_id, sla_resolution_state, "
            r"sla_resolution_deadline, sla_resolution_paused, service_center_id, active, "
            r"is_closed[,)]",
        )
        columns = self.env["aftersales.ticket"]._open_stage_index_include()
        self.assertIn(f"INCLUDE ({', '.join(columns)}) WHERE", definition)

    def test_open_case_list_rows(self):
        tickets = self.env(user=self.user_reception)["aftersales.ticket"]
        company = [("commercial_partner_id", "=", self.company_partner.id)]
        rows = tickets.search(company + [("is_closed", "=", False)], limit=80)
        expected = tickets.search(company).filtered(lambda ticket: not ticket.is_closed)
        self.assertEqual(rows, expected.sorted(lambda t: (t.priority, t.id), reverse=True))
        self.assertEqual(len(rows), 4, "the closed case is left out")

    # ------------------------------------------------------------
    # Kanban
    # ------------------------------------------------------------

    def test_kanban_queries_do_not_grow(self):
        tickets = self.env(user=self.user_reception)["aftersales.ticket"]
        spec = view_spec(tickets, "kanban")
        domain = [
            ("is_closed", "=", False),
            ("commercial_partner_id", "=", self.company_partner.id),
        ]

        def kanban():
            groups = tickets.web_read_group(domain, [], ["stage_id"])["groups"]
            for group in groups:
                tickets.web_search_read(group["__domain"], spec, limit=40)
            tickets.read_progress_bar(
                domain, "stage_id", {"field": "kanban_state", "colors": {"normal": "muted"}}
            )

        self.assertSameQueryCount(tickets.env, kanban)
        cards = tickets.web_search_read(
            domain + [("stage_id", "=", self.stage_new.id)], spec, limit=40
        )
        self.assertEqual(cards["length"], 20, "the new cases of the 50")
        self.assertEqual(
            {card["partner_id"]["display_name"] for card in cards["records"]},
            {self.company_partner.display_name, self.portal_partner.display_name},
        )

    def test_kanban_column_reads_its_cards_once(self):
        """The cards of a column are read by the column's search; checking
        the user's access to them reads nothing more of the cases."""
        tickets = self.env(user=self.user_reception)["aftersales.ticket"]
        spec = view_spec(tickets, "kanban")
        column = [("is_closed", "=", False), ("stage_id", "=", self.stage_repair.id)]
        queries = self.queries(tickets.env, lambda: tickets.web_search_read(column, spec, limit=40))
        case_reads = [
            query
            for query in queries
            if '"aftersales_ticket"."id"' in query.split('FROM "aftersales_ticket"')[0]
            and 'FROM "aftersales_ticket"' in query
        ]
        self.assertEqual(len(case_reads), 1, "\n".join(case_reads))

    def test_technician_kanban_keeps_his_cases_only(self):
        """The fields read with the cards for the record rules do not open
        other cases to a technician."""
        cases = self._new_cases(3, offset=100)
        cases.service_center_id = False
        cases[0].technician_id = self.user_technician
        tickets = self.env(user=self.user_technician)["aftersales.ticket"]
        spec = view_spec(tickets, "kanban")
        own = tickets.search([("id", "in", cases.ids)])
        self.assertEqual(own.ids, cases[:1].ids)
        cards = tickets.web_search_read([("id", "in", cases.ids)], spec, limit=40)
        self.assertEqual({card["id"] for card in cards["records"]}, set(own.ids))

    def test_team_overview_counts(self):
        """The overview's open and unassigned counts come from one read."""
        cases = self._new_cases(5, offset=200)
        cases[:2].user_id = False
        tickets = self.env(user=self.user_reception)["aftersales.ticket"]
        team = self.team.with_user(self.user_reception)
        self.env.invalidate_all()
        open_cases = [("team_id", "=", self.team.id), ("is_closed", "=", False)]
        self.assertEqual(team.open_ticket_count, tickets.search_count(open_cases))
        self.assertEqual(team.open_ticket_count, 4 + 4, "the open ones of the 5 and 5 cases")
        self.assertEqual(
            team.unassigned_ticket_count,
            tickets.search_count(open_cases + [("user_id", "=", False)]),
        )
        self.assertEqual(team.unassigned_ticket_count, 2)

    # ------------------------------------------------------------
    # Partner smart buttons
    # ------------------------------------------------------------

    def test_partner_smart_buttons_queries_do_not_grow(self):
        partners = self.env(user=self.user_reception)["res.partner"]
        company = partners.browse(self.company_partner.id)
        spec = {
            "aftersales_ticket_count": {},
            "aftersales_open_ticket_count": {},
            "aftersales_equipment_count": {},
        }
        self.assertSameQueryCount(partners.env, lambda: company.web_read(spec))
        # 50 cases of the company and its contact, one in five closed
        self.assertEqual(
            company.web_read(spec),
            [
                {
                    "id": company.id,
                    "aftersales_ticket_count": 50,
                    "aftersales_open_ticket_count": 40,
                    "aftersales_equipment_count": 1,
                }
            ],
        )
        contact = partners.browse(self.portal_partner.id)
        self.assertEqual(contact.aftersales_ticket_count, 25, "the contact's own cases")

    def test_partner_counts_climb_the_contacts(self):
        """A case of a contact's assistant counts for the contact and the
        company; an archived contact's too; another customer's does not."""
        partner_model = self.env["res.partner"]
        assistant = partner_model.create(
            {"name": "Assistant", "parent_id": self.portal_partner.id, "type": "other"}
        )
        archived = partner_model.create(
            {"name": "Gone", "parent_id": self.company_partner.id, "active": False}
        )
        other = partner_model.create({"name": "Other customer", "is_company": True})
        for partner in (assistant, archived, other):
            self._create_ticket(partner_id=partner.id, team_id=self.team.id)
        self.env["aftersales.equipment"].create(
            {
                "partner_id": assistant.id,
                "product_id": self.product_washer.id,
                "serial_number": "OPEN-SN-2",
            }
        )
        partners = (self.company_partner | self.portal_partner | assistant | other).with_user(
            self.user_reception
        )
        self.env.invalidate_all()
        self.assertEqual(partners.mapped("aftersales_ticket_count"), [5 + 2, 1, 1, 1])
        self.assertEqual(partners.mapped("aftersales_equipment_count"), [2, 2, 1, 0])

    # ------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------

    def test_portal_my_cases_queries_do_not_grow(self):
        self.authenticate("as_portal_open", "as_portal_open")

        def page():
            response = self.url_open("/my/aftersales?filterby=all")
            self.assertEqual(response.status_code, 200)
            return response

        self.assertSameQueryCount(self.env, page)
        text = page().text
        # the newest 20 of the company's 50 cases, and the pager to the rest
        self.assertIn("Open screen case 49", text)
        self.assertNotIn("Open screen case 29<", text)
        self.assertIn("/my/aftersales/page/3", text)

    def test_portal_my_cases_keeps_the_rule(self):
        """The page lists the cases of the customer's company, no other; a
        case the customer follows opens, another customer's does not."""
        other = self._create_ticket(summary="Not Olivia's case")
        followed = self._create_ticket(summary="Followed by Olivia")
        followed.message_subscribe(partner_ids=self.portal_partner.ids)
        self.authenticate("as_portal_open", "as_portal_open")
        text = self.url_open("/my/aftersales?filterby=open").text
        self.assertIn("Open screen case 0", text)
        self.assertNotIn("Open screen case 3<", text, "the closed case is filtered out")
        self.assertNotIn(other.name, text)
        response = self.url_open(f"/my/aftersales/{followed.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 200)
        response = self.url_open(f"/my/aftersales/{other.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
