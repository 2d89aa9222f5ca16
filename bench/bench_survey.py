"""Failure analysis and its XLSX export over a large case history.

Loads N repair cases (200,000 by default) with one parameterised SQL
statement, then measures in the same run:

- the floor: a plain read_group over the cases (per product);
- the failure-analysis report (aftersales.case.report) grouped per product,
  fault category and age of the unit, and the ratio to the floor;
- the reliability reports (MTBF and MTTR per product and service center,
  misuse share per product and fault, failure rate per production lot and
  month of manufacture) and the net promoter score report, each next to a
  plain read_group of the same data (cases or units) and the ratio;
- the XLSX export of the failure analysis (summary, charts and one row per
  case, written in xlsxwriter's constant-memory mode): seconds, rows per
  second, queries, Python peak memory (tracemalloc) for a tenth of the cases
  and for all of them, and the process's peak RSS.

Run: bin/bench bench/bench_survey.py [--tickets N]
"""

import argparse
import os
import resource
import tempfile
import tracemalloc
from datetime import date

from _harness import count_queries, odoo_env, report, timed

MODULES = ["aftersales_reception", "aftersales_survey"]
REPAIRS = ("warranty_repair", "paid_repair")


def _fixtures(env, tickets):
    """Master data through the ORM; units and cases through SQL."""
    company = env.company
    us = env.ref("base.us")
    categs = env["product.category"].create(
        [{"name": name} for name in ("Washing", "Cooling", "Dishes", "Climate")]
    )
    products = env["product.product"].create(
        [
            {
                "name": f"Bench model {i:02d}",
                "default_code": f"BM-{i:02d}",
                "categ_id": categs[i % len(categs)].id,
            }
            for i in range(24)
        ]
    )
    faults = env["aftersales.fault.category"].create(
        [{"name": f"Bench fault {i}"} for i in range(8)]
    )
    centers = env["aftersales.service.center"].create(
        [
            {"name": "Bench head office", "center_type": "head_office"},
            {"name": "Bench workshop A", "center_type": "workshop"},
            {"name": "Bench workshop B", "center_type": "workshop"},
            {"name": "Bench agent C", "center_type": "agent"},
            {"name": "Bench agent D", "center_type": "agent"},
        ]
    )
    technicians = env["res.users"].create(
        [{"name": f"Bench technician {i}", "login": f"bench_tech_{i}"} for i in range(10)]
    )
    partners = env["res.partner"].create(
        [
            {"name": f"Bench customer {i}", "email": f"c{i}@example.com", "country_id": us.id}
            for i in range(2000)
        ]
    )
    stages = [
        env.ref(f"aftersales_reception.{xmlid}")
        for xmlid in ("stage_closed", "stage_closed", "stage_repair", "stage_done")
    ]
    team = env["aftersales.team"].search([("company_id", "=", company.id)], limit=1)
    units = max(tickets // 2, 1)
    params = {
        "company": company.id,
        "uid": env.uid,
        "units": units,
        "tickets": tickets,
        "partners": partners.ids,
        "products": products.ids,
        "categs": [p.categ_id.id for p in products],
        "faults": faults.ids,
        "centers": centers.ids,
        "center_types": centers.mapped("center_type"),
        "technicians": technicians.ids,
        "stages": [s.id for s in stages],
        "stage_types": [s.stage_type for s in stages],
        "team": team.id,
        "types": list(REPAIRS) + ["installation"],
        "sla": ["met", "met", "missed", None],
    }
    env.cr.commit()
    with timed() as spent:
        inserted = _insert_history(env, params)
        env.cr.commit()
    return inserted, spent.seconds


def _insert_history(env, params):
    """Units and cases with one parameterised statement each."""
    # one unit per two cases, bought over the last six years
    env.cr.execute(
        """
        INSERT INTO aftersales_equipment
               (name, company_id, partner_id, product_id, serial_number, purchase_date,
                active, create_uid, write_uid, create_date, write_date)
        SELECT 'Bench unit ' || g, %(company)s,
               (%(partners)s::int[])[1 + g %% cardinality(%(partners)s::int[])],
               (%(products)s::int[])[1 + g %% cardinality(%(products)s::int[])],
               'BENCH-' || g,
               DATE '2020-01-01' + (g * 7919 %% 2190)::int,
               TRUE, %(uid)s, %(uid)s, now(), now()
          FROM generate_series(1, %(units)s::bigint) g
        """,
        params,
    )
    # cases spread over 2026, some units repaired more than once
    env.cr.execute(
        """
        WITH g AS (
            SELECT n, 'BENCH-' || (1 + n * 48271 %% %(units)s) AS serial
              FROM generate_series(1, %(tickets)s::bigint) n
        )
        INSERT INTO aftersales_ticket
               (name, company_id, partner_id, commercial_partner_id, channel, priority,
                kanban_state, active, team_id, equipment_id, product_id, product_categ_id,
                service_type, fault_category_id, stage_id, stage_type, is_closed,
                service_center_id, service_center_type, technician_id, date_received, date_done,
                sla_resolution_state, warranty_state, qc_rework_count, qc_check_count,
                create_uid, write_uid, create_date, write_date)
        SELECT 'BENCH/' || n, %(company)s, e.partner_id, e.partner_id, 'phone', '1',
               'normal', TRUE, %(team)s, e.id, e.product_id,
               (%(categs)s::int[])[array_position(%(products)s::int[], e.product_id)],
               (%(types)s::varchar[])[1 + n %% 3],
               (%(faults)s::int[])[1 + n * 31 %% cardinality(%(faults)s::int[])],
               (%(stages)s::int[])[1 + n %% 4],
               (%(stage_types)s::varchar[])[1 + n %% 4],
               (%(stage_types)s::varchar[])[1 + n %% 4] = 'closed',
               (%(centers)s::int[])[1 + n %% 5],
               (%(center_types)s::varchar[])[1 + n %% 5],
               (%(technicians)s::int[])[1 + n %% 10],
               TIMESTAMP '2026-01-01 08:00' + (n * 104729 %% 31536000) * interval '1 second',
               NULL,
               (%(sla)s::varchar[])[1 + n %% 4],
               'expired', (n %% 17 = 0)::int, 1,
               %(uid)s, %(uid)s, now(), now()
          FROM g JOIN aftersales_equipment e ON e.serial_number = g.serial
        """,
        params,
    )
    return env.cr.rowcount


def _bench_reliability(env):
    """The reliability and NPS reports against a plain read_group of the
    same rows (cases for the failures, units for the failure rates, survey
    answers for the NPS). Lots, manufacture dates and causes are set on the
    fixture with two statements first."""
    env.cr.execute(
        """
        UPDATE aftersales_equipment
           SET production_lot = 'LOT-' || mod(id, 60),
               date_manufactured = purchase_date - mod(id, 90)::int
         WHERE left(serial_number, 6) = 'BENCH-'
        """
    )
    env.cr.execute(
        """
        UPDATE aftersales_ticket
           SET failure_cause = (ARRAY['defect', 'misuse', 'wear', 'installation',
                                      'external'])[1 + mod(id, 5)],
               date_done = date_received + mod(id, 11) * interval '1 day'
         WHERE left(name, 6) = 'BENCH/'
        """
    )
    env.cr.commit()
    env.invalidate_all()
    tickets = env["aftersales.ticket"]
    units = env["aftersales.equipment"]
    repairs = [("service_type", "in", REPAIRS)]
    rows = []
    cases = (
        (
            "MTBF and MTTR per product",
            tickets,
            repairs,
            "product_id",
            "aftersales.reliability.report",
            [],
            "product_tmpl_id",
            ["__count", "mtbf_days:avg", "mttr_days:avg"],
        ),
        (
            "MTBF and MTTR per service center",
            tickets,
            repairs,
            "service_center_id",
            "aftersales.reliability.report",
            [],
            "service_center_id",
            ["__count", "mtbf_days:avg", "mttr_days:avg"],
        ),
        (
            "misuse share per fault category",
            tickets,
            repairs,
            "fault_category_id",
            "aftersales.reliability.report",
            [("failure_cause", "!=", False)],
            "fault_category_id",
            ["cause_count:sum", "misuse_share:avg"],
        ),
        (
            "failure rate per production lot",
            units,
            [],
            "production_lot",
            "aftersales.failure.rate.report",
            [],
            "production_lot",
            ["unit_count:sum", "failure_rate:avg"],
        ),
        (
            "failure rate per month of manufacture",
            units,
            [],
            "date_manufactured:month",
            "aftersales.failure.rate.report",
            [],
            "date_manufactured:month",
            ["unit_count:sum", "failure_rate:avg"],
        ),
        (
            "NPS per service center",
            env["survey.user_input"],
            [],
            "aftersales_service_center_id",
            "aftersales.nps.report",
            [],
            "service_center_id",
            ["answer_count:sum", "nps:avg"],
        ),
    )
    for (
        label,
        floor_model,
        floor_domain,
        floor_groupby,
        model,
        domain,
        groupby,
        aggregates,
    ) in cases:
        report_model = env[model]
        # warm the caches once, then measure
        floor_model._read_group(floor_domain, [floor_groupby], ["__count"])
        report_model._read_group(domain, [groupby], aggregates)
        with timed() as floor:
            floor_model._read_group(floor_domain, [floor_groupby], ["__count"])
        with timed() as spent, count_queries(env) as queries:
            groups = report_model._read_group(domain, [groupby], aggregates)
        rows.append((f"{label}: plain read_group, s", floor.seconds))
        rows.append(
            (f"{label}: report, s ({len(groups)} groups, {queries.count} queries)", spent.seconds)
        )
        rows.append(
            (
                f"  ratio to the plain read_group {label}",
                spent.seconds / floor.seconds if floor.seconds else 0.0,
            )
        )
    report("Reliability and NPS reports vs plain read_group", rows)


def _peak_python_memory(export):
    """Peak of Python allocations while writing the workbook (MB)."""
    with tempfile.TemporaryFile() as output:
        tracemalloc.start()
        export._write_xlsx(output)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak / 1024 / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=200_000)
    args = parser.parse_args()

    with odoo_env("bench_survey", MODULES) as env:
        inserted, load_seconds = _fixtures(env, args.tickets)
        with timed() as repeats:
            env["aftersales.ticket"]._recompute_repeat_repairs()
            env.cr.commit()
        report(
            f"Fixture: {inserted:,} cases",
            [
                ("units and cases inserted (two SQL statements), s", load_seconds),
                ("cases per second", inserted / load_seconds),
                ("repeat repairs computed for all cases, s", repeats.seconds),
                (
                    "repeat repairs found",
                    env["aftersales.ticket"].search_count([("is_repeat_repair", "=", True)]),
                ),
            ],
        )

        tickets = env["aftersales.ticket"]
        cases = env["aftersales.case.report"]
        ticket_domain = [("service_type", "in", REPAIRS)]
        case_domain = [("is_repair", "=", True)]
        # warm the caches once, then measure
        tickets._read_group(ticket_domain, ["product_id"], ["__count"])
        cases._read_group(case_domain, ["product_tmpl_id"], ["__count"])
        with timed() as floor, count_queries(env) as floor_queries:
            groups = tickets._read_group(ticket_domain, ["product_id"], ["__count"])
        repairs = sum(count for _product, count in groups)
        rows = [
            ("repair cases", repairs),
            ("floor: read_group of the cases per product, s", floor.seconds),
            ("floor queries", floor_queries.count),
        ]
        total = 0.0
        for label, groupby, aggregates in (
            ("per product", "product_tmpl_id", ["__count", "repeat_count:sum", "rework_count:sum"]),
            ("per fault category", "fault_category_id", ["__count", "repeat_count:sum"]),
            ("per age of the unit", "age_range", ["__count", "age_months:avg"]),
            ("per service center (SLA)", "service_center_id", ["sla_resolution_rate:avg"]),
        ):
            with timed() as spent:
                cases._read_group(case_domain, [groupby], aggregates)
            total += spent.seconds
            rows.append((f"failure report {label}, s", spent.seconds))
            rows.append((f"  ratio to the floor {label}", spent.seconds / floor.seconds))
        rows.append(("failure report, four views, s", total))
        report("Failure analysis report vs plain read_group", rows)

        _bench_reliability(env)

        period = {"date_from": date(2026, 1, 1), "date_to": date(2026, 12, 31)}
        export = env["aftersales.report.export"].create({"report_type": "failure", **period})
        # about a tenth of the year, for the memory comparison
        tenth = env["aftersales.report.export"].create(
            {"report_type": "failure", "date_from": date(2026, 1, 1), "date_to": date(2026, 2, 6)}
        )
        tenth_rows = cases.search_count(tenth._failure_domain())
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as output:
            with timed() as spent, count_queries(env) as queries:
                export._write_xlsx(output)
            size = os.path.getsize(output.name) / 1024 / 1024
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_tenth = _peak_python_memory(tenth)
        peak_all = _peak_python_memory(export)
        report(
            "XLSX export of the failure analysis",
            [
                ("rows (one per repair case)", repairs),
                ("seconds", spent.seconds),
                ("rows per second", repairs / spent.seconds),
                ("ratio to the floor read_group", spent.seconds / floor.seconds),
                ("queries", queries.count),
                ("file size, MB", size),
                (f"Python peak memory, {tenth_rows:,} rows, MB", peak_tenth),
                (f"Python peak memory, {repairs:,} rows, MB", peak_all),
                ("peak memory growth for 10x the rows", peak_all / peak_tenth),
                ("process peak RSS before the export, MB", rss_before),
                ("process peak RSS after the export, MB", rss_after),
            ],
        )


if __name__ == "__main__":
    main()
