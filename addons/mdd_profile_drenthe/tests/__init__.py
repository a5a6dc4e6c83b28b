# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_profile
from . import test_demo
from . import test_outside_services
from . import test_password_policy
from . import test_staff_2fa
from . import test_mail_aliases
from . import test_dutch_backend
from . import test_first_contact
from . import test_portal_demo
from . import test_dashboard_tour
from . import test_branding
