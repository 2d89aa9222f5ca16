"""The suite at scale: the calls of the web client and the jobs on a large base.

Builds (once; see _scale_fixture.py) a database with the four addons, no
demo data, and by default 1,000,000 cases, 300,000 units, 20,000 customers
and 50,000 spare parts over two years, then measures what the web client
calls (as the reception user, with the actions' default filters) and the
scheduled jobs, each next to a bare read of the same rows (the *floor*):

- screens: the case list and kanban opened from the menu, a case form with
  every tab, the partner form (its smart buttons), the unit form, the searches
  by serial, reference and customer name, the portal "My cases" page of a
  customer with 500 cases (the controller's searches and reads), the teams'
  overview and the centers' dashboard;
- reports: each management report's pivot (the read_group calls a pivot
  makes) against a plain read_group of the cases, and each XLSX export;
- jobs: one slice of the periodic-service job, of the happy-call job and of
  the dashboard's figures job, and the dashboard's whole twelve months.

Prints seconds, queries and the ratio to the floor, and writes the figures to
.run/<bench run>/scale-<cases>.csv (.run/bench-bench_scale/ by default). Run:

    bin/bench bench/bench_scale.py [--cases 1000000] [--rebuild] [--only list,form]

The database (scale_<cases>) is kept and reused; --rebuild makes it again.
Jobs and exports run in a transaction that is rolled back.
"""

import argparse
import csv
import glob
import os
import statistics
import subprocess
import tempfile
import threading
import time
from datetime import timedelta

from _harness import _configure, count_queries, timed
from _scale_fixture import MODULES, PARAM, build, verify, verify_pl_shares
from lxml import etree

import odoo
from odoo import fields
from odoo.exceptions import UserError
from odoo.tools import config
from odoo.tools.safe_eval import safe_eval

SCREEN_TARGET = 0.3  # seconds
CSV_FIELDS = [
    "kind",
    "call",
    "seconds",
    "queries",
    "floor_seconds",
    "floor_queries",
    "ratio",
    "target",
    "met",
]
# the tables the SQL-view reports read: their plain read_group is the floor
REPORT_BASES = {
    "aftersales.case.report": "aftersales.ticket",
    "aftersales.center.kpi": "aftersales.ticket",
    "aftersales.reliability.report": "aftersales.ticket",
    "aftersales.failure.rate.report": "aftersales.equipment",
    "aftersales.nps.report": "aftersales.happy.call",
    "aftersales.qc.report": "aftersales.qc.check",
    "aftersales.satisfaction.report": "aftersales.happy.call",
    "aftersales.service.pl.report": "aftersales.service.pl.share",
    "aftersales.warranty.cost.report": "aftersales.ticket",
}
# a report's grouping the base table has no column for: the floor groups by
# the column it is read from (the product of the case for its template)
FLOOR_GROUPBY = {"product_tmpl_id": "product_id"}
# parts and paid-repair lines move to Odoo's repair and sale orders
LEAVING_MODELS = ("aftersales.ticket.part", "aftersales.service.line")


def _registry(db_name, cases, rebuild, update=False):
    """The fixture's registry, built when missing (or asked for)."""
    _configure()
    from odoo.service import db as db_service

    if db_service.exp_db_exist(db_name) and not rebuild and _installed_without_fixture(db_name):
        # the addons were installed and the fixture build stopped: build on it
        registry = odoo.modules.registry.Registry(db_name)
        print(f"# building on the installed database {db_name}", flush=True)
        return _build(registry, cases)
    if db_service.exp_db_exist(db_name) and not rebuild:
        if update:
            config["update"] = dict.fromkeys(MODULES, 1)
            registry = odoo.modules.registry.Registry.new(db_name, update_module=True)
            config["update"] = {}
        registry = odoo.modules.registry.Registry(db_name)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            if env["ir.config_parameter"].get_param(PARAM) == str(cases):
                print(f"# reusing database {db_name}", flush=True)
                return registry
        odoo.modules.registry.Registry.delete(db_name)
    if db_service.exp_db_exist(db_name):
        db_service.exp_drop(db_name)
    db_service._create_empty_database(db_name)
    config["without_demo"] = "all"
    config["init"] = dict.fromkeys(MODULES, 1)
    started = time.perf_counter()
    registry = odoo.modules.registry.Registry.new(db_name, update_module=True)
    config["init"] = {}
    print(f"# database {db_name}: installed in {time.perf_counter() - started:.0f} s", flush=True)
    return _build(registry, cases)


