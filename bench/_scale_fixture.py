"""The large database of bench_scale.py: customers, units, spare parts and
cases over two years, bulk-loaded in the shape the ORM gives them.

How it is made:

1. Through the ORM: configuration (product category and warranty policy,
   four service centers with a territory each, a reception user and
   technicians), a customer per state and a spare part; the other customers
   and parts are copied from them in SQL, each with its own name, address,
   contact and code.
2. Through the ORM too, a few hundred *archetype* cases: one per service
   center x warranty state (in warranty, expired, no unit) x stage x channel,
   created by the reception user and moved to their stage with ``write``, so
   that they carry every stored computed value, their units, followers,
   chatter messages, tracking values and notifications as the ORM made them.
3. The bulk: a map of every case to load (its archetype, customer, unit,
   and how many whole weeks before the archetype it was received) is COPYed
   into a temporary table, then the archetype's rows are copied through it with
   ``INSERT ... SELECT``: every column of the archetype, except the customer,
   product, unit, reference and dates, which come from the map. A case is
   received a whole number of weeks before its archetype, so the working-time
   SLA deadlines (weekly calendars, no public holidays) move by the same
   amount; each case gets the archetype of its own warranty state (from its
   unit's dates), center (from its customer's address) and stage, so the
   stored values that depend on them are the archetype's.
4. What depends on other cases is computed in SQL as the ORM computes it
   (the previous repair of the same unit and repeat repairs, the units'
   failure counts and first failures, since when each unit ran before each
   failure); the case
   numbering continues after the loaded references (one date range per
   year); the tables' id sequences are moved on. The tables are filled
   without their indexes and foreign-key checks; their indexes are made
   once the rows are in.
5. ``verify``: stored computed fields of random loaded cases, units,
   customers and parts are recomputed by the ORM and compared to what was
   loaded.

The closed archetype cases also have an answered happy call (a
satisfaction score and a recommendation from 0 to 10) and a posted entry on
their center's analytic account (a customer invoice of a paid repair, or a
vendor bill of a warranty repair's parts and agent fee), made through the
ORM; two fifths of the loaded cases closed more than five weeks ago get a
copy of their archetype's call (a recommendation of their own), one fifth of
the closed cases of a unit a copy of its entry (numbered in its journal's
sequence of its date, with its journal items and analytic items), and the
cases on hold a copy of their archetype's SLA holds. The satisfaction, NPS and
profit-and-loss reports are measured on them.

The happy calls (aftersales_survey) are enabled after the load, as on a
database where they were enabled later: the happy-call job has the recently
closed cases to schedule. The teams send no reception receipt (their
receipts would otherwise wait in the mail queue for two years of cases).
"""

import io
import random
import time
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

WEEKS = 104  # two years of cases
MODULES = ["aftersales_reception", "aftersales_stock", "aftersales_agents", "aftersales_survey"]
STATES = ["base.state_us_5", "base.state_us_13", "base.state_us_44", "base.state_us_33"]
PORTAL_CASES = 500
PARAM = "aftersales_bench.scale_fixture"


def sizes_for(cases):
    """Sizes of the other tables, in the proportions of the full size."""
    ratio = cases / 1_000_000
    return {
        "cases": cases,
        "units": max(int(300_000 * ratio), 100),
        "customers": max(int(20_000 * ratio), 50),
        "parts": max(int(50_000 * ratio), 50),
    }


def _log(message, started=None):
    suffix = f" ({time.perf_counter() - started:.0f} s)" if started else ""
    print(f"# {message}{suffix}", flush=True)


# ----------------------------------------------------------------------
# 1. configuration, customers and spare parts through the ORM
# ----------------------------------------------------------------------


def _configuration(env, sizes):
    started = time.perf_counter()
    company = env.company
    company.aftersales_happy_call_enabled = False
    env["aftersales.team"].search([]).receipt_template_id = False
    categ = env["product.category"].create({"name": "Bench appliances"})
    products = env["product.product"].create(
        [
            {"name": f"Bench appliance {i:02d}", "categ_id": categ.id, "type": "consu"}
            for i in range(50)
        ]
    )
    env["aftersales.warranty.policy"].create(
        {"name": "Bench 24 months", "duration_months": 24, "categ_ids": [(4, categ.id)]}
    )
    us = env.ref("base.us")
    states = [env.ref(xmlid) for xmlid in STATES]
    centers = env["aftersales.service.center"].search(
        [("center_type", "=", "head_office")], limit=1
    )
    if not centers:
        env["aftersales.service.center"].create(
            {"name": "Bench head office", "center_type": "head_office"}
        )
    env["aftersales.service.center"].create(
        [
            {
                "name": f"Bench workshop {state.code}",
                "center_type": "workshop",
                "territory_ids": [(0, 0, {"country_id": us.id, "state_id": state.id})],
            }
            for state in states
        ]
    )
    users = env["res.users"].with_context(no_reset_password=True)
    reception = users.create(
        {
            "name": "Bench reception",
            "login": "bench_reception",
            "password": "bench_reception",
            "email": "reception@bench.example.com",
            "groups_id": [(6, 0, [env.ref("aftersales_reception.group_aftersales_reception").id])],
        }
    )
    technicians = users.create(
        [
            {
                "name": f"Bench technician {i}",
                "login": f"bench_technician_{i}",
                "password": f"bench_technician_{i}",
                "groups_id": [
                    (6, 0, [env.ref("aftersales_reception.group_aftersales_technician").id])
                ],
            }
            for i in range(5)
        ]
    )
    manager = users.create(
        {
            "name": "Bench manager",
            "login": "bench_manager",
            "password": "bench_manager",
            "groups_id": [(6, 0, [env.ref("aftersales_reception.group_aftersales_manager").id])],
        }
    )
    customers = _customers(env, sizes["customers"], us, states)
    portal_user = users.create(
        {
            "name": customers[0].name,
            "login": "bench_portal",
            "password": "bench_portal",
            "partner_id": customers[0].id,
            "groups_id": [(6, 0, [env.ref("base.group_portal").id])],
        }
    )
    _parts(env, sizes["parts"])
    env.cr.commit()
    _log(f"configuration, {len(customers):,} customers and {sizes['parts']:,} parts", started)
    return {
        "products": products,
        "customers": customers,
        "states": states,
        "reception": reception,
        "technicians": technicians,
        "manager": manager,
        "portal_user": portal_user,
    }


