"""Who may read, write, create and delete what: every model of the four addons
against every group that works with them, from the access rights installed
in the test database, compared with the table kept in access_matrix.txt.

A change of rights is a change of this table, reviewed like code:

    AFTERSALES_WRITE_ACCESS_MATRIX=1 bin/test tests/test_access_matrix.py

writes the table anew from the database.
"""

import os
from pathlib import Path

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import config

ROOT = Path(__file__).resolve().parents[1]
TABLE = Path(__file__).with_name("access_matrix.txt")
SUITE = ("aftersales_reception", "aftersales_stock", "aftersales_agents", "aftersales_survey")
# the groups of the suite's roles, and Odoo's own kinds of users
OTHER_GROUPS = ("base.group_public", "base.group_portal", "base.group_user")
OPERATIONS = ("read", "write", "create", "unlink")
HEADER = "# model  group  rwcd (read, write, create, delete; - where refused)\n"


def _matrix(env):
    data = env["ir.model.data"]
    # the models the suite defines (not those it extends), that hold records
    models = env["ir.model"].search([("model", "in", list(env.registry))]).filtered(
        lambda m: env[m.model]._original_module in SUITE
        and not env[m.model]._abstract
        and not env[m.model]._transient
    )
    groups = env["res.groups"].browse(
        set(data.search([("module", "in", SUITE), ("model", "=", "res.groups")]).mapped("res_id"))
    )
    groups |= env["res.groups"].browse(env.ref(xmlid).id for xmlid in OTHER_GROUPS)
    access = env["ir.model.access"].search([("model_id", "in", models.ids)])
    rows = []
    for group in groups.sorted(lambda g: g.get_external_id()[g.id]):
        effective = group | group.trans_implied_ids
        for model in models.sorted("model"):
            lines = access.filtered(
                lambda a, model=model, effective=effective: a.model_id == model
                and (not a.group_id or a.group_id in effective)
            )
            rights = "".join(
                letter if any(line[f"perm_{operation}"] for line in lines) else "-"
                for letter, operation in zip("rwcd", OPERATIONS, strict=True)
            )
            rows.append(f"{model.model}  {group.get_external_id()[group.id]}  {rights}\n")
    return rows


def test_access_matrix():
    registry = odoo.modules.registry.Registry(config["db_name"])
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        rows = _matrix(env)
        cr.rollback()
    if os.environ.get("AFTERSALES_WRITE_ACCESS_MATRIX"):
        TABLE.write_text(HEADER + "".join(rows))
    expected = [line for line in TABLE.read_text().splitlines(keepends=True)[1:] if line.strip()]
    missing = sorted(set(expected) - set(rows))
    extra = sorted(set(rows) - set(expected))
    assert not missing and not extra, (
        "The access rights differ from tests/access_matrix.txt:\n"
        + "".join(f"  expected {line}" for line in missing)
        + "".join(f"  installed {line}" for line in extra)
    )