def _installed_without_fixture(db_name):
    """The database has the addons installed and nothing of the fixture
    (its build was stopped before its first commit)."""
    connection = odoo.sql_db.db_connect(db_name)
    with connection.cursor() as cr:
        cr.execute(
            "SELECT COUNT(*) FROM ir_module_module WHERE name IN %s AND state = 'installed'",
            [tuple(MODULES)],
        )
        installed = cr.fetchone()[0] == len(MODULES)
        if not installed:
            return False
        cr.execute("SELECT COUNT(*) FROM res_users WHERE login = 'bench_reception'")
        return cr.fetchone()[0] == 0


def _build(registry, cases):
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": False})
        build(env, cases)
    with registry.cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute("VACUUM ANALYZE")
    return registry


# ----------------------------------------------------------------------
# specifications, as the web client builds them from the views
# ----------------------------------------------------------------------


def _field_spec(model, node, fields_info):
    name = node.get("name")
    field = model._fields.get(name)
    if field is None:
        return {}
    if field.type == "many2one":
        return {"fields": {"display_name": {}}}
    if field.type in ("one2many", "many2many"):
        subviews = [child for child in node if child.tag in ("list", "kanban", "form")]
        comodel = model.env[field.comodel_name]
        if subviews:
            spec = _arch_spec(comodel, subviews[0])
            return {"fields": spec, "limit": 40, "order": ""}
        return {"fields": {"display_name": {}}}
    return {}


def _arch_spec(model, arch):
    """Fields of ``arch`` (an lxml node): those of sub-views go under their
    x2many field, as the web client's specification does."""
    spec = {}

    def walk(node):
        for child in node:
            if child.tag == "field":
                spec[child.get("name")] = _field_spec(model, child, None)
                continue
            if child.tag in ("list", "kanban", "form") and node.tag == "field":
                continue
            walk(child)

    walk(arch)
    spec.pop(None, None)
    return {name: value for name, value in spec.items() if name in model._fields}


def view_spec(model, view_type, view_id=False):
    views = model.get_views([(view_id, view_type)])
    arch = etree.fromstring(views["views"][view_type]["arch"])
    return _arch_spec(model, arch), arch


def stored_fields(model, spec):
    return [
        name
        for name in spec
        if model._fields[name].store and model._fields[name].type not in ("one2many", "many2many")
    ]


# ----------------------------------------------------------------------
# measuring
# ----------------------------------------------------------------------


class Bench:
    def __init__(self, env, cases):
        self.env = env
        self.cases = cases
        self.rows = []
        self.errors = []
        self.exports = {}  # report type -> export wizard made beforehand (read-only runs)

    def _run(self, env, func, repeat):
        runs = []
        for _i in range(repeat + 1):  # the first run warms the caches
            env.invalidate_all()
            with count_queries(env) as queries, timed() as timer:
                func()
            runs.append((timer.seconds, queries.count))
        runs = runs[1:] if repeat else runs
        return statistics.median(r[0] for r in runs), runs[-1][1]

    def measure(self, kind, label, func, floor=None, env=None, repeat=3, target=None):
        env = env or self.env
        try:
            seconds, queries = self._run(env, func, repeat)
        except Exception as error:  # noqa: BLE001 - recorded, the others go on
            # an error aborts the transaction (a write refused on the replica)
            env.cr.rollback()
            row = dict.fromkeys(
                ("seconds", "queries", "floor_seconds", "floor_queries", "ratio"), ""
            )
            # a refusal the user would read (nothing to report) is no failure
            refused = isinstance(error, UserError)
            status = f"not measured: {error}" if refused else f"ERROR {error}"
            row.update(kind=kind, call=label, target=target or "", met=status)
            self.rows.append(row)
            if not refused:
                self.errors.append((label, str(error)))
            print(f"  {kind:7} {label:48} {status}", flush=True)
            return row
        floor_seconds, floor_queries = self._run(env, floor, repeat) if floor else (None, None)
        ratio = seconds / floor_seconds if floor_seconds else None
        if target is None:
            target = "<= 2x floor" + (f", < {SCREEN_TARGET} s" if kind == "screen" else "")
        met = ""
        if ratio is not None:
            met = "yes" if ratio <= 2 and (kind != "screen" or seconds < SCREEN_TARGET) else "NO"
        row = {
            "kind": kind,
            "call": label,
            "seconds": round(seconds, 4),
            "queries": queries,
            "floor_seconds": round(floor_seconds, 4) if floor_seconds else "",
            "floor_queries": floor_queries if floor_queries is not None else "",
            "ratio": round(ratio, 2) if ratio else "",
            "target": target,
            "met": met,
        }
        self.rows.append(row)
        print(
            f"  {kind:7} {label:48} {seconds:8.3f} s {queries:5} q"
            + (
                f"   floor {floor_seconds:7.3f} s {floor_queries:4} q  x{ratio:5.2f} {met}"
                if floor
                else ""
            ),
            flush=True,
        )
        return row

    def write_csv(self, path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=CSV_FIELDS)
            writer.writeheader()
            writer.writerows(self.rows)
        print(f"\n# figures written to {path}", flush=True)


