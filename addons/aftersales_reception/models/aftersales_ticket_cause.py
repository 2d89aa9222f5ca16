# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError

FAILURE_CAUSES = [
    ("defect", "Manufacturing Defect"),
    ("misuse", "Misuse"),
    ("wear", "Normal Wear"),
    ("installation", "Faulty Installation"),
    ("external", "External Cause"),
]


class AftersalesTicket(models.Model):
    """The cause of the failure, found at diagnosis: what the reliability
    reports (defects per lot, misuse share) are built on."""

    _inherit = "aftersales.ticket"  # pylint: disable=consider-merging-classes-inherited

    failure_cause = fields.Selection(
        selection=FAILURE_CAUSES,
        string="Cause",
        tracking=True,
        copy=False,
        index="btree_not_null",
        help="What caused the failure, as found at diagnosis: a manufacturing defect, "
        "misuse by the customer, normal wear, a faulty installation or an external cause "
        "(power surge, flood...). A closed case keeps the cause it was closed with.",
    )

    def _check_intake_values(self, vals_list):
        """A closed case keeps its cause, as it keeps its warranty state and
        service type: reopen it to correct the diagnosis."""
        super()._check_intake_values(vals_list)
        if self.env.su:
            return
        for vals in vals_list:
            if not isinstance(vals, dict) or "failure_cause" not in vals:
                continue
            changed = self.filtered(
                lambda t, cause=vals["failure_cause"]: (
                    t.is_closed and (t.failure_cause or False) != (cause or False)
                )
            )
            if changed:
                raise UserError(
                    self.env._(
                        "Case %(refs)s is closed: it keeps the cause of failure it was closed "
                        "with. Reopen it to correct the diagnosis.",
                        refs=", ".join(changed.mapped("name")),
                    )
                )
