# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import fields, models, tools
from odoo.tools import SQL
from odoo.tools.misc import format_amount

# One row per company, product and month, from the first month the product
# was sold, installed or repaired under warranty until this month (months
# without any event are rows of zeros, so that the installed base can be
# averaged over any period).
#
# - Warranty cases: cases done (or closed) in warranty, dated by the month
#   they were done.
# - Parts at cost: the value of the stock valuation layers of the parts the
#   case's repairs added; parts not valued in stock (consumables) at the
#   product's current cost.
# - Labour: the fees of in-house technicians paid per service; for a case of
#   an own workshop without such fees, the hours of labour on its repairs'
#   quotations (quoted at zero under warranty) times the company's internal
#   labour cost per hour.
# - Agent fees and travel: the fee lines of the case (travel = the lines of
#   the travel rules, whoever earns them).
# - Supplier recoveries: the posted vendor refunds of the case's supplier
#   claims, untaxed.
# - Units sold: done stock moves to customers minus returns from customers,
#   leaving out the moves of after-sales cases, repairs and loaners.
# - Installed base: active units of the installed base at the end of the
#   month, counted from their installation, else delivery, else purchase
#   date, else the day they were registered.
# the warranty cases (read from the index made for them, see init())
WARRANTY_CASE = """case_.stage_type IN ('done', 'closed')
        AND case_.warranty_state = 'in_warranty'
        AND case_.date_done IS NOT NULL
        AND case_.product_id IS NOT NULL"""

