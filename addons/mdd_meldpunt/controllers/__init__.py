from . import public_form
from . import report
from . import portal
from . import figures_portal