def _action_domain(env, xmlid):
    """The domain of the action's default filters (search_default_*)."""
    action = env.ref(xmlid).sudo()
    context = safe_eval(action.context or "{}", {"uid": env.uid})
    model = env[action.res_model]
    search_arch = etree.fromstring(model.get_views([(False, "search")])["views"]["search"]["arch"])
    domain = safe_eval(action.domain or "[]", {"uid": env.uid})
    for key, value in context.items():
        if key.startswith("search_default_") and value:
            name = key[len("search_default_") :]
            for node in search_arch.iter("filter"):
                if node.get("name") == name and node.get("domain"):
                    domain += safe_eval(
                        node.get("domain"), {"uid": env.uid, "context_today": _today}
                    )
    return model.with_context(**context), domain


def _today():
    import datetime

    return datetime.date.today()


def _search_field_domain(model, name, value):
    arch = etree.fromstring(model.get_views([(False, "search")])["views"]["search"]["arch"])
    for node in arch.iter("field"):
        if node.get("name") == name:
            if node.get("filter_domain"):
                return safe_eval(node.get("filter_domain"), {"self": value})
            return [(name, node.get("operator") or "ilike", value)]
    return [(name, "ilike", value)]


def screens(bench, only):
    env = bench.env
    reception = env.ref("base.user_admin").browse(
        env["res.users"].search([("login", "=", "bench_reception")]).id
    )
    renv = env(user=reception.id, context={"lang": "en_US", "tz": "UTC"})
    tickets, domain = _action_domain(renv, "aftersales_reception.aftersales_ticket_action")
    list_spec, _arch = view_spec(tickets, "list")
    kanban_spec, kanban_arch = view_spec(tickets, "kanban")
    form_spec, _arch = view_spec(tickets, "form")

    if not only or "list" in only:
        bench.measure(
            "screen",
            "case list (open cases, 80 rows)",
            lambda: tickets.web_search_read(domain, list_spec, limit=80, count_limit=10001),
            floor=lambda: tickets.search_read(domain, stored_fields(tickets, list_spec), limit=80),
            env=renv,
        )
    if not only or "kanban" in only:
        progress = kanban_arch.find(".//progressbar")

        def kanban():
            result = tickets.web_read_group(domain, [], ["stage_id"], lazy=True)
            for group in result["groups"]:
                if group.get("__fold"):
                    continue
                # a column as the web client loads it: its first 40 cases,
                # counted up to the client's count limit
                tickets.web_search_read(group["__domain"], kanban_spec, limit=40, count_limit=10001)
            if progress is not None:
                tickets.read_progress_bar(
                    domain,
                    "stage_id",
                    {"field": progress.get("field"), "colors": safe_eval(progress.get("colors"))},
                )

        def kanban_floor():
            groups = tickets._read_group(domain, ["stage_id"], ["__count"])
            for stage, _count in groups:
                tickets.search_read(
                    domain + [("stage_id", "=", stage.id)],
                    stored_fields(tickets, kanban_spec),
                    limit=40,
                )
            if progress is not None:
                # what the columns' progress bars count
                tickets._read_group(domain, ["stage_id", progress.get("field")], ["__count"])

        bench.measure("screen", "case kanban by stage", kanban, floor=kanban_floor, env=renv)

    case = tickets.search([("equipment_id", "!=", False), ("is_closed", "=", True)], limit=1)
    if not only or "form" in only:
        bench.measure(
            "screen",
            "case form, every tab",
            lambda: case.web_read(form_spec),
            floor=lambda: case.read(stored_fields(tickets, form_spec)),
            env=renv,
        )
    other_screens(bench, only, env, renv, tickets, domain, list_spec, case)


