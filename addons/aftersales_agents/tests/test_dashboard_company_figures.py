# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The warranty cost of the user's companies above the cards of the
management dashboard (aftersales_survey): cost, cost per unit sold and per
1,000 units installed over the last twelve months, read from the warranty
cost report."""

from datetime import date, datetime, time
from unittest import SkipTest

from freezegun import freeze_time

from odoo import Command
from odoo.tests import HttpCase, tagged, users
from odoo.tools.misc import format_amount

from .common import AgentsCommon

LABELS = (
    "Warranty Cost",
    "Warranty Cost per Unit Sold",
    "Warranty Cost per 1,000 Units Installed",
)
# the dashboard's today: its twelve months are July 2001 to June 2002 (the
# demo data starts years later)
TODAY = "2002-06-15"


@tagged("post_install", "-at_install")
class TestDashboardCompanyFigures(AgentsCommon):
    """Test Dash Washer, in the main company (internal labour at 25.00 an
    hour):

    - installed base: one unit installed in March 2001, one in September
      2001, one in February 2002 and one archived: 1 unit in July and August,
      2 from September to January and 3 from February to June, on average
      27 / 12 = 2.25 units over the twelve months;
    - sold: 50 in May 2001 (before the twelve months), 10 in August 2001, 6
      in March 2002 and 1 returned in April 2002: 15 units;
    - warranty cases: one done in April 2001 (before: 2 hours and a pump),
      one in October 2001 (2 hours at 25.00 and a pump at its cost of 30.00
      = 80.00) and one in May 2002 (1 hour and a pump = 55.00): 135.00.

    So 135.00, 135.00 / 15 = 9.00 per unit sold and 135.00 * 1,000 / 2.25 =
    60,000.00 per 1,000 units installed.

    Company B (in euros): one unit installed in January 2002, nothing sold
    and no warranty case.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "aftersales.center.kpi" not in cls.env:
            raise SkipTest("the dashboard is in aftersales_survey, which is not installed")
        cls.company.aftersales_labour_cost_hour = 25.0
        cls.washer = cls.env["product.product"].create(
            {"name": "Test Dash Washer", "type": "consu"}
        )
        unit_model = cls.env["aftersales.equipment"]
        base = {"partner_id": cls.customer.id, "product_id": cls.washer.id}
        unit_model.create(
            [
                dict(base, serial_number="TD-W-1", installation_date=date(2001, 3, 10)),
                dict(base, serial_number="TD-W-2", installation_date=date(2001, 9, 5)),
                dict(base, serial_number="TD-W-3", purchase_date=date(2002, 2, 20)),
                dict(
                    base,
                    serial_number="TD-W-4",
                    installation_date=date(2001, 9, 5),
                    active=False,
                ),
            ]
        )
        cls._ship(cls.washer, 50, date(2001, 5, 10))
        cls._ship(cls.washer, 10, date(2001, 8, 10))
        cls._ship(cls.washer, 6, date(2002, 3, 10))
        cls._ship(cls.washer, 1, date(2002, 4, 10), returned=True)
        for hours, day in (
            (2.0, date(2001, 4, 15)),
            (2.0, date(2001, 10, 15)),
            (1.0, date(2002, 5, 15)),
        ):
            case = cls._create_ticket(product_id=cls.washer.id, **cls._warranty_values())
            cls._repair(case, labour_hours=hours, parts=1)
            case.stage_id = cls.stage_done
            case.date_done = datetime.combine(day, time(12))

        cls.env.ref("base.EUR").active = True
        cls.company_b = cls.env["res.company"].create(
            {"name": "Test Dash Company B", "currency_id": cls.env.ref("base.EUR").id}
        )
        cls.dryer_b = cls.env["product.product"].create(
            {"name": "Test Dash Dryer B", "type": "consu", "company_id": cls.company_b.id}
        )
        unit_model.create(
            {
                "partner_id": cls.customer.id,
                "product_id": cls.dryer_b.id,
                "company_id": cls.company_b.id,
                "serial_number": "TD-B-1",
                "installation_date": date(2002, 1, 10),
            }
        )
        cls.user_manager.company_ids = [Command.link(cls.company_b.id)]

    @classmethod
    def _ship(cls, product, quantity, day, returned=False):
        stock = cls.company._aftersales_warehouse().lot_stock_id
        customer = cls.env.ref("stock.stock_location_customers")
        source, dest = (customer, stock) if returned else (stock, customer)
        move = cls.env["stock.move"].create(
            {
                "name": product.name,
                "product_id": product.id,
                "product_uom": product.uom_id.id,
                "product_uom_qty": quantity,
                "location_id": source.id,
                "location_dest_id": dest.id,
            }
        )
        move._action_confirm()
        move.quantity = quantity
        move.picked = True
        move._action_done()
        move.date = datetime.combine(day, time(12))

    def _figures(self, companies):
        """{company: {label: figure}} of the dashboard, for ``companies`` as
        the allowed companies."""
        self.env.flush_all()
        dashboard = self.env["aftersales.center.kpi"].with_context(
            allowed_company_ids=companies.ids
        )
        return {
            entry["company_id"]: {figure["label"]: figure for figure in entry["figures"]}
            for entry in dashboard.get_company_figures()
        }

    def _values(self, figures):
        return tuple(figures[label]["value"] for label in LABELS)

    def _money(self, amount, company=None):
        return format_amount(self.env, amount, (company or self.company).currency_id)

    @users("as_manager")
    @freeze_time(TODAY)
    def test_figures_of_the_twelve_months(self):
        figures = self._figures(self.company)
        self.assertEqual(list(figures), [self.company.id])
        self.assertEqual(
            self._values(figures[self.company.id]),
            (self._money(135.0), self._money(9.0), self._money(60000.0)),
        )

    @users("as_manager")
    @freeze_time(TODAY)
    def test_workbook_of_the_default_period_has_the_same_figures(self):
        """The failure workbook's warranty cost sheet, for its default
        period, gives the figures shown above the cards."""
        import io

        import openpyxl

        from odoo.addons.aftersales_survey.report.aftersales_xlsx import XlsxReport

        export = self.env["aftersales.report.export"].create({"report_type": "failure"})
        self.assertEqual(export.date_from, date(2001, 7, 1))
        # the sheet alone: the test's cases were received today
        output = io.BytesIO()
        report = XlsxReport(output)
        self.env["aftersales.warranty.cost.report"]._aftersales_export_sheet(export, report)
        report.close()
        sheet = openpyxl.load_workbook(io.BytesIO(output.getvalue()))["Warranty Cost"]
        total = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Total")
        # warranty cost, per unit sold, per 1,000 units installed
        self.assertEqual((total[8], total[10], total[11]), (135.0, 9.0, 60000.0))

    @users("as_manager")
    @freeze_time(TODAY)
    def test_figures_open_the_report_on_the_twelve_months(self):
        figures = self._figures(self.company)[self.company.id]
        report = self.env["aftersales.warranty.cost.report"]
        for label, measure, amount in zip(
            LABELS,
            ("warranty_cost:sum", "cost_per_unit_sold:avg", "cost_per_1000_installed:avg"),
            (135.0, 9.0, 60000.0),
            strict=True,
        ):
            action = figures[label]["action"]
            self.assertEqual(action["res_model"], "aftersales.warranty.cost.report")
            self.assertEqual(action["views"][0][1], "pivot")
            self.assertNotIn("search_default_filter_date", action["context"])
            self.assertIn(measure.split(":")[0], action["context"]["pivot_measures"])
            # the rows it opens give the figure
            [(value,)] = report._read_group(action["domain"], [], [measure])
            self.assertAlmostEqual(value, amount)
            self.assertEqual(report.search(action["domain"]).company_id, self.company)
            self.assertEqual(
                set(report.search(action["domain"]).mapped("date")),
                {date(2001, month, 1) for month in range(7, 13)}
                | {date(2002, month, 1) for month in range(1, 7)},
            )

    @users("as_manager")
    @freeze_time("1995-06-15")
    def test_empty_period(self):
        """Nothing in the twelve months: no cost, and no ratio (nothing sold
        or installed to divide by)."""
        figures = self._figures(self.company)
        self.assertEqual(self._values(figures[self.company.id]), (self._money(0.0), "-", "-"))

    @users("as_manager")
    @freeze_time(TODAY)
    def test_each_company_in_its_currency(self):
        both = self._figures(self.company | self.company_b)
        self.assertEqual(list(both), [self.company.id, self.company_b.id])
        self.assertEqual(
            self._values(both[self.company.id]),
            (self._money(135.0), self._money(9.0), self._money(60000.0)),
        )
        # a unit installed and nothing else: no cost per unit sold
        b_zero = self._money(0.0, self.company_b)
        self.assertIn("€", b_zero)
        self.assertEqual(self._values(both[self.company_b.id]), (b_zero, "-", b_zero))
        self.assertEqual(
            both[self.company_b.id][LABELS[0]]["action"]["domain"][0],
            ("company_id", "=", self.company_b.id),
        )
        # only the companies the user works in
        self.assertEqual(list(self._figures(self.company_b)), [self.company_b.id])

    @users("as_manager")
    def test_no_figures_without_rights_on_the_report(self):
        self.env["ir.model.access"].sudo().search(
            [("model_id.model", "=", "aftersales.warranty.cost.report")]
        ).perm_read = False
        self.assertFalse(self.env["aftersales.warranty.cost.report"].has_access("read"))
        figures = self._figures(self.company)
        for label in LABELS:
            self.assertNotIn(label, figures.get(self.company.id, {}))

    @users("as_manager")
    @freeze_time(TODAY)
    def test_queries_do_not_grow_with_the_centers_or_companies(self):
        def count_queries(companies):
            # warm: the record rules of each set of companies are cached
            self._figures(companies)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            figures = self._figures(companies)
            count = self.env.cr.sql_log_count - before
            self.assertEqual(set(figures), set(companies.ids))
            return count

        few = count_queries(self.company)
        self.env["aftersales.service.center"].sudo().create(
            [
                {"name": f"Test Dash Workshop {i}", "code": f"T-DW{i}", "center_type": "workshop"}
                for i in range(5)
            ]
        )
        self.assertEqual(count_queries(self.company), few)
        self.assertEqual(count_queries(self.company | self.company_b), few)


@tagged("post_install", "-at_install")
class TestDashboardCompanyFiguresTour(AgentsCommon, HttpCase):
    def test_manager_opens_the_cost_per_unit_sold(self):
        if "aftersales.center.kpi" not in self.env:
            self.skipTest("the dashboard is in aftersales_survey, which is not installed")
        self.start_tour(
            "/odoo/action-aftersales_survey.aftersales_center_kpi_action",
            "aftersales_agents_dashboard_tour",
            login="as_manager",
        )
