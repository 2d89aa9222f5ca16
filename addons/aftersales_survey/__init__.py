from . import controllers
from . import models
from . import report
from . import wizards
from .models import aftersales_ticket


def uninstall_hook(env):
    """The index of open cases carries this module's QC state: it is made
    again without it before the column is dropped, which would drop the
    whole index with it (the case kanban and the counts of open cases read
    it)."""
    tickets = env["aftersales.ticket"]
    columns = [
        name
        for name in tickets._open_stage_index_include()
        if name not in aftersales_ticket.OPEN_INDEX_COLUMNS
    ]
    tickets._create_open_stage_index(columns=columns)
