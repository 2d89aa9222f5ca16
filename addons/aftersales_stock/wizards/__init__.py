from . import aftersales_part_code_generate
from . import aftersales_equipment_owner_change
from . import aftersales_ticket_unit_transfer
