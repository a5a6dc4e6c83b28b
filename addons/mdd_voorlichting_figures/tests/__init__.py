# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_figures_education
from . import test_access_matrix
from . import test_access_routes
from . import test_cross_access
