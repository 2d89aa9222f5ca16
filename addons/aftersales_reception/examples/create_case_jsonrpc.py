#!/usr/bin/env python3
# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Open an after-sales case from another system through Odoo's JSON-RPC API.

Usage:
    python3 create_case_jsonrpc.py http://127.0.0.1:8069 aftersales_demo reception reception

Only the standard library is needed. The user needs the After-Sales /
Reception group (or an API key in place of the password).
"""

import json
import sys
import urllib.request


def call(url, service, method, *args):
    """One JSON-RPC call to Odoo's /jsonrpc endpoint."""
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {"service": service, "method": method, "args": args},
        "id": 1,
    }
    request = urllib.request.Request(
        f"{url}/jsonrpc",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = json.load(response)
    if answer.get("error"):
        raise RuntimeError(answer["error"]["data"]["message"])
    return answer["result"]


def create_case(url, db, login, password, customer_email, summary, description, serial=None):
    """Find (or create) the customer by email and open a case for them.

    Returns (case id, case reference)."""
    uid = call(url, "common", "login", db, login, password)
    if not uid:
        raise RuntimeError("login refused")

    def execute(model, method, *args, **kwargs):
        return call(url, "object", "execute_kw", db, uid, password, model, method, args, kwargs)

    partners = execute("res.partner", "search", [("email", "=ilike", customer_email)], limit=1)
    partner_id = (
        partners[0]
        if partners
        else execute("res.partner", "create", {"name": customer_email, "email": customer_email})
    )
    values = {
        "partner_id": partner_id,
        "channel": "api",
        "summary": summary,
        "fault_description": description,
    }
    if serial:
        values["serial_number"] = serial
    case_id = execute("aftersales.ticket", "create", values)
    reference = execute("aftersales.ticket", "read", [case_id], ["name"])[0]["name"]
    return case_id, reference


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    server, database, user, secret = sys.argv[1:]
    case = create_case(
        server,
        database,
        user,
        secret,
        "api.customer@example.com",
        "Unit reported faulty by the e-shop",
        "Return request #4711: the unit does not power on.",
    )
    sys.stdout.write(f"Opened case {case[1]} (id {case[0]})\n")
