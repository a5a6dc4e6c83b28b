# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import abuse_guard
from . import public_input
from . import suppression
from . import timezone
