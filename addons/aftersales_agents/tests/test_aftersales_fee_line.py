# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AgentsCommon


@tagged("post_install", "-at_install")
class TestAftersalesFeeLine(AgentsCommon):
    def _fees(self, ticket):
        return {line.description: line.amount for line in ticket.fee_line_ids}

    # ------------------------------------------------------------
    # Fee rule kinds
    # ------------------------------------------------------------

    def test_fixed_fee_for_warranty_work(self):
        ticket = self._agent_ticket(warranty=True)
        self.assertEqual(ticket.service_type, "warranty_repair")
        line = ticket.fee_line_ids
        self.assertEqual(len(line), 1, "warranty work: the fixed fee only, no percentage")
        self.assertEqual(line.amount, 50.0)
        self.assertEqual(line.kind, "fee")
        self.assertEqual(line.work_type, "warranty")
        self.assertEqual(line.partner_id, self.agent_partner)
        self.assertEqual(line.provider_center_id, self.agent_tx)
        self.assertEqual(line.service_center_id, self.agent_tx)
        self.assertEqual(line.contract_id, self.contract_tx)
        self.assertEqual(line.date, ticket.date_done.date())
        self.assertEqual(line.state, "to_settle")

    def test_percentages_of_labour_and_parts_for_paid_work(self):
        ticket = self._agent_ticket(labour_hours=2.0, parts=2)
        self.assertEqual(ticket.service_type, "paid_repair")
        self.assertEqual(ticket.service_labour_amount, 120.0)
        self.assertEqual(ticket.service_parts_amount, 160.0)
        labour = ticket.fee_line_ids.filtered(lambda f: f.rule_id.percent_base == "labour")
        parts = ticket.fee_line_ids.filtered(lambda f: f.rule_id.percent_base == "parts")
        self.assertEqual((labour.base_amount, labour.rate, labour.amount), (120.0, 40.0, 48.0))
        self.assertEqual((parts.base_amount, parts.rate, parts.amount), (160.0, 10.0, 16.0))
        self.assertEqual(ticket.fee_amount_total, 64.0)

    def test_percentage_of_labour_and_parts_together(self):
        contract = self.contract_tx
        contract.rule_ids = [
            Command.unlink(rule.id) for rule in contract.rule_ids if rule.kind == "percent"
        ] + [
            Command.create(
                {"kind": "percent", "percent": 25.0, "percent_base": "both", "work_type": "paid"}
            )
        ]
        ticket = self._agent_ticket(labour_hours=1.0, parts=1)
        self.assertEqual(
            self._fees(ticket),
            {"All services, Paid Work (billed to the customer): 25.0% of labour and parts": 35.0},
        )

    def test_travel_per_distance_band(self):
        ticket = self._agent_ticket(warranty=True, visit_count=2, travel_distance_km=35.0)
        travel = ticket.fee_line_ids.filtered(lambda f: f.rule_id.kind == "travel_km")
        self.assertEqual((travel.quantity, travel.base_amount, travel.amount), (2.0, 35.0, 50.0))
        ticket.travel_distance_km = 12.0
        self.assertEqual(travel.amount, 20.0, "a closer customer falls in the first band")
        ticket.travel_distance_km = 140.0
        self.assertFalse(travel.exists(), "no band covers 140 km: no travel fee")

    def test_travel_per_visit(self):
        contract = self.contract_tx
        contract.rule_ids.filtered(lambda r: r.kind == "travel_km").unlink()
        contract.rule_ids = [Command.create({"kind": "travel_visit", "amount": 18.0})]
        ticket = self._agent_ticket(warranty=True, visit_count=3)
        travel = ticket.fee_line_ids.filtered(lambda f: f.rule_id.kind == "travel_visit")
        self.assertEqual(travel.amount, 54.0)
        ticket.visit_count = 0
        self.assertFalse(travel.exists(), "work at the workshop: no travel")

    def test_technician_percentage_and_salary(self):
        ticket = self._create_ticket(technician_id=self.user_technician.id)
        self.assertEqual(ticket.service_center_id, self.workshop_ca)
        self._repair(ticket, labour_hours=3.0)
        ticket.stage_id = self.stage_done
        line = ticket.fee_line_ids
        self.assertEqual(
            (line.provider_type, line.user_id, line.amount),
            ("technician", self.user_technician, 18.0),
        )
        self.assertEqual(line.partner_id, self.user_technician.partner_id)
        self.assertEqual(line.service_center_id, self.workshop_ca)
        # a salaried technician earns no fee
        self.contract_technician.action_terminate()
        salaried = self.env["aftersales.agent.contract"].create(
            {
                "provider_type": "technician",
                "user_id": self.user_technician_other.id,
                "pay_mode": "salary",
                "salary_amount": 3200.0,
                "date_start": self.today - timedelta(days=10),
            }
        )
        salaried.action_activate()
        other = self._create_ticket(technician_id=self.user_technician_other.id)
        self._repair(other, labour_hours=1.0)
        other.stage_id = self.stage_done
        self.assertFalse(other.fee_line_ids)

    def test_service_type_outside_contract_earns_nothing(self):
        # recorded as done at once (installations may have to pass a quality
        # check before they are done)
        ticket = self._create_ticket(
            technician_id=self.user_technician.id,
            service_type="installation",
            stage_id=self.stage_done.id,
        )
        self._repair(ticket, labour_hours=1.0)
        ticket.action_recompute_fees()
        self.assertEqual(ticket.stage_type, "done")
        self.assertFalse(ticket.fee_line_ids)

    # ------------------------------------------------------------
    # Computation rules
    # ------------------------------------------------------------

    def test_recompute_is_idempotent(self):
        ticket = self._agent_ticket(
            labour_hours=2.0,
            parts=1,
            visit_count=1,
            travel_distance_km=5,
            user_id=self.user_reception.id,
        )
        before = ticket.fee_line_ids
        self.assertEqual(len(before), 3)
        ticket.action_recompute_fees()
        ticket.stage_id = self.stage_closed
        self.env["aftersales.fee.line"]._sync_tickets(ticket)
        self.assertEqual(ticket.fee_line_ids, before, "recomputing never duplicates")
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            before[0].copy({"amount": 1.0, "date": self.today, "description": "Duplicate"})

    def test_contract_in_force_on_service_date(self):
        today_ticket = self._agent_ticket(warranty=True, done=False)
        later_ticket = self._agent_ticket(warranty=True, done=False)
        self.contract_tx.action_terminate()
        successor = self._create_agent_contract(
            date_start=self.today + timedelta(days=1),
            date_end=self.today + timedelta(days=365),
            rule_ids=[Command.create({"kind": "fixed", "amount": 70.0})],
        )
        successor.action_activate()
        today_ticket.stage_id = self.stage_done
        with freeze_time(datetime.combine(self.today + timedelta(days=5), time(10, 0))):
            later_ticket.stage_id = self.stage_done
        self.assertEqual(today_ticket.fee_line_ids.contract_id, self.contract_tx)
        self.assertEqual(today_ticket.fee_amount_total, 50.0)
        self.assertEqual(later_ticket.fee_line_ids.contract_id, successor)
        self.assertEqual(later_ticket.fee_amount_total, 70.0)

    def test_reopened_case_keeps_fees_until_done_again(self):
        ticket = self._agent_ticket(labour_hours=2.0, parts=0)
        fee = ticket.fee_line_ids
        ticket.stage_id = self.stage_repair
        self.assertEqual(ticket.fee_line_ids, fee)
        self._labour_line(ticket).product_uom_qty = 4.0
        self.assertEqual(fee.amount, 48.0, "nothing is recomputed while the work goes on")
        ticket.stage_id = self.stage_done
        self.assertEqual(fee.amount, 96.0)

    def test_cancelled_case_earns_nothing(self):
        ticket = self._agent_ticket(labour_hours=2.0, parts=0)
        self.assertTrue(ticket.fee_line_ids)
        ticket.stage_id = self.stage_cancelled
        self.assertFalse(ticket.fee_line_ids)

    def test_change_after_settlement_makes_adjustment(self):
        ticket = self._agent_ticket(labour_hours=2.0, parts=0)
        fee = ticket.fee_line_ids
        settlement = self._settle()
        self.assertEqual(fee.settlement_id, settlement)
        self._labour_line(ticket).product_uom_qty = 3.0
        adjustment = ticket.fee_line_ids - fee
        self.assertEqual(fee.amount, 48.0, "the settled line does not change")
        self.assertEqual(
            (adjustment.kind, adjustment.revision, adjustment.amount), ("adjustment", 1, 24.0)
        )
        self.assertEqual(adjustment.date, self.today)
        self.assertFalse(adjustment.settlement_id)
        self._labour_line(ticket).product_uom_qty = 3.5
        self.assertEqual(ticket.fee_line_ids - fee, adjustment, "one open adjustment per rule")
        self.assertEqual(adjustment.amount, 36.0)
        self._labour_line(ticket).product_uom_qty = 2.0
        self.assertFalse(adjustment.exists(), "back to the settled amount: nothing to adjust")
        with self.assertRaisesRegex(UserError, "already settled cannot change"):
            fee.amount = 10.0
        with self.assertRaisesRegex(UserError, "they are on a vendor bill"):
            fee.unlink()
        ticket.stage_id = self.stage_cancelled
        reversal = ticket.fee_line_ids - fee
        self.assertEqual(reversal.amount, -48.0, "a cancelled case gives its settled fee back")

    # ------------------------------------------------------------
    # Assignment
    # ------------------------------------------------------------

    def test_assignment_needs_covering_contract(self):
        with self.assertRaisesRegex(ValidationError, "no active contract covering Consultation"):
            self._create_ticket(partner_id=self.customer_tx.id, service_type="consultation")
        self.contract_tx.territory_mode = "custom"
        self.contract_tx.territory_ids = [
            Command.create({"country_id": self.country.id, "state_id": self.state_ny.id})
        ]
        with self.assertRaisesRegex(ValidationError, "77002, Houston"):
            self._agent_ticket(done=False)
        self.contract_tx.territory_ids = [
            Command.create({"country_id": self.country.id, "zip_from": "77000", "zip_to": "77099"})
        ]
        self.assertEqual(self._agent_ticket(done=False).agent_contract_id, self.contract_tx)

    def test_assignment_refused_after_expiry(self):
        ticket = self._agent_ticket(done=False)
        self.contract_tx.action_terminate()
        self.contract_tx.date_terminated = self.today - timedelta(days=1)
        with self.assertRaisesRegex(ValidationError, "cannot go to the agent workshop"):
            self._agent_ticket(done=False)
        with self.assertRaisesRegex(ValidationError, "cannot go to the agent workshop"):
            self._create_ticket(partner_id=self.customer.id).service_center_id = self.agent_tx
        ticket.stage_id = self.stage_done
        self.assertEqual(ticket.stage_type, "done", "work already given is finished")

    def test_agent_without_any_contract_not_controlled(self):
        newcomer = self.env["aftersales.service.center"].create(
            {"name": "Test Newcomer Agent", "code": "T-NEW", "center_type": "agent"}
        )
        ticket = self._create_ticket(partner_id=self.customer_tx.id)
        ticket.service_center_id = newcomer
        ticket.stage_id = self.stage_done
        self.assertFalse(ticket.fee_line_ids, "no contract, no fee")
        self.assertFalse(ticket.agent_contract_id)

    def test_certification_warning(self):
        ticket = self._agent_ticket(done=False, product_id=self.product_ac.id)
        self.assertIn("Test Texas Agent", ticket.certification_warning)
        self.assertIn("Test Climate", ticket.certification_warning)
        self.assertEqual(
            ticket._onchange_warn_certification()["warning"]["title"], "Provider not certified"
        )
        self.env["aftersales.certification"].create(
            {
                "provider_type": "agent",
                "service_center_id": self.agent_tx.id,
                "categ_id": self.categ_appliances.id,
                "date_expiry": self.today + timedelta(days=100),
            }
        )
        ticket.invalidate_recordset(["certification_warning"])
        self.assertFalse(ticket.certification_warning, "trained for the parent category")
        self.assertFalse(ticket._onchange_warn_certification())
        ticket.technician_id = self.user_technician
        self.assertIn("Test Climate products: Theo Technician.", ticket.certification_warning)
        self.company.aftersales_certification_warning = False
        ticket.invalidate_recordset(["certification_warning"])
        self.assertFalse(ticket.certification_warning)

    def test_expired_certification_warns(self):
        certification = self.env["aftersales.certification"].create(
            {
                "provider_type": "agent",
                "service_center_id": self.agent_tx.id,
                "categ_id": self.categ_climate.id,
                "date_certified": self.today - timedelta(days=400),
                "date_expiry": self.today - timedelta(days=35),
            }
        )
        self.assertFalse(certification.is_valid)
        ticket = self._agent_ticket(done=False, product_id=self.product_ac.id)
        self.assertTrue(ticket.certification_warning)
        with self.assertRaisesRegex(ValidationError, "expires .* before it was given"):
            certification.date_expiry = self.today - timedelta(days=500)

    # ------------------------------------------------------------
    # Performance
    # ------------------------------------------------------------

    def test_fee_computation_queries_do_not_grow_with_cases(self):
        def batch(size):
            tickets = self.env["aftersales.ticket"]
            for _index in range(size):
                tickets |= self._agent_ticket(labour_hours=1.0, parts=1, done=False)
            tickets.write({"stage_id": self.stage_done.id})
            tickets.fee_line_ids.unlink()
            self.env.invalidate_all()
            self.env.flush_all()
            before = self.cr.sql_log_count
            self.env["aftersales.fee.line"]._sync_tickets(tickets)
            self.env.flush_all()
            self.assertEqual(len(tickets.fee_line_ids), 2 * size)
            return self.cr.sql_log_count - before

        small, large = batch(5), batch(25)
        self.assertLessEqual(large, small + 2, f"{small} queries for 5 cases, {large} for 25")

    def test_fee_computation_queries_do_not_grow_with_providers(self):
        centers = self.env["aftersales.service.center"].create(
            [
                {
                    "name": f"Test Agent {index}",
                    "code": f"T-AG{index}",
                    "center_type": "agent",
                    "partner_id": self.agent_partner.id,
                }
                for index in range(12)
            ]
        )
        for center in centers:
            self._create_agent_contract(service_center_id=center.id).action_activate()

        def batch(providers):
            tickets = self.env["aftersales.ticket"]
            for index in range(12):
                ticket = self._agent_ticket(labour_hours=1.0, parts=1, done=False)
                ticket.service_center_id = providers[index % len(providers)]
                tickets |= ticket
            tickets.write({"stage_id": self.stage_done.id})
            tickets.fee_line_ids.unlink()
            self.env.invalidate_all()
            self.env.flush_all()
            before = self.cr.sql_log_count
            self.env["aftersales.fee.line"]._sync_tickets(tickets)
            self.env.flush_all()
            self.assertEqual(len(tickets.fee_line_ids), 24)
            return self.cr.sql_log_count - before

        one, twelve = batch(centers[:1]), batch(centers)
        self.assertLessEqual(twelve, one + 2, f"{one} queries for 1 agent, {twelve} for 12")

    # ------------------------------------------------------------
    # Access
    # ------------------------------------------------------------

    def _fees_of_everyone(self):
        agent_ticket = self._agent_ticket(labour_hours=1.0, parts=0)
        own_ticket = self._create_ticket(technician_id=self.user_technician.id)
        self._repair(own_ticket, labour_hours=1.0)
        own_ticket.stage_id = self.stage_done
        return agent_ticket.fee_line_ids, own_ticket.fee_line_ids

    def test_access_per_role(self):
        agent_fees, technician_fees = self._fees_of_everyone()
        fee_model = self.env["aftersales.fee.line"]
        all_fees = agent_fees | technician_fees
        self.assertEqual(
            fee_model.with_user(self.user_technician).search([("id", "in", all_fees.ids)]),
            technician_fees,
        )
        self.assertFalse(
            fee_model.with_user(self.user_technician_other).search([("id", "in", all_fees.ids)])
        )
        self.assertEqual(
            fee_model.with_user(self.user_portal_agent).search([("id", "in", all_fees.ids)]),
            agent_fees,
        )
        self.assertEqual(
            fee_model.with_user(self.user_agent_manager).search([("id", "in", all_fees.ids)]),
            all_fees,
        )
        self.assertEqual(
            fee_model.with_user(self.user_accountant).search([("id", "in", all_fees.ids)]),
            all_fees,
        )
        with self.assertRaises(AccessError):
            technician_fees.with_user(self.user_technician).write({"note": "more please"})
        with self.assertRaises(AccessError):
            fee_model.with_user(self.user_agent_manager).create(
                technician_fees._copy_provider_values()
                | {"description": "Bonus", "amount": 5.0, "date": self.today}
            )

    def test_technician_closing_a_case_prices_it(self):
        ticket = self._create_ticket(technician_id=self.user_technician.id)
        # reception quotes the labour, the technician repairs and closes
        self._repair(ticket, labour_hours=1.0)
        ticket = ticket.with_user(self.user_technician)
        ticket.stage_id = self.stage_done
        self.assertEqual(ticket.fee_line_ids.amount, 6.0)
        with self.assertRaises(AccessError):
            ticket.fee_line_ids.unlink()


