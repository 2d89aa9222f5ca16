from . import aftersales_report_export
from . import aftersales_report_export_reliability
