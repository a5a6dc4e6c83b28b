from . import report
from . import portal
from . import figures_portal
from . import data_subject
from . import binary
from . import news_mail
