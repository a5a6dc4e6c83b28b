# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Travel time between sessions: one more source of the trainers' conflicts.

A trainer who gives two blocking sessions in different municipalities needs
time to travel between them: the company's default, or the minutes of the
pair in ``mdd.travel.time``. Within one municipality no travel time is
needed. All times are UTC datetimes, so a change of summer time in between
counts as the real time that passes.
"""

from datetime import timedelta

from odoo import api, models

from .mdd_education_session import BLOCKING_STATES


class MddEducationSession(models.Model):
    _inherit = "mdd.education.session"

    @api.model
    def _trainer_conflict_sources(self):
        return [*super()._trainer_conflict_sources(), self._travel_conflicts]

    @api.model
    def _travel_buffer_minutes(self):
        """The default travel time between two municipalities, in minutes."""
        return max(self.env.company.sudo().mdd_travel_buffer_minutes, 0)

    @api.model
    def _travel_conflicts(
        self, trainers, start, stop, exclude_sessions=None, limit=20, *, municipality=None
    ):
        """Blocking sessions of the trainers elsewhere that end too shortly
        before ``start`` or begin too shortly after ``stop`` to travel.
        Overlapping sessions are left to :meth:`_session_conflicts`."""
        if not municipality:
            return []
        default = self._travel_buffer_minutes()
        pairs = self.env["mdd.travel.time"]._minutes_from(municipality)
        widest = max(default, *pairs.values()) if pairs else default
        if widest <= 0:
            return []
        margin = timedelta(minutes=widest)
        domain = [
            ("trainer_ids", "in", trainers.ids),
            ("state", "in", BLOCKING_STATES),
            ("municipality_id", "!=", municipality.id),
            ("start", "<", stop + margin),
            ("stop", ">", start - margin),
            "|",
            ("stop", "<=", start),
            ("start", ">=", stop),
        ]
        if exclude_sessions and exclude_sessions.ids:
            domain.append(("id", "not in", exclude_sessions.ids))
        conflicts = []
        # sudo: sessions of a co-trainer the acting user cannot read book them too.
        for other in self.sudo().search(domain, order="start", limit=limit):
            needed = pairs.get(other.municipality_id.id, default)
            gap = start - other.stop if other.stop <= start else other.start - stop
            if gap >= timedelta(minutes=needed):
                continue
            for trainer in other.trainer_ids & trainers:
                message = self.env._(
                    "%(trainer)s needs %(minutes)s minutes of travel time between %(here)s "
                    "and %(there)s, but session %(session)s in %(there)s (%(period)s) "
                    "leaves %(gap)s minutes.",
                    trainer=trainer.name,
                    minutes=needed,
                    here=municipality.name,
                    there=other.municipality_id.name,
                    session=other.name,
                    period=self._conflict_period(other.start, other.stop),
                    gap=int(gap.total_seconds() // 60),
                )
                conflicts.append(self._trainer_conflict(trainer, other, message))
        return conflicts
