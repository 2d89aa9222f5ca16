# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import tempfile

from werkzeug.utils import send_file

from odoo import http
from odoo.http import request

from odoo.addons.survey.controllers.main import Survey

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AftersalesSurvey(Survey):
    def _check_validity(self, survey_token, answer_token, ensure_token=True, check_partner=True):
        """Call operators fill in the customer's answers during a happy call:
        the answers belong to the customer, not to the operator's own contact."""
        if check_partner and answer_token:
            _survey_sudo, answer_sudo = self._fetch_from_access_token(survey_token, answer_token)
            if answer_sudo.aftersales_happy_call_id and request.env.user.has_group(
                "aftersales_survey.group_aftersales_call_operator"
            ):
                check_partner = False
        return super()._check_validity(
            survey_token, answer_token, ensure_token=ensure_token, check_partner=check_partner
        )


class AftersalesReportController(http.Controller):
    @http.route(
        "/aftersales/export/<int:export_id>",
        type="http",
        auth="user",
        methods=["GET"],
        readonly=True,
    )
    def aftersales_report_export(self, export_id, **kwargs):
        """Stream an XLSX export: the workbook is written to a temporary file
        (constant memory) and sent from there. Read-only: it runs on the read
        replica when there is one."""
        export = request.env["aftersales.report.export"].browse(export_id).exists()
        if not export:
            raise request.not_found()
        export.check_access("read")
        # the response owns the file and closes it once sent
        output = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            export._write_xlsx(output)
            output.seek(0)
        except Exception:
            output.close()
            raise
        return send_file(
            output,
            request.httprequest.environ,
            mimetype=XLSX_MIMETYPE,
            as_attachment=True,
            download_name=export._get_filename(),
            max_age=0,
        )
