# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The demo database tells the truth: each demo person holds exactly their
role and lands in After-Sales, and the demo cases have their dates and their
mails in the order things happened. Runs on the database installed with the
demo data of the four addons (aftersales_agents installs last)."""

from itertools import pairwise

from odoo import fields
from odoo.tests import TransactionCase, tagged

DEMO_MODULES = (
    "aftersales_reception",
    "aftersales_stock",
    "aftersales_agents",
    "aftersales_survey",
)
MAIN_ACTION = "aftersales_reception.aftersales_ticket_action"

TECHNICIAN = "aftersales_reception.group_aftersales_technician"
RECEPTION = "aftersales_reception.group_aftersales_reception"
MANAGER = "aftersales_reception.group_aftersales_manager"
WAREHOUSE = "aftersales_stock.group_aftersales_warehouse"
AGENT_MANAGER = "aftersales_agents.group_aftersales_agent_manager"
SETTLEMENT = "aftersales_agents.group_aftersales_settlement"
QC_INSPECTOR = "aftersales_survey.group_aftersales_qc_inspector"
CALL_OPERATOR = "aftersales_survey.group_aftersales_call_operator"
STOCK_USER = "stock.group_stock_user"
INVOICING = "account.group_account_invoice"

# each person's groups of the After-Sales, Inventory and Invoicing apps (a
# technician repairs on Odoo's repair orders, a stock user's job)
DEMO_ROLES = {
    "aftersales_reception.user_reception_demo": {RECEPTION, TECHNICIAN, STOCK_USER},
    "aftersales_reception.user_technician_demo": {TECHNICIAN, STOCK_USER},
    "aftersales_reception.user_technician2_demo": {TECHNICIAN, STOCK_USER},
    "aftersales_stock.user_warehouse_demo": {WAREHOUSE, STOCK_USER},
    "aftersales_survey.user_qc_inspector_demo": {QC_INSPECTOR, TECHNICIAN, STOCK_USER},
    "aftersales_survey.user_call_operator_demo": {CALL_OPERATOR, TECHNICIAN, STOCK_USER},
    "base.user_demo": {
        MANAGER,
        RECEPTION,
        TECHNICIAN,
        AGENT_MANAGER,
        SETTLEMENT,
        WAREHOUSE,
        QC_INSPECTOR,
        CALL_OPERATOR,
        STOCK_USER,
        INVOICING,
    },
}


@tagged("post_install", "-at_install", "demo")
class TestDemoData(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey_installed = bool(
            cls.env["ir.module.module"].search_count(
                [("name", "=", "aftersales_survey"), ("state", "=", "installed")]
            )
        )
        data = cls.env["ir.model.data"].search(
            [("model", "=", "aftersales.ticket"), ("module", "in", DEMO_MODULES)]
        )
        cls.cases = cls.env["aftersales.ticket"].browse(data.mapped("res_id")).sorted("id")

    def _xmlids(self, xmlids):
        if not self.survey_installed:
            xmlids = {xmlid for xmlid in xmlids if not xmlid.startswith("aftersales_survey.")}
        return xmlids

    def test_demo_people_hold_exactly_their_role(self):
        aftersales_groups = self.env["ir.model.data"].search(
            [("model", "=", "res.groups"), ("module", "in", DEMO_MODULES)]
        )
        categories = self.env["res.groups"].browse(aftersales_groups.mapped("res_id")).category_id
        categories |= self.env.ref("stock.group_stock_manager").category_id
        categories |= self.env.ref("account.group_account_manager").category_id
        app_groups = self.env["res.groups"].search([("category_id", "in", categories.ids)])
        main_action = self.env.ref(MAIN_ACTION)
        for user_xmlid in self._xmlids(DEMO_ROLES):
            user = self.env.ref(user_xmlid)
            actual = {group.get_external_id()[group.id] for group in user.groups_id & app_groups}
            self.assertEqual(
                actual, self._xmlids(DEMO_ROLES[user_xmlid]), f"groups of {user.login}"
            )
            self.assertEqual(user.action_id.id, main_action.id, f"home action of {user.login}")

    def test_demo_cases_dates_follow_each_other(self):
        self.assertGreaterEqual(len(self.cases), 15)
        now = fields.Datetime.now()
        closed = self.cases.filtered(lambda case: case.stage_type == "closed")
        self.assertGreaterEqual(len(closed), 2)
        for case in closed:
            self.assertTrue(
                case.date_first_response and case.date_done and case.date_delivered,
                f"{case.name} was answered, repaired and handed back",
            )
        for case in self.cases:
            dates = [
                (label, date)
                for label, date in (
                    ("received", case.date_received),
                    ("first response", case.date_first_response),
                    ("done", case.date_done),
                    ("delivered", case.date_delivered),
                )
                if date
            ]
            for (label, date), (next_label, next_date) in pairwise(dates):
                self.assertLessEqual(
                    date, next_date, f"{case.name}: {label} {date} after {next_label} {next_date}"
                )
            self.assertLessEqual(dates[-1][1], now, f"{case.name}: dated in the future")

    def test_demo_cases_mails_in_the_order_they_were_sent(self):
        receipt_template = self.env.ref("aftersales_reception.mail_template_ticket_received")
        ready_template = self.env.ref("aftersales_reception.stage_done").template_id
        for case in self.cases:
            messages = case.message_ids.sorted("id")
            for message, later in pairwise(messages):
                self.assertLessEqual(
                    message.date, later.date, f"{case.name}: messages out of order"
                )
            self.assertGreaterEqual(
                messages[0].date, case.date_received, f"{case.name}: a message before the case"
            )
            if case.stage_type == "cancelled" or not case.partner_id.email:
                continue
            subject = receipt_template._render_field("subject", case.ids)[case.id]
            receipt = messages.filtered(lambda message, subject=subject: message.subject == subject)
            self.assertEqual(len(receipt), 1, f"{case.name}: one reception receipt")
            self.assertFalse(receipt.subtype_id.internal, f"{case.name}: receipt for the customer")
            # what reached the customer: public messages and emails
            customer_messages = messages.filtered(
                lambda message, case=case: (
                    (message.subtype_id and not message.subtype_id.internal)
                    or case.partner_id in message.notified_partner_ids
                )
            )
            self.assertEqual(customer_messages[0], receipt, f"{case.name}: receipt first")
            self.assertEqual(receipt.date, case.date_received, f"{case.name}: receipt on intake")
            self.assertFalse(case.receipt_pending, f"{case.name}: receipt sent")
            ready_subject = ready_template._render_field("subject", case.ids)[case.id]
            ready = messages.filtered(
                lambda message, subject=ready_subject: message.subject == subject
            )
            if case.stage_type == "done":
                self.assertEqual(len(ready), 1, f"{case.name}: one unit-ready email")
            if ready:
                self.assertGreater(ready.id, receipt.id, f"{case.name}: ready after receipt")
                self.assertEqual(ready.date, case.date_done, f"{case.name}: ready when done")

    def test_portal_history_shows_the_receipt(self):
        portal_user = self.env.ref("base.demo_user0")
        case = self.env.ref("aftersales_reception.ticket_wm_portal_closed_demo")
        self.assertEqual(case.partner_id, portal_user.partner_id)
        self.assertEqual(case.stage_type, "closed")
        subject = self.env.ref("aftersales_reception.mail_template_ticket_received")._render_field(
            "subject", case.ids
        )[case.id]
        seen = (
            self.env["mail.message"]
            .with_user(portal_user)
            .search([("model", "=", "aftersales.ticket"), ("res_id", "=", case.id)])
        )
        self.assertIn(subject, seen.mapped("subject"))
        receipt = seen.filtered(lambda message: message.subject == subject)
        self.assertEqual(receipt.date, case.date_received)
        # and its hand-back, on the day it happened
        closing = seen.filtered(
            lambda message: (
                case.stage_id.name in message.sudo().tracking_value_ids.mapped("new_value_char")
            )
        )
        self.assertEqual(len(closing), 1)
        self.assertEqual(closing.date, case.date_delivered)
