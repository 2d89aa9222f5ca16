# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The server calls behind each screen of reception run as many queries for
1 record as for 20: no query per case, unit or line, whatever the size of the
base. The portal's "My cases" page reads nothing it would have to write."""

from collections import Counter
from contextlib import contextmanager

from lxml import etree

from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from ..controllers.portal import AftersalesPortal
from .common import AftersalesHttpCommon, QueryCounting


def view_spec(model, view_type):
    """The specification the web client builds from a view: every field of
    the arch, the display name of relational ones."""
    arch = etree.fromstring(model.get_views([(False, view_type)])["views"][view_type]["arch"])
    spec = {}

    def walk(node):
        for child in node:
            if child.tag == "field":
                name = child.get("name")
                field = model._fields.get(name)
                if field is not None:
                    relational = field.type in ("many2one", "one2many", "many2many")
                    spec[name] = {"fields": {"display_name": {}}} if relational else {}
                continue
            walk(child)

    walk(arch)
    return spec


@contextmanager
def read_only_transaction(env):
    """The block runs in a transaction that refuses any write, as on a read
    replica; what it did is rolled back."""
    env.flush_all()
    env.cr.execute("SAVEPOINT read_only_block")
    env.cr.execute("SET LOCAL transaction_read_only = on")
    try:
        yield
    finally:
        env.cr.execute("ROLLBACK TO SAVEPOINT read_only_block")
        env.invalidate_all()


@tagged("post_install", "-at_install")
class TestScreenQueries(QueryCounting, AftersalesHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_portal = mail_new_test_user(
            cls.env, login="as_portal_scale", name="Portal Paula", groups="base.group_portal"
        )
        cls.portal_partner = cls.user_portal.partner_id
        cls.portal_partner.write(
            {"city": "Fremont", "state_id": cls.state_ca.id, "country_id": cls.country.id}
        )
        cls.unit = cls.env["aftersales.equipment"].create(
            {
                "partner_id": cls.portal_partner.id,
                "product_id": cls.product_washer.id,
                "serial_number": "SCALE-SN-1",
            }
        )
        cls.first_case = cls._new_cases(1)

    @classmethod
    def _new_cases(cls, count):
        return cls.env["aftersales.ticket"].create(
            [
                {
                    "partner_id": cls.portal_partner.id,
                    "team_id": cls.team.id,
                    "equipment_id": cls.unit.id,
                    "summary": f"Scale case {i}",
                    "channel": "phone",
                    "user_id": cls.user_reception.id,
                    "technician_id": cls.user_technician.id,
                }
                for i in range(count)
            ]
        )

    def assertSameQueries(self, env, func):
        """``func()`` runs no more queries with 20 cases than with 1 case; the
        extra queries are shown when it does."""
        one = self.queries(env, func)
        self._new_cases(19)
        twenty = self.queries(env, func)
        extra = Counter(twenty) - Counter(one)
        self.assertLessEqual(len(twenty), len(one), f"queries run for 20 cases only: {dict(extra)}")

    def _reception_env(self):
        return self.env(user=self.user_reception)

    def test_case_list(self):
        tickets = self._reception_env()["aftersales.ticket"]
        spec = view_spec(tickets, "list")
        domain = [("is_closed", "=", False), ("partner_id", "=", self.portal_partner.id)]
        self.assertSameQueries(tickets.env, lambda: tickets.web_search_read(domain, spec, limit=80))
        self.assertEqual(
            tickets.web_search_read(domain, spec, limit=80)["length"], 20, "all cases listed"
        )

    def test_case_kanban(self):
        tickets = self._reception_env()["aftersales.ticket"]
        spec = view_spec(tickets, "kanban")
        domain = [("is_closed", "=", False), ("partner_id", "=", self.portal_partner.id)]

        def kanban():
            groups = tickets.web_read_group(domain, [], ["stage_id"])["groups"]
            for group in groups:
                tickets.web_search_read(group["__domain"], spec, limit=40)
            tickets.read_progress_bar(
                domain, "stage_id", {"field": "kanban_state", "colors": {"normal": "muted"}}
            )

        self.assertSameQueries(tickets.env, kanban)

    def test_case_form(self):
        tickets = self._reception_env()["aftersales.ticket"]
        spec = view_spec(tickets, "form")
        case = tickets.browse(self.first_case.id)
        # the other cases of the unit: open cases for the same unit, follow-ups
        self.assertSameQueries(tickets.env, lambda: case.web_read(spec))
        self.assertEqual(case.duplicate_ticket_count, 10, "the 10 first open cases of the unit")

    def test_partner_smart_buttons(self):
        partners = self._reception_env()["res.partner"]
        spec = {
            name: {}
            for name in (
                "aftersales_ticket_count",
                "aftersales_open_ticket_count",
                "aftersales_equipment_count",
            )
        }
        partner = partners.browse(self.portal_partner.id)
        self.assertSameQueries(partners.env, lambda: partner.web_read(spec))
        self.assertEqual(partner.aftersales_ticket_count, 20)

    def test_unit_form(self):
        units = self._reception_env()["aftersales.equipment"]
        spec = view_spec(units, "form")
        unit = units.browse(self.unit.id)
        self.assertSameQueries(units.env, lambda: unit.web_read(spec))
        self.assertEqual(unit.ticket_count, 20)

    def test_portal_my_cases(self):
        self.authenticate("as_portal_scale", "as_portal_scale")

        def page():
            response = self.url_open("/my/aftersales")
            self.assertEqual(response.status_code, 200)
            return response

        self.assertSameQueries(self.env, page)
        self.assertIn("Scale case 18", page().text)

    def test_portal_my_cases_read_only(self):
        """The page is served from a read replica: nothing in it writes."""
        self.authenticate("as_portal_scale", "as_portal_scale")
        # the session's device is logged by a first request, in a
        # read/write transaction as Odoo does it for read-only requests
        self.assertEqual(self.url_open("/my").status_code, 200)
        routing = AftersalesPortal.portal_my_aftersales_tickets.original_routing
        self.assertTrue(routing["readonly"])
        with read_only_transaction(self.env):
            response = self.url_open("/my/aftersales")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Scale case 0", response.text)
