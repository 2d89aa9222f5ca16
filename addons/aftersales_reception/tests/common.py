# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Shared fixtures of the after-sales test suites.

The other after-sales addons subclass :class:`AftersalesCommon`, so that every
suite works on the same small service network, built here without relying on
demo data.
"""

import re
from collections import Counter
from datetime import date
from unittest.mock import patch

from lxml import etree

from odoo import Command, sql_db
from odoo.tests import HttpCase

from odoo.addons.base.tests.common import BaseCommon
from odoo.addons.mail.tests.common import mail_new_test_user


class AftersalesFixtures:
    """The small service network every after-sales test works on."""

    @classmethod
    def _setup_aftersales_fixtures(cls):
        cls.company = cls.env.company
        cls.company.resource_calendar_id.tz = "UTC"
        cls.calendar = cls.company.resource_calendar_id
        cls.country = cls.env.ref("base.us")
        cls.state_ca = cls.env.ref("base.state_us_5")
        cls.state_tx = cls.env.ref("base.state_us_44")
        cls.state_ny = cls.env.ref("base.state_us_27")

        # Stages (data of the module)
        cls.stage_new = cls.env.ref("aftersales_reception.stage_new")
        cls.stage_diagnosis = cls.env.ref("aftersales_reception.stage_diagnosis")
        cls.stage_repair = cls.env.ref("aftersales_reception.stage_repair")
        cls.stage_done = cls.env.ref("aftersales_reception.stage_done")
        cls.stage_closed = cls.env.ref("aftersales_reception.stage_closed")
        cls.stage_cancelled = cls.env.ref("aftersales_reception.stage_cancelled")

        # People
        cls.user_reception = mail_new_test_user(
            cls.env,
            login="as_reception",
            name="Rachel Reception",
            email="rachel@example.com",
            groups="base.group_user,aftersales_reception.group_aftersales_reception",
        )
        cls.user_technician = mail_new_test_user(
            cls.env,
            login="as_technician",
            name="Theo Technician",
            email="theo@example.com",
            groups="base.group_user,aftersales_reception.group_aftersales_technician",
        )
        cls.user_technician_other = mail_new_test_user(
            cls.env,
            login="as_technician_other",
            name="Olga Other",
            email="olga@example.com",
            groups="base.group_user,aftersales_reception.group_aftersales_technician",
        )
        cls.user_manager = mail_new_test_user(
            cls.env,
            login="as_manager",
            name="Mona Manager",
            email="mona@example.com",
            groups="base.group_user,aftersales_reception.group_aftersales_manager",
        )
        cls.user_employee = mail_new_test_user(
            cls.env, login="as_employee", name="Eve Employee", groups="base.group_user"
        )

        # Products and warranty
        cls.categ_appliances = cls.env["product.category"].create({"name": "Test Appliances"})
        cls.categ_climate = cls.env["product.category"].create(
            {"name": "Test Climate", "parent_id": cls.categ_appliances.id}
        )
        cls.product_washer = cls.env["product.product"].create(
            {"name": "Test Washer", "default_code": "T-WASH", "categ_id": cls.categ_appliances.id}
        )
        cls.product_ac = cls.env["product.product"].create(
            {
                "name": "Test Air Conditioner",
                "default_code": "T-AC",
                "categ_id": cls.categ_climate.id,
            }
        )
        cls.product_other = cls.env["product.product"].create({"name": "Test Uncovered Gadget"})
        cls.exclusion_misuse = cls.env.ref("aftersales_reception.exclusion_misuse")
        cls.exclusion_liquid = cls.env.ref("aftersales_reception.exclusion_liquid")
        cls.exclusion_power = cls.env.ref("aftersales_reception.exclusion_power")
        cls.policy_appliances = cls.env["aftersales.warranty.policy"].create(
            {
                "name": "Test appliances 24 months",
                "duration_months": 24,
                "scope": "both",
                "categ_ids": [Command.link(cls.categ_appliances.id)],
                "exclusion_ids": [
                    Command.link(cls.exclusion_misuse.id),
                    Command.link(cls.exclusion_liquid.id),
                ],
                "sequence": 50,
            }
        )
        cls.policy_ac = cls.env["aftersales.warranty.policy"].create(
            {
                "name": "Test AC 36 months",
                "duration_months": 36,
                "scope": "parts",
                "product_tmpl_ids": [Command.link(cls.product_ac.product_tmpl_id.id)],
                "sequence": 40,
            }
        )

        # Service network
        cls.team = cls.env["aftersales.team"].create(
            {"name": "Test Team", "sequence": -100, "company_id": cls.company.id}
        )
        center_model = cls.env["aftersales.service.center"]
        # the routing tests need a network of their own
        center_model.search([]).action_archive()
        cls.head_office = center_model.create(
            {
                "name": "Test Head Office",
                "code": "T-HO",
                "sequence": -100,
                "center_type": "head_office",
            }
        )
        cls.workshop_ca = center_model.create(
            {
                "name": "Test California Workshop",
                "code": "T-CA",
                "center_type": "workshop",
                "parent_id": cls.head_office.id,
                "user_ids": [Command.link(cls.user_technician.id)],
                "territory_ids": [
                    Command.create({"country_id": cls.country.id, "state_id": cls.state_ca.id})
                ],
            }
        )
        cls.agent_tx = center_model.create(
            {
                "name": "Test Texas Agent",
                "code": "T-TX",
                "center_type": "agent",
                "parent_id": cls.head_office.id,
                "territory_ids": [
                    Command.create({"country_id": cls.country.id, "state_id": cls.state_tx.id})
                ],
            }
        )

        # Customers
        partner_model = cls.env["res.partner"]
        cls.customer = partner_model.create(
            {
                "name": "Test Customer Fremont",
                "email": "fremont.customer@example.com",
                "phone": "+1 510 555 0001",
                "city": "Fremont",
                "zip": "94539",
                "state_id": cls.state_ca.id,
                "country_id": cls.country.id,
            }
        )
        cls.customer_tx = partner_model.create(
            {
                "name": "Test Customer Houston",
                "email": "houston.customer@example.com",
                "city": "Houston",
                "zip": "77002",
                "state_id": cls.state_tx.id,
                "country_id": cls.country.id,
            }
        )
        cls.customer_far = partner_model.create(
            {
                "name": "Test Customer Anchorage",
                "city": "Anchorage",
                "country_id": cls.country.id,
                "state_id": cls.env.ref("base.state_us_2").id,
            }
        )
        cls.equipment = cls.env["aftersales.equipment"].create(
            {
                "partner_id": cls.customer.id,
                "product_id": cls.product_washer.id,
                "serial_number": "T-WASH-0001",
                "purchase_date": date(2026, 1, 10),
            }
        )

    @classmethod
    def _create_ticket(cls, **values):
        vals = {
            "partner_id": cls.customer.id,
            "team_id": cls.team.id,
            "summary": "Test case",
            "channel": "phone",
        }
        vals.update(values)
        return cls.env["aftersales.ticket"].create(vals)


class AftersalesCommon(AftersalesFixtures, BaseCommon):
    """Base of the after-sales TransactionCase suites (mail disabled)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_aftersales_fixtures()


