# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.tools import SQL


class AftersalesTeam(models.Model):
    """How a team shares its new cases among its members.

    The case's responsible (``user_id``, the person who owns the case end to
    end) is assigned by default; a workshop team may assign its technician
    (``technician_id``) instead. People on leave today are skipped."""

    _inherit = "aftersales.team"

    assign_method = fields.Selection(
        selection=[
            ("manual", "Manual"),
            ("round_robin", "Round Robin"),
            ("balanced", "Balanced Workload"),
            ("account_manager", "Customer's Account Manager"),
        ],
        string="Assignment",
        required=True,
        default="manual",
        help="How new cases without a person are given to the team's members:\n"
        "- Manual: someone assigns them by hand.\n"
        "- Round Robin: each member in turn.\n"
        "- Balanced Workload: the member with the fewest open cases.\n"
        "- Customer's Account Manager: the customer's salesperson when a member, "
        "otherwise the member with the fewest open cases.\n"
        "Members on leave today are skipped.",
    )
    assign_field = fields.Selection(
        selection=[("user_id", "Responsible"), ("technician_id", "Technician")],
        string="Assign As",
        required=True,
        default="user_id",
        help="Which person of the case the assignment sets: the responsible who owns the "
        "case end to end (reception teams), or the technician doing the work (workshops).",
    )
    assign_last_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Last Assigned",
        readonly=True,
        copy=False,
        help="The member who got the last case in round robin; the next one follows.",
    )

    # ------------------------------------------------------------
    # Candidates
    # ------------------------------------------------------------

    def _assign_available_members(self):
        """The team's active internal members who are not on leave today (in
        their own time zone), from one read of the leaves."""
        self.ensure_one()
        members = self.member_ids.filtered(lambda u: u.active and not u.share)
        return members - self._assign_users_on_leave(members)

    @api.model
    def _assign_users_on_leave(self, users):
        """Among ``users``, those with a leave of their own resource covering
        part of today, today being the user's day in their time zone."""
        if not users:
            return users
        now = fields.Datetime.now()
        windows = {}
        for user in users:
            tz = pytz.timezone(user.tz or "UTC")
            today = pytz.utc.localize(now).astimezone(tz).date()
            start = tz.localize(datetime.combine(today, time.min)).astimezone(pytz.utc)
            stop = tz.localize(datetime.combine(today + timedelta(days=1), time.min)).astimezone(
                pytz.utc
            )
            windows[user.id] = (start.replace(tzinfo=None), stop.replace(tzinfo=None))
        leaves = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search(
                [
                    ("resource_id.user_id", "in", users.ids),
                    ("date_from", "<", max(stop for _start, stop in windows.values())),
                    ("date_to", ">", min(start for start, _stop in windows.values())),
                ]
            )
        )
        on_leave = set()
        for leave in leaves:
            user_id = leave.resource_id.user_id.id
            start, stop = windows[user_id]
            if leave.date_from < stop and leave.date_to > start:
                on_leave.add(user_id)
        return users.filtered(lambda u: u.id in on_leave)

    def _assign_candidates(self, tickets, members):
        """Who may take each case: ``{ticket: users}``, from the available
        ``members``. Extended by other after-sales addons (certified
        technicians only, ...)."""
        self.ensure_one()
        return {ticket: members for ticket in tickets}

    # ------------------------------------------------------------
    # Choice
    # ------------------------------------------------------------

    def _assign_open_counts(self, users):
        """Open cases of each user in the team's assigned role, all teams
        together, in one query."""
        self.ensure_one()
        if not users:
            return {}
        groups = (
            self.env["aftersales.ticket"]
            .sudo()
            ._read_group(
                [(self.assign_field, "in", users.ids), ("is_closed", "=", False)],
                [self.assign_field],
                ["__count"],
            )
        )
        counts = dict.fromkeys(users.ids, 0)
        counts.update({user.id: count for user, count in groups})
        return counts

    def _assign_lock_pointer(self):
        """Lock the team's row for the round robin: concurrent intakes queue
        up behind it (or retry), so that no two take the same turn."""
        self.ensure_one()
        self.flush_recordset(["assign_last_user_id"])
        self.env.cr.execute(
            SQL("SELECT id FROM aftersales_team WHERE id = %s FOR NO KEY UPDATE", self.id)
        )
        self.invalidate_recordset(["assign_last_user_id"])

    def _assign_choose(self, tickets):
        """The person each of ``tickets`` (cases of this team) gets:
        ``{ticket: user}``; a case nobody may take is left out."""
        self.ensure_one()
        team = self.sudo()
        if team.assign_method == "manual" or not tickets:
            return {}
        members = team._assign_available_members()
        candidates = team._assign_candidates(tickets, members)
        everyone = self.env["res.users"].union(*candidates.values())
        if not everyone:
            return {}
        counts = team._assign_open_counts(everyone)
        if team.assign_method == "round_robin":
            team._assign_lock_pointer()
        pointer = team.assign_last_user_id
        choice = {}
        for ticket in tickets:
            users = candidates.get(ticket) or self.env["res.users"]
            if not users:
                continue
            user = False
            if team.assign_method == "account_manager":
                partner = ticket.partner_id
                manager = partner.user_id or partner.commercial_partner_id.user_id
                if manager in users:
                    user = manager
            if team.assign_method == "round_robin":
                ordered = users.sorted("id")
                user = next((u for u in ordered if u.id > pointer.id), ordered[0])
                pointer = user
            if not user:
                # the fewest open cases; the longest-standing member on a tie
                user = min(users.sorted("id"), key=lambda u: counts[u.id])
            counts[user.id] += 1
            choice[ticket] = user
        if team.assign_method == "round_robin" and pointer != team.assign_last_user_id:
            team.assign_last_user_id = pointer
        return choice
