from . import aftersales_settlement_create
