from . import aftersales_report_export