def other_screens(bench, only, env, renv, tickets, domain, list_spec, case):
    """The partner and unit forms, the searches, the portal and the overview."""

    def partner_counts(partner):
        """The rows the after-sales buttons count, read bare: the customer's
        cases, open and closed, and its units."""
        tickets._read_group(
            [("commercial_partner_id", "=", partner.id)], ["is_closed"], ["__count"]
        )
        renv["aftersales.equipment"].search_count([("partner_id", "child_of", partner.id)])

    if not only or "partner" in only:
        partners = renv["res.partner"]
        portal = env["res.users"].search([("login", "=", "bench_portal")])
        partner = partners.browse(portal.partner_id.id)
        partner_spec, _arch = view_spec(partners, "form")
        buttons = {
            name: spec
            for name, spec in partner_spec.items()
            if name.startswith("aftersales_") or "ticket" in name or "happy" in name
        }
        bench.measure(
            "screen",
            "partner form, after-sales smart buttons (500 cases)",
            lambda: partner.web_read(buttons),
            floor=lambda: partner_counts(partner),
            env=renv,
        )
        bench.measure(
            "screen",
            "partner form, whole (500 cases)",
            lambda: partner.web_read(partner_spec),
            floor=lambda: (
                partner.read(stored_fields(partners, partner_spec)),
                partner_counts(partner),
            ),
            env=renv,
        )
    if not only or "equipment" in only:
        units = renv["aftersales.equipment"]
        unit_spec, _arch = view_spec(units, "form")
        unit = units.browse(case.equipment_id.id)
        bench.measure(
            "screen",
            "unit form",
            lambda: unit.web_read(unit_spec),
            floor=lambda: unit.read(stored_fields(units, unit_spec)),
            env=renv,
        )
    if not only or "search" in only:
        env.cr.execute(
            "SELECT serial_number, name FROM aftersales_ticket WHERE serial_number IS NOT NULL "
            "ORDER BY id LIMIT 1 OFFSET %s",
            [bench.cases // 2],
        )
        serial, reference = env.cr.fetchone()
        customer = env["res.partner"].search(
            [("name", "like", "Bench customer")], limit=1, offset=7
        )
        for label, name, value in (
            ("search by serial", "serial_number", serial),
            ("search by reference", "name", reference),
            ("search by customer name", "partner_id", customer.name),
            ("search by part of a reference", "name", reference[3:]),
        ):
            search_domain = domain + _search_field_domain(tickets, name, value)
            bench.measure(
                "screen",
                f"{label} ({value})",
                lambda search_domain=search_domain: tickets.web_search_read(
                    search_domain, list_spec, limit=80, count_limit=10001
                ),
                floor=lambda search_domain=search_domain: tickets.search_read(
                    search_domain, stored_fields(tickets, list_spec), limit=80
                ),
                env=renv,
            )
    if not only or "portal" in only:
        portal = env["res.users"].search([("login", "=", "bench_portal")])
        penv = env(user=portal.id, context={"lang": "en_US"})
        ptickets = penv["aftersales.ticket"]
        # the controller's _ticket_domain
        portal_domain = [("commercial_partner_id", "=", portal.partner_id.commercial_partner_id.id)]

        def portal_page():
            # the controller's count and page, from one application of the rules
            query = ptickets._portal_page_query(portal_domain)
            count = len(query)
            rows = ptickets._portal_page(query, order="date_received desc, id desc", limit=20)
            # what the page shows of each case
            return count, [
                (t.name, t.summary, t.stage_id.name, t.date_received, t.is_closed) for t in rows
            ]

        def portal_floor():
            # the same rows as the other screens' floors read them: the
            # user's plain count and search_read, under the same rules
            ptickets.search_count(portal_domain)
            ptickets.search_read(
                portal_domain,
                ["name", "summary", "stage_id", "date_received", "is_closed"],
                order="date_received desc, id desc",
                limit=20,
            )

        bench.measure(
            "screen",
            "portal My cases (controller's searches)",
            portal_page,
            floor=portal_floor,
            env=penv,
        )
    if not only or "overview" in only:
        teams = renv["aftersales.team"]
        team_spec, _arch = view_spec(teams, "kanban")
        bench.measure(
            "screen",
            "teams' overview (kanban)",
            lambda: teams.web_search_read([], team_spec, limit=40),
            floor=lambda: tickets._read_group(
                [("is_closed", "=", False)], ["team_id"], ["__count"]
            ),
            env=renv,
        )
        manager = env["res.users"].search([("login", "=", "bench_manager")])
        kpis = env(user=manager.id, context={"lang": "en_US", "tz": "UTC"})["aftersales.center.kpi"]
        kpi_spec, _arch = view_spec(kpis, "kanban")
        bench.measure(
            "screen",
            "centers' dashboard (kanban)",
            lambda: kpis.web_search_read([], kpi_spec, limit=40),
            floor=lambda: dashboard_floor(kpis.env),
            env=kpis.env,
        )


def dashboard_floor(env):
    """The rows the centers' cards read, each source in one plain read_group
    per center: the open cases, the year's daily figures and the ledger's
    shares."""
    since = fields.Datetime.now() - timedelta(days=365)
    cases = env["aftersales.ticket"].sudo()
    cases._read_group([("is_closed", "=", False)], ["service_center_id"], ["__count"])
    env["aftersales.center.kpi.day"].sudo()._read_group(
        [("day", ">=", since.date())], ["service_center_id"], ["repair_count:sum"]
    )
    env["aftersales.service.pl.share"].sudo()._read_group(
        [("date", ">=", since.date())], ["service_center_id"], ["amount:sum"]
    )


def reports(bench, only):
    env = bench.env
    manager = env["res.users"].search([("login", "=", "bench_manager")])
    menv = env(user=manager.id, context={"lang": "en_US", "tz": "UTC"})
    views = env["ir.ui.view"].search(
        [("type", "=", "pivot"), ("model", "like", "aftersales.%"), ("inherit_id", "=", False)]
    )
    for view in views:
        if view.model in LEAVING_MODELS:
            continue
        model = menv[view.model]
        arch = etree.fromstring(model.get_views([(view.id, "pivot")])["views"]["pivot"]["arch"])

        def groupby(node, model=model):
            """The pivot's groupby of a row or column, dates by their interval."""
            name = node.get("name")
            if model._fields[name].type in ("date", "datetime"):
                return f"{name}:{node.get('interval') or 'month'}"
            return name

        rows = [groupby(n) for n in arch.iter("field") if n.get("type") == "row"]
        cols = [groupby(n) for n in arch.iter("field") if n.get("type") == "col"]
        measures = [n.get("name") for n in arch.iter("field") if n.get("type") == "measure"]
        fields = [
            f"{m}:{model._fields[m].aggregator or 'sum'}" if m != "__count" else m for m in measures
        ] or ["__count"]

        def pivot(model=model, rows=rows, cols=cols, fields=fields):
            model.read_group([], fields, [], lazy=False)
            if rows:
                model.read_group([], fields, rows[:1], lazy=False)
            if cols:
                model.read_group([], fields, cols[:1], lazy=False)
            if rows and cols:
                model.read_group([], fields, rows[:1] + cols[:1], lazy=False)

        # the floor: a plain read_group of the table the report reads, by the
        # same groups
        base = menv[REPORT_BASES.get(view.model, view.model)].sudo()
        floor_groups = [
            FLOOR_GROUPBY.get(g, g)
            for g in rows[:1] + cols[:1]
            if FLOOR_GROUPBY.get(g, g).split(":")[0] in base._fields
        ] or ["company_id"]

        def floor(base=base, floor_groups=floor_groups):
            # the same calls as the pivot's, on the table: groups ordered and
            # named as the web client gets them
            base.read_group([], ["__count"], [], lazy=False)
            for group in floor_groups:
                base.read_group([], ["__count"], [group], lazy=False)
            base.read_group([], ["__count"], floor_groups, lazy=False)

        if only and "reports" not in only:
            continue
        bench.measure(
            "report",
            f"{view.model} pivot {view.name.split('.')[-1]} ({'/'.join(rows[:1] + cols[:1])})",
            pivot,
            floor=floor,
            env=menv,
            repeat=1,
        )
    if not only or "exports" in only:
        export_model = menv["aftersales.report.export"]
        kinds = [k for k, _label in export_model._fields["report_type"]._description_selection(env)]
        for kind in kinds:

            def export(kind=kind):
                if kind in bench.exports:
                    # read-only: the export made beforehand on the primary
                    wizard = export_model.browse(bench.exports[kind])
                    with tempfile.TemporaryFile() as output:
                        wizard._write_xlsx(output)
                    return
                env.cr.execute("SAVEPOINT bench_export")
                try:
                    wizard = export_model.create({"report_type": kind})
                    with tempfile.TemporaryFile() as output:
                        wizard._write_xlsx(output)
                finally:
                    env.cr.execute("ROLLBACK TO SAVEPOINT bench_export")
                    env.invalidate_all()

            bench.measure("export", f"XLSX export {kind}", export, env=menv, repeat=0)


def jobs(bench, only):
    env = bench.env
    # the dashboard's job in a run started now: every day of the window is
    # older than its start
    since_now = {"lastcall": fields.Datetime.now() + timedelta(seconds=1)}
    for label, model, method, context, unit in (
        (
            "periodic-service job, one slice",
            "aftersales.equipment",
            "_cron_create_periodic_tickets",
            {},
            "records",
        ),
        (
            "happy-call job, one slice",
            "aftersales.happy.call",
            "_cron_schedule_missing_calls",
            {},
            "records",
        ),
        (
            "dashboard figures job, one slice",
            "aftersales.center.kpi.day",
            "_cron_refresh",
            since_now,
            "days",
        ),
        (
            "dashboard figures, whole window",
            "aftersales.center.kpi.day",
            "_refresh_window",
            {},
            "days",
        ),
    ):
        if only and "jobs" not in only:
            continue

        def job(model=model, method=method, context=context):
            env.cr.execute("SAVEPOINT bench_job")
            result = getattr(env[model].with_context(**context), method)()
            env.flush_all()
            bench.last_job_count = result if isinstance(result, int) else len(result)
            env.cr.execute("ROLLBACK TO SAVEPOINT bench_job")
            env.invalidate_all()

        row = bench.measure("job", label, job, env=env, repeat=0)
        row["call"] += f" ({bench.last_job_count} {unit})"


def _pg_bin():
    found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=False)
    if found.returncode == 0 and os.path.exists(os.path.join(found.stdout.strip(), "initdb")):
        return found.stdout.strip()
    return max(glob.glob("/usr/lib/postgresql/*/bin"))


