# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import database
from . import html_editor
from . import totp_setup