def _customers(env, count, country, states):
    """The customers: one per state through the ORM, the others copied from
    the one of their state in SQL, with their own name, address and contact
    (the stored values of a partner depend on nothing else)."""
    partner_model = env["res.partner"].with_context(tracking_disable=True)
    first = partner_model.create(
        [
            {
                "name": f"Bench customer {i:06d}",
                "email": f"customer{i}@bench.example.com",
                "phone": f"+1 555 {i:07d}",
                "street": f"{i} Main Street",
                "city": "Springfield",
                "country_id": country.id,
                "state_id": states[i % len(states)].id,
            }
            for i in range(min(count, len(states)))
        ]
    )
    env.flush_all()
    cr = env.cr
    cr.execute(
        """CREATE TEMP TABLE bench_partner_map AS
           SELECT nextval('res_partner_id_seq')::int AS id, i,
                  (%s::int[])[i %% %s + 1] AS archetype_id
             FROM generate_series(%s, %s) i ORDER BY i""",
        [first.ids, len(first), len(first), count - 1],
    )
    _clone_sql(
        cr,
        "res_partner",
        {
            "id": "m.id",
            "name": "'Bench customer ' || lpad(m.i::text, 6, '0')",
            "complete_name": "'Bench customer ' || lpad(m.i::text, 6, '0')",
            "commercial_partner_id": "m.id",
            "email": "'customer' || m.i || '@bench.example.com'",
            "email_normalized": "'customer' || m.i || '@bench.example.com'",
            "phone": "'+1 555 ' || lpad(m.i::text, 7, '0')",
            "street": "m.i || ' Main Street'",
        },
        "a",
        "FROM bench_partner_map m JOIN res_partner a ON a.id = m.archetype_id ORDER BY m.i",
    )
    cr.execute("SELECT id FROM bench_partner_map ORDER BY i")
    ids = first.ids + [row[0] for row in cr.fetchall()]
    cr.execute("DROP TABLE bench_partner_map")
    return partner_model.browse(ids)


def _parts(env, count):
    """The spare parts: the first through the ORM, the others copied from it
    in SQL (template, variant and default taxes) with their own name and
    code."""
    categ = env["product.category"].create({"name": "Bench spare parts"})
    first = (
        env["product.product"]
        .with_context(tracking_disable=True)
        .create(
            {
                "name": "Bench spare part 000000",
                "default_code": "BSP000000",
                "categ_id": categ.id,
                "type": "consu",
            }
        )
    )
    env.flush_all()
    cr = env.cr
    cr.execute(
        """CREATE TEMP TABLE bench_part_map AS
           SELECT nextval('product_template_id_seq')::int AS tmpl_id,
                  nextval('product_product_id_seq')::int AS id, i,
                  'Bench spare part ' || lpad(i::text, 6, '0') AS name,
                  'BSP' || lpad(i::text, 6, '0') AS code
             FROM generate_series(1, %s) i ORDER BY i""",
        [count - 1],
    )
    _clone_sql(
        cr,
        "product_template",
        {
            "id": "m.tmpl_id",
            "name": "jsonb_build_object('en_US', m.name)",
            "default_code": "m.code",
        },
        "a",
        f"FROM bench_part_map m JOIN product_template a ON a.id = {first.product_tmpl_id.id:d} "
        "ORDER BY m.i",
    )
    _clone_sql(
        cr,
        "product_product",
        {"id": "m.id", "product_tmpl_id": "m.tmpl_id", "default_code": "m.code"},
        "a",
        f"FROM bench_part_map m JOIN product_product a ON a.id = {first.id:d} ORDER BY m.i",
    )
    for table in ("product_taxes_rel", "product_supplier_taxes_rel"):
        cr.execute(
            f"""INSERT INTO {table} (prod_id, tax_id)
                SELECT m.tmpl_id, r.tax_id FROM bench_part_map m
                  JOIN {table} r ON r.prod_id = %s""",
            [first.product_tmpl_id.id],
        )
    cr.execute("DROP TABLE bench_part_map")


# ----------------------------------------------------------------------
# 2. archetypes through the ORM
# ----------------------------------------------------------------------

WARRANTY_KINDS = {"in_warranty": 100, "expired": 1000, "none": None}  # purchase, days before


def _anchor(env):
    """The archetypes' reception time: this morning, 08:30 UTC."""
    today = date.today()
    return datetime.combine(today, datetime.min.time()) + timedelta(hours=8, minutes=30)


def _archetypes(env, base):
    started = time.perf_counter()
    anchor = _anchor(env)
    reception = base["reception"]
    ticket_model = (
        env["aftersales.ticket"].with_user(reception).with_context(tracking_disable=False)
    )
    stages = env["aftersales.stage"].search([], order="sequence, id")
    rng = random.Random(7)
    archetypes = {}
    serial = 0
    customers_by_group = {}
    for customer in base["customers"][1:]:
        customers_by_group.setdefault(customer.state_id.id, []).append(customer)
    for group, state in enumerate(base["states"]):
        for kind, days in WARRANTY_KINDS.items():
            for stage in stages:
                for channel in ("phone", "email"):
                    customer = rng.choice(customers_by_group[state.id])
                    vals = {
                        "partner_id": customer.id,
                        "product_id": rng.choice(base["products"]).id,
                        "channel": channel,
                        "summary": "Does not start",
                        "fault_description": "The unit does not start after the power cut.",
                        "date_received": anchor,
                        "priority": rng.choice("0123"),
                        "technician_id": rng.choice(base["technicians"]).id,
                    }
                    if days is not None:
                        serial += 1
                        vals["serial_number"] = f"ARCHETYPE-{serial:05d}"
                        vals["purchase_date"] = anchor.date() - timedelta(days=days)
                    ticket = ticket_model.create(vals)
                    if stage != ticket.stage_id:
                        try:
                            with env.cr.savepoint():
                                ticket.write({"stage_id": stage.id})
                        except Exception as error:  # noqa: BLE001 - a stage refused: no archetype
                            _log(f"archetype {stage.name} refused: {error}")
                            ticket.sudo().with_context(active_test=False).unlink()
                            continue
                    archetypes[(group, kind, stage.id, channel)] = ticket.id
    env.flush_all()
    _archetype_feedback(env, base, archetypes)
    env.cr.commit()
    _log(f"{len(archetypes)} archetype cases through the ORM", started)
    return archetypes, stages


