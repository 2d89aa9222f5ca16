from . import portal_handback
