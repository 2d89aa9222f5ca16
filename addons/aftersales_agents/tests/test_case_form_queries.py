# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The case form, every tab, as reception opens it: as many queries for a
case with one repair, visit, loaner, fee line, follow-up case, open case of
the same unit, hold and photo as for a case with three of each."""

import base64
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.aftersales_reception.tests.common import QueryCounting

from .common import AgentsCommon

PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
    )
)


@tagged("post_install", "-at_install")
class TestCaseFormQueries(QueryCounting, AgentsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.aftersales_certification_warning = True
        warehouse = cls.company._aftersales_warehouse()
        cls.loaner_product = (
            cls.env["product.template"]
            .create(
                {
                    "name": "Test Loaner Washer",
                    "is_loaner_unit": True,
                    "type": "consu",
                    "is_storable": True,
                    "tracking": "serial",
                }
            )
            .product_variant_id
        )
        cls.loaner_units = cls.env["stock.lot"].create(
            [{"name": f"T-LOAN-{n}", "product_id": cls.loaner_product.id} for n in range(4)]
        )
        for unit in cls.loaner_units:
            cls.env["stock.quant"]._update_available_quantity(
                cls.loaner_product, warehouse.aftersales_loaner_location_id, 1, lot_id=unit
            )
        cls.unit = cls.env["aftersales.equipment"].create(
            {
                "partner_id": cls.customer_tx.id,
                "product_id": cls.product_washer.id,
                "serial_number": "T-FORM-0001",
            }
        )
        cls.case = cls._agent_ticket(
            done=False,
            labour_hours=0,
            parts=0,
            equipment_id=cls.unit.id,
            user_id=cls.user_reception.id,
            technician_id=cls.user_technician.id,
            on_site=True,
        )
        cls.start = fields.Datetime.now().replace(minute=0, second=0, microsecond=0) + timedelta(
            days=2
        )
        cls.lines = 0
        cls._add_lines(1)

    @classmethod
    def _add_lines(cls, count):
        """``count`` more of each line the form's tabs and buttons show."""
        case = cls.case
        for _i in range(count):
            n = cls.lines
            cls._repair(case, labour_hours=1.0, parts=1, finish=False)
            visit = cls.env["aftersales.appointment"].create(
                {
                    "ticket_id": case.id,
                    "technician_id": cls.user_technician.id,
                    "date_start": cls.start + timedelta(days=n),
                    "date_end": cls.start + timedelta(days=n, hours=2),
                }
            )
            visit.action_confirm()
            loaner = cls.env["aftersales.loaner"].create(
                {
                    "ticket_id": case.id,
                    "product_id": cls.loaner_product.id,
                    "lot_id": cls.loaner_units[n].id,
                }
            )
            loaner.action_lend()
            cls._create_ticket(
                partner_id=cls.customer_tx.id,
                origin_ticket_id=case.id,
                summary=f"Follow-up {n}",
            )
            cls._create_ticket(
                partner_id=cls.customer_tx.id,
                equipment_id=cls.unit.id,
                summary=f"Same unit {n}",
            )
            cls.env["aftersales.ticket.sla.hold"].create(
                {
                    "ticket_id": case.id,
                    "kind": "customer",
                    "stage_id": cls.stage_diagnosis.id,
                    "date_start": cls.start - timedelta(days=10 - n),
                    "date_end": cls.start - timedelta(days=9 - n),
                }
            )
            photos = cls.env["ir.attachment"].create(
                [
                    {
                        "name": f"{moment}-{n}.png",
                        "datas": PNG,
                        "res_model": "aftersales.ticket",
                        "res_id": case.id,
                    }
                    for moment in ("before", "after")
                ]
            )
            case.write(
                {
                    "photo_before_ids": [Command.link(photos[0].id)],
                    "photo_after_ids": [Command.link(photos[1].id)],
                }
            )
            cls.lines += 1
        exclusions = [cls.exclusion_misuse, cls.exclusion_liquid, cls.exclusion_power]
        case.warranty_exclusion_ids = [Command.set([e.id for e in exclusions[: cls.lines]])]
        # fee lines of the provider, as the case's pricing writes them
        fee = cls.env["aftersales.fee.line"].search([("ticket_id", "=", case.id)], limit=1)
        if not fee:
            fee = cls.env["aftersales.fee.line"].create(
                {
                    "ticket_id": case.id,
                    "company_id": cls.company.id,
                    "contract_id": cls.contract_technician.id,
                    "description": "Test commission",
                    "date": cls.today,
                    "provider_type": "technician",
                    # fee lines are read by the technician they pay
                    "user_id": cls.user_reception.id,
                    "partner_id": cls.user_reception.partner_id.id,
                    "amount": 10.0,
                }
            )
        while len(case.fee_line_ids) < cls.lines:
            fee.copy()
        case.invalidate_recordset()

    def test_form_queries_do_not_grow_with_lines(self):
        three, values = self.assertFormQueriesDoNotGrow(
            self.user_reception, self.case, lambda: self._add_lines(2)
        )
        self.assertEqual(len(values["repair_order_ids"]), 3)
        self.assertEqual(values["appointment_count"], 3)
        self.assertEqual(values["loaner_count"], 3)
        self.assertEqual(values["loaner_out_count"], 3)
        self.assertEqual(len(values["followup_ticket_ids"]), 3)
        self.assertEqual(values["duplicate_ticket_count"], 3)
        self.assertEqual(len(values["sla_hold_ids"]), 3)
        self.assertEqual(len(values["photo_before_ids"]), 3)
        self.assertEqual(len(values["fee_line_ids"]), 3)
        # the loaners' deliveries, counted for anyone who sees the case
        self.assertEqual(values["aftersales_picking_count"], 3)
        self.assertEqual(values["supplier_claim_count"], 0)
        # the first visit to come
        self.assertEqual(values["appointment_state"], "confirmed")
        self.assertEqual(values["appointment_date"], self.start)
        # the case, its tabs and buttons, the display names they show: 71
        # queries before the visits, calls and counters were read together
        self.assertLessEqual(len(three), 66, "\n".join(three))

    def test_counts_see_pending_changes(self):
        """A transfer moved to another case, and not yet written to the
        database, is counted on its new case."""
        other = self._create_ticket(partner_id=self.customer_tx.id, summary="Other case")
        self.assertEqual(other.aftersales_picking_count, 0)
        self.case.aftersales_picking_ids[:1].aftersales_ticket_id = other
        (self.case | other).invalidate_recordset(["aftersales_picking_count"])
        self.assertEqual(other.aftersales_picking_count, 1)
        self.assertEqual(self.case.aftersales_picking_count, 0)
