# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


def post_init_hook(env):
    """Give the service centers that existed before the module their
    analytic account, so that their profit and loss starts at once."""
    centers = (
        env["aftersales.service.center"]
        .with_context(active_test=False)
        .search([("analytic_account_id", "=", False)])
    )
    centers._create_analytic_accounts()
