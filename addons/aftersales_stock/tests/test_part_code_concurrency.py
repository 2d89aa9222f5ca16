# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Part codes drawn by two database connections at once.

These tests need data that both connections see, so they commit it through
connections of their own (never the test's transaction). Its removal is
registered before anything is committed and finds the records by their
names, so that it also removes what a connection committed against the
test's expectations, whether the test passes or fails."""

import threading
import time

from psycopg2 import IntegrityError
from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import BaseCommon

NO_MAIL = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}


SCHEME_NAME = "Concurrency test scheme"
PART_CODE = "CONCURRENT-0001"
PART_NAMES = ("Concurrent part", "Concurrent twin")


@tagged("post_install", "-at_install")
class TestPartCodeConcurrency(BaseCommon):
    def setUp(self):
        super().setUp()
        self.threads = []
        self.addCleanup(self._remove_committed)

    def _committed(self, function):
        """Run ``function(env)`` in a connection of its own and commit."""
        with self.registry.cursor() as cr:
            result = function(api.Environment(cr, SUPERUSER_ID, dict(NO_MAIL)))
            cr.commit()  # pylint: disable=invalid-commit
        return result

    def _start(self, target, *args):
        thread = threading.Thread(target=target, args=args)
        self.threads.append(thread)
        thread.start()
        return thread

    def _remove_committed(self):
        """Remove whatever these tests committed (the counters of the scheme
        go with it), once the connections of the test are done."""
        for thread in self.threads:
            thread.join(timeout=30)

        def remove(env):
            env["product.template"].with_context(active_test=False).search(
                ["|", ("default_code", "=", PART_CODE), ("name", "in", PART_NAMES)]
            ).unlink()
            env["aftersales.part.code.scheme"].with_context(active_test=False).search(
                [("name", "=", SCHEME_NAME)]
            ).unlink()

        self._committed(remove)

    def _make_scheme(self, env):
        return (
            env["aftersales.part.code.scheme"]
            .create(
                {
                    "name": SCHEME_NAME,
                    "company_id": False,
                    "sequence": 9999,
                    "segment_ids": [
                        Command.create({"source": "fixed", "fixed_value": "CC", "width": 2}),
                        Command.create({"source": "sequence", "width": 5, "separator": ""}),
                    ],
                }
            )
            .id
        )

    def test_two_connections_draw_different_numbers(self):
        """The second connection waits for the first one's counter row; as
        for any concurrent update, PostgreSQL then makes it start over (Odoo
        retries such requests), and it continues after the first one's
        numbers: no number is given twice."""
        scheme_id = self._committed(self._make_scheme)
        results = {}
        retries = []
        errors = []
        first_holds_lock = threading.Event()

        def reserve(name, hold_seconds):
            for _attempt in range(5):
                try:
                    with self.registry.cursor() as cr:
                        env = api.Environment(cr, SUPERUSER_ID, dict(NO_MAIL))
                        numbers = env["aftersales.part.code.scheme"]._reserve_numbers(
                            {(scheme_id, "CC-#####"): 5}
                        )
                        results[name] = (numbers[(scheme_id, "CC-#####")], time.monotonic())
                        if hold_seconds:
                            first_holds_lock.set()
                            time.sleep(hold_seconds)
                        cr.commit()  # pylint: disable=invalid-commit
                    return
                except SerializationFailure:
                    retries.append(name)
                except Exception as error:  # noqa: BLE001 - reported by the main thread
                    errors.append(error)
                    first_holds_lock.set()
                    return

        # the refused statement of the second connection is logged
        with mute_logger("odoo.sql_db"):
            first = self._start(reserve, "first", 0.5)
            self.assertTrue(first_holds_lock.wait(10))
            started = time.monotonic()
            second = self._start(reserve, "second", 0)
            first.join(20)
            second.join(20)
        self.assertFalse(errors)
        self.assertNotIn("first", retries)
        self.assertEqual(results["first"][0], 1)
        self.assertEqual(results["second"][0], 6, "the second connection continued")
        self.assertGreater(results["second"][1] - started, 0.3, "the second connection waited")

    def test_same_code_from_two_connections_is_refused(self):
        """Two users saving parts with the same code at the same time: the
        unique index lets one through and refuses the other."""
        created = []
        errors = []
        vals = {
            "name": PART_NAMES[0],
            "is_spare_part": True,
            "default_code": PART_CODE,
            "company_id": False,
        }

        def second_user():
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, dict(NO_MAIL))
                    env["product.template"].create(dict(vals, name=PART_NAMES[1]))
                    env.flush_all()
                    cr.commit()  # pylint: disable=invalid-commit
                    created.append(True)
            except Exception as error:  # noqa: BLE001 - reported by the main thread
                errors.append(error)

        with self.registry.cursor() as cr_first:
            env_first = api.Environment(cr_first, SUPERUSER_ID, dict(NO_MAIL))
            env_first["product.template"].create(dict(vals))
            env_first.flush_all()
            with mute_logger("odoo.sql_db"):
                second = self._start(second_user)
                time.sleep(0.5)  # the second connection now waits on the index
                self.assertTrue(second.is_alive(), "the second insert waits for the first")
                cr_first.commit()  # pylint: disable=invalid-commit
                second.join(20)
        self.assertFalse(created)
        self.assertEqual(len(errors), 1)
        self.assertIsInstance(errors[0], IntegrityError)
        self.assertIn("part_code_key", str(errors[0]))
