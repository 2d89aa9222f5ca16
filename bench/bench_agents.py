"""Agent fees of the after-sales suite: fee computation and settlement.

1. Fee computation: ``--tickets`` done cases (50,000 by default) worked by
   ``--providers`` agent workshops (200) under contracts with a fixed warranty
   fee, percentages of labour and parts and a travel band; cases per second
   and SQL queries per case, for moving cases to done (fees included) and for
   the fee computation alone.
2. Settlement: the same fees settled in one run, one settlement and one
   posted vendor bill per provider; bills per second and queries per case.
3. The floor: the same vendor bills created and posted directly through
   account.move.create.
4. OCA's commission_oca + account_commission_oca 18.0 settling the same
   volume (as many commission lines, as many agents) and invoicing the
   settlements, in a database of their own; the ratio to ours. The two
   modules are taken from the machine's python (pip install --no-deps
   "odoo-addon-commission-oca==18.0.*" "odoo-addon-account-commission-oca==18.0.*");
   when they cannot be loaded, the reason is printed and the rest measured.

Run it with ``bin/bench bench/bench_agents.py [--tickets N] [--providers N]``.
"""

import argparse
import os
from datetime import timedelta
from importlib.metadata import PackageNotFoundError, distribution

import _harness
from _harness import count_queries, odoo_env, report, timed

import odoo
from odoo import Command, fields

MODULES = ["aftersales_reception", "aftersales_stock", "aftersales_agents"]
OCA_MODULES = ["account", "commission_oca", "account_commission_oca"]
BATCH = 1000
NO_MAIL = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}


# ----------------------------------------------------------------------------
# Shared fixtures
# ----------------------------------------------------------------------------


def ensure_chart(env):
    company = env.company
    if not company.chart_template:
        env["account.chart.template"].try_loading(
            "generic_coa", company=company, install_demo=False
        )
    return company


def expense_account(env, code, name):
    return env["account.account"].create({"code": code, "name": name, "account_type": "expense"})


# ----------------------------------------------------------------------------
# Ours
# ----------------------------------------------------------------------------


def setup_network(env, providers):
    """``providers`` agent workshops with their vendor and an active contract."""
    company = ensure_chart(env)
    env = env(context=dict(env.context, **NO_MAIL))
    service_types = env["aftersales.service.type"]._get_by_code()
    accounts = {
        code: expense_account(env, f"61{index}900", f"Bench {code} fees")
        for index, code in enumerate(("warranty_repair", "paid_repair"))
    }
    env["aftersales.fee.account"].create(
        [{"service_type": code, "account_id": account.id} for code, account in accounts.items()]
    )
    company.aftersales_fee_journal_id = env["account.journal"].search(
        [("type", "=", "purchase"), ("company_id", "=", company.id)], limit=1
    )
    partners = env["res.partner"].create(
        [{"name": f"Bench agent {index:03d}", "is_company": True} for index in range(providers)]
    )
    centers = env["aftersales.service.center"].create(
        [
            {
                "name": f"Bench agent workshop {index:03d}",
                "code": f"AG{index:03d}",
                "center_type": "agent",
                "partner_id": partner.id,
            }
            for index, partner in enumerate(partners)
        ]
    )
    today = fields.Date.context_today(env["aftersales.ticket"])
    contracts = env["aftersales.agent.contract"].create(
        [
            {
                "service_center_id": center.id,
                "date_start": today - timedelta(days=365),
                "date_end": today + timedelta(days=365),
                "service_type_ids": [
                    Command.set(
                        [service_types["warranty_repair"].id, service_types["paid_repair"].id]
                    )
                ],
                "rule_ids": [
                    Command.create({"kind": "fixed", "amount": 50.0, "work_type": "warranty"}),
                    Command.create(
                        {
                            "kind": "percent",
                            "percent": 40.0,
                            "percent_base": "labour",
                            "work_type": "paid",
                        }
                    ),
                    Command.create(
                        {
                            "kind": "percent",
                            "percent": 10.0,
                            "percent_base": "parts",
                            "work_type": "paid",
                        }
                    ),
                    Command.create(
                        {
                            "kind": "travel_km",
                            "band_ids": [
                                Command.create({"km_from": 0, "km_to": 30, "amount": 15.0}),
                                Command.create({"km_from": 30, "km_to": 500, "amount": 35.0}),
                            ],
                        }
                    ),
                ],
            }
            for center in centers
        ]
    )
    contracts.action_activate()
    customers = env["res.partner"].create(
        [{"name": f"Bench customer {index}"} for index in range(200)]
    )
    part = env["product.product"].create(
        {"name": "Bench part", "type": "consu", "list_price": 40.0}
    )
    env.cr.commit()
    return centers, customers, part


