from . import aftersales_part_code_generate
