# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What every scheduled job of the after-sales addons does with its records.

A job handles each record on its own: one record's failure rolls back that
record's work only, is reported on the record as an exception activity for
whoever must act (reused, not repeated, while it stays open), and the job goes
on. Records are claimed before they are handled, so that two runs at once
(the scheduler and a manual run, two workers) never handle the same record.
"""

import logging

from psycopg2 import errors as pg_errors

from odoo.exceptions import UserError
from odoo.tools import SQL, plaintext2html

_logger = logging.getLogger(__name__)

FAILURE_ACTIVITY = "mail.mail_activity_data_warning"


def job_user(company, *candidates):
    """Who hears of a job's failure: the first active internal user among
    ``candidates`` (the record's responsible, its center's manager...), else
    an after-sales manager of ``company``, else the user running the job."""
    env = company.env
    for user in candidates:
        if user and user.active and not user.share:
            return user
    managers = env.ref("aftersales_reception.group_aftersales_manager").sudo().users
    managers = managers.filtered(
        lambda user: user.active and not user.share and company in user.company_ids
    )
    return managers.sorted("id")[:1].with_env(env) or env.user


def claim_records(records):
    """The records of ``records`` this transaction may handle, locked until it
    ends. Skipped: those another transaction holds (a run going on at the same
    time), and those changed by a transaction committed since this one began
    (a run that handled them, whose work this transaction cannot see).

    The whole batch is claimed in one query; only when a run committed
    meanwhile made that query fail are the records claimed one by one, to
    keep those it left alone."""
    if not records:
        return records
    records.flush_recordset()
    cr = records.env.cr
    table = SQL.identifier(records._table)
    try:
        with cr.savepoint(flush=False):
            # a change of the row (even to the same value) makes later claims
            # of older transactions fail instead of seeing nothing
            cr.execute(
                SQL(
                    """UPDATE %(table)s SET write_date = write_date
                        WHERE id IN (SELECT id FROM %(table)s WHERE id IN %(ids)s
                                     ORDER BY id FOR NO KEY UPDATE SKIP LOCKED)
                    RETURNING id""",
                    table=table,
                    ids=tuple(records.ids),
                ),
                log_exceptions=False,
            )
            claimed = {row[0] for row in cr.fetchall()}
        return records.browse([record_id for record_id in records.ids if record_id in claimed])
    except pg_errors.SerializationFailure:
        _logger.info("%s: part of the batch was handled by another run meanwhile", records._name)
    claimed = []
    for record_id in records.ids:
        try:
            with cr.savepoint(flush=False):
                cr.execute(
                    SQL(
                        """UPDATE %(table)s SET write_date = write_date
                            WHERE id IN (SELECT id FROM %(table)s WHERE id = %(id)s
                                         FOR NO KEY UPDATE SKIP LOCKED)
                        RETURNING id""",
                        table=table,
                        id=record_id,
                    ),
                    log_exceptions=False,
                )
                if cr.fetchone():
                    claimed.append(record_id)
        except pg_errors.SerializationFailure:
            _logger.info("%s(%s) was handled by another run meanwhile", records._name, record_id)
    return records.browse(claimed)


def lock_batch(env, query):
    """Ids of the rows that ``query`` (an ``SQL`` ``SELECT id ... FOR UPDATE
    SKIP LOCKED``) selects and locks for a job. None when some of them were
    changed by a transaction committed since this one began: another run
    handled them, and this one leaves the rest to the next run."""
    try:
        with env.cr.savepoint(flush=False):
            env.cr.execute(query, log_exceptions=False)
            return [row[0] for row in env.cr.fetchall()]
    except pg_errors.SerializationFailure:
        _logger.info("Another run handled part of this batch meanwhile: the next run goes on")
        return []


def run_isolated(record, func, *, summary, message, user):
    """Run ``func()`` for ``record`` in a savepoint of its own.

    When it fails, its work is rolled back, the failure is logged and reported
    on ``record`` as an exception activity for ``user``, titled ``summary``:
    ``message`` (a sentence saying what was not done) and the error.

    :return: ``(True, result of func)``, or ``(False, None)`` on failure
    """
    try:
        with record.env.cr.savepoint():
            result = func()
    except Exception as error:  # whatever failed, for this record only
        reason = error.args[0] if isinstance(error, UserError) else repr(error)
        _logger.info("%s: %s", message, reason, exc_info=not isinstance(error, UserError))
        report_failure(record, summary, f"{message}\n{reason}", user)
        return False, None
    return True, result


def run_batch_isolated(records, func, *, summary, message, user):
    """Run ``func(records)`` for the whole batch in one savepoint: the cost of
    a job's batch is that of one call, whatever its size.

    When it fails, its work is rolled back and ``func`` runs again for each
    record on its own (see ``run_isolated``): only the records that fail are
    left undone, each reported on itself. ``message`` and ``user`` are
    functions of the record, called only for a failing one.

    :param func: returns a recordset (what the job made)
    :return: ``(records done, union of func's results)``
    """
    if not records:
        return records, None
    if len(records) > 1:
        try:
            with records.env.cr.savepoint():
                return records, func(records)
        except Exception:  # some record failed: find which one
            _logger.info(
                "%s: a batch of %s failed, each record is tried on its own",
                records._name,
                len(records),
                exc_info=True,
            )
    done = records.browse()
    result = None
    for record in records:
        ok, record_result = run_isolated(
            record,
            lambda record=record: func(record),
            summary=summary,
            message=message(record),
            user=user(record),
        )
        if ok:
            done |= record
            if record_result is not None:
                result = record_result if result is None else result | record_result
    return done, result


def _open_failures(record, summary):
    activity_type = record.env.ref(FAILURE_ACTIVITY)
    return (
        record.env["mail.activity"]
        .sudo()
        .search(
            [
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
                ("activity_type_id", "=", activity_type.id),
                ("summary", "=", summary),
            ]
        )
    )


def report_failure(record, summary, note, user):
    """Tell ``user`` on ``record`` what a job could not do: an exception
    activity titled ``summary``, or the open one of an earlier run, updated."""
    note = plaintext2html(note)
    activity = _open_failures(record, summary)[:1]
    if activity:
        # written even when unchanged: the date of the report is the last run's
        activity.write({"note": note})
        return activity
    return (
        record.sudo()
        .activity_schedule(FAILURE_ACTIVITY, summary=summary, note=note, user_id=user.id)
        .with_env(record.env)
    )


def solve_failure(record, summary, feedback):
    """Close the failure report titled ``summary`` of ``record``, if any: the
    job did its work this time."""
    activities = _open_failures(record, summary)
    if activities:
        activities.action_feedback(feedback=feedback)


def solve_failures(records, summary, feedback):
    """Close the failure reports titled ``summary`` of ``records`` (one query
    when there is none): the job did their work this time. ``feedback`` is a
    text, or a function of the record giving it."""
    if not records:
        return
    activity_type = records.env.ref(FAILURE_ACTIVITY)
    activities = (
        records.env["mail.activity"]
        .sudo()
        .search(
            [
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
                ("activity_type_id", "=", activity_type.id),
                ("summary", "=", summary),
            ]
        )
    )
    for activity in activities:
        text = feedback(records.browse(activity.res_id)) if callable(feedback) else feedback
        activity.action_feedback(feedback=text)


def failure_reported_domain(env, summary, since):
    """Domain of the records without a failure report titled ``summary`` made
    (or updated) since ``since``: a job split in several slices leaves the
    records it could not handle to its next run instead of trying them again
    in every slice."""
    if not since:
        return []
    return [
        (
            "activity_ids",
            "not any",
            [
                ("activity_type_id", "=", env.ref(FAILURE_ACTIVITY).id),
                ("summary", "=", summary),
                ("write_date", ">=", since),
            ],
        )
    ]
