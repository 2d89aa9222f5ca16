# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from .cron import (
    claim_records,
    failure_reported_domain,
    job_user,
    lock_batch,
    report_failure,
    run_batch_isolated,
    run_isolated,
    solve_failure,
    solve_failures,
)
from .sequence import next_references
from .tracking import log_tracking, tracked_values
from .reports import without_jit
