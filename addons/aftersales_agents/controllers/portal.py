# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class AftersalesAgentPortal(CustomerPortal):
    """Agents follow their fee statements from /my: what was settled, billed
    and paid. Records are read with the agent's own rights (record rules
    limit them to their company's settlements)."""

    _statement_page_size = 20

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "aftersales_statement_count" in counters:
            settlement_model = request.env["aftersales.settlement"]
            values["aftersales_statement_count"] = (
                settlement_model.search_count([]) if settlement_model.has_access("read") else 0
            )
        return values

    @http.route(
        ["/my/fee-statements", "/my/fee-statements/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_fee_statements(self, page=1, **kw):
        settlement_model = request.env["aftersales.settlement"]
        if not settlement_model.has_access("read"):
            return request.redirect("/my")
        count = settlement_model.search_count([])
        pager = portal_pager(
            url="/my/fee-statements",
            total=count,
            page=page,
            step=self._statement_page_size,
        )
        settlements = settlement_model.search(
            [],
            order="date_to desc, id desc",
            limit=self._statement_page_size,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "settlements": settlements,
                "page_name": "aftersales_statements",
                "default_url": "/my/fee-statements",
                "pager": pager,
            }
        )
        return request.render("aftersales_agents.portal_my_fee_statements", values)

    @http.route(["/my/fee-statements/<int:settlement_id>"], type="http", auth="user", website=True)
    def portal_my_fee_statement(self, settlement_id, **kw):
        try:
            settlement = request.env["aftersales.settlement"].browse(settlement_id).exists()
            if not settlement:
                raise MissingError(request.env._("This statement does not exist."))
            settlement.check_access("read")
        except (AccessError, MissingError):
            return request.redirect("/my/fee-statements")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "settlement": settlement,
                "fee_lines": settlement.fee_line_ids,
                "page_name": "aftersales_statement",
            }
        )
        return request.render("aftersales_agents.portal_my_fee_statement", values)
