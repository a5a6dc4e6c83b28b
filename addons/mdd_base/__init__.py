# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import controllers
from . import models
from . import tools
from .hooks import pre_init_hook
from .tools import request_log

# No client address in any log line (see tools/request_log.py). Done at
# import: with mdd_base in server_wide_modules, before the workers fork.
request_log.install()
