# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
import zipfile
from datetime import date, datetime
from unittest.mock import patch

import openpyxl

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.aftersales_reception.tests.common import QueryCounting

from .common import AftersalesReportCommon


@tagged("post_install", "-at_install")
class TestAftersalesReportExport(QueryCounting, AftersalesReportCommon):
    def _export(self, report_type, **values):
        vals = {
            "report_type": report_type,
            "date_from": date(2026, 1, 1),
            "date_to": date(2026, 12, 31),
            # the test categories only: the demo data stays out
            "product_categ_ids": [Command.set(self.categ_appliances.ids)],
        }
        vals.update(values)
        return self.env["aftersales.report.export"].with_user(self.user_manager).create(vals)

    def _workbook(self, export):
        output = io.BytesIO()
        export._write_xlsx(output)
        data = output.getvalue()
        return openpyxl.load_workbook(io.BytesIO(data)), zipfile.ZipFile(io.BytesIO(data))

    @staticmethod
    def _column(sheet, col, first_row, last_row):
        return [sheet.cell(row, col).value for row in range(first_row, last_row + 1)]

    @staticmethod
    def _find(sheet, text, col=1):
        for row in range(1, sheet.max_row + 1):
            if sheet.cell(row, col).value == text:
                return row
        raise AssertionError(f"{text!r} not found in column {col} of {sheet.title}")

    # ------------------------------------------------------------
    # Failure analysis
    # ------------------------------------------------------------

    def test_failure_analysis_workbook(self):
        export = self._export("failure")
        self.assertEqual(export.action_export()["url"], f"/aftersales/export/{export.id}")
        workbook, archive = self._workbook(export)
        # other addons may add their sheets after these
        self.assertEqual(workbook.sheetnames[:2], ["Summary", "Cases"])
        summary = workbook["Summary"]
        # header block
        self.assertEqual(summary["A1"].value, "Failure Analysis")
        self.assertEqual(summary["A2"].value, "Company")
        self.assertEqual(summary["B2"].value, self.company.name)
        self.assertEqual(summary["B3"].value, "2026-01-01 to 2026-12-31")
        self.assertEqual(summary["B4"].value, "Product categories: Test Appliances")
        self.assertIn("Mona Manager", summary["B5"].value)
        self.assertTrue(summary["A1"].font.bold)
        self.assertEqual(summary.freeze_panes, "A7")
        # key figures
        figures = {summary.cell(row, 1).value: summary.cell(row, 2) for row in range(7, 14)}
        self.assertEqual(figures["Repair cases"].value, 7)
        self.assertEqual(figures["Repeat repairs within 90 days"].value, 2)
        self.assertAlmostEqual(figures["Repeat repair rate"].value, 2 / 7)
        self.assertEqual(figures["Repeat repair rate"].number_format, "0.0%")
        self.assertEqual(figures["Reworks (failed quality checks)"].value, 2)
        self.assertAlmostEqual(figures["Quality check pass rate"].value, 0.6)
        self.assertAlmostEqual(figures["Resolution SLA met"].value, 0.6)
        self.assertAlmostEqual(figures["Average age at failure (months)"].value, 130 / 6, places=4)
        # per product, most failures first
        row = self._find(summary, "Failures per product")
        self.assertEqual(
            [c.value for c in summary[row + 1][:5]],
            ["Product", "Cases", "Share", "Repeat Repairs", "Reworks"],
        )
        expected = [
            ["[T-WASH] Test Washer", 4, 4 / 7, 1, 1],
            ["[T-AC] Test Air Conditioner", 3, 3 / 7, 1, 1],
        ]
        for r, values in zip((row + 2, row + 3), expected, strict=True):
            cells = [c.value for c in summary[r][:5]]
            self.assertEqual(cells[:2] + cells[3:], values[:2] + values[3:])
            self.assertAlmostEqual(cells[2], values[2])
        row = self._find(summary, "Failures per fault category")
        self.assertEqual(
            {summary.cell(r, 1).value: summary.cell(r, 2).value for r in (row + 2, row + 3)},
            {"Test leak": 4, "Test noise": 3},
        )
        row = self._find(summary, "Failures per age of the unit")
        self.assertEqual(
            self._column(summary, 1, row + 2, row + 5),
            ["0-6 months", "2-3 years", "3-5 years", "Unknown"],
        )
        self.assertEqual(self._column(summary, 2, row + 2, row + 5), [2, 2, 2, 1])
        # charts
        charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
        self.assertEqual(len(charts), 4)
        self.assertIn(b"Failures per product", archive.read("xl/charts/chart1.xml"))

        cases = workbook["Cases"]
        header = self._find(cases, "Case")
        self.assertEqual(cases.freeze_panes, f"B{header + 1}")
        self.assertEqual(cases.auto_filter.ref, f"A{header}:O{header + 7}")
        rows = {
            cases.cell(r, 1).value: [c.value for c in cases[r]]
            for r in range(header + 1, header + 8)
        }
        self.assertEqual(
            set(rows),
            {t.name for t in (self.t1, self.t2, self.t3, self.t4, self.t5, self.t6, self.t9)},
        )
        t2 = rows[self.t2.name]
        self.assertEqual(t2[1], datetime(2026, 4, 1))
        self.assertEqual(t2[2], self.customer.name)
        self.assertEqual(t2[3], "[T-WASH] Test Washer")
        self.assertEqual(t2[4], "[T-WASH] Test Washer")
        self.assertEqual(t2[5], "Test Appliances")
        self.assertEqual(t2[6], "Test leak")
        self.assertEqual(t2[8], "Test California Workshop")
        self.assertEqual(t2[9], "Theo Technician")
        self.assertEqual(t2[10:15], [2, "Yes", 59, 0, "Missed"])
        t6 = rows[self.t6.name]
        self.assertEqual(t6[10:14], [None, "No", None, 0], "age unknown")
        self.assertEqual(rows[self.t5.name][13], 1, "one rework")

    def test_filters_narrow_the_export(self):
        export = self._export("failure", service_center_ids=[Command.set(self.agent_tx.ids)])
        workbook, _archive = self._workbook(export)
        summary = workbook["Summary"]
        self.assertEqual(
            summary["B4"].value,
            "Service centers: Test Texas Agent; Product categories: Test Appliances",
        )
        row = self._find(summary, "Repair cases")
        self.assertEqual(summary.cell(row, 2).value, 3)

    def test_empty_period_is_refused(self):
        export = self._export("failure", date_from=date(2020, 1, 1), date_to=date(2020, 12, 31))
        with self.assertRaisesRegex(
            UserError, "No repair case was received from 2020-01-01 to 2020-12-31"
        ):
            export.action_export()
        export = self._export("satisfaction", date_from=date(2020, 1, 1), date_to=date(2020, 1, 31))
        with self.assertRaisesRegex(UserError, "No happy-call survey was answered"):
            export.action_export()
        with self.assertRaisesRegex(ValidationError, "swap the dates"):
            self._export("failure", date_from=date(2026, 5, 1), date_to=date(2026, 4, 1))

    def test_export_reads_in_constant_queries(self):
        """One batch of rows costs the same queries for 3 or 7 cases."""
        counts = []
        for centers in (self.agent_tx, self.agent_tx | self.workshop_ca):
            export = self._export("failure", service_center_ids=[Command.set(centers.ids)])
            self.env.invalidate_all()
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            export._write_xlsx(io.BytesIO())
            counts.append(self.env.cr.sql_log_count - before)
        self.assertLessEqual(counts[1], counts[0] + 2, f"queries: {counts}")

    def test_export_in_small_batches_is_identical(self):
        """Rows streamed in batches of two, with the names forgotten between
        batches (bounded memory), give the very same workbook rows."""
        from ..wizards import aftersales_report_export as module

        def rows(report_type, sheet_name):
            workbook, _archive = self._workbook(self._export(report_type))
            return [list(row) for row in workbook[sheet_name].iter_rows(values_only=True)]

        expected = {
            ("failure", "Cases"): rows("failure", "Cases"),
            ("satisfaction", "Answers"): rows("satisfaction", "Answers"),
        }
        with (
            patch.object(module, "BATCH_SIZE", 2),
            patch.object(module._Names, "MAX_NAMES", 1),
        ):
            for (report_type, sheet_name), values in expected.items():
                # the header block and titles, then more rows than a batch
                self.assertGreater(len(values), 7)
                self.assertEqual(rows(report_type, sheet_name), values)

    def test_default_period_is_the_dashboards_twelve_months(self):
        """The workbooks cover by default the twelve calendar months of the
        dashboard's company figures (this month and the eleven before), not
        a thirteenth month's few days."""
        export = self.env["aftersales.report.export"].with_user(self.user_manager).create({})
        today = fields.Date.context_today(export)
        self.assertEqual(export.date_to, today)
        self.assertEqual(export.date_from.day, 1)
        months = (today.year - export.date_from.year) * 12 + today.month - export.date_from.month
        self.assertEqual(months, 11)

    def test_rows_are_selected_once_and_fetched_in_batches(self):
        """The cases of the list are selected by one query, then fetched
        batch by batch: the database does not select them again for each
        batch (on a large base, paging by id made it walk the whole table
        for each page of a period)."""
        from ..wizards import aftersales_report_export as module

        export = self._export("failure")
        with patch.object(module, "BATCH_SIZE", 2):
            statements = self.queries(self.env, lambda: self._workbook(export))
        declared = [query for query in statements if query.startswith("DECLARE")]
        self.assertEqual(len(declared), 1, "one query selects the cases of the list")
        self.assertIn('SELECT "aftersales_case_report"."id"', declared[0])
        fetches = [query for query in statements if query.startswith("FETCH")]
        # seven cases, two a batch, and the empty fetch that ends them
        self.assertEqual(len(fetches), 5)
        self.assertEqual(len([query for query in statements if query.startswith("CLOSE")]), 1)

    def test_marketing_in_small_batches_is_identical(self):
        """The customer base read in batches of two gives the same rows."""
        from ..wizards import aftersales_report_export as module

        def rows():
            sheet = self._workbook(self._export("marketing"))[0]["Customers"]
            header = self._find(sheet, "Customer")
            return [list(row) for row in sheet.iter_rows(min_row=header, values_only=True)]

        expected = rows()
        self.assertEqual(len(expected), 5, "the column titles and four units")
        with patch.object(module, "BATCH_SIZE", 2):
            self.assertEqual(rows(), expected)

    def test_rows_beyond_the_sheet_limit_are_left_out_with_a_note(self):
        """An Excel sheet holds 1,048,576 rows: the rows that do not fit are
        left out and the sheet's header says so (the limit made small here)."""
        from ..wizards import aftersales_report_export as module

        all_cases = self._workbook(self._export("failure"))[0]["Cases"]
        header = self._find(all_cases, "Case")
        every_row = [list(row) for row in all_cases.iter_rows(min_row=header + 1, values_only=True)]
        self.assertEqual(len(every_row), 7)
        # title, period, filters, note, a blank row, column titles: 4 rows left
        with patch.object(module, "SHEET_ROWS", 10):
            workbook, _archive = self._workbook(self._export("failure"))
        cases = workbook["Cases"]
        self.assertEqual(cases["A4"].value, "Note")
        self.assertEqual(
            cases["B4"].value,
            "Only the first 4 of 7 rows are listed: an Excel sheet holds 10 rows. Narrow the "
            "period or the filters to list the others.",
        )
        header = self._find(cases, "Case")
        self.assertEqual(header, 6)
        self.assertEqual(cases.max_row, 10, "nothing written beyond the sheet's last row")
        self.assertEqual(
            [list(row) for row in cases.iter_rows(min_row=7, values_only=True)],
            every_row[:4],
            "the first rows, as in the whole list",
        )
        self.assertEqual(cases.auto_filter.ref, "A6:O10")
        # the summary still counts every case
        summary = workbook["Summary"]
        self.assertEqual(summary.cell(self._find(summary, "Repair cases"), 2).value, 7)
        # rows that fit get no note
        with patch.object(module, "SHEET_ROWS", 12):
            cases = self._workbook(self._export("failure"))[0]["Cases"]
        self.assertEqual(self._find(cases, "Case"), 5)
        self.assertEqual(cases.max_row, 12)

    def test_marketing_rows_beyond_the_sheet_limit(self):
        from ..wizards import aftersales_report_export as module

        with patch.object(module, "SHEET_ROWS", 11):
            sheet = self._workbook(self._export("marketing"))[0]["Customers"]
        note = self._find(sheet, "Note")
        self.assertIn("Only the first 2 of 4 rows are listed", sheet.cell(note, 2).value)
        self.assertEqual(sheet.max_row, 11)
        self.assertEqual(self._find(sheet, "Customer"), 9)

    # ------------------------------------------------------------
    # Satisfaction report
    # ------------------------------------------------------------

    def test_satisfaction_workbook(self):
        workbook, archive = self._workbook(self._export("satisfaction"))
        summary = workbook["Summary"]
        self.assertEqual(summary["A1"].value, "Satisfaction Report")
        self.assertEqual(summary.freeze_panes, "A7")
        figures = {summary.cell(row, 1).value: summary.cell(row, 2).value for row in range(7, 11)}
        self.assertEqual(figures["Answered happy calls"], 3)
        self.assertAlmostEqual(figures["Average satisfaction"], 2 / 3, places=4)
        self.assertEqual(figures["Low scores"], 1)
        self.assertEqual(figures["Complaint cases opened"], 0)
        row = self._find(summary, "Satisfaction per service center")
        self.assertEqual(
            [[c.value for c in summary[r][:5]] for r in (row + 2, row + 3)],
            [["Test Texas Agent", 1, 0.75, 0, 0], ["Test California Workshop", 2, 0.625, 1, 0]],
        )
        row = self._find(summary, "Satisfaction per agent")
        self.assertEqual([c.value for c in summary[row + 2][:3]], ["Test Texas Agent", 1, 0.75])
        self.assertIsNone(summary.cell(row + 3, 1).value, "in-house answers are no agent's")
        row = self._find(summary, "Satisfaction per technician")
        self.assertEqual(
            {summary.cell(r, 1).value: summary.cell(r, 3).value for r in (row + 2, row + 3)},
            {"Olga Other": 0.75, "Theo Technician": 0.625},
        )
        self.assertEqual(len([n for n in archive.namelist() if n.startswith("xl/charts/")]), 1)

        answers = workbook["Answers"]
        header = self._find(answers, "Answered On")
        self.assertEqual(answers.freeze_panes, f"C{header + 1}")
        rows = {
            answers.cell(r, 2).value: [c.value for c in answers[r]]
            for r in range(header + 1, header + 4)
        }
        t3 = rows[self.t3.name]
        self.assertEqual(t3[0], datetime(2026, 3, 10, 15))
        self.assertEqual(t3[2], self.customer.name)
        self.assertEqual(t3[4], "Test California Workshop")
        self.assertIsNone(t3[5], "no agent")
        self.assertEqual(t3[6], "Theo Technician")
        self.assertEqual(t3[7], "Oscar Operator")
        self.assertEqual(t3[9:11], [0.25, "Yes"])
        self.assertEqual(rows[self.t5.name][5], "Test Texas Agent")

    # ------------------------------------------------------------
    # Customer base for marketing
    # ------------------------------------------------------------

    def test_marketing_export_respects_opt_outs(self):
        self.customer.aftersales_call_refused = True
        workbook, _archive = self._workbook(self._export("marketing"))
        sheet = workbook["Customers"]
        self.assertEqual(sheet["A1"].value, "Customer Base for Marketing")
        header = self._find(sheet, "Customer")
        rows = [[c.value for c in sheet[r]] for r in range(header + 1, sheet.max_row + 1)]
        self.assertEqual(
            sorted((r[0], r[6]) for r in rows),
            sorted(
                [
                    (self.customer.name, "T-WASH-0001"),
                    (self.customer.name, "T-WASH-0002"),
                    (self.customer_tx.name, "T-AC-0001"),
                    (self.customer_tx.name, "T-AC-0002"),
                ]
            ),
        )
        washer = next(r for r in rows if r[6] == "T-WASH-0001")
        self.assertEqual(washer[1], self.customer.email)
        self.assertIsNone(washer[2], "the customer refused calls: no phone for marketing")
        self.assertEqual(washer[7], datetime(2026, 1, 10))
        self.assertEqual(washer[9], 2, "two cases on this unit")
        self.assertAlmostEqual(washer[11], 62.5 / 100, msg="average of the customer's answers")

        self.customer.aftersales_marketing_opt_out = True
        self.env["mail.blacklist"]._add(self.customer_tx.email)
        export = self._export("marketing")
        with self.assertRaisesRegex(UserError, "opted out of marketing"):
            export.action_export()
