from . import aftersales_ticket_warranty_override
from . import aftersales_caller
from . import aftersales_ticket_merge
