# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class AftersalesServiceCenter(models.Model):
    _inherit = "aftersales.service.center"

    analytic_account_id = fields.Many2one(
        comodel_name="account.analytic.account",
        check_company=True,
        tracking=True,
        help="Carries the center's revenue and costs (repair invoices, agent fees, "
        "technician pay) for its profit and loss. Created with the center.",
    )
    contract_ids = fields.One2many(
        comodel_name="aftersales.agent.contract",
        inverse_name="service_center_id",
        string="Contracts",
    )
    contract_count = fields.Integer(compute="_compute_contract_count")
    active_contract_id = fields.Many2one(
        comodel_name="aftersales.agent.contract",
        string="Contract in Force",
        compute="_compute_contract_count",
    )
    certification_ids = fields.One2many(
        comodel_name="aftersales.certification",
        inverse_name="service_center_id",
        string="Certifications",
    )

    @api.depends("contract_ids.state")
    def _compute_contract_count(self):
        today = fields.Date.context_today(self)
        for center in self:
            contracts = center.contract_ids
            center.contract_count = len(contracts)
            center.active_contract_id = contracts.filtered(
                lambda c: c.state == "active" and c._covers_date(today)
            )[:1]

    @api.model_create_multi
    def create(self, vals_list):
        centers = super().create(vals_list)
        centers.filtered(lambda c: not c.analytic_account_id)._create_analytic_accounts()
        # a center on an analytic account that has entries already
        accounts = self.env["account.analytic.account"].browse(
            vals.get("analytic_account_id") for vals in vals_list if vals.get("analytic_account_id")
        )
        if accounts:
            self.env["aftersales.service.pl.share"]._sync_analytic_accounts(accounts.ids)
        return centers

    def write(self, vals):
        if "analytic_account_id" not in vals or self.env.context.get("aftersales_new_analytic"):
            return super().write(vals)
        old_accounts = self.analytic_account_id
        res = super().write(vals)
        # the center's profit and loss follows its account, past entries included
        self.env["aftersales.service.pl.share"]._sync_analytic_accounts(
            (old_accounts | self.analytic_account_id).ids, self.ids
        )
        return res

    @api.model
    def _install_analytic_accounts(self):
        """Give the centers that existed before the module their analytic
        account, so that their profit and loss starts at once."""
        self.with_context(active_test=False).search(
            [("analytic_account_id", "=", False)]
        )._create_analytic_accounts()

    def _create_analytic_accounts(self):
        """Give each center its analytic account in the Service Centers plan.

        The account mirrors the center for the ledger's sake: it is created
        whoever creates the center, as technical bookkeeping."""
        plan = self.env.ref("aftersales_agents.analytic_plan_service_centers", False)
        if not plan or not self:
            return
        accounts = (
            self.env["account.analytic.account"]
            .sudo()
            .create(
                [
                    {
                        "name": center.name,
                        "code": center.code,
                        "plan_id": plan.id,
                        "company_id": center.company_id.id,
                    }
                    for center in self
                ]
            )
        )
        # new accounts: no entry names them yet
        for center, account in zip(
            self.with_context(aftersales_new_analytic=True), accounts, strict=True
        ):
            center.analytic_account_id = account

    def _aftersales_analytic_distribution(self):
        """Analytic distribution putting everything on this center."""
        if len(self) != 1 or not self.analytic_account_id:
            return {}
        return {str(self.analytic_account_id.id): 100.0}

    def action_view_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_agents.aftersales_agent_contract_action"
        )
        action["domain"] = [("service_center_id", "=", self.id)]
        action["context"] = {
            "default_service_center_id": self.id,
            "default_provider_type": "agent",
            "active_test": False,
        }
        return action
