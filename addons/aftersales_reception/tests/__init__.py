from . import test_aftersales_ticket
from . import test_aftersales_equipment
from . import test_aftersales_access
from . import test_aftersales_mail
from . import test_aftersales_portal
from . import test_aftersales_tour
from . import test_aftersales_api
from . import test_cron_isolation
