from . import mdd_audience
from . import mdd_workshop
