# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "After-Sales Agents and Fees",
    "summary": "Agent contracts, technician pay, fee settlement through vendor bills, "
    "repair invoicing and the service unit's profit and loss",
    "version": "18.0.1.0.0",
    "development_status": "Beta",
    "category": "Services/After-Sales",
    "website": "https://github.com/aftersales-suite/aftersales",
    "author": "After-Sales Suite Developers",
    "maintainers": ["aftersales-suite"],
    "license": "LGPL-3",
    "depends": ["aftersales_reception", "aftersales_stock", "account"],
    "data": [
        "security/aftersales_agents_groups.xml",
        "security/ir.model.access.csv",
        "security/aftersales_agents_security.xml",
        "data/ir_sequence_data.xml",
        "data/mail_data.xml",
        "data/aftersales_service_type_data.xml",
        "data/aftersales_agents_data.xml",
        "data/ir_cron_data.xml",
        "wizards/aftersales_settlement_create_views.xml",
        "report/aftersales_service_pl_report_views.xml",
        "views/aftersales_agent_contract_views.xml",
        "views/aftersales_certification_views.xml",
        "views/aftersales_fee_line_views.xml",
        "views/aftersales_settlement_views.xml",
        "views/aftersales_fee_account_views.xml",
        "views/aftersales_service_type_views.xml",
        "views/aftersales_ticket_views.xml",
        "views/aftersales_service_center_views.xml",
        "views/account_move_views.xml",
        "views/res_config_settings_views.xml",
        "views/aftersales_agents_portal_templates.xml",
        "views/agent_portal_templates.xml",
        "views/aftersales_agents_menus.xml",
    ],
    "demo": [
        "demo/aftersales_agents_demo.xml",
        "demo/aftersales_agent_portal_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "aftersales_agents/static/tests/tours/*.js",
        ],
    },
}