def _as_postgres(args):
    """PostgreSQL's tools run as the cluster's owner (bin/lib.sh pg_run)."""
    if os.getuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    subprocess.run(args, check=True)


def start_replica():
    """A streaming standby of the bench's cluster (pg_basebackup and
    standby.signal), on a socket of its own; returns its socket folder."""
    base = os.path.dirname(os.environ["ODOO_RC"])
    primary_socket = config["db_host"]
    data = os.path.join(base, "replica")
    socket_dir = os.path.join(base, "replica-socket")
    pg_bin = _pg_bin()
    if os.path.exists(data):
        subprocess.run(["rm", "-rf", data], check=True)
    os.makedirs(socket_dir, exist_ok=True)
    if os.getuid() == 0:
        subprocess.run(["chown", "postgres", base, socket_dir], check=True)
    started = time.perf_counter()
    _as_postgres(
        [
            f"{pg_bin}/pg_basebackup",
            "-h",
            primary_socket,
            "-U",
            "odoo",
            "-D",
            data,
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
        ]
    )
    _as_postgres(
        [
            f"{pg_bin}/pg_ctl",
            "-D",
            data,
            "-l",
            os.path.join(base, "replica.log"),
            "-w",
            "-o",
            (
                f"-c port=5433 -c listen_addresses='' -c unix_socket_directories='{socket_dir}' "
                "-c hot_standby=on -c hot_standby_feedback=on -c max_connections=200"
            ),
            "start",
        ]
    )
    print(f"# streaming replica started in {time.perf_counter() - started:.0f} s", flush=True)
    return data, socket_dir, pg_bin


