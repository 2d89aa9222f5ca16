from . import aftersales_service_pl_report
from . import aftersales_warranty_cost_report
from . import aftersales_warranty_cost_export
from . import aftersales_service_pl_dashboard