def create_cases(env, count, centers, customers, part):
    """``count`` cases being repaired, each with a repair order whose
    quotation has labour and a part, a third of them in warranty."""
    env = env(context=dict(env.context, **NO_MAIL))
    repair = env.ref("aftersales_reception.stage_repair")
    labour = env.ref("aftersales_agents.product_labour")
    warehouse = env.company._aftersales_warehouse()
    if not warehouse.aftersales_repair_type_id:
        warehouse._aftersales_setup()
    tickets = env["aftersales.ticket"]
    for start in range(0, count, BATCH):
        vals_list = []
        for index in range(start, min(start + BATCH, count)):
            vals = {
                "partner_id": customers[index % len(customers)].id,
                "service_center_id": centers[index % len(centers)].id,
                "stage_id": repair.id,
                "summary": "Bench case",
                "visit_count": 1,
                "travel_distance_km": float(index % 60),
            }
            if index % 3 == 0:
                vals.update(
                    warranty_override=True,
                    warranty_override_state="in_warranty",
                    warranty_override_reason="Bench",
                )
            vals_list.append(vals)
        batch = tickets.create(vals_list)
        orders = env["sale.order"].create(
            [
                {
                    "partner_id": ticket.partner_id.id,
                    "order_line": [
                        Command.create({"product_id": labour.id, "product_uom_qty": 1.5}),
                        Command.create({"product_id": part.id, "product_uom_qty": 1.0}),
                    ],
                }
                for ticket in batch
            ]
        )
        env["repair.order"].create(
            [
                {
                    "aftersales_ticket_id": ticket.id,
                    "partner_id": ticket.partner_id.id,
                    "picking_type_id": warehouse.aftersales_repair_type_id.id,
                    "sale_order_id": order.id,
                }
                for ticket, order in zip(batch, orders, strict=True)
            ]
        )
        tickets |= batch
        env.cr.commit()
    return tickets.with_env(env)


