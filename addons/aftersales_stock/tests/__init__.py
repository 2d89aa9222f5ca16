from . import test_part_code
from . import test_part_code_concurrency
from . import test_stock_setup
from . import test_ticket_part
from . import test_loaner
from . import test_access
from . import test_tour
from . import test_cron_isolation
