# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AftersalesStage(models.Model):
    _inherit = "aftersales.stage"

    is_qc_stage = fields.Boolean(
        string="Quality Check Stage",
        help="Cases entering this stage get a quality check from their checklist; "
        "when it passes they move on to the next 'Repaired / Ready' stage, when it "
        "fails they go back to repair.",
    )
