"""Spare parts of the after-sales suite: coding speed and part consumption.

1. Bulk coding: ``--parts`` uncoded spare parts (50,000 by default) coded by
   the bulk wizard; parts coded per second and SQL queries per part.
2. Consumption: ``--tickets`` cases (1,000) with ``--lines`` parts each (3)
   reserved and consumed through real stock transfers; stock moves per
   second, compared with Odoo's own repair module consuming the same parts on
   as many repair orders in the same database (ratio).

Run it with ``bin/bench bench/bench_stock.py [--parts N] [--tickets N]``.
"""

import argparse

from _harness import count_queries, odoo_env, report, timed

MODULES = ["aftersales_reception", "aftersales_stock", "repair"]
NO_MAIL = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}


def make_coding_config(env):
    """Families, components and device models the parts draw their codes from."""
    families = env["aftersales.part.family"].create(
        [{"name": f"Family {index}", "code": f"F{index:02d}"} for index in range(20)]
    )
    components = env["aftersales.part.component"].create(
        [{"name": f"Component {letter}", "code": letter} for letter in "EMHC"]
    )
    device_models = env["aftersales.device.model"].create(
        [{"name": f"Model {index}", "code": f"M{index:04d}"} for index in range(50)]
    )
    return families, components, device_models


def make_uncoded_parts(env, count, families, components, device_models, batch=2000):
    """``count`` spare parts with all their attributes but no code yet (as
    after an import): created without their family, which is then set in one
    write, so that creation does not code them."""
    template_model = env["product.template"].with_context(**NO_MAIL)
    created = 0
    while created < count:
        size = min(batch, count - created)
        vals_list = []
        for index in range(created, created + size):
            vals_list.append(
                {
                    "name": f"Bench part {index:06d}",
                    "is_spare_part": True,
                    "type": "consu",
                    "sale_ok": False,
                    "part_component_id": components[index % len(components)].id,
                    "compatible_device_model_ids": [
                        (6, 0, [device_models[index % len(device_models)].id])
                    ],
                    "part_variant_code": f"{index % 3:02d}",
                }
            )
        templates = template_model.create(vals_list)
        for offset, family in enumerate(families):
            templates[offset :: len(families)].write({"part_family_id": family.id})
        env.cr.commit()
        env.invalidate_all()
        created += size
        print(f"#   {created:,} uncoded parts created", flush=True)


def bench_coding(env, count):
    families, components, device_models = make_coding_config(env)
    with timed() as setup:
        make_uncoded_parts(env, count, families, components, device_models)
    wizard = env["aftersales.part.code.generate"].with_context(**NO_MAIL).create({})
    to_code = wizard.to_code_count
    with count_queries(env) as counter, timed() as timer:
        wizard.action_generate()
    env.cr.commit()
    coded = wizard.coded_count
    codes = env["product.product"].search_read(
        [("is_spare_part", "=", True), ("name", "=like", "Bench part %")], ["default_code"]
    )
    distinct = len({row["default_code"] for row in codes})
    report(
        f"Bulk coding of {to_code:,} spare parts (wizard)",
        [
            ("parts to code", to_code),
            ("parts coded", coded),
            ("parts not coded", wizard.problem_count),
            ("distinct codes", distinct),
            ("seconds", timer.seconds),
            ("parts coded per second", coded / timer.seconds if timer.seconds else 0.0),
            ("SQL queries", counter.count),
            ("SQL queries per part", counter.count / coded if coded else 0.0),
            ("(set-up: creating the parts, seconds)", setup.seconds),
        ],
    )


def make_parts_and_stock(env, lines):
    """``lines`` storable spare parts with plenty of stock in the spare-parts
    location (after-sales) and in WH/Stock (repair orders)."""
    warehouse = env.company._aftersales_warehouse()
    device = env["aftersales.device.model"].create({"name": "Bench washer", "code": "BWASH"})
    family = env["aftersales.part.family"].search([], limit=1) or env[
        "aftersales.part.family"
    ].create({"name": "Bench family", "code": "BF"})
    component = env["aftersales.part.component"].search([], limit=1) or env[
        "aftersales.part.component"
    ].create({"name": "Bench component", "code": "B"})
    parts = (
        env["product.template"]
        .with_context(**NO_MAIL)
        .create(
            [
                {
                    "name": f"Bench consumed part {index}",
                    "is_spare_part": True,
                    "type": "consu",
                    "is_storable": True,
                    "part_family_id": family.id,
                    "part_component_id": component.id,
                    "compatible_device_model_ids": [(6, 0, device.ids)],
                }
                for index in range(lines)
            ]
        )
        .product_variant_ids
    )
    quant_model = env["stock.quant"]
    for part in parts:
        quant_model._update_available_quantity(part, warehouse.aftersales_parts_location_id, 1e6)
        quant_model._update_available_quantity(part, warehouse.lot_stock_id, 1e6)
    washer = env["product.product"].create({"name": "Bench washing machine", "type": "consu"})
    washer.device_model_id = device
    customer = env["res.partner"].create({"name": "Bench customer"})
    env.cr.commit()
    return parts, washer, customer


