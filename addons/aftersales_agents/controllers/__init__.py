from . import portal
from . import agent_portal
