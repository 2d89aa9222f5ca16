# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from ..tools import without_jit


class AftersalesHistoryReport(models.AbstractModel):
    """A report read from the whole history (a million cases, their units,
    answers or journal items) and grouped down to a few hundred rows:
    PostgreSQL costs such a plan so high that it compiles it (JIT) on every
    read, which takes longer than running it. Reads of the report switch JIT
    off until the end of the transaction."""

    _name = "aftersales.history.report"
    _description = "After-Sales Report on the History"

    def _read_group(
        self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None
    ):
        without_jit(self.env.cr)
        return super()._read_group(
            domain, groupby, aggregates, having=having, offset=offset, limit=limit, order=order
        )

    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        without_jit(self.env.cr)
        return super().search_fetch(domain, field_names, offset=offset, limit=limit, order=order)
