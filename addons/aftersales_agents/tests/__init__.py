from . import test_aftersales_agent_contract
from . import test_aftersales_fee_line
from . import test_aftersales_settlement
from . import test_aftersales_ticket
from . import test_aftersales_service_pl_report
from . import test_aftersales_access
from . import test_cron_isolation
from . import test_aftersales_demo
