from . import test_aftersales_ticket
