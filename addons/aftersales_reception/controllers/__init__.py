from . import portal
from . import sms
from . import caller
from . import appointment
