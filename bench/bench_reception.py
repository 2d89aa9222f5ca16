"""Intake throughput: after-sales cases against Odoo's own repair orders.

Creates N cases (aftersales.ticket) through the ORM, in batches and one by
one, and in the same run N repair orders (repair.order) on the same
customers and products, and prints records per second, their ratio and
queries per record. Run: bin/bench bench/bench_reception.py [--records N]
"""

import argparse
import random

from _harness import count_queries, odoo_env, report, timed

BATCH = 1000


def _fixtures(env, count):
    partners = env["res.partner"].create(
        [
            {
                "name": f"Bench customer {i}",
                "email": f"bench{i}@example.com",
                "city": "Fremont",
                "country_id": env.ref("base.us").id,
                "state_id": env.ref("base.state_us_5").id,
            }
            for i in range(200)
        ]
    )
    categ = env["product.category"].create({"name": "Bench appliances"})
    products = env["product.product"].create(
        [{"name": f"Bench unit {i}", "categ_id": categ.id, "type": "consu"} for i in range(20)]
    )
    env["aftersales.warranty.policy"].create(
        {"name": "Bench 24 months", "duration_months": 24, "categ_ids": [(4, categ.id)]}
    )
    env["aftersales.service.center"].create(
        [
            {"name": "Bench head office", "center_type": "head_office"},
            {
                "name": "Bench workshop",
                "center_type": "workshop",
                "territory_ids": [
                    (
                        0,
                        0,
                        {
                            "country_id": env.ref("base.us").id,
                            "state_id": env.ref("base.state_us_5").id,
                        },
                    )
                ],
            },
        ]
    )
    rng = random.Random(42)
    rows = [(rng.choice(partners), rng.choice(products)) for _i in range(count)]
    env.cr.commit()
    return rows


def _ticket_vals(rows, offset):
    return [
        {
            "partner_id": partner.id,
            "product_id": product.id,
            "serial_number": f"SN-{offset + i:07d}",
            "summary": "Does not start",
            "fault_description": "The unit does not start after the power cut.",
            "channel": "phone",
        }
        for i, (partner, product) in enumerate(rows)
    ]


def _repair_vals(rows):
    return [
        {
            "partner_id": partner.id,
            "product_id": product.id,
            "internal_notes": "The unit does not start after the power cut.",
        }
        for partner, product in rows
    ]


def _measure(env, model, vals_list, batched):
    records = env[model]
    with count_queries(env) as queries, timed() as timer:
        if batched:
            for start in range(0, len(vals_list), BATCH):
                records |= records.create(vals_list[start : start + BATCH])
        else:
            for vals in vals_list:
                records |= records.create(vals)
        env.flush_all()
    env.cr.commit()
    env.invalidate_all()
    return len(vals_list) / timer.seconds, queries.count / len(vals_list)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=10000)
    args = parser.parse_args()
    n = args.records
    with odoo_env("bench_reception", ["aftersales_reception", "repair"]) as env:
        rows = _fixtures(env, n)
        results = {}
        for batched in (True, False):
            mode = "batched" if batched else "one by one"
            ticket_rate, ticket_queries = _measure(
                env, "aftersales.ticket", _ticket_vals(rows, 0 if batched else n), batched
            )
            repair_rate, repair_queries = _measure(env, "repair.order", _repair_vals(rows), batched)
            results[mode] = (ticket_rate, ticket_queries, repair_rate, repair_queries)
        for mode, (ticket_rate, ticket_queries, repair_rate, repair_queries) in results.items():
            report(
                f"{n:,} records created {mode}",
                [
                    ("cases (aftersales.ticket) / s", ticket_rate),
                    ("repair orders (repair.order) / s", repair_rate),
                    ("ratio cases / repair orders (speed)", ticket_rate / repair_rate),
                    ("queries per case", ticket_queries),
                    ("queries per repair order", repair_queries),
                ],
            )
        created = env["aftersales.ticket"].search_count([])
        report("check", [("cases in the database", created), ("expected", 2 * n)])


if __name__ == "__main__":
    main()
