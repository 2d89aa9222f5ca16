# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import AgentsCommon


@tagged("post_install", "-at_install")
class TestAftersalesTicketInvoice(AgentsCommon):
    def _workshop_ticket(self, **values):
        ticket = self._create_ticket(**values)
        ticket.service_line_ids = [
            Command.create(
                {
                    "line_type": "labour",
                    "quantity": 2.0,
                    "price_unit": 60.0,
                    "tax_ids": [Command.set(self.tax_sale.ids)],
                }
            ),
            Command.create(
                {
                    "line_type": "part",
                    "product_id": self.product_part.id,
                    "tax_ids": [Command.set(self.tax_sale.ids)],
                }
            ),
        ]
        return ticket

    def test_work_lines_defaults(self):
        ticket = self._create_ticket()
        with Form(ticket) as form, form.service_line_ids.new() as line:
            line.line_type = "labour"
            self.assertEqual(line.product_id, self.product_labour)
            self.assertEqual(line.price_unit, self.product_labour.lst_price)
            line.line_type = "part"
            self.assertFalse(line.product_id, "a part is chosen, not proposed")
            line.product_id = self.product_part
            self.assertEqual(line.price_unit, 80.0)
            self.assertEqual(list(line.tax_ids), [self.tax_sale])
        self.assertEqual(ticket.service_parts_amount, 80.0)

    def test_invoice_paid_repair(self):
        ticket = self._workshop_ticket()
        self.assertEqual(ticket.warranty_state, "not_applicable")
        self.assertEqual(ticket.service_amount_charged, 200.0)
        self.assertTrue(ticket.has_lines_to_invoice)

        # pro-forma first: what the customer will pay
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("aftersales_agents.report_aftersales_proforma", ticket.ids)[0]
            .decode()
        )
        self.assertIn("Pro-Forma Invoice", html)
        self.assertIn("Test Drain Pump", html)
        self.assertIn("240.00", html)
        self.company.external_report_layout_id = self.env.ref("web.external_layout_standard")
        self.assertEqual(ticket.action_print_proforma()["type"], "ir.actions.report")

        action = ticket.action_create_invoice()
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual((invoice.move_type, invoice.state), ("out_invoice", "draft"))
        self.assertEqual(invoice.partner_id, self.customer)
        self.assertEqual(invoice.invoice_origin, ticket.name)
        self.assertEqual(invoice.aftersales_ticket_id, ticket)
        self.assertEqual(ticket.invoice_ids, invoice)
        self.assertEqual(invoice.amount_untaxed, 200.0)
        self.assertEqual(invoice.amount_total, 240.0)
        analytic = {str(self.workshop_ca.analytic_account_id.id): 100.0}
        for line in invoice.invoice_line_ids:
            self.assertEqual(line.analytic_distribution, analytic)
        invoice.action_post()
        self.assertEqual(
            sorted((line.account_id.code, line.debit, line.credit) for line in invoice.line_ids),
            [
                ("T12100", 240.0, 0.0),  # receivable
                ("T24100", 0.0, 40.0),  # sales tax 20 %
                ("T70100", 0.0, 120.0),  # labour income
                ("T70200", 0.0, 80.0),  # parts income
            ],
        )
        self.assertTrue(all(ticket.service_line_ids.mapped("is_invoiced")))
        self.assertFalse(ticket.has_lines_to_invoice)
        self.assertEqual(ticket.invoice_count, 1)
        with self.assertRaisesRegex(UserError, "nothing to invoice"):
            ticket.action_create_invoice()
        with self.assertRaisesRegex(UserError, "were invoiced to the customer"):
            ticket.service_line_ids[0].quantity = 5.0
        with self.assertRaisesRegex(UserError, "Invoiced work lines cannot be deleted"):
            ticket.service_line_ids[0].unlink()

    def test_cancelled_invoice_frees_the_work(self):
        ticket = self._workshop_ticket()
        invoice = self.env["account.move"].browse(ticket.action_create_invoice()["res_id"])
        invoice.button_cancel()
        self.assertTrue(ticket.has_lines_to_invoice)
        ticket.service_line_ids[0].quantity = 3.0
        second = self.env["account.move"].browse(ticket.action_create_invoice()["res_id"])
        self.assertEqual(second.amount_untaxed, 260.0)

    def test_warranty_covers_the_work(self):
        ticket = self._workshop_ticket(**self._warranty_values())
        self.assertTrue(all(ticket.service_line_ids.mapped("covered")))
        self.assertEqual(ticket.service_amount_charged, 0.0)
        self.assertEqual(ticket.service_labour_amount, 120.0, "the work keeps its value")
        with self.assertRaisesRegex(UserError, "nothing to invoice"):
            ticket.action_create_invoice()

    def test_parts_only_warranty_invoices_labour(self):
        unit = self.env["aftersales.equipment"].create(
            {
                "partner_id": self.customer.id,
                "product_id": self.product_ac.id,
                "serial_number": "T-AC-INV",
                "purchase_date": self.today - timedelta(days=30),
            }
        )
        ticket = self._workshop_ticket(equipment_id=unit.id)
        self.assertEqual((ticket.warranty_state, ticket.warranty_scope), ("in_warranty", "parts"))
        labour, part = ticket.service_line_ids
        self.assertEqual((labour.covered, part.covered), (False, True))
        invoice = self.env["account.move"].browse(ticket.action_create_invoice()["res_id"])
        self.assertEqual(invoice.invoice_line_ids.aftersales_service_line_id, labour)
        self.assertEqual(invoice.amount_untaxed, 120.0)

    def test_line_without_product(self):
        ticket = self._create_ticket()
        ticket.service_line_ids = [
            Command.create({"line_type": "part", "name": "Unlisted gasket", "price_unit": 4.0})
        ]
        with self.assertRaisesRegex(UserError, "Unlisted gasket"):
            ticket.action_create_invoice()

    def test_proforma_needs_work(self):
        with self.assertRaisesRegex(UserError, "has no work lines"):
            self._create_ticket().action_print_proforma()
