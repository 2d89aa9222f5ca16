# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Small helpers shared by the XLSX exports: one workbook written in
xlsxwriter's constant-memory mode (rows go to disk as they are written), the
house formats, a header block and summary tables."""

import xlsxwriter

# rows read from the database per query while a sheet is written
BATCH_SIZE = 10000
# rows of an Excel sheet (xlsx): what does not fit is left out, with a note
SHEET_ROWS = 1048576


class XlsxReport:
    def __init__(self, fileobj):
        self.workbook = xlsxwriter.Workbook(
            fileobj,
            {
                # rows are flushed to temporary files as soon as the next row
                # starts: memory stays flat however many rows are exported
                "constant_memory": True,
                # customer data is data: a name starting with "=" must never
                # become a formula, nor a number-like serial a number
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        add = self.workbook.add_format
        self.fmt = {
            "title": add({"bold": True, "font_size": 16, "font_color": "#1F3864"}),
            "label": add({"bold": True, "font_color": "#595959"}),
            "text": add({}),
            "header": add(
                {
                    "bold": True,
                    "font_color": "#FFFFFF",
                    "bg_color": "#1F3864",
                    "border": 1,
                    "text_wrap": True,
                    "valign": "vcenter",
                }
            ),
            "section": add({"bold": True, "font_size": 12, "bottom": 2}),
            "int": add({"num_format": "#,##0"}),
            "float": add({"num_format": "#,##0.0"}),
            "percent": add({"num_format": "0.0%"}),
            "date": add({"num_format": "yyyy-mm-dd"}),
            "datetime": add({"num_format": "yyyy-mm-dd hh:mm"}),
            "warn": add({"font_color": "#9C0006", "bg_color": "#FFC7CE"}),
            "total": add({"bold": True, "top": 1, "num_format": "#,##0"}),
        }

    def close(self):
        self.workbook.close()

    def add_sheet(self, name, widths):
        sheet = self.workbook.add_worksheet(name[:31])
        # column widths must be set before any row in constant-memory mode
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width)
        return sheet

    def header_block(self, sheet, title, lines, last_col):
        """Title and (label, value) lines; returns the next free row."""
        sheet.set_row(0, 24)
        sheet.merge_range(0, 0, 0, max(last_col, 1), title, self.fmt["title"])
        row = 1
        for label, value in lines:
            sheet.write_string(row, 0, label, self.fmt["label"])
            if isinstance(value, (int, float)):
                sheet.write_number(row, 1, value, self.fmt["int"])
            else:
                sheet.write_string(row, 1, value or "", self.fmt["text"])
            row += 1
        return row + 1

    def table(self, sheet, row, title, headers, rows, formats):
        """A titled table of ``rows`` (lists of values) with ``formats``
        (names of self.fmt, one per column); returns (first data row, last
        data row, next free row)."""
        sheet.write_string(row, 0, title, self.fmt["section"])
        row += 1
        for col, header in enumerate(headers):
            sheet.write_string(row, col, header, self.fmt["header"])
        row += 1
        first = row
        for values in rows:
            self.write_row(sheet, row, values, formats)
            row += 1
        return first, row - 1, row + 1

    def write_row(self, sheet, row, values, formats):
        fmt = self.fmt
        for col, value in enumerate(values):
            if value is None or value is False or value == "":
                continue
            style = fmt[formats[col]]
            if formats[col] in ("date", "datetime"):
                sheet.write_datetime(row, col, value, style)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.write_number(row, col, value, style)
            else:
                sheet.write_string(row, col, str(value), style)
