# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The public intake of reports: the form /melden, its checks, the creation
of the complainant and the report. The staff notification and the
confirmation mail that follow are done by a job (helpdesk_ticket_intake.py).

The receipt code given for the follow-up (/melden/status) is in
helpdesk_ticket_receipt.py. The visitor's input is read with ``mdd_base``'s
:class:`PublicInput`, as on every public form; refused input raises
:class:`PublicInputError`.
"""

import logging
import os

from markupsafe import Markup

from odoo import api, fields, models
from odoo.addons.mdd_base.tools.public_input import (
    ACCEPT_ATTRIBUTE,
    ALLOWED_FILE_TYPES,
    MAX_FILE_SIZE,
    MAX_FILES,
    PublicInput,
    PublicInputError,
    safe_file_name,
)
from odoo.exceptions import UserError, ValidationError
from odoo.tools import plaintext2html
from odoo.tools.mimetypes import guess_mimetype

from ..tools.public_report import (
    CONTACT_CHANNELS,
    LOCATION_ONLINE,
    LOCATION_OTHER,
    MAX_DESCRIPTION,
    MAX_MESSAGE,
    OLDEST_INCIDENT,
    RESIDENCE_ABROAD,
    RESIDENCE_OTHER,
    ROLES,
)
from .mdd_complainant import AGE_GROUPS, POSTCODE

_logger = logging.getLogger(__name__)


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # ------------------------------------------------------------------
    # Public form: choices and validation
    # ------------------------------------------------------------------

    @api.model
    def _mdd_public_form_options(self):
        """Choices of the public form, in the visitor's language."""
        _ = self.env._
        municipalities = self.env["mdd.municipality"]._public_choices()
        grounds = (
            self.env["mdd.ground"]
            .sudo()
            .search([("public_label", "!=", False)], order="parent_path")
        )
        ground_parents = grounds.filtered(lambda g: not g.parent_id)
        return {
            "municipalities": municipalities,
            "ground_parents": ground_parents.sorted(lambda g: (g.sequence, g.id)),
            "ground_children": {
                parent.id: grounds.filtered(lambda g, p=parent: g.parent_id == p).sorted(
                    lambda g: (g.sequence, g.id)
                )
                for parent in ground_parents
            },
            "manifestations": self.env["mdd.manifestation"]
            .sudo()
            .search([("public_label", "!=", False)]),
            "roles": [
                ("victim", _("It happened to me")),
                ("witness", _("I saw it happen (witness)")),
                ("on_behalf", _("I am reporting for someone else")),
                ("organisation", _("I am reporting for an organisation")),
            ],
            "age_groups": [
                (key, _("I'd rather not say") if key == "unknown" else label)
                for key, label in self._mdd_age_group_labels()
            ],
            "contact_channels": [("email", _("By email")), ("phone", _("By phone"))],
            "max_files": MAX_FILES,
            "max_file_mb": MAX_FILE_SIZE // (1024 * 1024),
            "max_description": MAX_DESCRIPTION,
            "max_message": MAX_MESSAGE,
            "accept": ACCEPT_ATTRIBUTE,
            "today": fields.Date.context_today(self),
        }

    @api.model
    def _mdd_age_group_labels(self):
        labels = dict(
            self.env["mdd.complainant"]._fields["age_group"]._description_selection(self.env)
        )
        return [(key, labels.get(key, key)) for key, _label in AGE_GROUPS]

    @api.model
    def _mdd_check_files(self, files, form, key="attachments"):
        """Validate visitor files: ``[(name, data, mimetype)]``, or none when
        one is refused (its message goes to ``form``, a :class:`PublicInput`)."""
        _ = self.env._
        files = [f for f in files or [] if f.name]
        if len(files) > MAX_FILES:
            form.error(key, _("You can add at most %(count)s files.", count=MAX_FILES))
            return []
        checked = []
        for upload in files:
            name = safe_file_name(upload.name)
            reason, mimetype = self._mdd_file_refusal(name, upload.data, upload.too_large)
            if reason == "size":
                size = MAX_FILE_SIZE // (1024 * 1024)
                problem = _("The file %(name)s is larger than %(size)s MB.", name=name, size=size)
            elif reason == "empty":
                problem = _("The file %(name)s is empty.", name=name)
            elif reason == "type":
                problem = _(
                    "The file %(name)s is not a photo, PDF or text file. You can "
                    "add JPG, PNG, GIF, WEBP, PDF and TXT files.",
                    name=name,
                )
            else:
                checked.append((name, upload.data, mimetype))
                continue
            form.error(key, problem)
            return []
        return checked

    @api.model
    def _mdd_file_refusal(self, name, data, too_large=False):
        """Why a visitor's file is refused ("size", "empty" or "type"), or
        False, and its type as detected from its content.

        The same rules hold for every way files reach a report: the public
        form, the portal and mail to a bureau."""
        mimetype = guess_mimetype(data or b"", default="application/octet-stream")
        if too_large or len(data or b"") > MAX_FILE_SIZE:
            return "size", mimetype
        if not data:
            return "empty", mimetype
        if os.path.splitext(name)[1].lower() not in ALLOWED_FILE_TYPES.get(mimetype, ()):
            return "type", mimetype
        return False, mimetype

    @api.model
    def _mdd_validate_public(self, values, files=()):
        """Check the public form's input.

        :param values: the form fields; multi-valued fields (``ground_ids``,
            ``manifestation_ids``) are lists
        :param files: :class:`PublicFile` objects
        :return: the values to create (``ticket``, ``complainant``, ``files``)
        :raises PublicInputError: with a message per form field
        """
        form = PublicInput(self.env, values)
        prepared = {
            "ticket": self._mdd_validate_public_incident(form),
            "complainant": self._mdd_validate_public_complainant(form),
            "files": self._mdd_check_files(files, form),
        }
        form.check()
        return prepared

    @api.model
    def _mdd_validate_public_incident(self, form):
        """What happened, when and where: the values of the report."""
        _ = self.env._
        description = form.text(
            "description", MAX_DESCRIPTION, required=_("Please tell us what happened.")
        )
        # Read as text of at most ten characters: anything after a date is refused.
        raw_date = form.text(
            "incident_date", 10, required=_("Please give the date (an estimate is fine).")
        )
        incident_date = False
        if raw_date:
            try:
                incident_date = fields.Date.to_date(raw_date)
            except ValueError:
                incident_date = False
            if not incident_date or incident_date < OLDEST_INCIDENT:
                form.error("incident_date", _("Please give a valid date, e.g. 31-12-2024."))
            elif incident_date > fields.Date.context_today(self):
                form.error("incident_date", _("The date cannot be in the future."))

        location = form.text("incident_municipality", 20)
        municipality = self.env["mdd.municipality"]
        if not location:
            form.error(
                "incident_municipality", _("Please choose where it happened, or choose online.")
            )
        elif location not in (LOCATION_ONLINE, LOCATION_OTHER):
            municipality = form.municipality(location)
            if not municipality:
                form.error("incident_municipality", _("Please choose a place from the list."))
        incident_place = form.text("incident_place")

        offered = [("public_label", "!=", False)]
        grounds = form.records("mdd.ground", "ground_ids", offered)
        if not grounds:
            form.error("ground_ids", _('Please choose at least one reason, or "I don\'t know".'))
        manifestations = form.records("mdd.manifestation", "manifestation_ids", offered)
        if not manifestations:
            form.error("manifestation_ids", _("Please choose at least one option."))
        return {
            "description": plaintext2html(description) if description else False,
            "incident_date": incident_date,
            "incident_municipality_id": municipality.id,
            "incident_location_na": location == LOCATION_ONLINE,
            "incident_place": incident_place or False,
            "ground_ids": [(6, 0, grounds.ids)],
            "manifestation_ids": [(6, 0, manifestations.ids)],
        }

    @api.model
    def _mdd_validate_public_complainant(self, form):
        """Who reports: role, contact or anonymous, residence, age, consent."""
        _ = self.env._
        role = form.choice("role", ROLES, _("Please choose who you are reporting as."))
        contact = form.choice(
            "contact", ("yes", "no"), _("Please choose whether you want contact.")
        )
        anonymous = contact != "yes"
        details = {"name": "", "email": False, "phone": "", "contact_channel": "none"}
        if not anonymous:
            details = self._mdd_validate_public_contact(form)

        postcode, residence = self._mdd_validate_public_residence(form)

        age_group = form.choice("age_group", dict(AGE_GROUPS), _("Please choose your age group."))
        parental_consent = bool(form.values.get("parental_consent"))
        if age_group == "0_15" and not anonymous and not parental_consent:
            form.error(
                "parental_consent",
                _(
                    "Under 16 you need the consent of a parent or guardian to be "
                    "contacted. Without it, please choose to report anonymously."
                ),
            )
        if not form.values.get("consent_register"):
            form.error(
                "consent_register",
                _("We can only take your report if you agree that we register it."),
            )
        return {
            "name": details["name"] or False,
            "anonymous": anonymous,
            "email": details["email"] or False,
            "phone": details["phone"] or False,
            "contact_channel": details["contact_channel"],
            "postcode": postcode or False,
            "residence_municipality_id": residence.id,
            "age_group": age_group or "unknown",
            "parental_consent": parental_consent and age_group == "0_15",
            "role": role or "victim",
            "consent_register": True,
            "consent_contact": not anonymous,
            "consent_share": not anonymous and bool(form.values.get("consent_share")),
        }

    @api.model
    def _mdd_validate_public_contact(self, form):
        """How to reach a complainant who wants contact; email normalised."""
        _ = self.env._
        details = {
            "name": form.text("name", 100),
            "email": form.email("email"),
            "phone": form.phone("phone"),
            "contact_channel": form.choice(
                "contact_channel", CONTACT_CHANNELS, _("Please choose how we can reach you.")
            ),
        }
        channel = details["contact_channel"]
        if channel == "email" and not details["email"]:
            form.error("email", _("Please give your email address, or choose phone."))
        elif channel == "phone" and not details["phone"]:
            form.error("phone", _("Please give your phone number, or choose email."))
        return details

    @api.model
    def _mdd_validate_public_residence(self, form):
        """Postcode and municipality of residence (needed for the Wga figures)."""
        _ = self.env._
        postcode = form.text("postcode", 10).upper()
        if postcode and not POSTCODE.match(postcode):
            form.error("postcode", _("Please give a Dutch postcode, e.g. 9401 AB."))
        elif len(postcode) == 6 and " " not in postcode:
            postcode = f"{postcode[:4]} {postcode[4:]}"
        choice = form.text("residence_municipality", 20)
        residence = self.env["mdd.municipality"]
        if choice == RESIDENCE_OTHER and not postcode:
            form.error("postcode", _("Please give your postcode, so we know your municipality."))
        elif not choice and not postcode:
            form.error(
                "residence_municipality",
                _("Please choose the municipality where you live, or give your postcode."),
            )
        elif choice and choice not in (RESIDENCE_OTHER, RESIDENCE_ABROAD):
            residence = form.municipality(choice)
            if not residence:
                form.error(
                    "residence_municipality", _("Please choose a municipality from the list.")
                )
        return postcode, residence

    # ------------------------------------------------------------------
    # Public form: creation and mails
    # ------------------------------------------------------------------

    @api.model
    def _mdd_create_from_public(self, values, files=(), partner=None, form_token=None):
        """Create the complainant and the report sent through the website.

        Everything is checked before anything is created, and everything is
        created in one savepoint: a failure leaves no half-created records.

        :param partner: the logged-in portal user's contact, if any; linked
            to the complainant when they want contact
        :param form_token: ``(scope, token)`` of the form page, claimed in the
            same savepoint (see ``mdd.form.token``): a form sent twice
            creates one report
        :return: ``(report, receipt_code)``; the code is not stored, only its hash
        :raises PublicInputError: with the errors per form field
        """
        prepared = self._mdd_validate_public(values, files)
        code = self._mdd_new_receipt_code()
        Token = self.env["mdd.form.token"].sudo()
        try:
            with self.env.cr.savepoint():
                if form_token and not Token._claim(*form_token):
                    raise PublicInputError({"form": Token._used_message()})
                report = self._mdd_create_public_records(prepared, code, partner)
        except (ValidationError, UserError) as exc:
            _logger.info("Public report refused: %s", exc)
            raise PublicInputError(
                {
                    "form": self.env._(
                        "Your report could not be saved. Please check your answers and try again."
                    )
                }
            ) from exc
        return report, code

    @api.model
    def _mdd_create_public_records(self, prepared, code, partner=None):
        env = (
            self.sudo()
            .with_context(
                mail_create_nosubscribe=True,
                mail_notify_force_send=False,
                mdd_report=True,
            )
            .env
        )
        complainant_vals = dict(prepared["complainant"])
        if not complainant_vals["anonymous"] and partner:
            complainant_vals["partner_id"] = partner.id
        # No chatter work for the complainant and its contact (no creation
        # message, no followers, no tracking): the report's chatter tells
        # the story, and the visitor does not wait for it.
        complainant = (
            env["mdd.complainant"].with_context(tracking_disable=True).create(complainant_vals)
        )
        if not complainant.anonymous and complainant.email and not complainant.partner_id:
            complainant.action_create_partner()
            complainant.partner_id.lang = self.env.lang or "nl_NL"

        # Nor for the report: the after-intake job posts the bureau's note
        # (in place of the helpdesk's "created" message) and notifies staff.
        report = (
            env["helpdesk.ticket"]
            .with_context(tracking_disable=True)
            .create(
                {
                    **prepared["ticket"],
                    "name": self.env._("Report via the website"),
                    "complainant_id": complainant.id,
                    "report_type": "melding",
                    "channel_id": self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web").id,
                    "report_source": "website",
                    "mdd_receipt_hash": self._mdd_hash_receipt_code(code),
                    "mdd_intake_pending": True,
                }
            )
            .with_env(env)
        )
        if prepared["files"]:
            env["ir.attachment"].create(
                [
                    {
                        "name": name,
                        "raw": data,
                        "mimetype": mimetype,
                        "res_model": "helpdesk.ticket",
                        "res_id": report.id,
                    }
                    for name, data, mimetype in prepared["files"]
                ]
            )
        # The staff notification and the confirmation mail: by the job.
        report._mdd_trigger_after_intake()
        # Run the constraints now, inside the caller's savepoint.
        env.flush_all()
        return report

    def _mdd_notify_team_new_report(self, message):
        """Tell the bureau's staff that a report came in, with ``message``.

        Only the team members who may read reports follow it: followers get
        what the complainant wrote in their notifications."""
        for report in self:
            members = report.team_id.user_ids.filtered(
                lambda u: not u.share and u.has_group("mdd_meldpunt.group_mdd_user")
            )
            if members:
                report.message_subscribe(partner_ids=members.partner_id.ids)
            report.message_post(
                body=Markup("<p>%s</p>") % message,
                subtype_xmlid="mail.mt_note",
                message_type="notification",
                author_id=self.env.ref("base.partner_root").id,
                partner_ids=members.partner_id.ids,
            )

    def _mdd_send_public_confirmation(self):
        """Confirm by email, when the complainant gave an email and wants contact.

        The mail holds only the report number and the portal link.

        :return: the reports whose confirmation was queued
        """
        template = self.env.ref(
            "mdd_meldpunt.mail_template_public_report_confirmation", raise_if_not_found=False
        )
        confirmed = self.browse()
        for report in self:
            complainant = report.complainant_id
            if not (
                template
                and complainant.email
                and complainant.consent_contact
                and complainant.partner_id
            ):
                continue
            report._portal_ensure_token()
            template.sudo().send_mail(report.id, force_send=False)
            confirmed |= report
        return confirmed
