from . import main
from . import portal
from . import agenda
from . import evaluation
