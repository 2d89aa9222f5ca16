# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class AftersalesWarrantyCostReport(models.Model):
    """The "Warranty Cost" sheet of the failure analysis workbook (exported
    by aftersales_survey, when installed): one row per product over the
    export's period and product categories."""

    _inherit = "aftersales.warranty.cost.report"

    # the workbooks of aftersales.report.export this report adds a sheet to
    _aftersales_export_report_types = ("failure",)

    def _aftersales_export_domain(self, export):
        domain = [("company_id", "=", export.company_id.id)]
        if export.date_from:
            domain.append(("date", ">=", export.date_from.replace(day=1)))
        if export.date_to:
            domain.append(("date", "<=", export.date_to))
        if export.product_categ_ids:
            domain.append(("product_categ_id", "child_of", export.product_categ_ids.ids))
        return domain

    def _aftersales_export_sheet(self, export, report):
        env = self.env
        measures = [
            "case_count:sum",
            "parts_cost:sum",
            "labour_cost:sum",
            "agent_fee:sum",
            "travel_cost:sum",
            "recovery:sum",
            "warranty_cost:sum",
            "units_sold:sum",
            "cost_per_unit_sold:avg",
            "cost_per_1000_installed:avg",
        ]
        domain = self._aftersales_export_domain(export)
        groups = self._read_group(
            domain, ["product_id", "device_model_id"], measures, order="product_id"
        )
        money = report.fmt.get("money") or report.workbook.add_format({"num_format": "#,##0.00"})
        report.fmt["money"] = money
        columns = [
            (env._("Product"), 34, "text"),
            (env._("Device Model"), 22, "text"),
            (env._("Warranty Cases"), 10, "int"),
            (env._("Parts at Cost"), 12, "money"),
            (env._("Labour"), 12, "money"),
            (env._("Agent Fees"), 12, "money"),
            (env._("Travel"), 12, "money"),
            (env._("Supplier Recoveries"), 12, "money"),
            (env._("Warranty Cost"), 14, "money"),
            (env._("Units Sold"), 10, "int"),
            (env._("Cost per Unit Sold"), 12, "money"),
            (env._("Cost per 1,000 Installed"), 14, "money"),
        ]
        sheet, row, formats = export._start_table(
            report,
            env._("Warranty Cost"),
            env._("Warranty Cost per Unit"),
            columns,
            header_lines=[
                (env._("Period"), export._period_text()),
                (
                    env._("Scope"),
                    env._(
                        "Cases done in warranty in the months of the period; per 1,000 "
                        "installed units on average over those months."
                    ),
                ),
            ],
        )
        for product, device_model, *figures in groups:
            row += 1
            report.write_row(
                sheet,
                row,
                [product.display_name, device_model.display_name or "", *figures],
                formats,
            )
        total = self._read_group(domain, [], measures)[0]
        report.write_row(sheet, row + 1, [env._("Total"), "", *total], formats)
