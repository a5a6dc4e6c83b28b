from . import main
from . import portal
from . import offer
from . import agenda
from . import evaluation
