from . import mdd_education_request_decline
from . import mdd_education_session_cancel