def _archetype_feedback(env, base, archetypes):
    """What the closed archetype cases bring to the satisfaction and ledger
    reports, through the ORM: an answered happy call (a satisfaction score
    and a recommendation), and a posted entry on the center's analytic
    account (a customer invoice for a paid repair, a vendor bill of parts and
    agent fees for a warranty repair)."""
    tickets = (
        env["aftersales.ticket"]
        .browse(archetypes.values())
        .filtered(lambda t: t.stage_type == "closed")
    )
    company = env.company
    company.aftersales_happy_call_enabled = True
    calls = env["aftersales.happy.call"]._schedule_for_tickets(tickets)
    company.aftersales_happy_call_enabled = False
    overall = env.ref("aftersales_survey.survey_happy_call_q_overall")
    recommend = env.ref("aftersales_survey.survey_happy_call_q_recommend")
    for index, call in enumerate(calls):
        answer = call._get_or_create_answer().sudo()
        answer._save_lines(overall, 3 + index % 3)
        answer._save_lines(recommend, str(index % 11))
        answer._mark_done()
    sale = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    purchase = env["account.journal"].search(
        [("type", "=", "purchase"), ("company_id", "=", company.id)], limit=1
    )
    supplier = env["res.partner"].create({"name": "Bench parts and agent services"})
    moves = []
    for ticket in tickets.filtered("equipment_id"):
        distribution = {str(ticket.service_center_id.analytic_account_id.id): 100}
        line = {"quantity": 1, "tax_ids": [(6, 0, [])], "analytic_distribution": distribution}
        if ticket.warranty_state == "in_warranty":
            account = purchase.default_account_id.id
            moves.append(
                {
                    "move_type": "in_invoice",
                    "partner_id": supplier.id,
                    "journal_id": purchase.id,
                    "invoice_date": ticket.date_received.date(),
                    "aftersales_ticket_id": ticket.id,
                    "invoice_line_ids": [
                        (
                            0,
                            0,
                            dict(
                                line,
                                name=f"Parts of {ticket.name}",
                                price_unit=80.0,
                                account_id=account,
                                aftersales_work_type="warranty",
                                aftersales_pl_category="parts",
                            ),
                        ),
                        (
                            0,
                            0,
                            dict(
                                line,
                                name=f"Agent fee of {ticket.name}",
                                price_unit=45.0,
                                account_id=account,
                                aftersales_work_type="warranty",
                                aftersales_pl_category="agent_fee",
                            ),
                        ),
                    ],
                }
            )
        else:
            moves.append(
                {
                    "move_type": "out_invoice",
                    "partner_id": ticket.partner_id.id,
                    "journal_id": sale.id,
                    "invoice_date": ticket.date_received.date(),
                    "aftersales_ticket_id": ticket.id,
                    "invoice_line_ids": [
                        (
                            0,
                            0,
                            dict(
                                line,
                                name=f"Repair of {ticket.name}",
                                price_unit=150.0,
                                account_id=sale.default_account_id.id,
                                aftersales_work_type="paid",
                                aftersales_pl_category="revenue",
                            ),
                        ),
                    ],
                }
            )
    env["account.move"].create(moves).action_post()
    env.flush_all()


# ----------------------------------------------------------------------
# 3. the bulk load
# ----------------------------------------------------------------------


def _copy(cr, table, columns, rows):
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if value is None else str(value) for value in row) + "\n")
    buffer.seek(0)
    cr.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def _columns(cr, table):
    cr.execute(
        """SELECT column_name, data_type FROM information_schema.columns
            WHERE table_name = %s ORDER BY ordinal_position""",
        [table],
    )
    return cr.fetchall()


def _clone_sql(cr, table, overrides, source_alias, from_sql, shift_sql=None):
    """INSERT INTO ``table`` every column of the source rows, except
    ``overrides`` (column -> SQL expression); dates and times moved by
    ``shift_sql`` (an interval expression)."""
    names, selects = [], []
    for name, data_type in _columns(cr, table):
        names.append(f'"{name}"')
        if name in overrides:
            selects.append(overrides[name])
        elif shift_sql and data_type.startswith("timestamp"):
            selects.append(f'{source_alias}."{name}" - {shift_sql}')
        elif shift_sql and data_type == "date":
            selects.append(f'({source_alias}."{name}" - {shift_sql})::date')
        else:
            selects.append(f'{source_alias}."{name}"')
    cr.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(selects)} {from_sql}")
    return cr.rowcount


