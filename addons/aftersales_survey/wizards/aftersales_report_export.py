# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import itertools
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..report.aftersales_case_report import AGE_RANGES
from ..report.aftersales_xlsx import BATCH_SIZE, SHEET_ROWS, XlsxReport

# the names of the database cursors the exports read their rows through
_CURSOR_NUMBERS = itertools.count(1)

TOP_ROWS = 15  # rows charted in the summary charts


class _Names:
    """Display names of the records met while exporting, read in bulk and
    kept: the same products and centers come back on every row. A model's
    names are forgotten once they are more than ``MAX_NAMES`` (customers of a
    large base), so that memory stays bounded whatever the number of rows."""

    MAX_NAMES = 20000

    def __init__(self, env):
        self.env = env
        self.cache = {}

    def trim(self):
        """Forget the names of the models that have too many; called between
        two batches of rows, never while one is written."""
        for cache in self.cache.values():
            if len(cache) > self.MAX_NAMES:
                cache.clear()

    def load(self, model, ids):
        cache = self.cache.setdefault(model, {})
        missing = [i for i in set(ids) if i and i not in cache]
        if missing:
            records = self.env[model].with_context(active_test=False).browse(missing)
            for record in records:
                cache[record.id] = record.display_name
            records.invalidate_recordset()

    def get(self, model, record_id):
        return self.cache.get(model, {}).get(record_id, "") if record_id else ""


