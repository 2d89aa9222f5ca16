# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Part codes drawn by two database connections at once.

These tests need data that both connections see, so they commit it through
connections of their own (never the test's transaction) and remove it
afterwards."""

import threading
import time

from psycopg2 import IntegrityError
from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import BaseCommon

NO_MAIL = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}


@tagged("post_install", "-at_install")
class TestPartCodeConcurrency(BaseCommon):
    def _committed(self, function):
        """Run ``function(env)`` in a connection of its own and commit."""
        with self.registry.cursor() as cr:
            result = function(api.Environment(cr, SUPERUSER_ID, dict(NO_MAIL)))
            cr.commit()  # pylint: disable=invalid-commit
        return result

    def _make_scheme(self, env):
        return (
            env["aftersales.part.code.scheme"]
            .create(
                {
                    "name": "Concurrency test scheme",
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

    def _drop_scheme(self, scheme_id):
        def drop(env):
            env["aftersales.part.code.scheme"].browse(scheme_id).unlink()

        self._committed(drop)

    def test_two_connections_draw_different_numbers(self):
        """The second connection waits for the first one's counter row; as
        for any concurrent update, PostgreSQL then makes it start over (Odoo
        retries such requests), and it continues after the first one's
        numbers: no number is given twice."""
        scheme_id = self._make_and_commit_scheme()
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

        try:
            # the refused statement of the second connection is logged
            with mute_logger("odoo.sql_db"):
                first = threading.Thread(target=reserve, args=("first", 0.5))
                first.start()
                self.assertTrue(first_holds_lock.wait(10))
                started = time.monotonic()
                second = threading.Thread(target=reserve, args=("second", 0))
                second.start()
                first.join(20)
                second.join(20)
            self.assertFalse(errors)
            self.assertNotIn("first", retries)
            self.assertEqual(results["first"][0], 1)
            self.assertEqual(results["second"][0], 6, "the second connection continued")
            self.assertGreater(results["second"][1] - started, 0.3, "the second connection waited")
        finally:
            self._drop_scheme(scheme_id)

    def _make_and_commit_scheme(self):
        return self._committed(self._make_scheme)

    def test_same_code_from_two_connections_is_refused(self):
        """Two users saving parts with the same code at the same time: the
        unique index lets one through and refuses the other."""
        created = []
        errors = []
        vals = {
            "name": "Concurrent part",
            "is_spare_part": True,
            "default_code": "CONCURRENT-0001",
            "company_id": False,
        }
        with self.registry.cursor() as cr_first:
            env_first = api.Environment(cr_first, SUPERUSER_ID, dict(NO_MAIL))
            template = env_first["product.template"].create(dict(vals))
            env_first.flush_all()

            def second_user():
                try:
                    with self.registry.cursor() as cr:
                        env = api.Environment(cr, SUPERUSER_ID, dict(NO_MAIL))
                        env["product.template"].create(dict(vals, name="Concurrent twin"))
                        env.flush_all()
                        cr.commit()  # pylint: disable=invalid-commit
                        created.append(True)
                except Exception as error:  # noqa: BLE001 - reported by the main thread
                    errors.append(error)

            with mute_logger("odoo.sql_db"):
                second = threading.Thread(target=second_user)
                second.start()
                time.sleep(0.5)  # the second connection now waits on the index
                self.assertTrue(second.is_alive(), "the second insert waits for the first")
                cr_first.commit()  # pylint: disable=invalid-commit
                second.join(20)
            template_id = template.id
        try:
            self.assertFalse(created)
            self.assertEqual(len(errors), 1)
            self.assertIsInstance(errors[0], IntegrityError)
            self.assertIn("part_code_key", str(errors[0]))
        finally:

            def drop(env):
                env["product.template"].browse(template_id).unlink()

            self._committed(drop)
