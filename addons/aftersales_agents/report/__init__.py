from . import aftersales_service_pl_report