def measure_ours(env, count, providers):
    with timed() as setup_timer:
        centers, customers, part = setup_network(env, providers)
        tickets = create_cases(env, count, centers, customers, part)
    print(
        f"# set up {count:,} cases for {providers} agents in {setup_timer.seconds:.0f} s",
        flush=True,
    )
    env = env(context=dict(env.context, **NO_MAIL))
    done = env.ref("aftersales_reception.stage_done")
    fee_model = env["aftersales.fee.line"]

    # cases moved to done: the stage hook computes the fees
    with count_queries(env) as queries, timed() as timer:
        for start in range(0, count, BATCH):
            tickets[start : start + BATCH].write({"stage_id": done.id})
            env.flush_all()
            env.cr.commit()
            env.invalidate_all()
    lines = fee_model.search_count([])
    done_rows = [
        ("cases moved to done (fees computed) / s", count / timer.seconds),
        ("queries per case", queries.count / count),
        ("fee lines", lines),
    ]

    # the fee computation alone, from scratch
    env.cr.execute("DELETE FROM aftersales_fee_line")
    env.cr.commit()
    env.invalidate_all()
    with count_queries(env) as queries, timed() as timer:
        for start in range(0, count, BATCH):
            fee_model._sync_tickets(tickets[start : start + BATCH])
            env.flush_all()
            env.cr.commit()
            env.invalidate_all()
    compute_rate = count / timer.seconds
    compute_queries = queries.count / count
    # and again: nothing changes, nothing is written
    with count_queries(env) as queries, timed() as timer:
        for start in range(0, count, BATCH):
            fee_model._sync_tickets(tickets[start : start + BATCH])
        env.flush_all()
    env.cr.commit()
    env.invalidate_all()
    report(
        f"Fee computation: {count:,} done cases, {providers} agents",
        [
            *done_rows,
            ("fee computation alone: cases / s", compute_rate),
            ("fee computation alone: queries per case", compute_queries),
            ("recomputation (idempotent): cases / s", count / timer.seconds),
            ("recomputation (idempotent): queries per case", queries.count / count),
            ("fee lines after recomputation", fee_model.search_count([])),
        ],
    )

    # settlement: one settlement and one posted bill per provider
    today = fields.Date.context_today(fee_model)
    period = {"date_from": today - timedelta(days=31), "date_to": today}
    # measured with the registry's caches warm, as in a running server: the
    # first bills made in a process build Odoo's trigger trees of the journal
    # entries' fields (a fifth of a cold settlement at 4,000 cases), which
    # the floor measured after it would otherwise find ready
    # (one provider: settling them all in the savepoint would leave the
    # measured run a second version of every fee line to step over)
    with env.cr.savepoint() as warm_up:
        first_provider = fee_model.search([], limit=1).partner_id
        env["aftersales.settlement.create"].create(
            dict(period, partner_ids=[Command.set(first_provider.ids)])
        )._create_settlements()
        env.flush_all()
        warm_up.rollback()
    env.invalidate_all()
    wizard = env["aftersales.settlement.create"].create(period)
    with count_queries(env) as queries, timed() as timer:
        settlements = wizard._create_settlements()
        env.flush_all()
    env.cr.commit()
    settle_seconds = timer.seconds
    moves = settlements.move_id
    report(
        f"Settlement: {lines:,} fee lines of {count:,} cases, {providers} providers",
        [
            ("settlements", len(settlements)),
            ("posted vendor bills", len(moves.filtered(lambda m: m.state == "posted"))),
            ("seconds", settle_seconds),
            ("bills / s", len(moves) / settle_seconds),
            ("cases settled / s", count / settle_seconds),
            ("queries per case", queries.count / count),
            ("total billed", sum(settlements.mapped("amount_total"))),
        ],
    )

    # the floor: the same bills straight through account.move.create
    bill_vals = []
    for move in moves:
        bill_vals.append(
            {
                "move_type": "in_invoice",
                "partner_id": move.partner_id.id,
                "journal_id": move.journal_id.id,
                "invoice_date": move.invoice_date,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": line.name,
                            "account_id": line.account_id.id,
                            "quantity": 1.0,
                            "price_unit": line.price_unit,
                            "analytic_distribution": line.analytic_distribution,
                        }
                    )
                    for line in move.invoice_line_ids
                ],
            }
        )
    with count_queries(env) as queries, timed() as timer:
        floor = env["account.move"].create(bill_vals)
        floor.action_post()
        env.flush_all()
    env.cr.rollback()
    floor_seconds = timer.seconds
    report(
        "Floor: the same vendor bills through account.move.create + post",
        [
            ("bills", len(bill_vals)),
            ("seconds", floor_seconds),
            ("bills / s", len(bill_vals) / floor_seconds),
            ("queries", queries.count),
            ("settlement time / floor time", settle_seconds / floor_seconds),
        ],
    )
    return settle_seconds, floor_seconds


# ----------------------------------------------------------------------------
# OCA commissions
# ----------------------------------------------------------------------------


def oca_addons_path():
    """Directory holding the pip-installed OCA addons, or the reason why not."""
    try:
        dist = distribution("odoo-addon-commission_oca")
        distribution("odoo-addon-account_commission_oca")
    except PackageNotFoundError:
        return None, (
            "the pip packages odoo-addon-commission-oca and "
            "odoo-addon-account-commission-oca (18.0) are not installed"
        )
    path = os.path.join(str(dist.locate_file("")), "odoo", "addons")
    if not os.path.isfile(os.path.join(path, "commission_oca", "__manifest__.py")):
        return None, f"commission_oca was not found in {path}"
    return path, None


def measure_oca(count, providers):
    path, reason = oca_addons_path()
    if not path:
        print(f"\n== OCA commissions not measured: {reason}")
        return None
    _harness._configure()
    from odoo.tools import config

    if path not in config["addons_path"].split(","):
        config["addons_path"] = f"{config['addons_path']},{path}"
    odoo.addons.__path__.append(path)
    try:
        with odoo_env("bench_agents_oca", OCA_MODULES) as env:
            return _measure_oca(env, count, providers)
    except Exception as error:  # noqa: BLE001 (any failure is reported, the rest stands)
        print(f"\n== OCA commissions not measured: {type(error).__name__}: {error}")
        return None


