# Copyright 2026 After-Sales Suite Developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo.tests import HttpCase, new_test_user, tagged

# a Bootstrap utility of the web client's style sheet: text at the start of
# the line, on the left in left-to-right languages, on the right in Persian
TEXT_START = r"\.text-start\s*\{\s*text-align\s*:\s*%s\s*!important"


@tagged("post_install", "-at_install")
class TestRightToLeftAssets(HttpCase):
    """Persian reads right to left: the web client serves its users the
    style sheet converted by rtlcss (which the setup installs)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")
        groups = "base.group_user,aftersales_reception.group_aftersales_reception"
        new_test_user(cls.env, login="as_rtl_fa", groups=groups, lang="fa_IR")
        new_test_user(cls.env, login="as_rtl_en", groups=groups, lang="en_US")

    def _web_client_css(self, login):
        self.authenticate(login, login)
        page = self.url_open("/odoo", timeout=60)
        self.assertEqual(page.status_code, 200)
        urls = re.findall(
            r'href="(/web/assets/[^"]*/web\.assets_web(?:\.rtl)?\.min\.css)"', page.text
        )
        self.assertEqual(len(urls), 1, urls)
        css = self.url_open(urls[0], timeout=600)
        self.assertEqual(css.status_code, 200)
        return urls[0], css.text

    def test_persian_user_gets_the_right_to_left_style_sheet(self):
        self.assertEqual(self.env["res.lang"]._get_data(code="fa_IR").direction, "rtl")
        ltr_url, ltr_css = self._web_client_css("as_rtl_en")
        self.assertNotIn(".rtl.", ltr_url)
        self.assertRegex(ltr_css, TEXT_START % "left")
        rtl_url, rtl_css = self._web_client_css("as_rtl_fa")
        self.assertIn("web.assets_web.rtl.", rtl_url)
        # converted by rtlcss: without it Odoo serves the left-to-right rules
        self.assertRegex(rtl_css, TEXT_START % "right")
        self.assertNotRegex(rtl_css, TEXT_START % "left")