class AftersalesHttpCommon(AftersalesFixtures, HttpCase):
    """Base of the after-sales browser tours and HTTP tests. Test users log
    in with their login as password."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_aftersales_fixtures()


def web_client_spec(model, view_type):
    """The specification the web client builds from a view: every field of
    the arch, the display name of relational ones, and the fields of the
    list (or kanban) of a one2many or many2many under it."""

    def field_spec(comodel, node):
        field = comodel._fields[node.get("name")]
        if field.type in ("one2many", "many2many"):
            subviews = [child for child in node if child.tag in ("list", "kanban")]
            if subviews:
                submodel = comodel.env[field.comodel_name]
                return {"fields": arch_spec(submodel, subviews[0]), "limit": 40, "order": ""}
            return {"fields": {"display_name": {}}}
        if field.type == "many2one":
            return {"fields": {"display_name": {}}}
        return {}

    def arch_spec(comodel, arch):
        spec = {}

        def walk(node):
            for child in node:
                if child.tag == "field":
                    if child.get("name") in comodel._fields:
                        spec[child.get("name")] = field_spec(comodel, child)
                    continue
                walk(child)

        walk(arch)
        return spec

    views = model.get_views([(False, view_type)])["views"]
    return arch_spec(model, etree.fromstring(views[view_type]["arch"]))


class QueryCounting:
    """Counting the queries of a screen's server call."""

    def queries(self, env, func):
        """Queries of ``func()``, run after two others so that the caches of
        the registry (views, rules, access rights) are warm; the numbers in them
        (ids, lists of ids) are left out, to compare them between records."""
        for _warm_up in range(2):
            func()
            env.flush_all()
            env.invalidate_all()
        queries = []
        execute = sql_db.Cursor.execute

        def logged(cursor, query, params=None, log_exceptions=True):
            # the statement's text, whether given as a string or as SQL
            queries.append(re.sub(r"\d+(, \d+)*", "N", str(getattr(query, "code", query))))
            return execute(cursor, query, params, log_exceptions)

        with patch.object(sql_db.Cursor, "execute", logged):
            func()
            env.flush_all()
        return queries

    def assertNoMoreQueries(self, before, after):
        """``after`` runs no query more than ``before``; shows those it does."""
        extra = Counter(after) - Counter(before)
        self.assertLessEqual(len(after), len(before), f"more queries: {dict(extra)}")

    def assertFormQueriesDoNotGrow(self, user, record, add_lines):
        """The form of ``record`` as ``user`` reads it (the web client's
        specification) runs no more queries after ``add_lines()`` than
        before; returns those queries and the values the form read."""
        records = self.env(user=user)[record._name]
        spec = web_client_spec(records, "form")
        record = records.browse(record.id)

        def form():
            return record.web_read(spec)[0]

        before = self.queries(records.env, form)
        add_lines()
        after = self.queries(records.env, form)
        self.assertNoMoreQueries(before, after)
        return after, form()