def _plan(env, base, archetypes, stages, sizes):
    """Every unit and case to load, in Python: lists of tuples for COPY."""
    rng = random.Random(42)
    anchor = _anchor(env)
    customers = base["customers"]
    group_of = {c.id: base["states"].index(c.state_id) for c in customers}
    products = base["products"]
    product_names = {p.id: p.display_name for p in products}
    stage_by_type = {}
    for stage in stages:
        stage_by_type.setdefault(stage.stage_type, []).append(stage.id)
    cr = env.cr
    # one archetype unit per center group, to copy the units from
    cr.execute(
        "SELECT id, equipment_id FROM aftersales_ticket "
        "WHERE id IN %s AND equipment_id IS NOT NULL",
        [tuple(archetypes.values())],
    )
    unit_of_archetype = dict(cr.fetchall())
    archetype_unit = {}
    for (group, _kind, _stage, _channel), ticket_id in archetypes.items():
        if ticket_id in unit_of_archetype:
            archetype_unit.setdefault(group, unit_of_archetype[ticket_id])
    cr.execute("SELECT COALESCE(MAX(id), 0) FROM aftersales_equipment")
    next_unit = cr.fetchone()[0] + 1
    units = []
    unit_info = []
    portal_customer = customers[0].id
    for i in range(sizes["units"]):
        partner = portal_customer if i < PORTAL_CASES // 5 else rng.choice(customers).id
        product = rng.choice(products).id
        purchase = anchor.date() - timedelta(days=rng.randint(30, 4 * 365))
        end = purchase + relativedelta(months=24)
        serial = f"SN{i:08d}"
        unit_id = next_unit + i
        shift_days = (anchor.date() - purchase).days
        units.append(
            (
                unit_id,
                archetype_unit[group_of[partner]],
                partner,
                product,
                serial,
                f"{product_names[product]} [{serial}]",
                purchase,
                end,
                shift_days,
            )
        )
        unit_info.append((unit_id, partner, product, serial, purchase, end))
    # the cases, oldest first
    cases = []
    for i in range(sizes["cases"]):
        if i < PORTAL_CASES:
            unit = unit_info[i % (PORTAL_CASES // 5)]
        elif rng.random() < 0.9:
            unit = rng.choice(unit_info)
        else:
            unit = None
        if unit:
            _unit_id, partner, product, _serial, purchase, end = unit
            max_weeks = min(WEEKS, (anchor.date() - purchase).days // 7)
            weeks = rng.randint(0, max_weeks)
            received = anchor - timedelta(weeks=weeks)
            kind = "in_warranty" if received.date() <= end else "expired"
        else:
            partner = portal_customer if i < PORTAL_CASES else rng.choice(customers).id
            product = rng.choice(products).id
            weeks = rng.randint(0, WEEKS)
            received = anchor - timedelta(weeks=weeks)
            kind = "none"
        if weeks >= 4:
            stage_type = rng.choices(["closed", "cancelled", "done"], [90, 8, 2])[0]
        else:
            stage_type = rng.choices(
                ["new", "progress", "waiting", "done", "closed", "cancelled"],
                [20, 30, 15, 10, 20, 5],
            )[0]
        stage = rng.choice(stage_by_type[stage_type])
        channel = rng.choice(("phone", "email"))
        key = (group_of[partner], kind, stage, channel)
        if key not in archetypes:
            key = (group_of[partner], kind, stage_by_type["new"][0], channel)
        cases.append((weeks, i, partner, product, unit, archetypes[key]))
    cases.sort(key=lambda case: (-case[0], case[1]))
    return units, cases


# the tables the bulk load fills: their indexes are made once, after it
BULK_TABLES = (
    "aftersales_equipment",
    "aftersales_ticket",
    "mail_followers",
    "mail_followers_mail_message_subtype_rel",
    "mail_message",
    "mail_message_res_partner_rel",
    "mail_notification",
    "mail_tracking_value",
)


def _bulk_mode(cr):
    """Drop the indexes of the bulk tables (those of their constraints
    stay) and turn off the foreign-key triggers: the loaded rows reference
    rows that exist by construction. Returns the indexes to make again."""
    cr.execute(
        """SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename IN %s
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""",
        [BULK_TABLES],
    )
    indexes = cr.fetchall()
    for name, _definition in indexes:
        cr.execute(f'DROP INDEX "{name}"')
    cr.execute("SET session_replication_role = replica")
    return indexes


def _end_bulk_mode(cr, indexes):
    cr.execute("SET session_replication_role = DEFAULT")
    cr.execute("SET maintenance_work_mem = '1GB'")
    for _name, definition in indexes:
        cr.execute(definition)
    cr.execute("RESET maintenance_work_mem")


def _load(env, base, archetypes, stages, sizes):
    started = time.perf_counter()
    cr = env.cr
    units, cases = _plan(env, base, archetypes, stages, sizes)
    _log(f"planned {len(units):,} units and {len(cases):,} cases", started)
    indexes = _bulk_mode(cr)
    # units
    cr.execute(
        """CREATE TEMP TABLE bench_unit_map (
            id int, archetype_id int, partner_id int, product_id int, serial text,
            name text, purchase_date date, end_date date, shift_days int)"""
    )
    _copy(
        cr,
        "bench_unit_map",
        [
            "id",
            "archetype_id",
            "partner_id",
            "product_id",
            "serial",
            "name",
            "purchase_date",
            "end_date",
            "shift_days",
        ],
        units,
    )
    shift = "(m.shift_days * interval '1 day')"
    count = _clone_sql(
        cr,
        "aftersales_equipment",
        {
            "id": "m.id",
            "partner_id": "m.partner_id",
            "product_id": "m.product_id",
            "product_tmpl_id": "pp.product_tmpl_id",
            "serial_number": "m.serial",
            "name": "m.name",
            "purchase_date": "m.purchase_date",
            "warranty_start_date": "m.purchase_date",
            "warranty_end_date": "m.end_date",
            "failure_count": "0",
            "date_first_failure": "NULL",
            "create_date": "m.purchase_date + (a.create_date - a.create_date::date)",
            "write_date": "m.purchase_date + (a.write_date - a.write_date::date)",
        },
        "a",
        "FROM bench_unit_map m JOIN aftersales_equipment a ON a.id = m.archetype_id "
        "LEFT JOIN product_product pp ON pp.id = m.product_id",
        shift,
    )
    _log(f"{count:,} units loaded", started)
    _clone_thread(cr, "aftersales.equipment", "bench_unit_map", "aftersales_equipment", shift)
    _log("units' followers and messages loaded", started)
    # cases
    cr.execute("SELECT COALESCE(MAX(id), 0) FROM aftersales_ticket")
    next_case = cr.fetchone()[0] + 1
    anchor = _anchor(env)
    # the archetypes took this year's first references
    cr.execute("SELECT COUNT(*) FROM aftersales_ticket WHERE name LIKE %s", [f"AS/{anchor.year}/%"])
    counters = {anchor.year: cr.fetchone()[0]}
    rows = []
    for index, (weeks, _i, partner, product, unit, archetype) in enumerate(cases):
        received = anchor - timedelta(weeks=weeks)
        year = received.year
        counters[year] = counters.get(year, 0) + 1
        phone, email, phone_key = base["contact"][partner]
        rows.append(
            (
                next_case + index,
                archetype,
                f"AS/{year}/{counters[year]:05d}",
                partner,
                phone,
                email,
                phone_key or None,
                product,
                unit[3] if unit else None,
                unit[0] if unit else None,
                unit[4] if unit else None,
                weeks * 7,
            )
        )
    cr.execute(
        """CREATE TEMP TABLE bench_case_map (
            id int, archetype_id int, name text, partner_id int, phone text, email text,
            phone_key text, product_id int, serial text, equipment_id int, purchase_date date,
            shift_days int)"""
    )
    _copy(
        cr,
        "bench_case_map",
        [
            "id",
            "archetype_id",
            "name",
            "partner_id",
            "phone",
            "email",
            "phone_key",
            "product_id",
            "serial",
            "equipment_id",
            "purchase_date",
            "shift_days",
        ],
        rows,
    )
    cr.execute("CREATE INDEX ON bench_case_map (id)")
    cr.execute("ANALYZE bench_case_map")
    count = _clone_sql(
        cr,
        "aftersales_ticket",
        {
            "id": "m.id",
            "name": "m.name",
            "partner_id": "m.partner_id",
            "commercial_partner_id": "m.partner_id",
            "partner_phone": "m.phone",
            "partner_email": "m.email",
            "partner_phone_key": "m.phone_key",
            "product_id": "m.product_id",
            "product_tmpl_id": "pp.product_tmpl_id",
            "serial_number": "m.serial",
            "equipment_id": "m.equipment_id",
            "purchase_date": "CASE WHEN a.purchase_date IS NULL THEN NULL ELSE m.purchase_date END",
            "access_token": "NULL",
            "previous_repair_id": "NULL",
            "is_repeat_repair": "false",
            "service_interval_start": "NULL",
        },
        "a",
        "FROM bench_case_map m JOIN aftersales_ticket a ON a.id = m.archetype_id "
        "LEFT JOIN product_product pp ON pp.id = m.product_id",
        shift,
    )
    _log(f"{count:,} cases loaded", started)
    _clone_thread(cr, "aftersales.ticket", "bench_case_map", "aftersales_ticket", shift)
    _log("cases' followers, messages and notifications loaded", started)
    count = _clone_sql(
        cr,
        "aftersales_ticket_sla_hold",
        {"id": "nextval('aftersales_ticket_sla_hold_id_seq')", "ticket_id": "m.id"},
        "a",
        "FROM bench_case_map m JOIN aftersales_ticket_sla_hold a ON a.ticket_id = m.archetype_id",
        shift,
    )
    _log(f"{count:,} SLA holds loaded", started)
    count = _load_happy_calls(cr)
    _log(f"{count:,} answered happy calls loaded", started)
    count = _load_entries(cr)
    _log(f"{count:,} posted invoices and bills loaded", started)
    _repeat_repairs(cr)
    _call_repeat_repairs(cr)
    _log("previous and repeat repairs computed", started)
    _unit_failures(env)
    _log("units' failure figures and the failures' service intervals computed", started)
    _end_bulk_mode(cr, indexes)
    _log(f"{len(indexes)} indexes made", started)
    _sequences(env, "aftersales.ticket", "AS")
    _sequences(env, "aftersales.happy.call", "HC")
    for table in ("aftersales_ticket", "aftersales_equipment"):
        cr.execute(f"SELECT setval('{table}_id_seq', (SELECT MAX(id) FROM {table}))")
    env.cr.commit()
    _log("loaded", started)


def _clone_thread(cr, model, map_table, table, shift, name_sql="a.name"):
    """Followers, messages, tracking values and notifications of the loaded
    records, from their archetype's: the archetype's customer replaced by
    the record's, its reference (``name_sql``, '' for none) by the record's."""
    # followers
    cr.execute(
        f"""INSERT INTO mail_followers (res_model, res_id, partner_id)
            SELECT f.res_model, m.id,
                   CASE WHEN f.partner_id = a.partner_id THEN m.partner_id ELSE f.partner_id END
              FROM {map_table} m
              JOIN {table} a ON a.id = m.archetype_id
              JOIN mail_followers f ON f.res_model = %s AND f.res_id = m.archetype_id""",
        [model],
    )
    cr.execute(
        f"""INSERT INTO mail_followers_mail_message_subtype_rel
                   (mail_followers_id, mail_message_subtype_id)
            SELECT n.id, r.mail_message_subtype_id
              FROM {map_table} m
              JOIN {table} a ON a.id = m.archetype_id
              JOIN mail_followers f ON f.res_model = %s AND f.res_id = m.archetype_id
              JOIN mail_followers n ON n.res_model = %s AND n.res_id = m.id
                   AND n.partner_id = CASE WHEN f.partner_id = a.partner_id
                                           THEN m.partner_id ELSE f.partner_id END
              JOIN mail_followers_mail_message_subtype_rel r ON r.mail_followers_id = f.id""",
        [model, model],
    )
    # messages
    cr.execute(
        f"""CREATE TEMP TABLE bench_message_map AS
            SELECT nextval('mail_message_id_seq')::int AS id, msg.id AS archetype_id,
                   m.id AS res_id, m.partner_id, a.partner_id AS archetype_partner_id,
                   {name_sql} AS archetype_name, m.name, m.shift_days
              FROM {map_table} m
              JOIN {table} a ON a.id = m.archetype_id
              JOIN mail_message msg ON msg.model = %s AND msg.res_id = m.archetype_id""",
        [model],
    )
    partner = "CASE WHEN {col} = mm.archetype_partner_id THEN mm.partner_id ELSE {col} END"
    shift_mm = "(mm.shift_days * interval '1 day')"
    _clone_sql(
        cr,
        "mail_message",
        {
            "id": "mm.id",
            "res_id": "mm.res_id",
            "author_id": partner.format(col="a.author_id"),
            "record_name": "replace(a.record_name, mm.archetype_name, mm.name)",
            "body": "replace(a.body::text, mm.archetype_name, mm.name)",
            "subject": "replace(a.subject, mm.archetype_name, mm.name)",
            "message_id": "'<bench-' || mm.id || '@bench>'",
        },
        "a",
        "FROM bench_message_map mm JOIN mail_message a ON a.id = mm.archetype_id",
        shift_mm,
    )
    _clone_sql(
        cr,
        "mail_tracking_value",
        {
            "id": "nextval('mail_tracking_value_id_seq')",
            "mail_message_id": "mm.id",
            "old_value_integer": partner.format(col="a.old_value_integer"),
            "new_value_integer": partner.format(col="a.new_value_integer"),
        },
        "a",
        "FROM bench_message_map mm "
        "JOIN mail_tracking_value a ON a.mail_message_id = mm.archetype_id",
        shift_mm,
    )
    _clone_sql(
        cr,
        "mail_notification",
        {
            "id": "nextval('mail_notification_id_seq')",
            "mail_message_id": "mm.id",
            "res_partner_id": partner.format(col="a.res_partner_id"),
            "mail_mail_id": "NULL",
            "notification_status": (
                "CASE WHEN a.notification_type = 'email' THEN 'sent' ELSE a.notification_status END"
            ),
        },
        "a",
        "FROM bench_message_map mm JOIN mail_notification a ON a.mail_message_id = mm.archetype_id",
        shift_mm,
    )
    cr.execute(
        """INSERT INTO mail_message_res_partner_rel (mail_message_id, res_partner_id)
           SELECT mm.id, CASE WHEN r.res_partner_id = mm.archetype_partner_id
                              THEN mm.partner_id ELSE r.res_partner_id END
             FROM bench_message_map mm
             JOIN mail_message_res_partner_rel r ON r.mail_message_id = mm.archetype_id"""
    )
    cr.execute("DROP TABLE bench_message_map")


def _load_happy_calls(cr):
    """Two fifths of the cases closed more than five weeks ago have their
    happy call answered: the call, its survey answers and its chatter copied
    from the archetype case's (same survey, satisfaction score), with a
    recommendation of its own (0-10). The calls are numbered by the year
    they were made, after those of the archetypes."""
    cr.execute(
        """CREATE TEMP TABLE bench_call_map AS
           SELECT nextval('aftersales_happy_call_id_seq')::int AS id, a.id AS archetype_id,
                  m.id AS ticket_id, m.partner_id, m.product_id, m.shift_days,
                  (m.id * 7) % 11 AS nps,
                  nextval('survey_user_input_id_seq')::int AS input_id,
                  a.user_input_id AS archetype_input_id,
                  EXTRACT(YEAR FROM a.create_date - m.shift_days * interval '1 day')::int
                      AS year,
                  a.create_date - m.shift_days * interval '1 day' AS created,
                  NULL::text AS name
             FROM bench_case_map m
             JOIN aftersales_happy_call a ON a.ticket_id = m.archetype_id
            WHERE m.shift_days >= 35 AND m.id % 5 < 2"""
    )
    cr.execute(
        """WITH numbered AS (
               SELECT c.id, c.year, ROW_NUMBER() OVER (PARTITION BY c.year
                                                       ORDER BY c.created, c.id) AS number
                 FROM bench_call_map c
           ), taken AS (
               SELECT substring(name from 4 for 4)::int AS year,
                      MAX(substring(name from 9)::int) AS last
                 FROM aftersales_happy_call WHERE name LIKE 'HC/____/%' GROUP BY 1
           )
           UPDATE bench_call_map c
              SET name = 'HC/' || n.year || '/' || lpad((n.number + COALESCE(t.last, 0))::text,
                                                          5, '0')
             FROM numbered n LEFT JOIN taken t ON t.year = n.year
            WHERE n.id = c.id"""
    )
    shift = "(c.shift_days * interval '1 day')"
    count = _clone_sql(
        cr,
        "aftersales_happy_call",
        {
            "id": "c.id",
            "name": "c.name",
            "ticket_id": "c.ticket_id",
            "partner_id": "c.partner_id",
            "commercial_partner_id": "c.partner_id",
            "product_id": "c.product_id",
            "user_input_id": "c.input_id",
            "nps_value": "c.nps",
        },
        "a",
        "FROM bench_call_map c JOIN aftersales_happy_call a ON a.id = c.archetype_id",
        shift,
    )
    _clone_sql(
        cr,
        "survey_user_input",
        {
            "id": "c.input_id",
            "aftersales_happy_call_id": "c.id",
            "aftersales_ticket_id": "c.ticket_id",
            "aftersales_product_id": "c.product_id",
            "partner_id": "CASE WHEN a.partner_id IS NULL THEN NULL ELSE c.partner_id END",
            "email": "CASE WHEN a.email IS NULL THEN NULL ELSE p.email END",
            "access_token": "gen_random_uuid()::text",
            "invite_token": "CASE WHEN a.invite_token IS NULL THEN NULL "
            "ELSE gen_random_uuid()::text END",
            "aftersales_nps_value": "c.nps",
        },
        "a",
        "FROM bench_call_map c JOIN survey_user_input a ON a.id = c.archetype_input_id "
        "JOIN res_partner p ON p.id = c.partner_id",
        shift,
    )
    _clone_sql(
        cr,
        "survey_user_input_line",
        {
            "id": "nextval('survey_user_input_line_id_seq')",
            "user_input_id": "c.input_id",
            "value_scale": "CASE WHEN a.question_id = (SELECT aftersales_nps_question_id "
            "FROM survey_survey WHERE id = a.survey_id) THEN c.nps ELSE a.value_scale END",
        },
        "a",
        "FROM bench_call_map c "
        "JOIN survey_user_input_line a ON a.user_input_id = c.archetype_input_id",
        shift,
    )
    _clone_thread(cr, "aftersales.happy.call", "bench_call_map", "aftersales_happy_call", shift)
    cr.execute(
        """CREATE TEMP TABLE bench_input_map AS
           SELECT input_id AS id, archetype_input_id AS archetype_id, partner_id, name,
                  shift_days
             FROM bench_call_map"""
    )
    _clone_thread(cr, "survey.user_input", "bench_input_map", "survey_user_input", shift, "''")
    cr.execute("DROP TABLE bench_input_map")
    cr.execute("DROP TABLE bench_call_map")
    return count


def _load_entries(cr):
    """A fifth of the closed cases of a unit have a posted entry on their
    center's analytic account, copied from the archetype case's: a customer
    invoice of the paid repair, or the vendor bill of a warranty repair's
    parts and agent fee. Each entry is numbered in its journal's sequence of
    its own date (after the archetypes'); its items and analytic items
    follow, the customer's name and the case's reference in their labels."""
    cr.execute(
        """CREATE TEMP TABLE bench_move_map AS
           SELECT nextval('account_move_id_seq')::int AS id, a.id AS archetype_id,
                  a.journal_id, m.id AS ticket_id, m.name AS ticket_name,
                  t.name AS archetype_ticket_name, a.name AS archetype_name,
                  a.partner_id AS archetype_partner_id,
                  CASE WHEN a.move_type = 'out_invoice' THEN m.partner_id
                       ELSE a.partner_id END AS partner_id,
                  m.shift_days, a.date - m.shift_days AS date,
                  length(a.name) - length(a.sequence_prefix) AS width,
                  CASE WHEN a.sequence_prefix ~ '/[0-9]{4}/[0-9]{2}/$'
                       THEN split_part(a.sequence_prefix, '/', 1) || '/'
                            || to_char(a.date - m.shift_days, 'YYYY/MM') || '/'
                       ELSE split_part(a.sequence_prefix, '/', 1) || '/'
                            || to_char(a.date - m.shift_days, 'YYYY') || '/'
                  END AS prefix,
                  0 AS number, NULL::text AS name
             FROM bench_case_map m
             JOIN account_move a ON a.aftersales_ticket_id = m.archetype_id
                  AND a.state = 'posted'
             JOIN aftersales_ticket t ON t.id = m.archetype_id
            WHERE m.id % 5 = 0"""
    )
    cr.execute(
        """WITH numbered AS (
               SELECT mm.id, mm.journal_id, mm.prefix,
                      ROW_NUMBER() OVER (PARTITION BY mm.journal_id, mm.prefix
                                                ORDER BY mm.date, mm.id) AS number
                 FROM bench_move_map mm
           ), taken AS (
               SELECT journal_id, sequence_prefix, MAX(sequence_number) AS last
                 FROM account_move GROUP BY 1, 2
           )
           UPDATE bench_move_map mm
              SET number = n.number + COALESCE(t.last, 0),
                  name = mm.prefix || lpad((n.number + COALESCE(t.last, 0))::text,
                                           mm.width, '0')
             FROM numbered n
             LEFT JOIN taken t ON t.journal_id = n.journal_id
                  AND t.sequence_prefix = n.prefix
            WHERE n.id = mm.id"""
    )
    shift = "(mm.shift_days * interval '1 day')"
    partner = "CASE WHEN a.{col} = mm.archetype_partner_id THEN mm.partner_id ELSE a.{col} END"
    label = (
        "replace(replace(a.{col}, mm.archetype_name, mm.name), "
        "mm.archetype_ticket_name, mm.ticket_name)"
    )
    count = _clone_sql(
        cr,
        "account_move",
        {
            "id": "mm.id",
            "name": "mm.name",
            "sequence_prefix": "mm.prefix",
            "sequence_number": "mm.number",
            "partner_id": "mm.partner_id",
            "commercial_partner_id": partner.format(col="commercial_partner_id"),
            "partner_shipping_id": partner.format(col="partner_shipping_id"),
            "invoice_partner_display_name": "CASE WHEN a.partner_id = mm.archetype_partner_id "
            "AND a.partner_id != mm.partner_id THEN p.complete_name "
            "ELSE a.invoice_partner_display_name END",
            "payment_reference": label.format(col="payment_reference"),
            "aftersales_ticket_id": "mm.ticket_id",
            "access_token": "NULL",
        },
        "a",
        "FROM bench_move_map mm JOIN account_move a ON a.id = mm.archetype_id "
        "JOIN res_partner p ON p.id = mm.partner_id",
        shift,
    )
    cr.execute(
        """CREATE TEMP TABLE bench_line_map AS
           SELECT nextval('account_move_line_id_seq')::int AS id, l.id AS archetype_id,
                  mm.id AS move_id, mm.name, mm.archetype_name, mm.ticket_name,
                  mm.archetype_ticket_name, mm.archetype_partner_id, mm.partner_id,
                  mm.shift_days
             FROM bench_move_map mm
             JOIN account_move_line l ON l.move_id = mm.archetype_id"""
    )
    _clone_sql(
        cr,
        "account_move_line",
        {
            "id": "mm.id",
            "move_id": "mm.move_id",
            "move_name": "mm.name",
            "partner_id": partner.format(col="partner_id"),
            "name": label.format(col="name"),
        },
        "a",
        "FROM bench_line_map mm JOIN account_move_line a ON a.id = mm.archetype_id",
        shift,
    )
    _clone_sql(
        cr,
        "account_analytic_line",
        {
            "id": "nextval('account_analytic_line_id_seq')",
            "move_line_id": "mm.id",
            "partner_id": partner.format(col="partner_id"),
            "name": label.format(col="name"),
            "ref": label.format(col="ref"),
        },
        "a",
        "FROM bench_line_map mm JOIN account_analytic_line a ON a.move_line_id = mm.archetype_id",
        shift,
    )
    # the items' shares in the service centers, as the posting keeps them
    _clone_sql(
        cr,
        "aftersales_service_pl_share",
        {
            "id": "nextval('aftersales_service_pl_share_id_seq')",
            "move_line_id": "mm.id",
            "move_id": "mm.move_id",
        },
        "a",
        "FROM bench_line_map mm "
        "JOIN aftersales_service_pl_share a ON a.move_line_id = mm.archetype_id",
        shift,
    )
    # the rank the posting gives the invoiced customers
    cr.execute(
        """UPDATE res_partner p SET customer_rank = p.customer_rank + invoiced.count
             FROM (SELECT mm.partner_id, COUNT(*) AS count
                     FROM bench_move_map mm JOIN account_move a ON a.id = mm.archetype_id
                    WHERE a.move_type = 'out_invoice'
                    GROUP BY mm.partner_id) AS invoiced
            WHERE p.id = invoiced.partner_id"""
    )
    _clone_thread(cr, "account.move", "bench_move_map", "account_move", shift)
    cr.execute("DROP TABLE bench_line_map")
    cr.execute("DROP TABLE bench_move_map")
    return count


def _repeat_repairs(cr):
    """previous_repair_id / is_repeat_repair of aftersales_survey, as its
    _compute_previous_repair_id gives them: the latest earlier counted repair
    (warranty or paid, active, not cancelled) of the same unit."""
    cr.execute(
        """WITH counted AS (
               SELECT id, date_received,
                      LAG(id) OVER w AS previous_id,
                      LAG(date_received) OVER w AS previous_received
                 FROM aftersales_ticket
                WHERE equipment_id IS NOT NULL AND active AND date_received IS NOT NULL
                  AND service_type IN ('warranty_repair', 'paid_repair')
                  AND stage_type IS DISTINCT FROM 'cancelled'
               WINDOW w AS (PARTITION BY equipment_id ORDER BY date_received, id)
           )
           UPDATE aftersales_ticket t
              SET previous_repair_id = c.previous_id,
                  is_repeat_repair = c.previous_id IS NOT NULL
                      AND c.date_received - c.previous_received <= interval '90 days'
             FROM counted c
            WHERE c.id = t.id
              AND (t.previous_repair_id IS DISTINCT FROM c.previous_id
                   OR t.is_repeat_repair IS DISTINCT FROM (c.previous_id IS NOT NULL
                      AND c.date_received - c.previous_received <= interval '90 days'))"""
    )


def _call_repeat_repairs(cr):
    """is_repeat_repair of the happy calls (related to their case), after
    the cases' own (the calls were copied with their archetype's)."""
    cr.execute(
        """UPDATE aftersales_happy_call hc SET is_repeat_repair = t.is_repeat_repair
             FROM aftersales_ticket t
            WHERE t.id = hc.ticket_id
              AND hc.is_repeat_repair IS DISTINCT FROM t.is_repeat_repair"""
    )


def _unit_failures(env):
    """failure_count / date_first_failure of the units, as
    _compute_failure_figures gives them, from the loaded cases: the SQL
    fill that an upgrade adding them runs (the units were copied with their
    archetype unit's figures); then service_interval_start of the failures
    (aftersales_survey), from their unit and previous repair."""
    env["aftersales.equipment"]._sql_fill_failure_figures()
    env["aftersales.ticket"]._sql_fill_service_interval_start()


def _sequences(env, code, prefix):
    """The numbering of ``code`` goes on after the loaded references
    (``<prefix>/<year>/<number>``): one date range per year, as
    ``ir.sequence`` makes them."""
    sequence = env["ir.sequence"].search([("code", "=", code)], limit=1)
    table = env[code]._table
    env.cr.execute(
        f"""SELECT substring(name from %s for 4)::int,
                   MAX(substring(name from %s)::int)
              FROM {table} WHERE name LIKE %s GROUP BY 1""",
        [len(prefix) + 2, len(prefix) + 7, f"{prefix}/____/%"],
    )
    for year, last in env.cr.fetchall():
        date_range = sequence.date_range_ids.filtered(lambda r, year=year: r.date_from.year == year)
        if not date_range:
            date_range = env["ir.sequence.date_range"].create(
                {
                    "sequence_id": sequence.id,
                    "date_from": date(year, 1, 1),
                    "date_to": date(year, 12, 31),
                }
            )
        date_range.number_next_actual = last + 1


def _periodic_units(env, base, sizes):
    """A twentieth of the units under a six-monthly periodic service, half of
    them due: the periodic-service job has them to open (as a write)."""
    cr = env.cr
    today = date.today()
    cr.execute(
        """UPDATE aftersales_equipment
              SET periodic_interval_months = 6,
                  next_service_date = %s::date + ((id %% 180) - 90)
            WHERE serial_number LIKE 'SN%%' AND id %% 20 = 0""",
        [today],
    )


def build(env, cases):
    """The whole fixture, committed."""
    started = time.perf_counter()
    sizes = sizes_for(cases)
    base = _configuration(env, sizes)
    phone_key = env["res.partner"]._aftersales_phone_key
    base["contact"] = {
        c.id: (c.phone, c.email, phone_key(c.phone, c.country_id)) for c in base["customers"]
    }
    archetypes, stages = _archetypes(env, base)
    _load(env, base, archetypes, stages, sizes)
    _periodic_units(env, base, sizes)
    env.company.aftersales_happy_call_enabled = True
    # the dashboard's daily figures, as the scheduled action keeps them
    refreshed = time.perf_counter()
    env["aftersales.center.kpi.day"]._refresh_window()
    _log("the dashboard's daily figures of the last twelve months computed", refreshed)
    env["ir.config_parameter"].set_param(PARAM, str(cases))
    env.cr.commit()
    _log(f"fixture of {cases:,} cases built", started)


# ----------------------------------------------------------------------
# 5. verification
# ----------------------------------------------------------------------


def verify(env, model, sample=1000, seed=1):
    """Recompute the stored computed fields of ``sample`` random loaded
    records through the ORM and compare them with what was loaded; rolled
    back. Returns the list of differences (record, field, loaded, ORM)."""
    cr = env.cr
    table = env[model]._table
    cr.execute(f"SELECT id FROM {table} ORDER BY id DESC LIMIT 200000")
    ids = [row[0] for row in cr.fetchall()]
    records = env[model].browse(random.Random(seed).sample(ids, min(sample, len(ids))))
    fields = [
        field
        for field in records._fields.values()
        if field.store and (field.compute or field.related) and field.column_type
    ]
    loaded = {
        (r.id, f.name): f.convert_to_record(f.convert_to_cache(r[f.name], r), r)
        for r in records
        for f in fields
    }
    differences = []
    cr.execute("SAVEPOINT bench_verify")
    try:
        env.invalidate_all()
        for field in fields:
            env.add_to_compute(field, records)
        for record in records:
            for field in fields:
                value = record[field.name]
                before = loaded[(record.id, field.name)]
                if value != before:
                    differences.append((record.id, field.name, before, value))
    finally:
        env.invalidate_all()
        env.transaction.clear()
        cr.execute("ROLLBACK TO SAVEPOINT bench_verify")
    return differences


SHARE_COLUMNS = (
    "move_line_id, move_id, service_center_id, company_id, date, category, work_type, amount"
)


def verify_pl_shares(env):
    """Compute the service centers' shares of the whole ledger again, as the
    posting does, and compare them with what was loaded; rolled back.
    Returns the differing rows (item, center, amount, in loaded or computed)."""
    from odoo.tools import SQL

    from odoo.addons.aftersales_agents.models.aftersales_service_pl_share import (
        SHARES_QUERY,
    )

    cr = env.cr
    cr.execute("SAVEPOINT bench_verify_shares")
    try:
        cr.execute(
            SQL(
                "CREATE TEMP TABLE bench_loaded_shares AS "
                "SELECT %s FROM aftersales_service_pl_share",
                SQL(SHARE_COLUMNS),
            )
        )
        cr.execute("DELETE FROM aftersales_service_pl_share")
        cr.execute(SQL(SHARES_QUERY, SQL("TRUE")))
        cr.execute(
            SQL(
                """(SELECT 'loaded', * FROM bench_loaded_shares
                    EXCEPT SELECT 'loaded', %(columns)s FROM aftersales_service_pl_share)
                   UNION ALL
                   (SELECT 'computed', %(columns)s FROM aftersales_service_pl_share
                    EXCEPT SELECT 'computed', * FROM bench_loaded_shares)""",
                columns=SQL(SHARE_COLUMNS),
            )
        )
        differences = cr.fetchall()
        cr.execute("SELECT COUNT(*) FROM bench_loaded_shares")
        count = cr.fetchone()[0]
    finally:
        cr.execute("ROLLBACK TO SAVEPOINT bench_verify_shares")
    return count, differences
