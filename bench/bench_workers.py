"""Several workers: concurrent intake on two multi-process servers at once.

Creates a database (the four addons, no demo) with customers, products and a
reception user, then starts two Odoo servers on it, each with ``--workers 2``
and a cron worker, with the suite's scheduled jobs due (receipts, periodic
services, happy calls). N clients (8 by default) open cases at the same time
through the classic ``/jsonrpc`` ``execute_kw`` door as the reception user,
half of them on each server. Prints cases per second and latency
percentiles, and checks that every case was created once with a reference
of its own. Run:

    bin/bench bench/bench_workers.py [--clients 8] [--cases 400] [--reuse]

The second server listens on the bench port + 1. Its log: .run/<bench>/workers.log.
"""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

from _harness import odoo_env, report

MODULES = ["aftersales_reception", "aftersales_stock", "aftersales_agents", "aftersales_survey"]
DB = "bench_workers"


def _fixture(env):
    us = env.ref("base.us")
    state = env.ref("base.state_us_5")
    categ = env["product.category"].create({"name": "Bench appliances"})
    products = env["product.product"].create(
        [{"name": f"Bench unit {i}", "categ_id": categ.id, "type": "consu"} for i in range(20)]
    )
    env["aftersales.warranty.policy"].create(
        {"name": "Bench 24 months", "duration_months": 24, "categ_ids": [(4, categ.id)]}
    )
    env["aftersales.service.center"].create(
        {
            "name": "Bench workshop",
            "center_type": "workshop",
            "territory_ids": [(0, 0, {"country_id": us.id, "state_id": state.id})],
        }
    )
    partners = env["res.partner"].create(
        [
            {
                "name": f"Bench customer {i}",
                "email": f"customer{i}@bench.example.com",
                "country_id": us.id,
                "state_id": state.id,
            }
            for i in range(200)
        ]
    )
    env["res.users"].with_context(no_reset_password=True).create(
        {
            "name": "Bench reception",
            "login": "bench_reception",
            "password": "bench_reception",
            "groups_id": [(6, 0, [env.ref("aftersales_reception.group_aftersales_reception").id])],
        }
    )
    # closed cases for the happy-call job, units due for the periodic job
    env["res.company"].browse(env.company.id).aftersales_happy_call_enabled = True
    units = env["aftersales.equipment"].create(
        [
            {
                "partner_id": partners[i].id,
                "product_id": products[i % 20].id,
                "serial_number": f"DUE-{i:05d}",
                "periodic_interval_months": 6,
                "next_service_date": time.strftime("%Y-%m-%d"),
            }
            for i in range(200)
        ]
    )
    del units
    # every job of the suite due now, in the cron workers
    env["ir.cron"].search([("model_id.model", "like", "aftersales.")]).write(
        {"nextcall": "2000-01-01 00:00:00", "interval_number": 1, "interval_type": "minutes"}
    )
    return partners.ids, products.ids


def _server(port, log):
    import odoo

    odoo_bin = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin")
    args = [sys.executable, odoo_bin, "-c", os.environ["ODOO_RC"], "-d", DB]
    args += ["--db-filter", f"^{DB}$", "--workers", "2", "--max-cron-threads", "1"]
    args += ["--http-port", str(port), "--gevent-port", str(port + 3), "--log-level", "warn"]
    return subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, cwd="/tmp")


