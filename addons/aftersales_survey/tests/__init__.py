from . import test_aftersales_qc_check
from . import test_aftersales_happy_call
from . import test_survey_user_input
from . import test_aftersales_reports
from . import test_aftersales_report_export
from . import test_access
from . import test_ui
from . import test_cron_isolation
