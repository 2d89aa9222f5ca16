"""pytest configuration of the after-sales suite (run by bin/test).

pytest-odoo imports Odoo's test framework before it switches Odoo to test
mode, which Odoo reports as an error in its log; importing the framework here,
in test mode, keeps the log clean.
"""

import odoo

_test_enable = odoo.tools.config["test_enable"]
odoo.tools.config["test_enable"] = True
import odoo.tests

odoo.tools.config["test_enable"] = _test_enable


# A test that could not run (a missing browser, package or service) is a
# failure of the run, not a silent skip.
_skipped = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if _skipped and session.exitstatus == 0:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if _skipped:
        terminalreporter.write_line(
            f"{len(_skipped)} test(s) could not run: the run fails (see SKIPPED above)",
            red=True,
        )


def pytest_sessionstart(session):
    """Read every addon's manifest here, in the main thread, before the
    browser tests' requests do it in several threads at once: CPython 3.11
    (seen on 3.11.7) can fail parsing Python in two threads together ("AST
    constructor recursion depth mismatch"), which the web client's first
    requests (menus and asset bundles) then do."""
    from odoo.modules.module import get_manifest, get_modules

    for module in get_modules():
        get_manifest(module)
