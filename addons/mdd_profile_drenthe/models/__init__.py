# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import res_users
from . import website
from . import res_company
from . import mdd_wga_publication
