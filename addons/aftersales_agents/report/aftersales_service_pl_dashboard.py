# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields, models
from odoo.tools.misc import format_amount


class AftersalesServicePlReport(models.Model):
    """The service profit and loss on the cards of the management dashboard
    (aftersales_survey, when installed): per service center over the last
    twelve months, its warranty cost and its paid-repair margin, each
    opening the P&L filtered to the center."""

    _inherit = "aftersales.service.pl.report"

    # the dashboard's cards take figures from this report
    _aftersales_dashboard_figures = True

    def _aftersales_dashboard_date_from(self):
        """The first day of the dashboard's twelve months, in the user's
        time zone."""
        return fields.Date.context_today(self) - timedelta(days=365)

    def _aftersales_dashboard_figures_by_center(self, centers):
        date_from = self._aftersales_dashboard_date_from()
        groups = self._read_group(
            [("service_center_id", "in", centers.ids), ("date", ">=", date_from)],
            ["service_center_id"],
            ["warranty_cost:sum", "paid_margin:sum"],
        )
        sums = {center.id: (warranty, margin) for center, warranty, margin in groups}
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_agents.aftersales_service_pl_report_action"
        )
        # the figures of the ledger, apart from the company's warranty cost
        # above the cards (which the cases give, booked or not)
        warranty_label = self.env._("Warranty Cost (P&L)")
        margin_label = self.env._("Paid-Repair Margin (P&L)")
        figures = {}
        for center in centers:
            warranty_cost, paid_margin = sums.get(center.id, (0.0, 0.0))
            currency = center.company_id.currency_id or self.env.company.currency_id
            figures[center.id] = [
                (
                    warranty_label,
                    format_amount(self.env, warranty_cost, currency),
                    self._aftersales_dashboard_action(action, center, date_from, "warranty"),
                ),
                (
                    margin_label,
                    format_amount(self.env, paid_margin, currency),
                    self._aftersales_dashboard_action(action, center, date_from, "paid"),
                ),
            ]
        return figures

    def _aftersales_dashboard_action(self, action, center, date_from, work_type):
        """The P&L of ``center`` since ``date_from``, on the work type's
        filter, by category."""
        return dict(
            action,
            display_name=f"{action['name']} - {center.display_name}",
            domain=[
                ("service_center_id", "=", center.id),
                ("date", ">=", fields.Date.to_string(date_from)),
            ],
            context={f"search_default_{work_type}": 1, "search_default_group_category": 1},
        )