@tagged("post_install", "-at_install")
class TestAftersalesChargeback(AgentsCommon):
    """Consignment parts an agent uses on paid work are charged back on its
    settlement; parts from the stock count in the parts value and are
    invoiced to the customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent_tx.action_create_consignment_location()
        cls.consignment = cls.agent_tx.consignment_location_id
        cls.parts_location = cls.company._aftersales_warehouse().aftersales_parts_location_id
        cls.spare_pump = (
            cls.env["product.template"]
            .create(
                {
                    "name": "Test Consigned Pump",
                    "is_spare_part": True,
                    "type": "consu",
                    "is_storable": True,
                    "list_price": 50.0,
                    "standard_price": 20.0,
                    "property_account_income_id": cls.account_parts_income.id,
                    "taxes_id": [Command.set(cls.tax_sale.ids)],
                }
            )
            .product_variant_id
        )
        quant_model = cls.env["stock.quant"]
        quant_model._update_available_quantity(cls.spare_pump, cls.consignment, 5)
        quant_model._update_available_quantity(cls.spare_pump, cls.parts_location, 5)
        cls.contract_tx.chargeback_mode = "cost"

    def _ticket_with_parts(self, quantity=2.0, location=None, **values):
        ticket = self._agent_ticket(labour_hours=0.0, parts=0, done=False, **values)
        repair = self._repair(
            ticket, labour_hours=2.0, parts=quantity, part=self.spare_pump, location=location
        )
        self.assertEqual(repair.move_ids.location_id, location or self.consignment)
        self.assertEqual(repair.move_ids.state, "done")
        ticket.stage_id = self.stage_done
        return ticket

    def test_chargeback_at_cost_on_the_settlement(self):
        ticket = self._ticket_with_parts()
        chargeback = ticket.fee_line_ids.filtered(lambda f: f.kind == "chargeback")
        self.assertEqual(chargeback.stock_move_id, ticket.repair_order_ids.move_ids)
        self.assertEqual((chargeback.quantity, chargeback.amount), (2.0, -40.0))
        parts_fee = ticket.fee_line_ids.filtered(lambda f: f.rule_id.percent_base == "parts")
        self.assertEqual(parts_fee.amount, 10.0, "10 % of the 100.00 of parts used")
        settlement = self._settle(partner_ids=[Command.set(self.agent_partner.ids)])
        self.assertEqual(settlement.amount_total, 18.0)  # 48 + 10 - 40
        self.assertEqual(
            sorted(
                (line.account_id.code, line.debit, line.credit)
                for line in settlement.move_id.line_ids
            ),
            [
                ("T13100", 5.8, 0.0),  # tax on the fees only
                ("T21100", 0.0, 23.8),
                ("T51900", 0.0, 40.0),  # parts charged back
                ("T61200", 58.0, 0.0),
            ],
        )
        line = settlement.move_id.invoice_line_ids.filtered(lambda ln: ln.credit)
        self.assertEqual(line.aftersales_pl_category, "parts")
        self.env["aftersales.fee.line"]._sync_tickets(ticket)
        self.assertEqual(len(ticket.fee_line_ids.filtered(lambda f: f.kind == "chargeback")), 1)

    def test_chargeback_at_price(self):
        self.contract_tx.chargeback_mode = "price"
        ticket = self._ticket_with_parts(quantity=1.0)
        chargeback = ticket.fee_line_ids.filtered(lambda f: f.kind == "chargeback")
        self.assertEqual(chargeback.amount, -50.0)

    def test_no_chargeback(self):
        warranty = self._ticket_with_parts(**self._warranty_values())
        self.assertFalse(
            warranty.fee_line_ids.filtered(lambda f: f.kind == "chargeback"),
            "warranty work: the company pays the part",
        )
        from_stock = self._ticket_with_parts(location=self.parts_location)
        self.assertFalse(
            from_stock.fee_line_ids.filtered(lambda f: f.kind == "chargeback"),
            "a part from the company's stock is not the agent's",
        )
        self.contract_tx.chargeback_mode = "none"
        ticket = self._ticket_with_parts()
        self.assertFalse(ticket.fee_line_ids.filtered(lambda f: f.kind == "chargeback"))

    def test_only_chargebacks_make_a_refund(self):
        self.contract_tx.chargeback_mode = "price"
        ticket = self._ticket_with_parts(quantity=3.0)
        ticket.fee_line_ids.filtered(lambda f: f.kind == "fee").unlink()
        settlement = self._settle(partner_ids=[Command.set(self.agent_partner.ids)])
        self.assertEqual(settlement.amount_total, -150.0)
        self.assertEqual(settlement.move_id.move_type, "in_refund")
        self.assertEqual(settlement.move_id.amount_total, 150.0)

    def test_stock_parts_invoiced_to_the_customer(self):
        ticket = self._ticket_with_parts(location=self.parts_location)
        order = ticket.repair_sale_order_ids
        invoice = order._create_invoices()
        part_line = invoice.invoice_line_ids.filtered(lambda ln: ln.product_id == self.spare_pump)
        self.assertEqual((part_line.quantity, part_line.price_unit), (2.0, 50.0))
        self.assertEqual(part_line.account_id, self.account_parts_income)
        self.assertEqual(invoice.amount_untaxed, 220.0)  # 120 labour + 100 parts
        self.assertEqual(invoice.aftersales_ticket_id, ticket)
        self.assertEqual(order.invoice_status, "invoiced")
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(self.spare_pump, self.parts_location),
            3.0,
            "the two parts left the spare-parts stock",
        )


@tagged("post_install", "-at_install")
class TestServiceTypeLabels(AgentsCommon):
    def test_service_types_read_in_the_users_language(self):
        """The models offering the cases' service types (fee lines, rules,
        accounts, SLA policies) label them in the user's language, as the
        cases do: the settlement's bill lines and the fee lists read them."""
        self.env["res.lang"]._activate_lang("de_DE")
        self.env.ref(
            "aftersales_reception.selection__aftersales_ticket__service_type__paid_repair"
        ).with_context(lang="de_DE").name = "Kostenpflichtige Reparatur"
        german = self.env(context=dict(self.env.context, lang="de_DE"))
        for model in (
            "aftersales.ticket",
            "aftersales.fee.line",
            "aftersales.fee.rule",
            "aftersales.fee.account",
            "aftersales.sla.policy",
        ):
            labels = dict(german[model].fields_get(["service_type"])["service_type"]["selection"])
            self.assertEqual(labels["paid_repair"], "Kostenpflichtige Reparatur", model)
            english = dict(
                self.env[model].fields_get(["service_type"])["service_type"]["selection"]
            )
            self.assertEqual(english["paid_repair"], "Paid Repair", model)
        # the stored value stays the key, whatever the language of the writer
        ticket = self._agent_ticket(warranty=False, labour_hours=1.0, parts=0)
        lines = ticket.fee_line_ids.with_env(german)
        self.assertTrue(lines)
        self.assertEqual(set(lines.mapped("service_type")), {"paid_repair"})