def bench_cases(env, tickets, parts, washer, customer):
    ticket_model = env["aftersales.ticket"].with_context(**NO_MAIL)
    cases = ticket_model.browse()
    for start in range(0, tickets, 250):
        cases |= ticket_model.create(
            [
                {
                    "partner_id": customer.id,
                    "product_id": washer.id,
                    "summary": f"Bench case {index}",
                    "part_line_ids": [(0, 0, {"product_id": part.id}) for part in parts],
                }
                for index in range(start, min(start + 250, tickets))
            ]
        )
    env.cr.commit()
    env.invalidate_all()
    with count_queries(env) as counter, timed() as timer:
        cases.action_consume_parts()
    env.cr.commit()
    moves = env["stock.move"].search_count(
        [("aftersales_ticket_id", "in", cases.ids), ("state", "=", "done")]
    )
    return moves, timer.seconds, counter.count


def bench_repairs(env, count, parts, washer, customer):
    repair_model = env["repair.order"].with_context(**NO_MAIL)
    repairs = repair_model.browse()
    for start in range(0, count, 250):
        repairs |= repair_model.create(
            [
                {
                    "partner_id": customer.id,
                    "product_id": washer.id,
                    "move_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": part.id,
                                "product_uom_qty": 1.0,
                                "repair_line_type": "add",
                            },
                        )
                        for part in parts
                    ],
                }
                for _index in range(start, min(start + 250, count))
            ]
        )
    env.cr.commit()
    env.invalidate_all()
    with count_queries(env) as counter, timed() as timer:
        repairs._action_repair_confirm()
        repairs.action_assign()
        repairs.action_repair_start()
        repairs.action_repair_end()
    env.cr.commit()
    moves = env["stock.move"].search_count(
        [("repair_id", "in", repairs.ids), ("state", "=", "done"), ("repair_line_type", "=", "add")]
    )
    return moves, timer.seconds, counter.count


def bench_consumption(env, tickets, lines):
    parts, washer, customer = make_parts_and_stock(env, lines)
    ours = bench_cases(env, tickets, parts, washer, customer)
    theirs = bench_repairs(env, tickets, parts, washer, customer)
    ours_rate = ours[0] / ours[1] if ours[1] else 0.0
    theirs_rate = theirs[0] / theirs[1] if theirs[1] else 0.0
    report(
        f"Part consumption: {tickets:,} cases x {lines} parts",
        [
            ("after-sales cases: moves done", ours[0]),
            ("after-sales cases: seconds", ours[1]),
            ("after-sales cases: moves per second", ours_rate),
            ("after-sales cases: SQL queries per move", ours[2] / ours[0] if ours[0] else 0.0),
            ("repair orders: moves done", theirs[0]),
            ("repair orders: seconds", theirs[1]),
            ("repair orders: moves per second", theirs_rate),
            ("repair orders: SQL queries per move", theirs[2] / theirs[0] if theirs[0] else 0.0),
            (
                "ratio (after-sales / repair, moves per second)",
                ours_rate / theirs_rate if theirs_rate else 0.0,
            ),
        ],
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", type=int, default=50_000)
    parser.add_argument("--tickets", type=int, default=1_000)
    parser.add_argument("--lines", type=int, default=3)
    parser.add_argument("--db", default="bench_stock")
    args = parser.parse_args()
    with odoo_env(args.db, MODULES) as env:
        env = env(context=dict(env.context, **NO_MAIL))
        bench_coding(env, args.parts)
        bench_consumption(env, args.tickets, args.lines)


if __name__ == "__main__":
    main()
