# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import mdd_wga_year_wizard_mixin
from . import mdd_wga_figures_wizard
from . import mdd_retention_settings
from . import mdd_phone_intake
from . import mdd_report_handover
from . import mdd_wga_publication_wizard
from . import mdd_wga_publication_replace_wizard
