# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import ir_http
from . import mdd_form_token
from . import mdd_municipality
from . import mdd_throttle
from . import res_company
from . import res_device_log
from . import res_groups
from . import res_users