class AftersalesReportExport(models.TransientModel):
    """Download the management reports as XLSX workbooks for a period and
    filters: the failure analysis, the satisfaction report and the customer
    base for marketing."""

    _name = "aftersales.report.export"
    _description = "After-Sales Report Export"

    report_type = fields.Selection(
        selection=[
            ("failure", "Failure Analysis"),
            ("satisfaction", "Satisfaction Report"),
            ("marketing", "Customer Base for Marketing"),
        ],
        string="Report",
        required=True,
        default="failure",
    )
    date_from = fields.Date(
        string="From",
        # the twelve months of the management dashboard's figures per
        # company: this month and the eleven before
        default=lambda self: (
            fields.Date.context_today(self).replace(day=1) - relativedelta(months=11)
        ),
        help="By default the first day of the eleventh month before this one: with this "
        "month, the twelve months of the management dashboard's company figures.",
    )
    date_to = fields.Date(string="To", default=fields.Date.context_today)
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, default=lambda self: self.env.company
    )
    service_center_ids = fields.Many2many(
        comodel_name="aftersales.service.center",
        string="Service Centers",
        help="Leave empty for every service center.",
    )
    product_categ_ids = fields.Many2many(
        comodel_name="product.category",
        string="Product Categories",
        help="Leave empty for every category; sub-categories are included.",
    )

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for export in self:
            if export.date_from and export.date_to and export.date_from > export.date_to:
                raise ValidationError(
                    self.env._(
                        "The period starts on %(start)s, after it ends (%(end)s): swap the dates.",
                        start=export.date_from,
                        end=export.date_to,
                    )
                )

    # ------------------------------------------------------------
    # Scope
    # ------------------------------------------------------------

    def _needs_period(self):
        return self.report_type in ("failure", "satisfaction")

    def _period_bounds(self):
        """The period as naive UTC datetimes [start, stop), in the user's
        time zone."""
        tz = pytz.timezone(self.env.user.tz or "UTC")

        def to_utc(day):
            local = tz.localize(datetime.combine(day, time.min))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        return to_utc(self.date_from), to_utc(self.date_to + timedelta(days=1))

    def _filter_domain(self, center_field="service_center_id", categ_field="product_categ_id"):
        domain = [("company_id", "=", self.company_id.id)]
        if self.service_center_ids:
            domain.append((center_field, "in", self.service_center_ids.ids))
        if self.product_categ_ids:
            domain.append((categ_field, "child_of", self.product_categ_ids.ids))
        return domain

    def _failure_domain(self):
        start, stop = self._period_bounds()
        return [
            ("is_repair", "=", True),
            ("date_received", ">=", start),
            ("date_received", "<", stop),
        ] + self._filter_domain()

    def _satisfaction_domain(self):
        start, stop = self._period_bounds()
        return [("date", ">=", start), ("date", "<", stop)] + self._filter_domain()

    def _marketing_domain(self):
        """Installed units of customers who accept marketing."""
        return [
            ("partner_id.aftersales_marketing_opt_out", "=", False),
            ("partner_id.commercial_partner_id.aftersales_marketing_opt_out", "=", False),
            ("partner_id.is_blacklisted", "=", False),
            ("partner_id.active", "=", True),
        ] + self._filter_domain(categ_field="product_id.categ_id")

    def _scope(self):
        """(model, domain) of the rows of the report."""
        return {
            "failure": ("aftersales.case.report", self._failure_domain),
            "satisfaction": ("aftersales.satisfaction.report", self._satisfaction_domain),
            "marketing": ("aftersales.equipment", self._marketing_domain),
        }[self.report_type]

    def _filters_text(self):
        parts = []
        if self.service_center_ids:
            parts.append(
                self.env._(
                    "Service centers: %(names)s",
                    names=", ".join(self.service_center_ids.mapped("display_name")),
                )
            )
        if self.product_categ_ids:
            parts.append(
                self.env._(
                    "Product categories: %(names)s",
                    names=", ".join(self.product_categ_ids.mapped("display_name")),
                )
            )
        return "; ".join(parts) or self.env._("None")

    def _period_text(self):
        if not self._needs_period():
            return self.env._("All time")
        return self.env._("%(start)s to %(end)s", start=self.date_from, end=self.date_to)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def _ensure_can_export(self):
        self.ensure_one()
        if self._needs_period() and not (self.date_from and self.date_to):
            raise UserError(self.env._("Choose the first and last day of the period to report."))
        model, domain = self._scope()
        if self.env[model].search_count(domain(), limit=1):
            return
        messages = {
            "failure": self.env._(
                "No repair case was received from %(start)s to %(end)s (filters: "
                "%(filters)s), so there is nothing to analyse. Widen the period or remove "
                "filters.",
                start=self.date_from,
                end=self.date_to,
                filters=self._filters_text(),
            ),
            "satisfaction": self.env._(
                "No happy-call survey was answered from %(start)s to %(end)s (filters: "
                "%(filters)s), so there is nothing to report. Widen the period or remove "
                "filters.",
                start=self.date_from,
                end=self.date_to,
                filters=self._filters_text(),
            ),
            "marketing": self.env._(
                "No installed unit can be exported (filters: %(filters)s): none is "
                "registered, or all their owners opted out of marketing.",
                filters=self._filters_text(),
            ),
        }
        raise UserError(messages[self.report_type])

    def action_export(self):
        self._ensure_can_export()
        return {
            "type": "ir.actions.act_url",
            "url": f"/aftersales/export/{self.id}",
            "target": "download",
        }

    def _get_filename(self):
        self.ensure_one()
        label = dict(self._fields["report_type"]._description_selection(self.env))[self.report_type]
        suffix = (
            f"{self.date_from}_{self.date_to}"
            if self._needs_period()
            else str(fields.Date.context_today(self))
        )
        return f"{label} {suffix}.xlsx".replace("/", "-")

    # ------------------------------------------------------------
    # Workbooks
    # ------------------------------------------------------------

    def _write_xlsx(self, fileobj):
        """Write the workbook of this export into ``fileobj``."""
        self._ensure_can_export()
        report = XlsxReport(fileobj)
        writers = {
            "failure": self._write_failure,
            "satisfaction": self._write_satisfaction,
            "marketing": self._write_marketing,
        }
        try:
            writers[self.report_type](report)
            self._write_extension_sheets(report)
        finally:
            report.close()

    def _write_extension_sheets(self, report):
        """Sheets that other addons add to this workbook, after its own.

        An addon that does not depend on this one adds a sheet with a model
        (a report) that lists the workbooks it joins in
        ``_aftersales_export_report_types`` and writes its sheet in
        ``_aftersales_export_sheet(export, report)``; sheets the user may not
        read are left out."""
        for model_name in sorted(self.env.registry):
            model = self.env[model_name]
            if self.report_type in getattr(
                model, "_aftersales_export_report_types", ()
            ) and model.has_access("read"):
                model._aftersales_export_sheet(self, report)

    def _start_table(
        self,
        report,
        sheet_name,
        title,
        columns,
        header_lines=None,
        frozen_columns=1,
        row_count=None,
    ):
        """A sheet with the report's header block and a row of column titles,
        frozen below the titles. ``columns`` are (title, width, cell format).
        When the ``row_count`` rows to list do not fit in the sheet, its
        header says which are listed (the rows up to ``SHEET_ROWS``).

        :return: (sheet, row of the column titles, cell format per column)
        """
        sheet = report.add_sheet(sheet_name, [width for _title, width, _fmt in columns])
        if header_lines is None:
            header_lines = [
                (self.env._("Period"), self._period_text()),
                (self.env._("Filters"), self._filters_text()),
            ]
        # rows above the first row of data: the title, the header lines, a
        # blank row and the column titles
        fitting = SHEET_ROWS - (len(header_lines) + 3)
        if row_count and row_count > fitting:
            shown = fitting - 1  # a line more for the note
            shown_text, count_text, max_text = (
                f"{shown:,}",
                f"{row_count:,}",
                f"{SHEET_ROWS:,}",
            )
            header_lines = [
                *header_lines,
                (
                    self.env._("Note"),
                    self.env._(
                        "Only the first %(shown)s of %(count)s rows are listed: an Excel "
                        "sheet holds %(max)s rows. Narrow the period or the filters to list "
                        "the others.",
                        shown=shown_text,
                        count=count_text,
                        max=max_text,
                    ),
                ),
            ]
        row = report.header_block(sheet, title, header_lines, last_col=len(columns) - 1)
        for col, (column_title, _width, _fmt) in enumerate(columns):
            sheet.write_string(row, col, column_title, report.fmt["header"])
        sheet.freeze_panes(row + 1, frozen_columns)
        return sheet, row, [fmt for _title, _width, fmt in columns]

    def _header_lines(self, extra=()):
        now = fields.Datetime.context_timestamp(self, fields.Datetime.now())
        return [
            (self.env._("Company"), self.company_id.name),
            (self.env._("Period"), self._period_text()),
            (self.env._("Filters"), self._filters_text()),
            (
                self.env._("Generated"),
                self.env._(
                    "%(date)s by %(user)s",
                    date=now.strftime("%Y-%m-%d %H:%M"),
                    user=self.env.user.name,
                ),
            ),
            *extra,
        ]

    def _iter_rows(self, model, domain, fnames):
        """Rows of ``model`` matching ``domain`` (with the user's access
        rules), by id, in lists of up to ``BATCH_SIZE`` tuples: the id, then
        the stored value of each of ``fnames`` as the database holds it (ids
        for many2one fields, None for empty values). No record is made per
        row, and memory holds one list at a time, whatever the number of rows.

        The rows come from one query, read through a cursor of the database
        (``DECLARE``/``FETCH``, allowed on a read replica): the database
        selects them once, through the indexes that suit the domain (a
        period: the dates), where fetching them page by page in the order of
        the ids made it walk the whole table by id for each page."""
        records_model = self.env[model]
        query = records_model._search(domain, order="id")
        columns = [records_model._field_to_sql(query.table, fname, query) for fname in fnames]
        select = query.select(SQL.identifier(query.table, "id"), *columns)
        self.env.flush_all()
        cr = self.env.cr
        name = SQL.identifier(f"aftersales_export_{next(_CURSOR_NUMBERS)}")
        # the plan that returns all the rows soonest, not the first ones
        cr.execute(SQL("SET LOCAL cursor_tuple_fraction = 1.0"))
        cr.execute(SQL("DECLARE %s NO SCROLL CURSOR FOR %s", name, select))
        while True:
            cr.execute(SQL("FETCH FORWARD %s FROM %s", BATCH_SIZE, name))
            rows = cr.fetchall()
            if not rows:
                break
            try:
                yield rows
            except GeneratorExit:
                # the sheet is full: the rest is left unread
                cr.execute(SQL("CLOSE %s", name))
                raise
        cr.execute(SQL("CLOSE %s", name))

    def _selection_labels(self, model, fname):
        return dict(self.env[model]._fields[fname]._description_selection(self.env))

    def _local_datetime(self, value, tz):
        if not value:
            return None
        return pytz.utc.localize(value).astimezone(tz).replace(tzinfo=None)

    def _local_date(self, value, tz):
        local = self._local_datetime(value, tz)
        return local and local.date()

    @staticmethod
    def _ratio(part, whole):
        return part / whole if whole else None

    def _start_summary(self, report, title, widths, kpis):
        """The Summary sheet: the report's header block, then a row per key
        figure. ``kpis`` are (label, value or None, cell format).

        :return: (sheet, first free row after a blank one)
        """
        sheet = report.add_sheet(self.env._("Summary"), widths)
        row = report.header_block(sheet, title, self._header_lines(), last_col=len(widths) - 1)
        sheet.freeze_panes(row, 0)
        for label, value, style in kpis:
            sheet.write_string(row, 0, label, report.fmt["label"])
            if value is None:
                sheet.write_string(row, 1, "-")
            else:
                sheet.write_number(row, 1, value, report.fmt[style])
            row += 1
        return sheet, row + 1

    def _insert_chart(self, report, sheet, kind, title, rows, value_col, anchor_col, **series):
        """A chart of one column of a summary table (categories in its first
        column, ``rows`` = (first, last)), beside the table."""
        first, last = rows
        chart = report.workbook.add_chart({"type": kind})
        chart.add_series(
            {
                "name": title,
                "categories": [sheet.name, first, 0, last, 0],
                "values": [sheet.name, first, value_col, last, value_col],
                **series,
            }
        )
        chart.set_title({"name": title})
        chart.set_legend({"none": True})
        chart.set_size({"width": 560, "height": 300})
        sheet.insert_chart(first - 2, anchor_col, chart)
        return chart

    # Failure analysis ------------------------------------------------

    def _write_failure(self, report):
        model = "aftersales.case.report"
        domain = self._failure_domain()
        report_model = self.env[model]
        totals = report_model._read_group(
            domain,
            aggregates=[
                "__count",
                "repeat_count:sum",
                "rework_count:sum",
                "sla_resolution_rate:avg",
                "age_months:avg",
            ],
        )[0]
        count, repeats, reworks, sla_rate, age = totals
        start, stop = self._period_bounds()
        qc_rate = self.env["aftersales.qc.report"]._read_group(
            [("date", ">=", start), ("date", "<", stop), ("state", "in", ("passed", "failed"))]
            + self._filter_domain(),
            aggregates=["pass_rate:avg"],
        )[0][0]
        kpis = [
            (self.env._("Repair cases"), count, "int"),
            (self.env._("Repeat repairs within 90 days"), repeats or 0, "int"),
            (self.env._("Repeat repair rate"), self._ratio(repeats or 0, count), "percent"),
            (self.env._("Reworks (failed quality checks)"), reworks or 0, "int"),
            (
                self.env._("Quality check pass rate"),
                qc_rate / 100 if qc_rate is not None else None,
                "percent",
            ),
            (
                self.env._("Resolution SLA met"),
                sla_rate / 100 if sla_rate is not None else None,
                "percent",
            ),
            (self.env._("Average age at failure (months)"), age, "float"),
        ]
        summary, row = self._start_summary(
            report, self.env._("Failure Analysis"), [34, 14, 16, 14, 14, 14], kpis
        )

        headers = [
            self.env._("Cases"),
            self.env._("Share"),
            self.env._("Repeat Repairs"),
            self.env._("Reworks"),
        ]
        formats = ["text", "int", "percent", "int", "int"]
        charts = []
        for title, groupby, label in (
            (self.env._("Failures per product"), "product_tmpl_id", self.env._("Product")),
            (self.env._("Failures per model"), "product_id", self.env._("Model")),
            (
                self.env._("Failures per fault category"),
                "fault_category_id",
                self.env._("Fault Category"),
            ),
            (self.env._("Failures per age of the unit"), "age_range", self.env._("Age")),
        ):
            groups = report_model._read_group(
                domain,
                groupby=[groupby],
                aggregates=["__count", "repeat_count:sum", "rework_count:sum"],
            )
            if groupby == "age_range":
                order = {key: index for index, (key, _label) in enumerate(AGE_RANGES)}
                labels = self._selection_labels(model, "age_range")
                groups.sort(key=lambda g: order.get(g[0], len(order)))
                rows = [
                    [labels.get(key, key), n, self._ratio(n, count), rep or 0, rew or 0]
                    for key, n, rep, rew in groups
                ]
            else:
                groups.sort(key=lambda g: (-g[1], g[0].display_name or ""))
                rows = [
                    [
                        record.display_name or self.env._("Undefined"),
                        n,
                        self._ratio(n, count),
                        rep or 0,
                        rew or 0,
                    ]
                    for record, n, rep, rew in groups
                ]
            first, last, next_row = report.table(
                summary, row, title, [label, *headers], rows, formats
            )
            charts.append((title, first, min(last, first + TOP_ROWS - 1)))
            row = next_row

        # one column chart per table, beside it
        for index, (title, first, last) in enumerate(charts):
            if last >= first:
                self._insert_chart(
                    report,
                    summary,
                    "bar" if index < 2 else "column",
                    title,
                    (first, last),
                    value_col=1,
                    anchor_col=7,
                    fill={"color": "#2E75B6"},
                )

        self._write_failure_cases(report, count)

    def _write_failure_cases(self, report, row_count=None):
        model = "aftersales.case.report"
        env = self.env
        columns = [
            (env._("Case"), 16, "text"),
            (env._("Received"), 12, "date"),
            (env._("Customer"), 28, "text"),
            (env._("Product"), 24, "text"),
            (env._("Model"), 28, "text"),
            (env._("Product Category"), 22, "text"),
            (env._("Fault Category"), 20, "text"),
            (env._("Warranty"), 14, "text"),
            (env._("Service Center"), 22, "text"),
            (env._("Technician"), 18, "text"),
            (env._("Age (months)"), 10, "int"),
            (env._("Repeat Repair"), 10, "text"),
            (env._("Days Since Previous"), 10, "int"),
            (env._("Reworks"), 9, "int"),
            (env._("Resolution SLA"), 12, "text"),
        ]
        sheet, header_row, formats = self._start_table(
            report, env._("Cases"), env._("Repair Cases"), columns, row_count=row_count
        )
        row = header_row + 1
        names = _Names(env)
        tz = pytz.timezone(env.user.tz or "UTC")
        warranty = self._selection_labels(model, "warranty_state")
        sla = self._selection_labels(model, "sla_resolution_state")
        yes, no = env._("Yes"), env._("No")
        relations = {
            "partner_id": "res.partner",
            "product_tmpl_id": "product.template",
            "product_id": "product.product",
            "product_categ_id": "product.category",
            "fault_category_id": "aftersales.fault.category",
            "service_center_id": "aftersales.service.center",
            "technician_id": "res.users",
        }
        fnames = [
            "name",
            "date_received",
            "warranty_state",
            "age_months",
            "purchase_date",
            "is_repeat",
            "days_since_previous",
            "rework_count",
            "sla_resolution_state",
            *relations,
        ]
        # where the ids of each relation are in a row (after the row's id)
        first_relation = len(fnames) - len(relations) + 1
        for rows in self._iter_rows(model, self._failure_domain(), fnames):
            names.trim()
            for index, model_name in enumerate(relations.values(), start=first_relation):
                names.load(model_name, [values[index] for values in rows])
            for (
                _id,
                name,
                received,
                warranty_state,
                age,
                purchase_date,
                is_repeat,
                days,
                reworks,
                sla_state,
                partner_id,
                template_id,
                product_id,
                categ_id,
                fault_id,
                center_id,
                technician_id,
            ) in rows:
                if row >= SHEET_ROWS:
                    break
                report.write_row(
                    sheet,
                    row,
                    [
                        name,
                        self._local_date(received, tz),
                        names.get("res.partner", partner_id),
                        names.get("product.template", template_id),
                        names.get("product.product", product_id),
                        names.get("product.category", categ_id),
                        names.get("aftersales.fault.category", fault_id),
                        warranty.get(warranty_state, ""),
                        names.get("aftersales.service.center", center_id),
                        names.get("res.users", technician_id),
                        age if purchase_date else None,
                        yes if is_repeat else no,
                        (days or 0) if is_repeat else None,
                        reworks or 0,
                        sla.get(sla_state, ""),
                    ],
                    formats,
                )
                row += 1
            if row >= SHEET_ROWS:
                break
        sheet.autofilter(header_row, 0, max(row - 1, header_row), len(columns) - 1)

    # Satisfaction report ---------------------------------------------

    def _write_satisfaction(self, report):
        model = "aftersales.satisfaction.report"
        domain = self._satisfaction_domain()
        report_model = self.env[model]
        count, score, low, complaints = report_model._read_group(
            domain,
            aggregates=["__count", "score:avg", "low_count:sum", "complaint_count:sum"],
        )[0]
        kpis = [
            (self.env._("Answered happy calls"), count, "int"),
            (
                self.env._("Average satisfaction"),
                score / 100 if score is not None else None,
                "percent",
            ),
            (self.env._("Low scores"), low or 0, "int"),
            (self.env._("Complaint cases opened"), complaints or 0, "int"),
        ]
        summary, row = self._start_summary(
            report, self.env._("Satisfaction Report"), [34, 12, 16, 12, 12], kpis
        )
        headers = [
            self.env._("Answers"),
            self.env._("Satisfaction"),
            self.env._("Low Scores"),
            self.env._("Complaints"),
        ]
        formats = ["text", "int", "percent", "int", "int"]
        first_center = last_center = None
        for title, groupby, label in (
            (
                self.env._("Satisfaction per service center"),
                "service_center_id",
                self.env._("Service Center"),
            ),
            (self.env._("Satisfaction per agent"), "agent_center_id", self.env._("Agent Workshop")),
            (self.env._("Satisfaction per technician"), "technician_id", self.env._("Technician")),
            (self.env._("Satisfaction per product"), "product_tmpl_id", self.env._("Product")),
        ):
            group_domain = domain + (
                [(groupby, "!=", False)] if groupby == "agent_center_id" else []
            )
            groups = report_model._read_group(
                group_domain,
                groupby=[groupby],
                aggregates=["__count", "score:avg", "low_count:sum", "complaint_count:sum"],
            )
            groups.sort(key=lambda g: (-(g[2] or 0), g[0].display_name or ""))
            rows = [
                [
                    record.display_name or self.env._("Undefined"),
                    n,
                    avg / 100 if avg is not None else None,
                    lows or 0,
                    comp or 0,
                ]
                for record, n, avg, lows, comp in groups
            ]
            first, last, row = report.table(summary, row, title, [label, *headers], rows, formats)
            if groupby == "service_center_id":
                first_center, last_center = first, min(last, first + TOP_ROWS - 1)
        if first_center is not None and last_center >= first_center:
            chart = self._insert_chart(
                report,
                summary,
                "bar",
                self.env._("Satisfaction per service center"),
                (first_center, last_center),
                value_col=2,
                anchor_col=6,
                fill={"color": "#70AD47"},
                data_labels={"value": True, "num_format": "0%"},
            )
            chart.set_x_axis({"min": 0, "max": 1, "num_format": "0%"})
        self._write_satisfaction_answers(report, count)

    def _write_satisfaction_answers(self, report, row_count=None):
        model = "aftersales.satisfaction.report"
        env = self.env
        columns = [
            (env._("Answered On"), 16, "datetime"),
            (env._("Case"), 16, "text"),
            (env._("Customer"), 28, "text"),
            (env._("Model"), 28, "text"),
            (env._("Service Center"), 22, "text"),
            (env._("Agent Workshop"), 24, "text"),
            (env._("Technician"), 18, "text"),
            (env._("Call Operator"), 18, "text"),
            (env._("Answered By"), 14, "text"),
            (env._("Satisfaction"), 12, "percent"),
            (env._("Low Score"), 9, "text"),
        ]
        sheet, header_row, formats = self._start_table(
            report,
            env._("Answers"),
            env._("Happy Call Answers"),
            columns,
            frozen_columns=2,
            row_count=row_count,
        )
        row = header_row + 1
        names = _Names(env)
        tz = pytz.timezone(env.user.tz or "UTC")
        channels = self._selection_labels(model, "answer_channel")
        yes, no = env._("Yes"), env._("No")
        relations = {
            "ticket_id": "aftersales.ticket",
            "partner_id": "res.partner",
            "product_id": "product.product",
            "service_center_id": "aftersales.service.center",
            "agent_center_id": "aftersales.service.center",
            "technician_id": "res.users",
            "operator_id": "res.users",
        }
        fnames = ["date", "answer_channel", "score", "low_count", *relations]
        first_relation = len(fnames) - len(relations) + 1
        for rows in self._iter_rows(model, self._satisfaction_domain(), fnames):
            names.trim()
            for index, model_name in enumerate(relations.values(), start=first_relation):
                names.load(model_name, [values[index] for values in rows])
            for (
                _id,
                date,
                channel,
                score,
                low_count,
                ticket_id,
                partner_id,
                product_id,
                center_id,
                agent_center_id,
                technician_id,
                operator_id,
            ) in rows:
                if row >= SHEET_ROWS:
                    break
                report.write_row(
                    sheet,
                    row,
                    [
                        self._local_datetime(date, tz),
                        names.get("aftersales.ticket", ticket_id),
                        names.get("res.partner", partner_id),
                        names.get("product.product", product_id),
                        names.get("aftersales.service.center", center_id),
                        names.get("aftersales.service.center", agent_center_id),
                        names.get("res.users", technician_id),
                        names.get("res.users", operator_id),
                        channels.get(channel, ""),
                        float(score or 0) / 100,
                        yes if low_count else no,
                    ],
                    formats,
                )
                row += 1
            if row >= SHEET_ROWS:
                break
        sheet.autofilter(header_row, 0, max(row - 1, header_row), len(columns) - 1)

    # Customer base for marketing -------------------------------------

    def _write_marketing(self, report):
        env = self.env
        domain = self._marketing_domain()
        row_count = env["aftersales.equipment"].search_count(domain)
        excluded = (
            env["aftersales.equipment"].search_count(
                self._filter_domain(categ_field="product_id.categ_id")
            )
            - row_count
        )
        columns = [
            (env._("Customer"), 28, "text"),
            (env._("Email"), 28, "text"),
            (env._("Phone"), 18, "text"),
            (env._("City"), 16, "text"),
            (env._("Country"), 16, "text"),
            (env._("Product"), 28, "text"),
            (env._("Serial Number"), 18, "text"),
            (env._("Purchased"), 12, "date"),
            (env._("Warranty Until"), 12, "date"),
            (env._("Cases"), 8, "int"),
            (env._("Last Case"), 12, "date"),
            (env._("Satisfaction"), 12, "percent"),
        ]
        sheet, header_row, formats = self._start_table(
            report,
            env._("Customers"),
            env._("Customer Base for Marketing"),
            columns,
            header_lines=self._header_lines(
                extra=[
                    (
                        env._("Left out"),
                        env._(
                            "%(count)s unit(s) of customers who opted out of marketing or "
                            "whose email is blacklisted; phone numbers of customers who "
                            "refused calls are left blank.",
                            count=excluded,
                        ),
                    )
                ]
            ),
            row_count=row_count,
        )
        row = header_row + 1
        tz = pytz.timezone(env.user.tz or "UTC")
        names = _Names(env)
        fnames = [
            "partner_id",
            "product_id",
            "serial_number",
            "purchase_date",
            "warranty_end_date",
        ]
        # the units read by id alone, their customers' consent checked per
        # chunk: a filter on the customers in the query would read every
        # customer again for each chunk of a large base
        unit_domain = self._filter_domain(categ_field="product_id.categ_id")
        for rows in self._iter_rows("aftersales.equipment", unit_domain, fnames):
            customers = self._marketing_customers({values[1] for values in rows})
            rows = [values for values in rows if values[1] in customers]
            if not rows:
                continue
            names.trim()
            names.load("product.product", [values[2] for values in rows])
            cases = {
                unit.id: (n, last)
                for unit, n, last in env["aftersales.ticket"]._read_group(
                    [("equipment_id", "in", [values[0] for values in rows])],
                    groupby=["equipment_id"],
                    aggregates=["__count", "date_received:max"],
                )
            }
            scores = {
                customer.id: score
                for customer, score in env["aftersales.happy.call"]._read_group(
                    [
                        (
                            "commercial_partner_id",
                            "in",
                            list({c["commercial_id"] for c in customers.values()}),
                        ),
                        ("state", "=", "done"),
                        ("has_score", "=", True),
                    ],
                    groupby=["commercial_partner_id"],
                    aggregates=["satisfaction_score:avg"],
                )
            }
            for unit_id, partner_id, product_id, serial, purchased, warranty_end in rows:
                if row >= SHEET_ROWS:
                    break
                customer = customers[partner_id]
                n, last = cases.get(unit_id, (0, None))
                score = scores.get(customer["commercial_id"])
                report.write_row(
                    sheet,
                    row,
                    [
                        customer["name"],
                        customer["email"],
                        customer["phone"],
                        customer["city"],
                        customer["country"],
                        names.get("product.product", product_id),
                        serial or "",
                        purchased,
                        warranty_end,
                        n,
                        self._local_date(last, tz),
                        score / 100 if score is not None else None,
                    ],
                    formats,
                )
                row += 1
            if row >= SHEET_ROWS:
                break
        sheet.autofilter(header_row, 0, max(row - 1, header_row), len(columns) - 1)

    def _marketing_customers(self, partner_ids):
        """What the marketing sheet shows of those of the customers
        ``partner_ids`` who accept marketing (see ``_marketing_domain``), read
        in bulk: {id: {name, email, phone, city, country, commercial_id}}; the
        phone is left blank for those who refused calls."""
        partners = self.env["res.partner"].with_context(active_test=False).browse(partner_ids)
        partners = partners._filtered_access("read")
        partners.fetch(
            [
                "name",
                "email",
                "phone",
                "mobile",
                "city",
                "country_id",
                "active",
                "aftersales_call_refused",
                "aftersales_marketing_opt_out",
            ]
        )
        customers = {}
        for partner in partners:
            commercial = partner.commercial_partner_id
            if not partner.active or partner._aftersales_marketing_excluded():
                continue
            refuses_calls = partner.aftersales_call_refused or commercial.aftersales_call_refused
            customers[partner.id] = {
                "name": partner.display_name,
                "email": partner.email or "",
                "phone": "" if refuses_calls else (partner.phone or partner.mobile or ""),
                "city": partner.city or "",
                "country": partner.country_id.name or "",
                "commercial_id": commercial.id,
            }
        partners.invalidate_recordset()
        return customers