WARRANTY_COST_QUERY = f"""
WITH RECURSIVE
travel_product AS (
    SELECT res_id AS id FROM ir_model_data
    WHERE module = 'aftersales_agents' AND name = 'product_travel' AND model = 'product.product'
),
hour_uom AS (
    SELECT uom.id, uom.factor, uom.category_id FROM uom_uom uom
    JOIN ir_model_data imd ON imd.res_id = uom.id AND imd.model = 'uom.uom'
        AND imd.module = 'uom' AND imd.name = 'product_uom_hour'
),
parts AS (
    SELECT case_.id AS ticket_id, SUM(COALESCE(
        svl.value_out,
        move.product_qty::numeric
            * COALESCE((product.standard_price ->> case_.company_id::text)::numeric, 0)
    )) AS amount
    FROM repair_order repair
    JOIN aftersales_ticket case_ ON case_.id = repair.aftersales_ticket_id AND {WARRANTY_CASE}
    JOIN stock_move move ON move.repair_id = repair.id
        AND move.repair_line_type = 'add' AND move.state = 'done'
    JOIN product_product product ON product.id = move.product_id
    LEFT JOIN LATERAL (
        SELECT -SUM(layer.value) AS value_out
        FROM stock_valuation_layer layer WHERE layer.stock_move_id = move.id
    ) svl ON TRUE
    GROUP BY case_.id
),
fees AS (
    SELECT
        fee.ticket_id,
        SUM(CASE WHEN rule.kind IN ('travel_visit', 'travel_km') THEN fee.amount ELSE 0 END)
            AS travel,
        SUM(CASE WHEN rule.kind IN ('travel_visit', 'travel_km') OR fee.provider_type != 'agent'
            THEN 0 ELSE fee.amount END) AS agent_fee,
        SUM(CASE WHEN rule.kind IN ('travel_visit', 'travel_km')
            OR fee.provider_type != 'technician' THEN 0 ELSE fee.amount END) AS technician_fee,
        BOOL_OR(fee.provider_type = 'technician') AS technician_paid
    FROM aftersales_fee_line fee
    JOIN aftersales_ticket case_ ON case_.id = fee.ticket_id AND {WARRANTY_CASE}
    LEFT JOIN aftersales_fee_rule rule ON rule.id = fee.rule_id
    GROUP BY fee.ticket_id
),
hours AS (
    SELECT
        orders.ticket_id,
        SUM(line.product_uom_qty::numeric / line_uom.factor::numeric * hour_uom.factor::numeric)
            AS hours
    FROM (
        SELECT DISTINCT repair.aftersales_ticket_id AS ticket_id, repair.sale_order_id
        FROM repair_order repair
        JOIN aftersales_ticket case_ ON case_.id = repair.aftersales_ticket_id AND {WARRANTY_CASE}
        WHERE repair.sale_order_id IS NOT NULL
    ) orders
    JOIN sale_order so ON so.id = orders.sale_order_id AND so.state != 'cancel'
    JOIN sale_order_line line ON line.order_id = so.id AND line.display_type IS NULL
    JOIN product_product product ON product.id = line.product_id
    JOIN product_template template ON template.id = product.product_tmpl_id
        AND template.type = 'service'
    JOIN uom_uom line_uom ON line_uom.id = line.product_uom
    JOIN hour_uom ON hour_uom.category_id = line_uom.category_id
    WHERE line.product_id NOT IN (SELECT id FROM travel_product)
    GROUP BY orders.ticket_id
),
recoveries AS (
    SELECT claim.ticket_id, SUM(-aml.balance) AS amount
    FROM (
        SELECT DISTINCT claim.ticket_id, claim.refund_move_id
        FROM aftersales_supplier_claim claim
        JOIN aftersales_ticket case_ ON case_.id = claim.ticket_id AND {WARRANTY_CASE}
        WHERE claim.refund_move_id IS NOT NULL
    ) claim
    JOIN account_move move ON move.id = claim.refund_move_id AND move.state = 'posted'
    JOIN account_move_line aml ON aml.move_id = move.id AND aml.display_type = 'product'
    GROUP BY claim.ticket_id
),
-- the cases with any cost, with their costs per product and month
costed AS (
    SELECT ticket_id FROM parts
    UNION SELECT ticket_id FROM fees
    UNION SELECT ticket_id FROM hours
    UNION SELECT ticket_id FROM recoveries
),
case_amounts AS (
    SELECT
        case_.company_id,
        case_.product_id,
        date_trunc('month', case_.date_done)::date AS month,
        SUM(COALESCE(parts.amount, 0)) AS parts_cost,
        SUM(COALESCE(fees.technician_fee, 0) + CASE
            WHEN center.center_type IS DISTINCT FROM 'agent'
                AND NOT COALESCE(fees.technician_paid, FALSE)
            THEN COALESCE(hours.hours, 0) * COALESCE(company.aftersales_labour_cost_hour, 0)
            ELSE 0 END) AS labour_cost,
        SUM(COALESCE(fees.agent_fee, 0)) AS agent_fee,
        SUM(COALESCE(fees.travel, 0)) AS travel_cost,
        SUM(COALESCE(recoveries.amount, 0)) AS recovery
    FROM costed
    JOIN aftersales_ticket case_ ON case_.id = costed.ticket_id
    JOIN res_company company ON company.id = case_.company_id
    LEFT JOIN aftersales_service_center center ON center.id = case_.service_center_id
    LEFT JOIN parts ON parts.ticket_id = case_.id
    LEFT JOIN fees ON fees.ticket_id = case_.id
    LEFT JOIN hours ON hours.ticket_id = case_.id
    LEFT JOIN recoveries ON recoveries.ticket_id = case_.id
    GROUP BY case_.company_id, case_.product_id, date_trunc('month', case_.date_done)
),
-- every warranty case counted, most of them without any cost
case_costs AS (
    SELECT
        counts.company_id,
        counts.product_id,
        counts.month,
        counts.case_count,
        COALESCE(amounts.parts_cost, 0) AS parts_cost,
        COALESCE(amounts.labour_cost, 0) AS labour_cost,
        COALESCE(amounts.agent_fee, 0) AS agent_fee,
        COALESCE(amounts.travel_cost, 0) AS travel_cost,
        COALESCE(amounts.recovery, 0) AS recovery
    FROM (
        SELECT
            case_.company_id,
            case_.product_id,
            date_trunc('month', case_.date_done)::date AS month,
            COUNT(*) AS case_count
        FROM aftersales_ticket case_
        WHERE {WARRANTY_CASE}
        GROUP BY case_.company_id, case_.product_id, date_trunc('month', case_.date_done)
    ) counts
    LEFT JOIN case_amounts amounts ON amounts.company_id = counts.company_id
        AND amounts.product_id = counts.product_id AND amounts.month = counts.month
),
sales AS (
    SELECT
        move.company_id,
        move.product_id,
        date_trunc('month', move.date)::date AS month,
        SUM(
            CASE WHEN dest.usage = 'customer' THEN move.product_qty ELSE -move.product_qty END
        )::numeric AS units
    FROM stock_move move
    JOIN stock_location source ON source.id = move.location_id
    JOIN stock_location dest ON dest.id = move.location_dest_id
    LEFT JOIN stock_picking picking ON picking.id = move.picking_id
    WHERE move.state = 'done'
        AND (source.usage = 'customer') != (dest.usage = 'customer')
        AND move.aftersales_ticket_id IS NULL
        AND move.repair_id IS NULL
        AND picking.aftersales_ticket_id IS NULL
        AND picking.aftersales_loaner_id IS NULL
    GROUP BY move.company_id, move.product_id, date_trunc('month', move.date)
),
installs AS (
    SELECT
        unit.company_id,
        unit.product_id,
        date_trunc('month', COALESCE(
            unit.installation_date, unit.delivery_date, unit.purchase_date, unit.create_date::date
        ))::date AS month,
        COUNT(*) AS units
    FROM aftersales_equipment unit
    WHERE unit.active AND unit.product_id IS NOT NULL
    GROUP BY 1, 2, 3
),
keys AS (
    SELECT company_id, product_id, MIN(month) AS first_month, MAX(month) AS last_month
    FROM (
        SELECT company_id, product_id, month FROM case_costs
        UNION ALL SELECT company_id, product_id, month FROM sales
        UNION ALL SELECT company_id, product_id, month FROM installs
    ) events
    GROUP BY company_id, product_id
),
calendar (month) AS (
    SELECT MIN(first_month) FROM keys
    UNION ALL
    SELECT (calendar.month + interval '1 month')::date FROM calendar
    WHERE calendar.month < (
        SELECT GREATEST(MAX(last_month), date_trunc('month', now() AT TIME ZONE 'UTC')::date)
        FROM keys
    )
),
spine AS (
    SELECT keys.company_id, keys.product_id, calendar.month
    FROM keys
    JOIN calendar ON calendar.month >= keys.first_month
        AND calendar.month
            <= GREATEST(keys.last_month, date_trunc('month', now() AT TIME ZONE 'UTC')::date)
),
rows_ AS (
    SELECT
        spine.company_id,
        spine.product_id,
        spine.month,
        COALESCE(case_costs.case_count, 0) AS case_count,
        COALESCE(case_costs.parts_cost, 0) AS parts_cost,
        COALESCE(case_costs.labour_cost, 0) AS labour_cost,
        COALESCE(case_costs.agent_fee, 0) AS agent_fee,
        COALESCE(case_costs.travel_cost, 0) AS travel_cost,
        COALESCE(case_costs.recovery, 0) AS recovery,
        COALESCE(sales.units, 0) AS units_sold,
        SUM(COALESCE(installs.units, 0)) OVER (
            PARTITION BY spine.company_id, spine.product_id ORDER BY spine.month
        ) AS installed_base
    FROM spine
    LEFT JOIN case_costs ON case_costs.company_id = spine.company_id
        AND case_costs.product_id = spine.product_id AND case_costs.month = spine.month
    LEFT JOIN sales ON sales.company_id = spine.company_id
        AND sales.product_id = spine.product_id AND sales.month = spine.month
    LEFT JOIN installs ON installs.company_id IS NOT DISTINCT FROM spine.company_id
        AND installs.product_id = spine.product_id AND installs.month = spine.month
)
SELECT
    ROW_NUMBER() OVER (ORDER BY rows_.company_id, rows_.product_id, rows_.month) AS id,
    rows_.company_id,
    rows_.product_id,
    product.product_tmpl_id,
    template.categ_id AS product_categ_id,
    template.device_model_id,
    rows_.month AS date,
    rows_.case_count,
    ROUND(rows_.parts_cost, 2) AS parts_cost,
    ROUND(rows_.labour_cost, 2) AS labour_cost,
    ROUND(rows_.agent_fee, 2) AS agent_fee,
    ROUND(rows_.travel_cost, 2) AS travel_cost,
    ROUND(rows_.recovery, 2) AS recovery,
    ROUND(rows_.parts_cost + rows_.labour_cost + rows_.agent_fee + rows_.travel_cost
        - rows_.recovery, 2) AS warranty_cost,
    rows_.units_sold,
    rows_.installed_base,
    ROUND((rows_.parts_cost + rows_.labour_cost + rows_.agent_fee + rows_.travel_cost
        - rows_.recovery) / NULLIF(rows_.units_sold, 0), 2) AS cost_per_unit_sold,
    ROUND((rows_.parts_cost + rows_.labour_cost + rows_.agent_fee + rows_.travel_cost
        - rows_.recovery) * 1000.0 / NULLIF(rows_.installed_base, 0), 2) AS cost_per_1000_installed
FROM rows_
JOIN product_product product ON product.id = rows_.product_id
JOIN product_template template ON template.id = product.product_tmpl_id
"""

