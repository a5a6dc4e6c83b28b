# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import mdd_wga_figures
from . import mdd_dashboard
