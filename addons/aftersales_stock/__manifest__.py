# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "After-Sales Spare Parts",
    "summary": "Coded spare parts, parts on cases, loaners, defective returns and "
    "consignment stock",
    "version": "18.0.1.0.0",
    "development_status": "Beta",
    "category": "Services/After-Sales",
    "website": "https://github.com/aftersales-suite/aftersales",
    "author": "After-Sales Suite Developers",
    "maintainers": ["aftersales-suite"],
    "license": "LGPL-3",
    "depends": ["aftersales_reception", "stock"],
    "data": [
        "security/aftersales_stock_groups.xml",
        "security/ir.model.access.csv",
        "security/aftersales_stock_security.xml",
        "data/ir_sequence_data.xml",
        "data/stock_data.xml",
        "data/ir_cron_data.xml",
        "data/aftersales_part_code_scheme_data.xml",
        "wizards/aftersales_part_code_generate_views.xml",
        "views/aftersales_part_family_views.xml",
        "views/aftersales_part_component_views.xml",
        "views/aftersales_device_model_views.xml",
        "views/aftersales_part_code_scheme_views.xml",
        "views/aftersales_part_code_history_views.xml",
        "views/product_views.xml",
        "views/aftersales_ticket_part_views.xml",
        "views/aftersales_loaner_views.xml",
        "views/aftersales_ticket_views.xml",
        "views/aftersales_service_center_views.xml",
        "views/res_users_views.xml",
        "views/stock_views.xml",
        "views/aftersales_stock_menus.xml",
    ],
    "demo": [
        "demo/aftersales_part_demo.xml",
        "demo/aftersales_stock_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "aftersales_stock/static/tests/tours/*.js",
        ],
    },
}
