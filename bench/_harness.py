"""Helpers shared by the benchmark scripts of bench/ (run them with bin/bench).

- ``odoo_env(db, modules, demo=False)``: a fresh database with ``modules``
  installed, yielding a superuser environment; work is committed as it goes.
- ``count_queries(env)``: counts the SQL queries run inside the block.
- ``timed()``: wall-clock seconds of the block.
- ``report(title, rows)``: prints figures as an aligned table.
"""

import contextlib
import logging
import os
import sys
import time

import odoo
from odoo.tools import config

_logger = logging.getLogger("aftersales.bench")
_configured = False


def _configure():
    global _configured  # noqa: PLW0603
    if _configured:
        return
    rc = os.environ.get("ODOO_RC")
    if not rc:
        sys.exit("Run benchmarks through bin/bench, which sets up PostgreSQL and ODOO_RC.")
    config.parse_config(["-c", rc, "--log-level=warn", "--max-cron-threads=0"])
    config["list_db"] = True  # lets the harness drop and create its databases
    odoo.netsvc.init_logger()
    _configured = True


@contextlib.contextmanager
def odoo_env(db_name, modules, demo=False):
    """Create ``db_name`` afresh with ``modules`` and yield a superuser env."""
    _configure()
    from odoo.service import db as db_service

    if db_service.exp_db_exist(db_name):
        db_service.exp_drop(db_name)
    db_service._create_empty_database(db_name)
    config["without_demo"] = False if demo else "all"
    config["init"] = dict.fromkeys(modules, 1)
    started = time.perf_counter()
    registry = odoo.modules.registry.Registry.new(db_name, update_module=True)
    config["init"] = {}
    print(
        f"# database {db_name}: installed {', '.join(modules)} "
        f"in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": False})
        yield env
        cr.commit()


class _Counter:
    count = 0


@contextlib.contextmanager
def count_queries(env):
    """Count the queries run by ``env.cr`` inside the block (flushes first
    and last, so pending ORM writes are counted where they were made)."""
    env.flush_all()
    counter = _Counter()
    before = env.cr.sql_log_count
    try:
        yield counter
    finally:
        env.flush_all()
        counter.count = env.cr.sql_log_count - before


class _Timer:
    seconds = 0.0


@contextlib.contextmanager
def timed():
    timer = _Timer()
    started = time.perf_counter()
    try:
        yield timer
    finally:
        timer.seconds = time.perf_counter() - started


def report(title, rows):
    """Print ``rows`` (label, value) under ``title``."""
    width = max((len(label) for label, _value in rows), default=0)
    print(f"\n== {title}")
    for label, value in rows:
        if isinstance(value, float):
            value = f"{value:,.2f}"
        elif isinstance(value, int):
            value = f"{value:,}"
        print(f"  {label.ljust(width)}  {value}")
    sys.stdout.flush()
