# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged, users

from .common import AgentsCommon


@tagged("post_install", "-at_install")
class TestAftersalesAgentContract(AgentsCommon):
    # ------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------

    def test_inverted_dates(self):
        with self.assertRaisesRegex(ValidationError, "end date .* is before the start date"):
            self._create_agent_contract(
                date_start=date(2026, 6, 1), date_end=date(2026, 5, 1), rule_ids=[]
            )

    def test_agent_contract_needs_agent_center_and_end(self):
        with self.assertRaisesRegex(ValidationError, "not an agent workshop"):
            self._create_agent_contract(service_center_id=self.workshop_ca.id)
        with self.assertRaisesRegex(ValidationError, "temporary; give the end date"):
            self._create_agent_contract(date_end=False)
        with self.assertRaisesRegex(ValidationError, r"set who is paid \(Paid To\)"):
            self._create_agent_contract(partner_id=False)

    def test_overlapping_contracts_of_one_agent(self):
        second = self._create_agent_contract(
            date_start=self.today + timedelta(days=100),
            date_end=self.today + timedelta(days=500),
        )
        self.assertEqual(second.state, "draft", "a draft may overlap: it is not signed")
        with self.assertRaisesRegex(ValidationError, "overlaps contract"), self.cr.savepoint():
            second.action_activate()
        self.contract_tx.action_terminate()
        second.action_activate()
        self.assertEqual(second.state, "active", "the terminated contract no longer overlaps")

    def test_unpriced_service_type(self):
        contract = self._create_agent_contract(
            date_start=self.today + timedelta(days=400),
            date_end=self.today + timedelta(days=600),
            rule_ids=[Command.create({"kind": "fixed", "amount": 50.0, "work_type": "warranty"})],
        )
        with (
            self.assertRaisesRegex(ValidationError, r"Paid Repair \(Paid work\)"),
            self.cr.savepoint(),
        ):
            contract.action_activate()
        # removing the service type it cannot price makes it valid
        contract.service_type_ids = [Command.unlink(self.service_types["paid_repair"].id)]
        with (
            self.assertRaisesRegex(ValidationError, r"Warranty Repair \(Paid work\)"),
            self.cr.savepoint(),
        ):
            contract.action_activate()
        contract.rule_ids = [Command.create({"kind": "fixed", "amount": 20.0, "work_type": "paid"})]
        contract.action_activate()
        self.assertEqual(contract.state, "active")

    def test_active_contract_keeps_pricing(self):
        warranty_rule = self.contract_tx.rule_ids.filtered(lambda r: r.kind == "fixed")
        with self.assertRaisesRegex(ValidationError, "leaves these services unpriced"):
            self.contract_tx.rule_ids = [Command.unlink(warranty_rule.id)]

    def test_overlapping_rules(self):
        with (
            self.assertRaisesRegex(ValidationError, "overlap; the same case would be priced"),
            self.cr.savepoint(),
        ):
            self.contract_tx.rule_ids = [
                Command.create(
                    {
                        "kind": "percent",
                        "percent": 5.0,
                        "percent_base": "both",
                        "service_type": "paid_repair",
                    }
                )
            ]
        # a percentage of labour for warranty work prices something else
        self.contract_tx.rule_ids = [
            Command.create(
                {
                    "kind": "percent",
                    "percent": 5.0,
                    "percent_base": "labour",
                    "work_type": "warranty",
                }
            )
        ]
        self.assertEqual(len(self.contract_tx.rule_ids), 5)

    def test_overlapping_distance_bands(self):
        travel = self.contract_tx.rule_ids.filtered(lambda r: r.kind == "travel_km")
        with (
            self.assertRaisesRegex(ValidationError, "distance bands .* overlap"),
            self.cr.savepoint(),
        ):
            travel.band_ids = [Command.create({"km_from": 90, "km_to": 150, "amount": 40.0})]
        with self.assertRaisesRegex(ValidationError, "empty or inverted"):
            travel.band_ids = [Command.create({"km_from": 300, "km_to": 200, "amount": 40.0})]

    def test_contract_territory_checked(self):
        with self.assertRaisesRegex(
            ValidationError, r"Territory of contract CTR/\d{4}/\d{4}: the zip range .* inverted"
        ):
            self.contract_tx.territory_ids = [
                Command.create(
                    {"country_id": self.country.id, "zip_from": "78000", "zip_to": "77000"}
                )
            ]

    def test_percentage_needs_a_base(self):
        with self.assertRaisesRegex(ValidationError, "needs a percentage"):
            self._create_agent_contract(
                rule_ids=[Command.create({"kind": "percent", "percent": 0.0})],
                date_start=self.today + timedelta(days=400),
                date_end=self.today + timedelta(days=500),
            )

    def test_signed_contract_not_deleted(self):
        with self.assertRaisesRegex(UserError, "archive them instead"):
            self.contract_tx.unlink()

    # ------------------------------------------------------------
    # Life cycle
    # ------------------------------------------------------------

    def test_reference_and_vendor(self):
        self.assertRegex(self.contract_tx.name, r"^CTR/\d{4}/\d{4}$")
        self.assertEqual(self.contract_tx.partner_id, self.agent_partner)
        self.assertEqual(self.contract_technician.partner_id, self.user_technician.partner_id)
        self.assertEqual(self.agent_tx.active_contract_id, self.contract_tx)

    def test_create_through_form(self):
        with Form(self.env["aftersales.agent.contract"]) as form:
            form.provider_type = "agent"
            form.service_center_id = self.head_office.copy(
                {
                    "center_type": "agent",
                    "code": "T-NEW",
                    "parent_id": self.head_office.id,
                    "partner_id": self.agent_partner.id,
                }
            )
            form.date_end = self.today + timedelta(days=90)
            form.service_type_ids.add(self.service_types["consultation"])
            with form.rule_ids.new() as rule:
                rule.kind = "fixed"
                rule.amount = 15.0
        contract = form.record
        contract.action_activate()
        self.assertEqual(contract.state, "active")
        self.assertEqual(contract.rule_ids.name, "All services: $15.00 per case")

    def test_renewal(self):
        action = self.contract_tx.action_renew()
        renewal = self.env["aftersales.agent.contract"].browse(action["res_id"])
        self.assertEqual(renewal.state, "draft")
        self.assertEqual(renewal.previous_contract_id, self.contract_tx)
        self.assertEqual(renewal.date_start, self.contract_tx.date_end + timedelta(days=1))
        self.assertEqual(renewal.service_type_ids, self.contract_tx.service_type_ids)
        self.assertEqual(renewal.rule_ids.mapped("name"), self.contract_tx.rule_ids.mapped("name"))
        self.assertEqual(
            renewal.rule_ids.filtered(lambda r: r.kind == "travel_km").band_ids.mapped("amount"),
            [10.0, 25.0],
        )
        renewal.action_activate()
        self.assertEqual(renewal.state, "active", "the renewal follows, it does not overlap")
        with self.assertRaisesRegex(UserError, "already renewed"):
            self.contract_tx.action_renew()

    def test_terminate(self):
        self.contract_tx.action_terminate()
        self.assertEqual(self.contract_tx.state, "terminated")
        self.assertEqual(self.contract_tx.date_terminated, self.today)
        self.assertFalse(self.contract_tx._covers_date(self.today + timedelta(days=1)))
        self.assertTrue(self.contract_tx._covers_date(self.today))
        with self.assertRaisesRegex(UserError, "only active contracts can be terminated"):
            self.contract_tx.action_terminate()

    def test_cron_expiry_and_reminder(self):
        contract = self.contract_tx
        contract.write({"date_start": date(2026, 1, 1), "date_end": date(2026, 7, 31)})
        activity_type = self.env.ref("aftersales_agents.mail_activity_contract_expiry")

        def reminders():
            return contract.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

        with freeze_time("2026-06-20"):
            contract_model = self.env["aftersales.agent.contract"]
            contract_model._cron_expire_contracts()
            self.assertFalse(reminders(), "41 days before the end is too early")
        with freeze_time("2026-07-05"):
            contract_model._cron_expire_contracts()
            contract_model._cron_expire_contracts()
            self.assertEqual(len(reminders()), 1, "running twice reminds once")
            self.assertEqual(reminders().date_deadline, date(2026, 7, 31))
            self.assertEqual(reminders().user_id, contract.responsible_id)
            self.assertEqual(contract.state, "active")
        with freeze_time("2026-08-01"):
            contract_model._cron_expire_contracts()
            contract_model._cron_expire_contracts()
            self.assertEqual(contract.state, "expired")
            self.assertFalse(reminders(), "the reminder goes once the contract expired")

    def test_new_end_date_new_reminder(self):
        contract = self.contract_tx
        contract.write({"date_start": date(2026, 1, 1), "date_end": date(2026, 7, 31)})
        with freeze_time("2026-07-05"):
            contract._cron_expire_contracts()
            self.assertEqual(contract.expiry_warned_date, date(2026, 7, 31))
            contract.date_end = date(2026, 7, 25)
            self.assertFalse(contract.expiry_warned_date)
            contract._cron_expire_contracts()
            self.assertEqual(contract.expiry_warned_date, date(2026, 7, 25))

    # ------------------------------------------------------------
    # Access
    # ------------------------------------------------------------

    @users("as_technician")
    def test_technician_sees_own_contract_only(self):
        contracts = self.env["aftersales.agent.contract"].search([])
        self.assertEqual(contracts, self.contract_technician)
        self.assertEqual(
            self.env["aftersales.fee.rule"].search([]).contract_id,
            self.contract_technician,
            "the agents' rates are not for the technicians",
        )
        self.assertFalse(self.env["aftersales.fee.rule.band"].search([]))
        with self.assertRaises(AccessError):
            self.env["aftersales.agent.contract"].create(
                {"provider_type": "technician", "user_id": self.env.user.id}
            )

    @users("as_agent_manager")
    def test_agent_manager_manages_contracts(self):
        contract_model = self.env["aftersales.agent.contract"]
        self.assertIn(self.contract_tx, contract_model.search([]))
        self.assertIn(self.contract_technician, contract_model.search([]))
        contract = contract_model.browse(self.contract_tx.id)
        renewal = contract_model.browse(contract.action_renew()["res_id"])
        self.assertEqual(renewal.create_uid, self.env.user)

    @users("as_reception")
    def test_reception_reads_no_other_contract(self):
        self.assertFalse(self.env["aftersales.agent.contract"].search([]))