# measures that are ratios of sums, whatever the grouping
RATIO_MEASURES = ("cost_per_unit_sold", "cost_per_1000_installed")

# the report's measures shown above the cards (the ratios with the report's
# own aggregate), each with the measures its pivot opens on
COMPANY_FIGURES = (
    ("warranty_cost:sum", ("warranty_cost", "case_count")),
    ("cost_per_unit_sold:avg", ("warranty_cost", "units_sold", "cost_per_unit_sold")),
    (
        "cost_per_1000_installed:avg",
        ("warranty_cost", "installed_base", "cost_per_1000_installed"),
    ),
)


class AftersalesWarrantyCostReport(models.Model):
    """What warranty costs per product and device model, month by month: the
    parts at cost, labour, agent fees and travel of the cases done in
    warranty, less what suppliers refunded, against the units sold and the
    installed base."""

    _name = "aftersales.warranty.cost.report"
    _inherit = ["aftersales.history.report"]
    _description = "After-Sales Warranty Cost per Unit"
    _auto = False
    _order = "date desc, product_id"
    _rec_name = "product_id"

    # the management dashboard (aftersales_survey, when installed) shows the
    # warranty cost of the user's companies from this report
    _aftersales_dashboard_company_figures = True

    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    product_id = fields.Many2one(comodel_name="product.product", readonly=True)
    product_tmpl_id = fields.Many2one(
        comodel_name="product.template", string="Product Template", readonly=True
    )
    product_categ_id = fields.Many2one(
        comodel_name="product.category", string="Product Category", readonly=True
    )
    device_model_id = fields.Many2one(comodel_name="aftersales.device.model", readonly=True)
    date = fields.Date(string="Month", readonly=True, help="Month the warranty cases were done.")
    case_count = fields.Integer(string="Warranty Cases", readonly=True)
    parts_cost = fields.Monetary(
        string="Parts at Cost", readonly=True, help="Stock value of the parts the repairs used."
    )
    labour_cost = fields.Monetary(
        string="Labour",
        readonly=True,
        help="Fees of in-house technicians; for own workshops without them, the hours "
        "of labour quoted times the internal labour cost per hour.",
    )
    agent_fee = fields.Monetary(string="Agent Fees", readonly=True)
    travel_cost = fields.Monetary(string="Travel", readonly=True)
    recovery = fields.Monetary(
        string="Supplier Recoveries",
        readonly=True,
        help="Posted vendor refunds of the supplier claims of the cases.",
    )
    warranty_cost = fields.Monetary(
        readonly=True, help="Parts, labour, agent fees and travel less supplier recoveries."
    )
    units_sold = fields.Float(
        digits="Product Unit of Measure",
        readonly=True,
        help="Units delivered to customers in the month, less those they returned.",
    )
    installed_base = fields.Float(
        digits=(16, 0),
        aggregator="sum",
        readonly=True,
        help="Units of the installed base at the end of the month. Over several months, "
        "the ratio per 1,000 units uses their average.",
    )
    cost_per_unit_sold = fields.Monetary(
        aggregator="avg",
        readonly=True,
        help="Warranty cost divided by the units sold in the same period.",
    )
    cost_per_1000_installed = fields.Monetary(
        string="Cost per 1,000 Installed",
        aggregator="avg",
        readonly=True,
        help="Warranty cost per 1,000 units of the installed base (averaged over the "
        "months of the period).",
    )

    def init(self):
        cr = self.env.cr
        # the report reads the warranty cases and the installed base out of
        # every case and unit: from these partial indexes alone (index-only
        # scans), not from the tables' rows
        tools.create_index(
            cr,
            "aftersales_ticket_warranty_cost_index",
            "aftersales_ticket",
            ["company_id", "product_id", "date_done"],
            where="stage_type IN ('done', 'closed') AND warranty_state = 'in_warranty' "
            "AND date_done IS NOT NULL AND product_id IS NOT NULL",
        )
        tools.create_index(
            cr,
            "aftersales_equipment_installed_base_index",
            "aftersales_equipment",
            [
                "product_id",
                "company_id",
                "installation_date",
                "delivery_date",
                "purchase_date",
                "create_date",
            ],
            where="active AND product_id IS NOT NULL",
        )
        # the parts of a repair (Odoo's repair has no index on it)
        tools.create_index(
            cr,
            "stock_move_aftersales_repair_index",
            "stock_move",
            ["repair_id"],
            where="repair_id IS NOT NULL",
        )
        tools.drop_view_if_exists(cr, self._table)
        cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                SQL(WARRANTY_COST_QUERY),
            )
        )

    def _read_group_select(self, aggregate_spec, query):
        """Ratios of a group are ratios of its sums: cost over units sold, and
        cost over the installed base averaged over the group's months."""
        fname = aggregate_spec.split(":")[0]
        if fname not in RATIO_MEASURES:
            return super()._read_group_select(aggregate_spec, query)
        cost = self._field_to_sql(self._table, "warranty_cost", query)
        if fname == "cost_per_unit_sold":
            return SQL(
                "ROUND(SUM(%s) / NULLIF(SUM(%s), 0), 2)",
                cost,
                self._field_to_sql(self._table, "units_sold", query),
            )
        return SQL(
            "ROUND(SUM(%s) * 1000.0 * COUNT(DISTINCT %s) / NULLIF(SUM(%s), 0), 2)",
            cost,
            self._field_to_sql(self._table, "date", query),
            self._field_to_sql(self._table, "installed_base", query),
        )

    # ------------------------------------------------------------
    # The management dashboard (aftersales_survey)
    # ------------------------------------------------------------

    def _aftersales_dashboard_months(self):
        """The dashboard's twelve months in the report's months: this one and
        the eleven before, in the user's time zone; as (first month, today)."""
        today = fields.Date.context_today(self)
        return today.replace(day=1) - relativedelta(months=11), today

    def _aftersales_dashboard_figures_by_company(self, companies):
        """Above the dashboard's cards, for each of ``companies`` in its
        currency: its warranty cost, per unit sold and per 1,000 units
        installed over the dashboard's twelve months, each opening the report
        on these months."""
        date_from, date_to = self._aftersales_dashboard_months()
        domain = [
            ("company_id", "in", companies.ids),
            ("date", ">=", date_from),
            ("date", "<=", date_to),
        ]
        # one read for all the companies; the ratios of each company's months
        # are those the report computes for any group (see _read_group_select)
        groups = self._read_group(domain, ["company_id"], [spec for spec, __ in COMPANY_FIGURES])
        values = {company.id: group for company, *group in groups}
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_agents.aftersales_warranty_cost_report_action"
        )
        labels = (
            self.env._("Warranty Cost"),
            self.env._("Warranty Cost per Unit Sold"),
            self.env._("Warranty Cost per 1,000 Units Installed"),
        )
        figures = {}
        for company in companies:
            # a company without any row in the months: no cost, no ratio
            company_values = values.get(company.id, (0.0, False, False))
            figures[company.id] = [
                (
                    label,
                    self._aftersales_dashboard_amount(value, company.currency_id),
                    self._aftersales_dashboard_action(
                        action, company, date_from, date_to, measures
                    ),
                )
                for label, value, (__, measures) in zip(
                    labels, company_values, COMPANY_FIGURES, strict=True
                )
            ]
        return figures

    def _aftersales_dashboard_amount(self, value, currency):
        """``value`` in ``currency``; a dash for a ratio without a base (no
        unit sold or installed in the months)."""
        if value is False or value is None:
            return "-"
        return format_amount(self.env, value, currency)

    def _aftersales_dashboard_action(self, action, company, date_from, date_to, measures):
        """The report's pivot over the dashboard's months for ``company``, on
        the figure's measures."""
        return dict(
            action,
            display_name=f"{action['name']} - {company.name}",
            domain=[
                ("company_id", "=", company.id),
                ("date", ">=", fields.Date.to_string(date_from)),
                ("date", "<=", fields.Date.to_string(date_to)),
            ],
            # instead of the action's default filter on this month
            context={"pivot_measures": list(measures)},
        )