def _call(url, service, method, *args):
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "id": 1,
        "params": {"service": service, "method": method, "args": list(args)},
    }
    request = urllib.request.Request(
        url, json.dumps(payload).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        result = json.load(response)
    if "error" in result:
        raise RuntimeError(result["error"]["data"]["message"])
    return result["result"]


def _wait_up(url):
    for _i in range(120):
        try:
            _call(url, "common", "version")
            return
        except OSError:
            time.sleep(1)
    sys.exit(f"{url} did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--cases", type=int, default=400, help="cases per client")
    parser.add_argument("--reuse", action="store_true", help="keep the database of a last run")
    args = parser.parse_args()
    if args.reuse:
        with _reopen(DB) as env:
            partner_ids = env["res.partner"].search([("name", "like", "Bench customer")]).ids
            product_ids = (
                env["product.product"].search([("name", "like", "Bench unit")], order="id").ids
            )
    else:
        with odoo_env(DB, MODULES) as env:
            partner_ids, product_ids = _fixture(env)
    port = int(os.environ.get("AFTERSALES_BENCH_PORT", "8399"))
    ports = [port, port + 1]
    log = open(os.path.join(os.path.dirname(os.environ["ODOO_RC"]), "workers.log"), "w")  # noqa: SIM115
    servers = [_server(p, log) for p in ports]
    latencies, errors = [], []
    stamp = f"{int(time.time()) % 100000:05d}"  # this run's cases
    lock = threading.Lock()
    try:
        urls = [f"http://127.0.0.1:{p}/jsonrpc" for p in ports]
        for url in urls:
            _wait_up(url)
        uid = _call(urls[0], "common", "login", DB, "bench_reception", "bench_reception")

        def client(number):
            url = urls[number % 2]
            for i in range(args.cases):
                vals = {
                    "partner_id": partner_ids[(number * 31 + i) % len(partner_ids)],
                    "product_id": product_ids[i % len(product_ids)],
                    "serial_number": f"W{stamp}-{number:02d}-{i:05d}",
                    "summary": f"bench-workers {stamp} {number}/{i}",
                    "channel": "phone",
                }
                started = time.perf_counter()
                try:
                    _call(
                        url,
                        "object",
                        "execute_kw",
                        DB,
                        uid,
                        "bench_reception",
                        "aftersales.ticket",
                        "create",
                        [vals],
                    )
                except Exception as error:  # noqa: BLE001 - counted and reported
                    with lock:
                        errors.append(str(error))
                    continue
                with lock:
                    latencies.append(time.perf_counter() - started)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - started
    finally:
        for server in servers:
            server.send_signal(signal.SIGINT)
        for server in servers:
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
        log.close()
    with _reopen(DB) as env:
        cr = env.cr
        mine = f"bench-workers {stamp} %"
        cr.execute(
            "SELECT COUNT(*), COUNT(DISTINCT name) FROM aftersales_ticket WHERE summary LIKE %s",
            [mine],
        )
        created, distinct = cr.fetchone()
        cr.execute(
            "SELECT COUNT(*) FROM (SELECT summary FROM aftersales_ticket WHERE summary LIKE %s "
            "GROUP BY summary HAVING COUNT(*) > 1) d",
            [mine],
        )
        twice = cr.fetchone()[0]
        cr.execute("SELECT COUNT(*) FROM aftersales_ticket WHERE channel = 'scheduled'")
        periodic = cr.fetchone()[0]
    expected = args.clients * args.cases
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0] * 99
    report(
        f"{args.clients} clients x {args.cases} cases on 2 servers x 2 workers, jobs running",
        [
            ("cases asked", expected),
            ("cases created", created),
            ("errors", len(errors)),
            ("distinct references", distinct),
            ("cases created twice", twice),
            ("periodic cases opened by the jobs meanwhile", periodic),
            ("seconds", seconds),
            ("cases / s", created / seconds if seconds else 0.0),
            ("latency p50 (s)", quantiles[49]),
            ("latency p90 (s)", quantiles[89]),
            ("latency p99 (s)", quantiles[98]),
        ],
    )
    for error in errors[:5]:
        print(f"  error: {error}")
    ok = created == expected - len(errors) and distinct == created and not twice
    print("\nOK: nothing lost, nothing numbered twice" if ok else "\nFAILED: see above")
    sys.exit(0 if ok and not errors else 1)


def _reopen(db_name):
    import contextlib

    import odoo

    @contextlib.contextmanager
    def opened():
        registry = odoo.modules.registry.Registry(db_name)
        with registry.cursor() as cr:
            yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})

    return opened()


if __name__ == "__main__":
    main()
