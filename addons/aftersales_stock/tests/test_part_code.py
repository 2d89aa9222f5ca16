# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from odoo.addons.aftersales_stock.models.aftersales_part_code_scheme import (
    ALPHABET,
    iso7064_check_char,
    iso7064_is_valid,
    luhn_check_char,
    luhn_is_valid,
)

from .common import AftersalesStockCommon

CODE = re.compile(
    r"^(?P<family>[0-9A-Z]{3})(?P<component>[0-9A-Z])-(?P<device>[0-9A-Z]{5})-"
    r"(?P<variant>[0-9A-Z]{2})-(?P<number>[0-9]{4})(?P<check>[0-9A-Z])$"
)


@tagged("post_install", "-at_install")
class TestPartCode(AftersalesStockCommon):
    # ------------------------------------------------------------
    # Check characters
    # ------------------------------------------------------------

    def test_iso7064_reference_value(self):
        # reference value of ISO 7064 MOD 37,36 (also used by python-stdnum)
        self.assertEqual(iso7064_check_char("A12425GABC1234002"), "M")
        self.assertTrue(iso7064_is_valid("A12425GABC1234002M"))
        self.assertFalse(iso7064_is_valid("A12425GABC1234002N"))

    def test_iso7064_detects_every_single_mistyped_character(self):
        code = "TPMHTW10000" + "0001"
        full = code + iso7064_check_char(code)
        self.assertTrue(iso7064_is_valid(full))
        for position in range(len(full)):
            for char in ALPHABET:
                if char == full[position]:
                    continue
                typo = full[:position] + char + full[position + 1 :]
                self.assertFalse(iso7064_is_valid(typo), f"{typo} should be detected")

    def test_iso7064_detects_swapped_neighbours(self):
        full = "TPMHTW100000001"
        full += iso7064_check_char(full)
        for position in range(len(full) - 1):
            if full[position] == full[position + 1]:
                continue
            swapped = full[:position] + full[position + 1] + full[position] + full[position + 2 :]
            self.assertFalse(iso7064_is_valid(swapped), f"{swapped} should be detected")

    def test_luhn_reference_value(self):
        # the classic Luhn example, with the decimal alphabet
        self.assertEqual(luhn_check_char("7992739871", "0123456789"), "3")
        self.assertTrue(luhn_is_valid("79927398713", "0123456789"))
        self.assertFalse(luhn_is_valid("79927398714", "0123456789"))
        code = "TPMHTW100000001"
        self.assertTrue(luhn_is_valid(code + luhn_check_char(code)))

    # ------------------------------------------------------------
    # Generation
    # ------------------------------------------------------------

    def test_code_generated_on_creation_from_the_attributes(self):
        match = CODE.match(self.part_pump.default_code)
        self.assertTrue(match, self.part_pump.default_code)
        self.assertEqual(match["family"], "TPM")
        self.assertEqual(match["component"], "H")
        self.assertEqual(match["device"], "TW100")
        self.assertEqual(match["variant"], "00")
        self.assertTrue(iso7064_is_valid(self.part_pump.default_code.replace("-", "")))
        self.assertEqual(self.part_pump.product_tmpl_id.code_device_model_id, self.device_washer)

    def test_sequence_counts_per_prefix(self):
        first = self._create_part("Test Pump B", self.family_pump, self.component_hydro)
        second = self._create_part("Test Pump C", self.family_pump, self.component_hydro)
        other = self._create_part(
            "Test Pump AC", self.family_pump, self.component_hydro, models=self.device_ac
        )
        numbers = [
            int(CODE.match(part.default_code)["number"]) for part in (self.part_pump, first, second)
        ]
        self.assertEqual(numbers, [numbers[0], numbers[0] + 1, numbers[0] + 2])
        self.assertEqual(CODE.match(other.default_code)["device"], "TAC10")
        # the AC prefix had its own counter: the filter took 1, this one 2
        self.assertEqual(int(CODE.match(other.default_code)["number"]), 2)
        counter = self.env["aftersales.part.code.counter"].search(
            [("scheme_id", "=", self.scheme.id), ("prefix", "=", "TPMH-TW100-00-####")]
        )
        self.assertEqual(counter.last_number, numbers[0] + 2)

    def test_variant_and_family_segments(self):
        part = self._create_part(
            "Test Pump Rev B",
            self.family_pump,
            self.component_hydro,
            models=self.device_family,
            part_variant_code="b2",
        )
        match = CODE.match(part.default_code)
        self.assertEqual(match["variant"], "B2")
        self.assertEqual(match["device"], "TWASH")

    def test_incomplete_part_stays_uncoded_until_bulk_coding(self):
        part = self._create_part("Test Nameless Part", False, self.component_hydro)
        self.assertFalse(part.default_code, "a part lacking its family is not coded")
        wizard = Form(self.env["aftersales.part.code.generate"].with_user(self.user_warehouse))
        record = wizard.save()
        problem = record.preview_line_ids.filtered(lambda line: line.product_id == part).problem
        self.assertIn("Part Family", problem)
        part.product_tmpl_id.part_family_id = self.family_pump
        self.assertFalse(part.default_code, "completing the part does not code it by itself")
        wizard = self.env["aftersales.part.code.generate"].create(
            {"part_family_ids": [Command.set(self.family_pump.ids)]}
        )
        result = wizard.action_generate()
        self.assertEqual(result["res_model"], "aftersales.part.code.generate")
        self.assertTrue(CODE.match(part.default_code))

    def test_sequence_overflow_is_refused(self):
        self.scheme.segment_ids.filtered(lambda s: s.source == "sequence").width = 1
        self.env["aftersales.part.code.counter"].search(
            [("scheme_id", "=", self.scheme.id)]
        ).unlink()
        for index in range(9):
            self._create_part(f"Test Narrow {index}", self.family_motor, self.component_hydro)
        with self.assertRaisesRegex(UserError, "used up"):
            self._create_part("Test Narrow 10", self.family_motor, self.component_hydro)

    def test_scheme_needs_one_sequence_segment(self):
        with self.assertRaisesRegex(ValidationError, "exactly one Sequence Number"):
            self.env["aftersales.part.code.scheme"].create(
                {
                    "name": "No sequence",
                    "segment_ids": [Command.create({"source": "family", "width": 3})],
                }
            )
        with self.assertRaisesRegex(ValidationError, "letters"):
            self.env["aftersales.part.family"].create({"name": "Bad", "code": "A-B"})

    def test_example_code(self):
        self.assertTrue(CODE.match(self.scheme.example_code), self.scheme.example_code)

    # ------------------------------------------------------------
    # Typed codes and uniqueness
    # ------------------------------------------------------------

    def test_mistyped_code_is_detected(self):
        good = self.part_pump.default_code
        typo = good[:-2] + ("1" if good[-2] != "1" else "2") + good[-1]
        other = self._create_part("Test Typed", self.family_pump, self.component_hydro)
        with self.assertRaisesRegex(ValidationError, "mistyped"):
            self.env["product.product"].with_user(self.user_manager).browse(
                other.id
            ).default_code = typo
        # a code from another system keeps its own layout
        other.with_user(self.user_manager).default_code = "LEGACY-42"
        self.assertEqual(other.default_code, "LEGACY-42")

    def test_codes_are_unique_per_company(self):
        self.part_filter.with_user(self.user_manager).default_code = "SAME-CODE"
        with self.assertRaisesRegex(ValidationError, "already used"):
            self.part_pump.with_user(self.user_manager).default_code = "SAME-CODE"
        other_company = self.env["res.company"].create({"name": "Test Other Company"})
        part = self.env["product.template"].create(
            {
                "name": "Other company part",
                "is_spare_part": True,
                "company_id": other_company.id,
                "default_code": "SAME-CODE",
            }
        )
        self.assertEqual(part.default_code, "SAME-CODE", "another company may use the code")
        # products that are not spare parts are not concerned
        self.product_other.default_code = "SAME-CODE"

    def test_uniqueness_is_a_database_constraint(self):
        self.part_filter.with_user(self.user_manager).default_code = "DB-CODE"
        # skip the friendly check in Python: the database still refuses
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            self.part_pump.with_context(aftersales_part_coding=True).write(
                {"default_code": "DB-CODE"}
            )
            self.env.flush_all()

    # ------------------------------------------------------------
    # Regeneration and former codes
    # ------------------------------------------------------------

    def test_only_managers_change_codes(self):
        old_code = self.part_pump.default_code
        for user in (self.user_warehouse, self.user_technician):
            with self.assertRaisesRegex(AccessError, "Only an after-sales manager"):
                self.part_pump.with_user(user).action_regenerate_part_code()
        with self.assertRaisesRegex(AccessError, "Only an after-sales manager"):
            self.part_pump.product_tmpl_id.with_user(self.user_warehouse).default_code = "X1"
        self.part_pump.product_tmpl_id.with_user(self.user_manager).action_regenerate_part_code()
        self.assertNotEqual(self.part_pump.default_code, old_code)
        self.assertTrue(CODE.match(self.part_pump.default_code))
        history = self.part_pump.part_code_history_ids
        self.assertEqual(history.code, old_code)
        self.assertEqual(history.new_code, self.part_pump.default_code)
        self.assertEqual(history.user_id, self.user_manager)

    def test_former_code_and_segments_find_the_part(self):
        old_code = self.part_pump.default_code
        self.part_pump.with_user(self.user_manager).action_regenerate_part_code()
        product_model = self.env["product.product"].with_user(self.user_technician)
        found = [pid for pid, _name in product_model.name_search(old_code)]
        self.assertEqual(found, [self.part_pump.id])
        self.assertIn(self.part_pump, product_model.search([("display_name", "ilike", old_code)]))
        # any segment of the code finds the parts having it
        by_device = product_model.search([("default_code", "ilike", "TW100")])
        self.assertIn(self.part_pump, by_device)
        self.assertNotIn(self.part_filter, by_device)
        by_family = [pid for pid, _name in product_model.name_search("TPMH")]
        self.assertIn(self.part_filter.id, by_family)

    # ------------------------------------------------------------
    # Fit
    # ------------------------------------------------------------

    def test_parts_fitting_a_device(self):
        gasket = self._create_part(
            "Test Gasket", self.family_pump, self.component_hydro, models=self.device_family
        )
        washer_tmpl = self.product_washer.product_tmpl_id
        fitting = self.env["product.template"].search(self.device_washer._fitting_parts_domain())
        self.assertIn(self.part_pump.product_tmpl_id, fitting)
        self.assertIn(gasket.product_tmpl_id, fitting, "a part fitting the family fits the model")
        self.assertNotIn(self.part_filter.product_tmpl_id, fitting)
        self.assertEqual(washer_tmpl.fitting_part_count, len(fitting))
        ticket = self._create_repair_ticket()
        self.assertEqual(ticket.fitting_part_count, len(fitting))
        action = ticket.action_view_fitting_parts()
        self.assertEqual(self.env["product.template"].search(action["domain"]), fitting)
        self.assertIn(washer_tmpl, self.part_pump.product_tmpl_id.compatible_product_tmpl_ids)

    # ------------------------------------------------------------
    # Bulk coding
    # ------------------------------------------------------------

    def _create_uncoded_parts(self, count, prefix):
        templates = self.env["product.template"].create(
            [
                {
                    "name": f"{prefix} {index}",
                    "is_spare_part": True,
                    "part_component_id": self.component_elec.id,
                    "compatible_device_model_ids": [Command.set(self.device_ac.ids)],
                }
                for index in range(count)
            ]
        )
        templates.write({"part_family_id": self.family_motor.id})
        return templates.product_variant_ids

    def test_bulk_wizard_preview_then_generate(self):
        parts = self._create_uncoded_parts(60, "Test Bulk")
        broken = self._create_part("Test Bulk Broken", False, self.component_elec)
        wizard = (
            self.env["aftersales.part.code.generate"]
            .with_user(self.user_warehouse)
            .with_context(
                active_model="product.template",
                active_ids=(parts | broken).product_tmpl_id.ids,
            )
            .create({})
        )
        self.assertEqual(wizard.to_code_count, 61)
        preview = wizard.preview_line_ids
        self.assertEqual(len(preview), 50, "the preview shows the first parts")
        proposed = preview.filtered("code").mapped("code")
        self.assertEqual(len(set(proposed)), len(proposed))
        self.assertFalse(
            self.env["aftersales.part.code.counter"].search(
                [("prefix", "=", "TMOE-TAC10-00-####")]
            ),
            "a preview reserves no number",
        )
        wizard.action_generate()
        self.assertEqual(wizard.state, "done")
        self.assertEqual(wizard.coded_count, 60)
        self.assertEqual(wizard.problem_product_ids, broken)
        codes = parts.mapped("default_code")
        self.assertTrue(all(CODE.match(code) for code in codes))
        numbers = sorted(int(CODE.match(code)["number"]) for code in codes)
        self.assertEqual(numbers, list(range(1, 61)))
        self.assertEqual(sorted(codes)[:1], sorted(proposed)[:1], "the preview was accurate")

    def test_bulk_coding_queries_do_not_grow_per_part(self):
        small = self._create_uncoded_parts(10, "Test Small")
        large = self._create_uncoded_parts(200, "Test Large")
        self.env.invalidate_all()
        queries_before = self.env.cr.sql_log_count
        small._aftersales_assign_part_codes()
        small_queries = self.env.cr.sql_log_count - queries_before
        self.env.invalidate_all()
        queries_before = self.env.cr.sql_log_count
        large._aftersales_assign_part_codes()
        large_queries = self.env.cr.sql_log_count - queries_before
        self.assertTrue(all(large.mapped("default_code")))
        # 20 times more parts: a few more batched UPDATEs, never one query per part
        self.assertLess(large_queries, small_queries + 20, (small_queries, large_queries))
