"""pytest configuration of the after-sales suite (run by bin/test).

pytest-odoo imports Odoo's test framework before it switches Odoo to test
mode, which Odoo reports as an error in its log; importing the framework here,
in test mode, keeps the log clean.
"""

import odoo

_test_enable = odoo.tools.config["test_enable"]
odoo.tools.config["test_enable"] = True
import odoo.tests  # noqa: E402,F401

odoo.tools.config["test_enable"] = _test_enable
