# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import models
from . import tools
from .hooks import pre_init_hook
