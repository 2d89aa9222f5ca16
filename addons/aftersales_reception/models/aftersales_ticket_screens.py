# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.osv import expression
from odoo.tools import SQL, create_index

# The open cases, written as the ORM writes the default filters of the case
# screens (``active`` and the "Open" filter ``('is_closed', '=', False)``), so
# that PostgreSQL can prove a query on open cases matches the partial indexes
# below: an open case is active and not closed (or not yet in a stage).
OPEN_CASES_WHERE = '"active" = TRUE AND ("is_closed" IS NULL OR "is_closed" = FALSE)'
# The case list's order (``_order``), read backwards by the index scan.
OPEN_CASES_ORDER = ['"priority" DESC', '"id" DESC']
# Open cases in the list's order: the case list opened from the menu reads
# its first page straight from it, whatever the number of closed cases.
OPEN_ORDER_INDEX = "aftersales_ticket_open_order_index"
# Open cases per stage in the list's order: the kanban reads the first cards
# of each column from it; with the columns it carries, the counts of open
# cases (the kanban's columns and progress bars, the list's pager, the teams'
# overview with its overdue cases) are read from the index alone.
OPEN_STAGE_INDEX = "aftersales_ticket_open_stage_index"
OPEN_STAGE_INCLUDE = [
    "company_id",
    "kanban_state",
    "team_id",
    "user_id",
    "sla_resolution_state",
    "sla_resolution_deadline",
    "sla_resolution_paused",
    # the open cases per service center of the management dashboard, whose
    # counts repeat the open-case condition
    "service_center_id",
    "active",
    "is_closed",
]


class AftersalesTicket(models.Model):
    """The case screens (list, kanban) on a base of a million cases.

    Two partial indexes cover the open cases only (a few percent of a base
    that keeps every closed case): ``aftersales_ticket_open_order_index``
    (``priority desc, id desc``) serves any search of open cases in the
    default order, e.g. the case list opened from the menu or a dashboard's
    "open cases" list, and ``aftersales_ticket_open_stage_index``
    (``stage_id, priority desc, id desc``, carrying company, kanban state,
    team, responsible, service center and the SLA resolution's state, deadline
    and pause, and the columns addons add in ``_open_stage_index_include``)
    the kanban by stage and the counts of open cases by stage, kanban state,
    team, responsible or service center, overdue or not, read from the index
    alone.
    A query uses them when it filters on active, open cases as the ORM
    writes it (``OPEN_CASES_WHERE``).

    The cards and rows are read once per screen call: ``search_fetch`` also
    fetches the fields the reading user's record rules check, so that
    ``web_read`` checks access on the cards in memory instead of fetching
    every other column of them again (one query per kanban column).
    """

    _inherit = "aftersales.ticket"  # pylint: disable=consider-merging-classes-inherited

    def init(self):
        res = super().init()
        create_index(
            self.env.cr,
            OPEN_ORDER_INDEX,
            self._table,
            OPEN_CASES_ORDER,
            where=OPEN_CASES_WHERE,
        )
        self._create_open_stage_index()
        return res

    def _open_stage_index_include(self):
        """The columns the index of open cases per stage carries, for counts
        of open cases read from the index alone."""
        return list(OPEN_STAGE_INCLUDE)

    def _create_open_stage_index(self, columns=None):
        """Make the index of open cases per stage, carrying ``columns`` (by
        default ``_open_stage_index_include``), unless it carries them."""
        cr = self.env.cr
        cr.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [OPEN_STAGE_INDEX])
        row = cr.fetchone()
        columns = columns or self._open_stage_index_include()
        include = f" INCLUDE ({', '.join(columns)})"
        if row and include in row[0]:
            return
        if row:
            # made before it carried these columns
            cr.execute(SQL("DROP INDEX %s", SQL.identifier(OPEN_STAGE_INDEX)))
        cr.execute(
            SQL(
                "CREATE INDEX %s ON %s (%s, %s) INCLUDE (%s) WHERE %s",
                SQL.identifier(OPEN_STAGE_INDEX),
                SQL.identifier(self._table),
                SQL.identifier("stage_id"),
                SQL(", ".join(OPEN_CASES_ORDER)),
                SQL(", ").join(SQL.identifier(name) for name in columns),
                SQL(OPEN_CASES_WHERE),
            )
        )

    @api.model
    def _read_rule_fields(self):
        """Stored fields of the case that the current user's read rules test."""
        if self.env.su:
            return []
        domain = self.env["ir.rule"]._compute_domain(self._name, "read")
        names = {
            leaf[0].split(".")[0]
            for leaf in expression.normalize_domain(domain or [])
            if expression.is_leaf(leaf) and isinstance(leaf[0], str)
        }
        if self._is_portal_fenced():
            names &= self._portal_readable_fields()
        return [
            name
            for name in sorted(names)
            if name in self._fields
            and self._fields[name].column_type
            and self._fields[name].is_accessible(self.env)
        ]

    @api.model
    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        rule_fields = [name for name in self._read_rule_fields() if name not in field_names]
        if rule_fields and field_names:
            field_names = [*field_names, *rule_fields]
        return super().search_fetch(domain, field_names, offset=offset, limit=limit, order=order)

    def _count_per_case(self, counted):
        """Counts for the smart buttons of the cases ``self``, in one query:
        ``counted`` maps a key to ``(model, field)``, the records of the
        model (with its environment's rights: the reading user's, or sudo
        for a count shown to anyone who sees the case) linked to the cases
        by the field. Returns {key: {case id: count}}."""
        counts = {key: {} for key in counted}
        selects = []
        for key, (model, field_name) in counted.items():
            query = model._search([(field_name, "in", self.ids)])
            if query.is_empty():
                continue
            case = model._field_to_sql(query.table, field_name, query)
            query.groupby = case
            selects.append(query.select(SQL("%s", key), case, SQL("COUNT(*)")))
        if selects:
            # pending changes of the counted records are written first
            query = SQL(" UNION ALL ").join(SQL("(%s)", select) for select in selects)
            for key, case_id, count in self.env.execute_query(query):
                counts[key][case_id] = count
        return counts
