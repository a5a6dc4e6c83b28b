# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The public request form (/voorlichting/aanvragen): what it offers, how the
visitor's input is checked, and the request it creates."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.addons.mdd_base.tools.public_input import (
    PublicInput,
    PublicInputError,
    form_text,
)
from odoo.addons.mdd_base.tools.timezone import bureau_tz, utc_to_local
from odoo.exceptions import UserError
from odoo.tools import escape_psql

from .mdd_education_request import ORGANISATION_TYPES
from .mdd_education_request_window import DAYPARTS
from .mdd_education_session import MAX_PARTICIPANTS

# The public form: up to three preferred periods, remarks of a paragraph.
MAX_WINDOWS = 3
MAX_REMARKS = 2000


class MddEducationRequest(models.Model):
    _inherit = "mdd.education.request"

    @api.model
    def _website_form_options(self):
        """Choices offered by the public form (read as superuser)."""
        return {
            "workshops": self.env["mdd.workshop"].sudo().search([("website_published", "=", True)]),
            "audiences": self.env["mdd.audience"].sudo().search([("active", "=", True)]),
            "municipalities": self.env["mdd.municipality"]._public_choices(),
            "organisation_types": self._fields["organisation_type"]._description_selection(
                self.env
            ),
            "dayparts": self.env["mdd.education.request.window"]
            ._fields["daypart"]
            ._description_selection(self.env),
            "max_windows": MAX_WINDOWS,
        }

    @api.model
    def _today(self):
        """Today in the bureau's time zone."""
        return utc_to_local(fields.Datetime.now(), bureau_tz(self.env)).date()

    @api.model
    def _website_parse(self, values):
        """Check the public form.

        :param dict values: the submitted fields (strings)
        :return: the cleaned values; nothing is written
        :raises PublicInputError: with a message per field name
        """
        _ = self.env._
        form = PublicInput(self.env, values)
        parsed = {
            "organisation": form.text(
                "organisation_name",
                required=_("Please fill in %(field)s.", field=_("the name of your organisation")),
            ),
            "organisation_type": form.choice(
                "organisation_type",
                dict(ORGANISATION_TYPES),
                _("Please choose the type of your organisation."),
            ),
            "contact": form.text(
                "contact_name", required=_("Please fill in %(field)s.", field=_("your name"))
            ),
            "email": form.email(
                "email", required=_("Please fill in %(field)s.", field=_("your email address"))
            ),
            "phone": form.phone("phone"),
            "municipality": self._website_record(
                form,
                "municipality_id",
                "mdd.municipality",
                _("the municipality"),
                domain=[("id", "in", self.env["mdd.municipality"]._public_choices().ids)],
            ),
            "workshop": self._website_record(
                form,
                "workshop_id",
                "mdd.workshop",
                _("a workshop"),
                domain=[("website_published", "=", True)],
            ),
            "audience": self._website_record(
                form, "audience_id", "mdd.audience", _("the audience")
            ),
            "participant_count": form.integer(
                "participant_count",
                1,
                MAX_PARTICIPANTS,
                required=_("Please fill in the expected number of participants."),
            ),
            "windows": self._website_windows(form),
            "remarks": form.text("remarks", MAX_REMARKS),
        }
        form.check()
        return parsed

    @api.model
    def _website_record(self, form, key, model, label, domain=()):
        """The record chosen in a select, only among the offered ones."""
        chosen = form_text(form.values, key).strip()
        message = (
            self.env._("Please choose %(field)s from the list.", field=label)
            if chosen
            else self.env._("Please choose %(field)s.", field=label)
        )
        return form.record(model, key, domain, required=message)

    @api.model
    def _website_windows(self, form):
        """Up to three preferred periods, from tomorrow to two years ahead."""
        windows = []
        for index in range(1, MAX_WINDOWS + 1):
            key = f"window_{index}"
            date_from = form.date(f"{key}_from")
            date_to = form.date(f"{key}_to")
            if date_from is False or date_to is False or (date_from is None and date_to is None):
                continue  # not a date (refused by the form), or no period
            date_to = date_to or date_from
            daypart = (form_text(form.values, f"{key}_daypart") or "any").strip()
            field, message = self._website_window_error(date_from, date_to, daypart)
            if message:
                form.error(f"{key}_{field}", message)
            else:
                windows.append({"date_from": date_from, "date_to": date_to, "daypart": daypart})
        if not windows and not any(key.startswith("window_") for key in form.errors):
            form.error(
                "window_1_from",
                self.env._(
                    "Please give at least one period in which the session could take place."
                ),
            )
        return windows

    @api.model
    def _website_window_error(self, date_from, date_to, daypart):
        """(field, message) of what is wrong with a period, or (None, None)."""
        today = self._today()
        latest = today + relativedelta(years=2)
        too_far = self.env._("We plan at most two years ahead; please choose an earlier date.")
        checks = [
            (
                lambda: not date_from,
                "from",
                self.env._("Please fill in the first day of this period."),
            ),
            (lambda: date_from <= today, "from", self.env._("Please choose a date after today.")),
            (lambda: date_from > latest, "from", too_far),
            (
                lambda: date_to < date_from,
                "to",
                self.env._("The end of the period must be on or after its start."),
            ),
            (lambda: date_to > latest, "to", too_far),
            (
                lambda: daypart not in dict(DAYPARTS),
                "daypart",
                self.env._("Please choose a part of the day."),
            ),
        ]
        for failed, field, message in checks:
            if failed():
                return field, message
        return None, None

    @api.model
    def _website_find_or_create_partners(self, values, lang=None):
        """Organisation and contact as ordinary contacts (not sensitive).

        An existing contact with the same email address is reused as is (the
        public form never changes existing contacts); otherwise the contact is
        created under the organisation, which is reused when exactly one
        company of that name exists.
        """
        Partner = self.env["res.partner"].sudo()
        contact = Partner.search(
            [("email_normalized", "=", values["email"]), ("active", "=", True)],
            order="parent_id, id",
            limit=1,
        )
        organisation = contact.parent_id if contact else Partner
        if not organisation:
            same_name = Partner.search(
                [
                    ("is_company", "=", True),
                    ("name", "=ilike", escape_psql(values["organisation"])),
                ],
                limit=2,
            )
            organisation = (
                same_name
                if len(same_name) == 1
                else Partner.create(
                    {"name": values["organisation"], "is_company": True, "lang": lang}
                )
            )
        if not contact:
            contact = Partner.create(
                {
                    "name": values["contact"],
                    "email": values["email"],
                    "phone": values["phone"] or False,
                    "parent_id": organisation.id,
                    "type": "contact",
                    "lang": lang,
                }
            )
        return organisation, contact

    @api.model
    def _website_create(self, values, lang=None, form_token=None):
        """Create the request checked by :meth:`_website_parse`, in one
        transaction, and send the confirmation mail.

        :param form_token: ``(scope, token)`` of the form page, claimed in the
            same savepoint (see ``mdd.form.token``): a form sent twice
            creates one request
        :raises PublicInputError: (on ``form``) when the form was sent before,
            or the request is refused while saving; nothing is created then
        """
        Token = self.env["mdd.form.token"].sudo()
        try:
            with self.env.cr.savepoint():
                if form_token and not Token._claim(*form_token):
                    raise PublicInputError({"form": Token._used_message()})
                organisation, contact = self._website_find_or_create_partners(values, lang=lang)
                request = self.sudo().create(
                    {
                        "source": "website",
                        "partner_id": organisation.id,
                        "organisation_type": values["organisation_type"],
                        "contact_id": contact.id,
                        "submitted_organisation": values["organisation"],
                        "submitted_contact": values["contact"],
                        "submitted_email": values["email"],
                        "submitted_phone": values["phone"] or False,
                        "municipality_id": values["municipality"].id,
                        "workshop_id": values["workshop"].id,
                        "audience_id": values["audience"].id,
                        "participant_count": values["participant_count"],
                        "remarks": values["remarks"] or False,
                        "window_ids": [fields.Command.create(w) for w in values["windows"]],
                    }
                )
        except UserError as exc:  # ValidationError included
            raise PublicInputError({"form": str(exc)}) from exc
        request._send_template("mdd_voorlichting.mail_template_request_received")
        request._notify_planner()
        return request
