# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The bureau's time zone, and conversions between it and UTC.

Odoo stores datetimes in UTC; a bureau plans, counts years and shows dates
in its own zone, a setting of the company (``res.company.mdd_timezone``)
read here and nowhere else.
"""

from datetime import datetime, time

import pytz

DEFAULT_TZ = "Europe/Amsterdam"


def bureau_tz(env):
    """The name of the bureau's time zone (of the current company)."""
    return env.company.sudo().mdd_timezone or DEFAULT_TZ


def local_to_utc(value, tz_name):
    """A naive local datetime of ``tz_name`` as the naive UTC datetime Odoo
    stores.

    An ambiguous time (the hour repeated when summer time ends) is read as
    standard time; a non-existent time (skipped when it starts) is shifted.
    """
    tz = pytz.timezone(tz_name)
    return tz.normalize(tz.localize(value, is_dst=False)).astimezone(pytz.utc).replace(tzinfo=None)


def utc_to_local(value, tz_name):
    """A naive UTC datetime as a naive local datetime of ``tz_name``."""
    return pytz.utc.localize(value).astimezone(pytz.timezone(tz_name)).replace(tzinfo=None)


def local_day_start_utc(day, tz_name):
    """Naive UTC datetime of local midnight at the start of ``day``."""
    return local_to_utc(datetime.combine(day, time.min), tz_name)
