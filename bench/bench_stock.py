"""Spare parts of the after-sales suite: coding speed and part consumption.

1. Bulk coding: ``--parts`` uncoded spare parts (50,000 by default) coded by
   the bulk wizard; parts coded per second and SQL queries per part.
2. The journey of ``--tickets`` cases (1,000): the customer's unit received
   with its serial, a repair order with ``--lines`` parts (3), its quotation
   accepted, the repair, the invoice posted, the unit handed back; cases per
   second and queries per case, next to Odoo's own repair flow (repair order,
   quotation, repair, invoice) on the same data in the same database (ratio).

Run it with ``bin/bench bench/bench_stock.py [--parts N] [--tickets N]``.
"""

import argparse

from _harness import count_queries, odoo_env, report, timed

MODULES = ["aftersales_reception", "aftersales_stock"]
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


def make_units(env, count, washer):
    """``count`` serial-tracked customers' units: serial numbers only (the
    suite creates the lot when the unit is received, the bare flow gets the
    same lots made beforehand)."""
    washer.write({"is_storable": True, "tracking": "serial"})
    return [f"BENCH-{washer.id}-{index:06d}" for index in range(count)]


def journey_cases(env, serials, parts, washer, customer):
    """The full journey of a case per serial: receipt of the unit, a repair
    order with the parts, its quotation accepted, the repair, the invoice,
    the hand-back. Returns (cases done, seconds, queries)."""
    ticket_model = env["aftersales.ticket"].with_context(**NO_MAIL)
    center = env["aftersales.service.center"].search([], limit=1) or env[
        "aftersales.service.center"
    ].create({"name": "Bench workshop", "center_type": "workshop"})
    cases = ticket_model.create(
        [
            {
                "partner_id": customer.id,
                "product_id": washer.id,
                "serial_number": serial,
                "summary": "Bench journey",
                "service_center_id": center.id,
            }
            for serial in serials
        ]
    )
    env.cr.commit()
    env.invalidate_all()
    done = 0
    with count_queries(env) as counter, timed() as timer:
        for case in cases:
            case._action_receive_unit()
            repair = env["repair.order"].create(case._prepare_repair_order_vals())
            repair.move_ids = [
                (0, 0, {"repair_line_type": "add", "product_id": part.id, "product_uom_qty": 1.0})
                for part in parts
            ]
            case.action_create_quotation()
            order = repair.sale_order_id
            order.action_confirm()
            repair._action_repair_confirm()
            repair.action_assign()
            repair.action_repair_start()
            repair.action_repair_end()
            order._create_invoices().action_post()
            case._action_hand_back_unit()
            done += 1
    env.cr.commit()
    return done, timer.seconds, counter.count


def bare_repairs(env, serials, parts, washer, customer):
    """Odoo's own repair flow on the same data: a repair order with the same
    parts for a unit already in stock, its quotation confirmed, the repair,
    the invoice."""
    warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
    lots = env["stock.lot"].create(
        [{"name": f"{serial}-BARE", "product_id": washer.id} for serial in serials]
    )
    quant_model = env["stock.quant"]
    for lot in lots:
        quant_model._update_available_quantity(washer, warehouse.lot_stock_id, 1, lot_id=lot)
    env.cr.commit()
    env.invalidate_all()
    done = 0
    with count_queries(env) as counter, timed() as timer:
        for lot in lots:
            repair = (
                env["repair.order"]
                .with_context(**NO_MAIL)
                .create(
                    {
                        "partner_id": customer.id,
                        "product_id": washer.id,
                        "lot_id": lot.id,
                        "picking_type_id": warehouse.repair_type_id.id,
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
                )
            )
            repair.action_create_sale_order()
            order = repair.sale_order_id
            order.action_confirm()
            repair._action_repair_confirm()
            repair.action_assign()
            repair.action_repair_start()
            repair.action_repair_end()
            order._create_invoices().action_post()
            done += 1
    env.cr.commit()
    return done, timer.seconds, counter.count


def bench_journey(env, tickets, lines):
    parts, washer, customer = make_parts_and_stock(env, lines)
    for part in parts:
        part.list_price = 25.0
    serials = make_units(env, tickets, washer)
    env.cr.commit()
    ours = journey_cases(env, serials, parts, washer, customer)
    theirs = bare_repairs(env, serials, parts, washer, customer)
    ours_rate = ours[0] / ours[1] if ours[1] else 0.0
    theirs_rate = theirs[0] / theirs[1] if theirs[1] else 0.0
    report(
        f"Journey of {tickets:,} cases: receipt, repair with {lines} parts, quotation, "
        "invoice, hand-back",
        [
            ("after-sales cases: cases", ours[0]),
            ("after-sales cases: seconds", ours[1]),
            ("after-sales cases: cases per second", ours_rate),
            ("after-sales cases: SQL queries per case", ours[2] / ours[0] if ours[0] else 0.0),
            ("bare repair orders (no receipt, no hand-back): repairs", theirs[0]),
            ("bare repair orders: seconds", theirs[1]),
            ("bare repair orders: repairs per second", theirs_rate),
            (
                "bare repair orders: SQL queries per repair",
                theirs[2] / theirs[0] if theirs[0] else 0.0,
            ),
            (
                "ratio (bare repairs per second / cases per second)",
                theirs_rate / ours_rate if ours_rate else 0.0,
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
        bench_journey(env, args.tickets, args.lines)


if __name__ == "__main__":
    main()