def _measure_oca(env, count, providers):
    ensure_chart(env)
    env = env(context=dict(env.context, **NO_MAIL))
    with timed() as setup_timer:
        commission = env["commission"].create(
            {"name": "Bench 40 %", "commission_type": "fixed", "fix_qty": 40.0}
        )
        agents = env["res.partner"].create(
            [
                {
                    "name": f"Bench agent {index:03d}",
                    "is_company": True,
                    "agent": True,
                    "commission_id": commission.id,
                    "settlement": "monthly",
                }
                for index in range(providers)
            ]
        )
        customers = env["res.partner"].create(
            [
                {"name": f"Bench customer {index:03d}", "agent_ids": [Command.set(agent.ids)]}
                for index, agent in enumerate(agents)
            ]
        )
        product = env["product.product"].create(
            {"name": "Bench repair", "type": "service", "list_price": 90.0, "taxes_id": False}
        )
        commission_product = env["product.product"].create(
            {"name": "Bench commission", "type": "service", "purchase_ok": True}
        )
        # as many invoice lines (hence commission lines) as cases, last month
        invoice_date = fields.Date.context_today(env["account.move"]).replace(day=1) - timedelta(
            days=10
        )
        per_customer = max(1, count // providers)
        invoices = env["account.move"]
        for start in range(0, providers, 20):
            invoices |= invoices.create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": customer.id,
                        "invoice_date": invoice_date,
                        "invoice_line_ids": [
                            Command.create(
                                {"product_id": product.id, "quantity": 1.0, "price_unit": 90.0}
                            )
                            for _index in range(per_customer)
                        ],
                    }
                    for customer in customers[start : start + 20]
                ]
            )
            env.cr.commit()
        invoices.action_post()
        env.cr.commit()
    agent_lines = env["account.invoice.line.agent"].search_count([])
    print(
        f"# OCA: {agent_lines:,} commission lines on {len(invoices)} posted invoices "
        f"set up in {setup_timer.seconds:.0f} s",
        flush=True,
    )
    journal = env["account.journal"].search(
        [("type", "=", "purchase"), ("company_id", "=", env.company.id)], limit=1
    )
    with count_queries(env) as queries, timed() as timer:
        wizard = env["commission.make.settle"].create(
            {
                "date_to": fields.Date.context_today(env["account.move"]),
                "settlement_type": "sale_invoice",
            }
        )
        wizard.action_settle()
        settlements = env["commission.settlement"].search([("state", "=", "settled")])
        bills = settlements.make_invoices(
            journal, commission_product, date=fields.Date.context_today(env["account.move"])
        )
        bills.action_post()
        env.flush_all()
    env.cr.commit()
    report(
        f"OCA commission_oca + account_commission_oca: {agent_lines:,} commission lines, "
        f"{providers} agents",
        [
            ("settlements", len(settlements)),
            ("posted vendor bills", len(bills.filtered(lambda m: m.state == "posted"))),
            ("seconds", timer.seconds),
            ("bills / s", len(bills) / timer.seconds),
            ("commission lines settled / s", agent_lines / timer.seconds),
            ("queries per commission line", queries.count / max(agent_lines, 1)),
        ],
    )
    return timer.seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=50000)
    parser.add_argument("--providers", type=int, default=200)
    parser.add_argument("--skip-oca", action="store_true")
    args = parser.parse_args()
    with odoo_env("bench_agents", MODULES) as env:
        settle_seconds, floor_seconds = measure_ours(env, args.tickets, args.providers)
    oca_seconds = None if args.skip_oca else measure_oca(args.tickets, args.providers)
    rows = [
        ("our settlement (s)", settle_seconds),
        ("floor: account.move.create + post (s)", floor_seconds),
        ("ours / floor (time)", settle_seconds / floor_seconds),
    ]
    if oca_seconds:
        rows += [
            ("OCA settle + invoice + post (s)", oca_seconds),
            ("OCA / ours (time; > 1: ours is faster)", oca_seconds / settle_seconds),
        ]
    report("Summary", rows)


if __name__ == "__main__":
    main()
