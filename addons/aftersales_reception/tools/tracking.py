# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Tracked changes of many records logged at once.

Odoo logs the tracked changes of each record in a message of its own, one
record after the other (a few queries each). A job that changes a tracked
field of hundreds of records writes them with tracking off and logs the same
messages here, in one batch: the same chatter lines, a constant number of
queries."""

from odoo.tools import clean_context


def tracked_values(records, fnames):
    """The current values of the tracked fields among ``fnames`` of
    ``records``, to give to ``log_tracking`` after the write:
    {record id: {field name: value}}."""
    tracked = records._track_get_fields() & set(fnames)
    return {record.id: {fname: record[fname] for fname in tracked} for record in records}


def log_tracking(records, initial_values):
    """Log on each of ``records`` the change of its tracked fields since
    ``initial_values`` (see ``tracked_values``), as Odoo's tracking logs it
    (a note with the tracking values, by the current user), for all records in
    one batch. Records whose fields did not change get no message. Changes
    that post a subtype (a stage, an assignment: notifications) are not for
    this helper: it only logs.

    :return: the messages created (as sudo)
    """
    messages = records.env["mail.message"].sudo()
    fnames = {fname for values in initial_values.values() for fname in values}
    if not records or not fnames:
        return messages
    records = records.sudo().with_context(clean_context(records.env.context))
    tracked_fields = records.fields_get(
        list(fnames), attributes=("string", "type", "selection", "currency_field")
    )
    changed = records.browse()
    tracking_list = []
    for record in records:
        if record.id not in initial_values:
            continue
        _changes, tracking_value_ids = record._mail_track(tracked_fields, initial_values[record.id])
        if tracking_value_ids:
            changed |= record
            tracking_list.append(tracking_value_ids)
    if not changed:
        return messages
    # the messages of _message_log_batch, their tracking values created next
    # in one insert instead of one per message
    messages = changed._message_log_batch(bodies={})
    records.env["mail.tracking.value"].sudo().create(
        [
            dict(command[2], mail_message_id=message.id)
            for message, commands in zip(messages, tracking_list, strict=True)
            for command in commands
        ]
    )
    return messages
