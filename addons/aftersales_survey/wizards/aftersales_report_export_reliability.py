# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError

from ..report.aftersales_xlsx import XlsxReport


class AftersalesReportExport(models.TransientModel):
    """The reliability workbook (MTBF, MTTR, failure rates per lot and
    month, misuse share) and the net promoter score sheet of the
    satisfaction workbook."""

    _inherit = "aftersales.report.export"

    report_type = fields.Selection(
        selection_add=[("reliability", "Reliability")],
        ondelete={"reliability": "set default"},
    )

    # ------------------------------------------------------------
    # Scope
    # ------------------------------------------------------------

    def _needs_period(self):
        return self.report_type == "reliability" or super()._needs_period()

    def _reliability_domain(self):
        start, stop = self._period_bounds()
        return [
            ("date_received", ">=", start),
            ("date_received", "<", stop),
        ] + self._filter_domain()

    def _failure_rate_domain(self):
        return self._filter_domain()

    def _nps_domain(self):
        start, stop = self._period_bounds()
        return [("date", ">=", start), ("date", "<", stop)] + self._filter_domain()

    def _scope(self):
        if self.report_type == "reliability":
            return "aftersales.reliability.report", self._reliability_domain
        return super()._scope()

    def _ensure_can_export(self):
        self.ensure_one()
        if self.report_type != "reliability":
            return super()._ensure_can_export()
        if not (self.date_from and self.date_to):
            raise UserError(self.env._("Choose the first and last day of the period to report."))
        if self.env["aftersales.reliability.report"].search_count(
            self._reliability_domain(), limit=1
        ) or self.env["aftersales.failure.rate.report"].search_count(
            self._failure_rate_domain(), limit=1
        ):
            return None
        raise UserError(
            self.env._(
                "No failure was received from %(start)s to %(end)s and no unit is installed "
                "(filters: %(filters)s), so there is nothing to analyse. Widen the period or "
                "remove filters.",
                start=self.date_from,
                end=self.date_to,
                filters=self._filters_text(),
            )
        )

    # ------------------------------------------------------------
    # Workbooks
    # ------------------------------------------------------------

    def _write_xlsx(self, fileobj):
        if self.report_type != "reliability":
            return super()._write_xlsx(fileobj)
        self._ensure_can_export()
        report = XlsxReport(fileobj)
        try:
            self._write_reliability(report)
        finally:
            report.close()
        return None

    @staticmethod
    def _days(value):
        # an average over no value (no failure dated, no repair done) is empty
        return None if value is None or value is False else round(value, 1)

    @staticmethod
    def _share(value):
        return None if value is None or value is False else value / 100

    def _group_label(self, key, undefined):
        if hasattr(key, "_name"):
            return key.display_name or undefined
        return key or undefined

    def _write_reliability(self, report):
        env = self.env
        model = env["aftersales.reliability.report"]
        domain = self._reliability_domain()
        measures = [
            "failure_count:sum",
            "mtbf_failure_count:sum",
            "service_days:sum",
            "mtbf_days:avg",
            "mttr_days:avg",
            "cause_count:sum",
            "misuse_share:avg",
        ]
        failures, counted, days, mtbf, mttr, causes, misuse = model._read_group(
            domain, aggregates=measures
        )[0]
        units, failed, rate = env["aftersales.failure.rate.report"]._read_group(
            self._failure_rate_domain(),
            aggregates=["unit_count:sum", "failed_unit_count:sum", "failure_rate:avg"],
        )[0]
        kpis = [
            (env._("Failures (warranty and paid repairs)"), failures or 0, "int"),
            (env._("Failures of units with a start of service"), counted or 0, "int"),
            (env._("Service days before those failures"), days or 0, "int"),
            (env._("MTBF (days)"), self._days(mtbf), "float"),
            (env._("MTTR (days)"), self._days(mttr), "float"),
            (env._("Failures with a recorded cause"), causes or 0, "int"),
            (env._("Misuse share"), self._share(misuse), "percent"),
            (env._("Installed units (all time)"), units or 0, "int"),
            (env._("Units that failed (all time)"), failed or 0, "int"),
            (env._("Failure rate (all time)"), self._share(rate), "percent"),
        ]
        summary, row = self._start_summary(
            report, env._("Reliability"), [34, 12, 14, 14, 12, 12, 14], kpis
        )
        headers = [
            env._("Failures"),
            env._("With Service Days"),
            env._("Service Days"),
            env._("MTBF (days)"),
            env._("MTTR (days)"),
            env._("Misuse Share"),
        ]
        formats = ["text", "int", "int", "int", "float", "float", "percent"]
        for title, groupby, label in (
            (env._("Reliability per product"), "product_tmpl_id", env._("Product")),
            (env._("Reliability per model"), "product_id", env._("Model")),
            (env._("Reliability per product category"), "product_categ_id", env._("Category")),
            (env._("Reliability per service center"), "service_center_id", env._("Center")),
        ):
            groups = model._read_group(domain, groupby=[groupby], aggregates=measures)
            groups.sort(key=lambda g: (-(g[1] or 0), self._group_label(g[0], "")))
            rows = [
                [
                    self._group_label(key, env._("Undefined")),
                    n or 0,
                    with_days or 0,
                    total_days or 0,
                    self._days(avg_mtbf),
                    self._days(avg_mttr),
                    self._share(share),
                ]
                for key, n, with_days, total_days, avg_mtbf, avg_mttr, _causes, share in groups
            ]
            _first, _last, row = report.table(summary, row, title, [label, *headers], rows, formats)
        note = env._(
            "MTBF: days from a unit's start of service (installation, else purchase or "
            "delivery) to its first failure and from each failure to the next, over those "
            "failures; failures of units without a start of service are left out of it. "
            "MTTR: days from received to done. Misuse share: among the failures with a "
            "recorded cause. Failure rates: failed units over the installed units of the "
            "group, all time; units without a lot or date are left out of those tables."
        )
        summary.write_string(row, 0, note, report.fmt["text"])
        self._write_failure_rates(report)
        self._write_misuse(report)

    def _rate_sheet(self, report, sheet_name, title, tables):
        """A sheet of failure-rate tables: ``tables`` are (title, groupby,
        label, extra domain)."""
        env = self.env
        model = env["aftersales.failure.rate.report"]
        sheet = report.add_sheet(sheet_name, [30, 22, 10, 12, 10, 12])
        row = report.header_block(sheet, title, self._header_lines(), last_col=5)
        headers = [env._("Units"), env._("Failed Units"), env._("Failures"), env._("Rate")]
        for table_title, groupby, labels, extra in tables:
            groups = model._read_group(
                self._failure_rate_domain() + extra,
                groupby=groupby,
                aggregates=[
                    "unit_count:sum",
                    "failed_unit_count:sum",
                    "failure_count:sum",
                    "failure_rate:avg",
                ],
            )
            rows = []
            for group in groups:
                keys, (units, failed, failures, rate) = group[: len(groupby)], group[len(groupby) :]
                rows.append(
                    [
                        *(
                            key.strftime("%Y-%m")
                            if hasattr(key, "strftime")
                            else self._group_label(key, env._("Undefined"))
                            for key in keys
                        ),
                        units or 0,
                        failed or 0,
                        failures or 0,
                        self._share(rate),
                    ]
                )
            formats = ["text"] * len(groupby) + ["int", "int", "int", "percent"]
            _first, _last, row = report.table(
                sheet, row, table_title, [*labels, *headers], rows, formats
            )
        return sheet

    def _write_failure_rates(self, report):
        env = self.env
        self._rate_sheet(
            report,
            env._("Failure Rate per Lot"),
            env._("Failure Rate per Production Lot"),
            [
                (
                    env._("Units with a production lot"),
                    ["product_tmpl_id", "production_lot"],
                    [env._("Product"), env._("Lot")],
                    [("production_lot", "!=", False)],
                ),
            ],
        )
        self._rate_sheet(
            report,
            env._("Failure Rate per Month"),
            env._("Failure Rate per Month"),
            [
                (
                    env._("Per month of manufacture (units with a manufacture date)"),
                    ["date_manufactured:month"],
                    [env._("Manufactured")],
                    [("date_manufactured", "!=", False)],
                ),
                (
                    env._("Per month of delivery (units with a start of service)"),
                    ["date_in_service:month"],
                    [env._("Delivered")],
                    [("date_in_service", "!=", False)],
                ),
            ],
        )

    def _write_misuse(self, report):
        env = self.env
        model = env["aftersales.reliability.report"]
        sheet = report.add_sheet(env._("Misuse Share"), [30, 26, 14, 10, 12])
        row = report.header_block(sheet, env._("Misuse Share"), self._header_lines(), last_col=4)
        domain = self._reliability_domain() + [("failure_cause", "!=", False)]
        headers = [env._("With Cause"), env._("Misuse"), env._("Share")]
        for title, groupby, labels in (
            (env._("Per product"), ["product_tmpl_id"], [env._("Product")]),
            (
                env._("Per product and fault category"),
                ["product_tmpl_id", "fault_category_id"],
                [env._("Product"), env._("Fault Category")],
            ),
        ):
            groups = model._read_group(
                domain,
                groupby=groupby,
                aggregates=["cause_count:sum", "misuse_count:sum", "misuse_share:avg"],
            )
            rows = [
                [
                    *(self._group_label(key, env._("Undefined")) for key in group[: len(groupby)]),
                    group[-3] or 0,
                    group[-2] or 0,
                    self._share(group[-1]),
                ]
                for group in groups
            ]
            formats = ["text"] * len(groupby) + ["int", "int", "percent"]
            _first, _last, row = report.table(sheet, row, title, [*labels, *headers], rows, formats)

    # Net promoter score ----------------------------------------------

    def _write_satisfaction(self, report):
        result = super()._write_satisfaction(report)
        self._write_nps(report)
        return result

    def _write_nps(self, report):
        env = self.env
        model = env["aftersales.nps.report"]
        domain = self._nps_domain()
        measures = [
            "answer_count:sum",
            "promoter_count:sum",
            "passive_count:sum",
            "detractor_count:sum",
            "nps:avg",
            "mttr_days:avg",
            "repeat_rate:avg",
        ]
        sheet = report.add_sheet(env._("Net Promoter Score"), [30, 10, 11, 10, 11, 9, 12, 12])
        answers, _promoters, _passives, _detractors, nps, _mttr, _repeat = model._read_group(
            domain, aggregates=measures
        )[0]
        row = report.header_block(
            sheet,
            env._("Net Promoter Score"),
            [
                *self._header_lines(),
                (env._("Recommendations"), answers or 0),
                (env._("NPS"), "-" if nps is None or nps is False else str(round(nps))),
            ],
            last_col=7,
        )
        headers = [
            env._("Answers"),
            env._("Promoters"),
            env._("Passives"),
            env._("Detractors"),
            env._("NPS"),
            env._("MTTR (days)"),
            env._("Repeat Rate"),
        ]
        formats = ["text", "int", "int", "int", "int", "float", "float", "percent"]
        for title, groupby, label in (
            (env._("NPS per service center"), "service_center_id", env._("Service Center")),
            (env._("NPS per agent workshop"), "agent_center_id", env._("Agent Workshop")),
            (env._("NPS per technician"), "technician_id", env._("Technician")),
            (env._("NPS per product"), "product_tmpl_id", env._("Product")),
        ):
            group_domain = domain + (
                [(groupby, "!=", False)] if groupby == "agent_center_id" else []
            )
            groups = model._read_group(group_domain, groupby=[groupby], aggregates=measures)
            groups.sort(key=lambda g: (-(g[1] or 0), self._group_label(g[0], "")))
            rows = [
                [
                    self._group_label(key, env._("Undefined")),
                    n or 0,
                    pro or 0,
                    pas or 0,
                    det or 0,
                    self._days(score),
                    self._days(days),
                    self._share(rep),
                ]
                for key, n, pro, pas, det, score, days, rep in groups
            ]
            _first, _last, row = report.table(sheet, row, title, [label, *headers], rows, formats)
