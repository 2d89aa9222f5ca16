# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AgentsCommon


@tagged("post_install", "-at_install")
class TestAftersalesTicketInvoice(AgentsCommon):
    """Paid repairs are quoted and invoiced through the sale order of the
    case's repair order: Odoo prices, taxes, invoices and credits them."""

    def _quoted_ticket(self, finish=False, **values):
        ticket = self._create_ticket(**dict({"service_center_id": self.workshop_ca.id}, **values))
        repair = self._repair(ticket, labour_hours=2.0, parts=1, finish=finish)
        return ticket, repair, repair.sale_order_id

    def test_quotation_is_the_repair_sale_order(self):
        ticket, repair, order = self._quoted_ticket()
        self.assertEqual(ticket.warranty_state, "not_applicable")
        self.assertFalse(repair.under_warranty)
        self.assertEqual(order.aftersales_ticket_id, ticket)
        self.assertEqual(ticket.repair_sale_order_ids, order)
        self.assertEqual(ticket.repair_quotation_state, "waiting")
        self.assertEqual(
            {(line.product_id, line.product_uom_qty, line.price_unit) for line in order.order_line},
            {(self.product_labour, 2.0, 60.0), (self.product_part, 1.0, 80.0)},
        )
        self.assertEqual(order.amount_untaxed, 200.0)
        self.assertEqual(order.amount_tax, 40.0)
        # the lines go to the center's analytic account (its P&L)
        distribution = self.workshop_ca._aftersales_analytic_distribution()
        self.assertTrue(distribution)
        self.assertEqual(order.order_line.mapped("analytic_distribution"), [distribution] * 2)
        # the pro-forma is the quotation's own
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sale.action_report_pro_forma_invoice", order.ids)[0]
            .decode()
        )
        self.assertIn("Pro-Forma", html)

    def test_no_work_before_acceptance(self):
        _ticket, repair, _order = self._quoted_ticket()
        repair._action_repair_confirm()
        with self.assertRaisesRegex(UserError, "not accepted the quotation"):
            repair.action_repair_start()
        self.assertEqual(repair.state, "confirmed")
        # the company may let the work start at once
        self.env.company.aftersales_quote_acceptance_required = False
        repair.action_repair_start()
        self.assertEqual(repair.state, "under_repair")

    def test_accepted_quotation_starts_and_invoices(self):
        ticket, repair, order = self._quoted_ticket(finish=True)
        self.assertEqual(order.state, "sale")
        self.assertEqual(repair.state, "done")
        self.assertEqual(ticket.repair_quotation_state, "accepted")
        self.assertEqual(ticket.service_amount_charged, 200.0)
        self.assertEqual((ticket.service_labour_amount, ticket.service_parts_amount), (120.0, 80.0))
        invoice = order._create_invoices()
        self.assertEqual(invoice.aftersales_ticket_id, ticket)
        self.assertEqual(ticket.invoice_ids, invoice)
        self.assertEqual(ticket.invoice_count, 1)
        self.assertEqual(invoice.amount_untaxed, 200.0)
        self.assertEqual(
            set(invoice.invoice_line_ids.mapped("aftersales_pl_category")), {"revenue"}
        )
        self.assertEqual(
            invoice.invoice_line_ids.filtered(
                lambda ln: ln.product_id == self.product_part
            ).account_id,
            self.account_parts_income,
        )
        invoice.action_post()
        self.assertEqual(order.invoice_status, "invoiced")

    def test_credit_note_reopens_invoicing(self):
        ticket, _repair, order = self._quoted_ticket(finish=True)
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertEqual(set(order.order_line.mapped("qty_invoiced")), {1.0, 2.0})
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "Wrong part billed"})
        )
        reversal.refund_moves()
        credit_note = invoice.reversal_move_ids
        self.assertEqual(credit_note.move_type, "out_refund")
        credit_note.action_post()
        self.assertEqual(set(order.order_line.mapped("qty_invoiced")), {0.0})
        self.assertEqual(
            order.invoice_status, "to invoice", "the credited work can be invoiced again"
        )
        second = order._create_invoices()
        self.assertEqual(second.amount_untaxed, 200.0)
        self.assertEqual(second.aftersales_ticket_id, ticket)

    def test_refused_quotation_returns_unrepaired(self):
        ticket, repair, order = self._quoted_ticket()
        order._action_cancel()
        self.assertEqual(ticket.repair_quotation_state, "refused")
        self.assertEqual(repair.state, "cancel")
        self.assertIn("refused the quotation", ticket.message_ids[0].body)

    def test_warranty_covers_the_work(self):
        ticket = self._create_ticket(**self._warranty_values())
        self.assertEqual(ticket.warranty_state, "in_warranty")
        repair = self._repair(ticket, labour_hours=2.0, parts=1)
        self.assertTrue(repair.under_warranty)
        self.assertEqual(repair.sale_order_id.amount_total, 0.0, "parts and labour free")
        self.assertEqual(ticket.service_amount_charged, 0.0)
        # the work is still worth its price for the providers' fees
        self.assertEqual((ticket.service_labour_amount, ticket.service_parts_amount), (120.0, 80.0))

    def test_parts_only_warranty_charges_labour(self):
        # the air conditioners' policy covers the parts only
        ticket = self._create_ticket(product_id=self.product_ac.id, **self._warranty_values())
        self.assertEqual(ticket.warranty_policy_id, self.policy_ac)
        self.assertEqual(ticket.warranty_scope, "parts")
        repair = self._repair(ticket, labour_hours=2.0, parts=1, finish=False)
        lines = repair.sale_order_id.order_line
        labour = lines.filtered(lambda ln: ln.product_id == self.product_labour)
        part = lines.filtered(lambda ln: ln.product_id == self.product_part)
        self.assertEqual((labour.price_unit, part.price_unit), (60.0, 0.0))

    def test_warranty_lifted_reprices_the_parts(self):
        ticket = self._create_ticket(**self._warranty_values())
        repair = self._repair(ticket, labour_hours=0.0, parts=1, finish=False)
        repair.action_create_sale_order()
        self.assertEqual(repair.sale_order_id.order_line.price_unit, 0.0)
        ticket.write({"warranty_override_state": "expired"})
        self.assertFalse(repair.under_warranty)
        self.assertEqual(repair.sale_order_id.order_line.price_unit, 80.0)

    def test_pricelist_and_foreign_fiscal_position(self):
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "Dealers -10%",
                "item_ids": [
                    Command.create(
                        {
                            "compute_price": "percentage",
                            "percent_price": 10.0,
                            "applied_on": "3_global",
                        }
                    )
                ],
            }
        )
        tax_export = self._create_tax("Test Export 0%", 0.0, "sale", self.account_tax_due)
        fiscal_position = self.env["account.fiscal.position"].create(
            {
                "name": "Export",
                "tax_ids": [
                    Command.create({"tax_src_id": self.tax_sale.id, "tax_dest_id": tax_export.id})
                ],
            }
        )
        self.customer.write(
            {
                "property_product_pricelist": pricelist.id,
                "property_account_position_id": fiscal_position.id,
            }
        )
        _ticket, _repair, order = self._quoted_ticket()
        self.assertEqual(order.pricelist_id, pricelist)
        self.assertEqual(order.fiscal_position_id, fiscal_position)
        self.assertEqual(
            sorted(order.order_line.mapped("price_unit")), [54.0, 72.0], "10 % off the list prices"
        )
        self.assertEqual(order.order_line.tax_id, tax_export)
        self.assertEqual(order.amount_tax, 0.0)

    def test_repair_in_another_company_is_refused(self):
        ticket = self._create_ticket()
        other = self.env["res.company"].create({"name": "Other Repairs Ltd"})
        repair_type = self.env["stock.warehouse"].search([("company_id", "=", other.id)], limit=1)
        repair_type = repair_type.aftersales_repair_type_id
        with self.assertRaises(UserError):
            self.env["repair.order"].create(
                {
                    "aftersales_ticket_id": ticket.id,
                    "company_id": other.id,
                    "picking_type_id": repair_type.id,
                    "partner_id": ticket.partner_id.id,
                }
            )
        self.assertFalse(ticket.repair_order_ids)

    def test_outcome_from_the_service_type(self):
        self.service_types["paid_repair"].default_outcome = "replace_after"
        ticket = self._create_ticket(service_type="paid_repair")
        self.assertEqual(ticket.outcome, "replace_after")
        ticket.outcome = "refund"
        ticket.summary = "Changed by reception"
        self.assertEqual(ticket.outcome, "refund", "reception's choice stays")
        self.assertEqual(self._create_ticket(service_type="consultation").outcome, "repair")
