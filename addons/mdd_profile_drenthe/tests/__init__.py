# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_profile
from . import test_demo
