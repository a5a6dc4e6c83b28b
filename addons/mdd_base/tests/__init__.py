# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_municipality
from . import test_public_input
from . import test_public_records
from . import test_timezone
from . import test_staff_2fa
from . import test_request_log
from . import test_device_log
