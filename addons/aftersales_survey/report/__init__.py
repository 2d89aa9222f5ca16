from . import aftersales_case_report
from . import aftersales_qc_report
from . import aftersales_satisfaction_report
from . import aftersales_reliability_report
from . import aftersales_failure_rate_report
from . import aftersales_nps_report
from . import aftersales_center_kpi
from . import aftersales_xlsx
