from . import test_foundation
from . import test_conflicts
from . import test_request
from . import test_session_states
from . import test_calendar_sync
from . import test_access
from . import test_http
from . import test_tour
