# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""References of many new documents drawn from a sequence at once."""

from odoo import fields
from odoo.tools import SQL


def next_references(sequence, count, sequence_date=None):
    """The ``count`` next references of ``sequence`` (an ``ir.sequence``), as
    ``count`` calls of its ``_next()`` give them: the numbers of a standard
    sequence are drawn in one query, whatever ``count``; those of a sequence
    without gaps one by one, as Odoo draws them."""
    if count <= 0:
        return []
    current = sequence._get_current_sequence(sequence_date=sequence_date)
    if current._name == "ir.sequence.date_range":
        current = current.with_context(ir_sequence_date_range=current.date_from)
        name = f"ir_sequence_{sequence.id:03d}_{current.id:03d}"
        formatter = current.sequence_id
    else:
        if sequence_date:
            current = current.with_context(ir_sequence_date=fields.Date.to_string(sequence_date))
        name = f"ir_sequence_{sequence.id:03d}"
        formatter = current
    if sequence.implementation != "standard":
        return [current._next() for _index in range(count)]
    rows = sequence.env.execute_query(
        SQL("SELECT nextval(%s) FROM generate_series(1, %s)", name, count)
    )
    numbers = sorted((row[0] for row in rows), reverse=sequence.number_increment < 0)
    return [formatter.get_next_char(number) for number in numbers]