def stop_replica(data, pg_bin):
    _as_postgres([f"{pg_bin}/pg_ctl", "-D", data, "stop", "-m", "fast"])


def _replica_exports(registry):
    """One export of each kind, made on the primary (as the manager's click on
    the wizard does) for the downloads to read on the replica."""
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        manager = env["res.users"].search([("login", "=", "bench_manager")])
        exports = env["aftersales.report.export"].with_user(manager)
        kinds = [k for k, _label in exports._fields["report_type"]._description_selection(env)]
        return {kind: exports.create({"report_type": kind}).id for kind in kinds}


def replica(registry, cases, only, intake_seconds=60):
    """The read-only calls on the streaming replica while intake writes cases
    on the primary: the screens' reads, the reports' read_group calls, the
    dashboards, the XLSX downloads and the portal's case list run in a
    read-only cursor of the replica (as Odoo runs its readonly calls and
    routes when db_replica_host is set). A call that writes fails there and
    is reported as an error."""
    exports = _replica_exports(registry)
    data, socket_dir, pg_bin = start_replica()
    config["db_replica_host"] = socket_dir
    config["db_replica_port"] = 5433
    registry._db_readonly = odoo.sql_db.db_connect(registry.db_name, readonly=True)
    stop = threading.Event()
    created = []

    def intake():
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            user = env["res.users"].search([("login", "=", "bench_reception")])
            tickets = env["aftersales.ticket"].with_user(user)
            partners = env["res.partner"].search([("name", "like", "Bench customer")], limit=200)
            i = 0
            while not stop.is_set():
                tickets.create(
                    {
                        "partner_id": partners[i % len(partners)].id,
                        "summary": "replica intake",
                        "channel": "phone",
                    }
                )
                i += 1
                if i % 10 == 0:
                    cr.commit()
                    created.append(i)
            cr.commit()

    thread = threading.Thread(target=intake)
    thread.start()
    started = time.perf_counter()
    bench = Bench(None, cases)
    try:
        with registry.cursor(readonly=True) as cr:
            cr.execute("SELECT pg_is_in_recovery()")
            on_replica = cr.fetchone()[0]
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            bench.env = env
            bench.exports = exports
            print(f"\n== read-only calls on the replica (in recovery: {on_replica})")
            screens(bench, only)
            reports(bench, only)
            # clock_timestamp(): now() is the start of this long transaction
            cr.execute("SELECT clock_timestamp() - pg_last_xact_replay_timestamp()")
            print(f"# replication lag at the end: {cr.fetchone()[0]}")
    finally:
        time.sleep(max(0, intake_seconds - (time.perf_counter() - started)))
        stop.set()
        thread.join()
        stop_replica(data, pg_bin)
    print(f"# {created[-1] if created else 0} cases created on the primary meanwhile", flush=True)
    for row in bench.rows:
        row["call"] = f"{row['kind']} on the replica: {row['call']}"
        row["kind"] = "replica"
    if bench.errors:
        print(f"# {len(bench.errors)} call(s) failed on the replica:")
        for label, error in bench.errors:
            print(f"#   {label}: {error}")
    return bench.rows


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument(
        "--update", action="store_true", help="update the addons of the kept database first"
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated: list,kanban,form,partner,"
        "equipment,search,portal,overview,reports,exports,jobs,verify; "
        "--only replica --replica: the replica's figures alone",
    )
    parser.add_argument("--csv", default="")
    parser.add_argument(
        "--replica",
        action="store_true",
        help="also measure the reports on a streaming replica while intake writes",
    )
    args = parser.parse_args()
    only = {part for part in args.only.split(",") if part}
    db_name = f"scale_{args.cases}"
    registry = _registry(db_name, args.cases, args.rebuild, args.update)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if not only or "verify" in only:
            for model in (
                "aftersales.ticket",
                "aftersales.equipment",
                "res.partner",
                "product.template",
                "product.product",
                "aftersales.happy.call",
                "survey.user_input",
            ):
                started = time.perf_counter()
                differences = verify(env, model)
                print(
                    f"# {model}: 1,000 loaded records recomputed in "
                    f"{time.perf_counter() - started:.0f} s: {len(differences)} difference(s)"
                )
                for difference in differences[:20]:
                    print(f"#   {difference}")
            started = time.perf_counter()
            count, differences = verify_pl_shares(env)
            print(
                f"# aftersales.service.pl.share: {count:,} loaded shares computed again in "
                f"{time.perf_counter() - started:.0f} s: {len(differences)} difference(s)"
            )
            for difference in differences[:20]:
                print(f"#   {difference}")
        bench = Bench(env, args.cases)
        print(f"\n== {args.cases:,} cases", flush=True)
        screens(bench, only)
        reports(bench, only)
        jobs(bench, only)
        cr.rollback()
    if args.replica:
        bench.rows += replica(registry, args.cases, only - {"verify", "jobs", "replica"})
    path = args.csv or os.path.join(
        os.path.dirname(os.environ["ODOO_RC"]), f"scale-{args.cases}.csv"
    )
    bench.write_csv(path)


if __name__ == "__main__":
    main()
