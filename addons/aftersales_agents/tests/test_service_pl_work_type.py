# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import tagged, users

from .common import AgentsCommon


@tagged("post_install", "-at_install")
class TestServicePlWorkType(AgentsCommon):
    """The service P&L keeps warranty work and paid work apart, per center
    and per provider.

    - California workshop: a paid repair invoiced, 2 hours at 60.00 and a
      pump at 80.00 = 200.00 of revenue.
    - Texas agent: a paid repair invoiced (200.00 of revenue) earning the
      agent 40% of the labour and 10% of the parts = 56.00; a warranty repair
      earning 50.00 plus 10.00 of travel; a supplier refunds 12.00 of the
      warranty repair's pump.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        workshop_case = cls._create_ticket()
        order = cls._repair(workshop_case, labour_hours=2.0, parts=1).sale_order_id
        order._create_invoices().action_post()
        agent_paid = cls._agent_ticket(labour_hours=2.0, parts=1)
        agent_paid.repair_order_ids.sale_order_id._create_invoices().action_post()
        cls.agent_warranty = cls._agent_ticket(
            warranty=True, travel_distance_km=15.0, visit_count=1
        )
        settlements = (
            cls.env["aftersales.settlement.create"]
            .create(
                {
                    "date_from": cls.today,
                    "date_to": cls.today,
                    "bill_date": cls.today,
                    "partner_ids": [Command.set(cls.agent_partner.ids)],
                }
            )
            ._create_settlements()
        )
        cls.bill = settlements.move_id
        supplier = cls.env["res.partner"].create({"name": "Test Pump Supplier"})
        supplier.property_account_payable_id = cls.account_payable
        claim = cls.env["aftersales.supplier.claim"].create(
            {
                "ticket_id": cls.agent_warranty.id,
                "partner_id": supplier.id,
                "product_id": cls.product_part.id,
                "quantity": 1.0,
                "amount_claimed": 12.0,
            }
        )
        claim.action_send()
        claim.action_create_refund()
        claim.refund_move_id.invoice_date = cls.today
        claim.refund_move_id.action_post()

    def _figures(self, groupby):
        self.env.flush_all()
        groups = self.env["aftersales.service.pl.report"]._read_group(
            [("service_center_id", "in", (self.workshop_ca | self.agent_tx).ids)],
            groupby,
            ["amount:sum", "paid_margin:sum", "warranty_cost:sum", "recovery:sum"],
        )
        return {
            tuple(
                k.code if getattr(k, "_name", "") == "aftersales.service.center" else k
                for k in group[:-4]
            ): group[-4:]
            for group in groups
        }

    def test_bill_lines_split_by_work_type(self):
        lines = self.bill.invoice_line_ids
        self.assertEqual(
            sorted((ln.aftersales_work_type, ln.price_subtotal) for ln in lines),
            [("paid", 56.0), ("warranty", 60.0)],
        )

    def test_warranty_and_paid_apart_per_center(self):
        # margin, paid-repair margin, warranty cost, supplier recoveries
        self.assertEqual(
            self._figures(["service_center_id", "work_type"]),
            {
                ("T-CA", "paid"): (200.0, 200.0, 0.0, 0.0),
                ("T-TX", "paid"): (144.0, 144.0, 0.0, 0.0),
                ("T-TX", "warranty"): (-48.0, 0.0, 60.0, 12.0),
            },
        )
        self.assertEqual(
            self._figures(["service_center_id", "work_type", "category"])[
                ("T-TX", "warranty", "recovery")
            ],
            (12.0, 0.0, 0.0, 12.0),
        )

    def test_per_provider(self):
        figures = self._figures(["provider_partner_id", "work_type"])
        self.assertEqual(figures[(self.agent_partner, "paid")], (-56.0, -56.0, 0.0, 0.0))
        self.assertEqual(figures[(self.agent_partner, "warranty")], (-60.0, 0.0, 60.0, 0.0))

    @users("as_manager")
    def test_manager_reads_the_split(self):
        self.assertIn(("T-TX", "warranty"), self._figures(["service_center_id", "work_type"]))

    def test_parts_valued_in_real_time(self):
        """A part valued in real time books its cost on the center, as parts
        of the case's work type."""
        parts_cost = self.env["account.account"].create(
            {"code": "T50300", "name": "Test Parts Used", "account_type": "expense_direct_cost"}
        )
        valuation = self.env["account.account"].create(
            {"code": "T11300", "name": "Test Parts Stock", "account_type": "asset_current"}
        )
        received = self.env["account.account"].create(
            {"code": "T11400", "name": "Test Parts Received", "account_type": "asset_current"}
        )
        category = self.env["product.category"].create(
            {
                "name": "Test Real-Time Parts",
                "property_cost_method": "standard",
                "property_valuation": "real_time",
                "property_stock_valuation_account_id": valuation.id,
                "property_stock_account_input_categ_id": received.id,
                "property_stock_account_output_categ_id": parts_cost.id,
                "property_stock_journal": self.env["account.journal"]
                .search([("type", "=", "general"), ("company_id", "=", self.company.id)], limit=1)
                .id,
            }
        )
        motor = self.env["product.product"].create(
            {
                "name": "Test Real-Time Motor",
                "is_spare_part": True,
                "type": "consu",
                "is_storable": True,
                "categ_id": category.id,
                "standard_price": 45.0,
            }
        )
        location = self.company._aftersales_warehouse().aftersales_parts_location_id
        self.env["stock.quant"]._update_available_quantity(motor, location, 1)
        ticket = self._create_ticket(**self._warranty_values())
        self._repair(ticket, parts=1, part=motor, location=location)
        figures = self._figures(["service_center_id", "work_type", "category"])
        self.assertEqual(figures[("T-CA", "warranty", "parts")], (-45.0, 0.0, 45.0, 0.0))
