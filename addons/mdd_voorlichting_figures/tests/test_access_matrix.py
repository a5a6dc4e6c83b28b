# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The access matrix of both add-ons, as one table.

For every stored model of mdd_meldpunt and mdd_voorlichting, plus a report
(``helpdesk.ticket`` of an MDD bureau), a message and an attachment of that
report, each kind of user is checked for read, write, create and unlink with
``check_access`` on a sample record: the access rights (ACL) and the record
rules together, exactly as the ORM applies them, never as superuser. Create
is checked against the record rules for creating a record like the sample.
Attachments are checked with ``ir.attachment.check``, which applies the
access to the document they belong to. A handler may delete the messages of
the reports they may edit, and the complainant may post on (but not edit)
their own report (standard mail and portal behaviour); the complainant gets
the files of their report through the portal pages, not from the ORM.
A read also has to agree with a search. Python-level checks (e.g. constraints)
can only refuse more than this table; they are covered by the other tests.
"""

from datetime import date

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import BridgeCommon, local

# Users, in the column order of the table.
USERS = (
    "public",  # not logged in (the website's public user)
    "owner",  # portal: the complainant of the report, contact of the session
    "portal_other",  # portal: another person
    "municipal",  # portal: a municipal official (contact with a municipality)
    "internal",  # internal user without MDD or Voorlichting group
    "trainer",  # trainer of the session
    "planner",  # planner
    "handler_other",  # case handler of the other bureau (Emmen)
    "handler",  # case handler of the report's bureau (MDD)
    "coordinator",  # coordinator
)

# R = read, W = write, C = create, U = unlink; "-" = refused.
# fmt: off
MATRIX = {
    #                                    publ ownr poth muni intn trnr plnr hoth hndl coor
    "helpdesk.ticket":                  "---- R--- ---- ---- ---- ---- ---- ---- RWC- RWCU",
    "mail.message":                     "---- R-C- ---- ---- ---- ---- ---- ---- RWCU RWCU",
    "ir.attachment":                    "---- ---- ---- ---- ---- ---- ---- ---- RWCU RWCU",
    "mdd.complainant":                  "---- ---- ---- ---- ---- ---- ---- ---- RWC- RWCU",
    "mdd.report.action":                "---- ---- ---- ---- ---- ---- ---- ---- RWCU RWCU",
    "mdd.incident":                     "---- ---- ---- ---- ---- ---- ---- RWC- RWC- RWCU",
    "mdd.municipality":                 "R--- R--- R--- R--- R--- R--- R--- R--- R--- RWCU",
    "mdd.ground":                       "---- ---- ---- ---- R--- R--- R--- R--- R--- RWCU",
    "mdd.domain":                       "---- ---- ---- ---- R--- R--- R--- R--- R--- RWCU",
    "mdd.manifestation":                "---- ---- ---- ---- R--- R--- R--- R--- R--- RWCU",
    "mdd.action.type":                  "---- ---- ---- ---- R--- R--- R--- R--- R--- RWCU",
    "mdd.outcome":                      "---- ---- ---- ---- R--- R--- R--- R--- R--- RWCU",
    "mdd.throttle":                     "---- ---- ---- ---- ---- ---- ---- ---- ---- ----",
    "mdd.form.token":                   "---- ---- ---- ---- ---- ---- ---- ---- ---- ----",
    "mdd.report.analysis":              "---- ---- ---- ---- ---- ---- ---- ---- ---- R---",
    "mdd.report.ground.analysis":       "---- ---- ---- ---- ---- ---- ---- ---- ---- R---",
    "mdd.report.manifestation.analysis":"---- ---- ---- ---- ---- ---- ---- ---- ---- R---",
    "mdd.wga.line":                     "---- ---- ---- ---- ---- ---- ---- ---- ---- R---",
    "mdd.access.log":                   "---- ---- ---- ---- ---- ---- ---- ---- ---- R---",
    "mdd.wga.publication":              "---- ---- ---- R--- ---- ---- ---- ---- ---- RWCU",
    "mdd.wga.delivery":                 "---- ---- ---- ---- ---- ---- ---- ---- ---- R---",
    "mdd.audience":                     "---- ---- ---- ---- ---- R--- RWCU ---- ---- ----",
    "mdd.workshop":                     "---- ---- ---- ---- ---- R--- RWCU ---- ---- ----",
    "mdd.education.session":            "---- R--- ---- ---- ---- RW-- RWCU ---- ---- ----",
    "mdd.education.request":            "---- ---- ---- ---- ---- ---- RWCU ---- ---- ----",
    "mdd.education.request.window":     "---- ---- ---- ---- ---- ---- RWCU ---- ---- ----",
    "mdd.trainer.unavailability":       "---- ---- ---- ---- ---- RWCU RWCU ---- ---- ----",
    "mdd.travel.time":                  "---- ---- ---- ---- ---- ---- RWCU ---- ---- ----",
    "mdd.education.offer":              "---- R--- ---- ---- ---- ---- RWCU ---- ---- ----",
    "mdd.education.offer.slot":         "---- ---- ---- ---- ---- ---- RWCU ---- ---- ----",
    "mdd.trainer.calendar.feed":        "---- ---- ---- ---- ---- RWCU ---- ---- ---- ----",
    "mdd.education.evaluation.analysis":"---- ---- ---- ---- ---- ---- R--- ---- ---- ----",
}
# fmt: on
OPERATIONS = (("R", "read"), ("W", "write"), ("C", "create"), ("U", "unlink"))


@tagged("post_install", "-at_install", "mdd_access")
class TestAccessMatrix(BridgeCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_voorlichting()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env = env
        ref = env.ref
        cls._setup_access_users("am")
        # Sessions first: once the owner is a complainant, their contact is
        # hidden from everyone outside MDD (planners included).
        session = cls._create_session(state="confirmed")
        request = env["mdd.education.request"].create(
            {
                "partner_id": cls.org_a.id,
                "contact_id": cls.contact_a.id,
                "municipality_id": cls.assen.id,
                "workshop_id": cls.workshop.id,
                "window_ids": [
                    fields.Command.create(
                        {"date_from": date(2031, 5, 1), "date_to": date(2031, 5, 31)}
                    )
                ],
            }
        )
        # A slot offer sent to the owner (the organisation's contact).
        offer = env["mdd.education.offer"].create(
            {
                "request_id": request.id,
                "slot_ids": [
                    fields.Command.create(
                        {
                            "start": local(2031, 5, day, 9, 0),
                            "trainer_ids": [fields.Command.set(cls.trainer.ids)],
                        }
                    )
                    for day in (6, 7)
                ],
            }
        )
        offer.action_send()
        travel_time = env["mdd.travel.time"].create(
            {
                "municipality_a_id": cls.assen.id,
                "municipality_b_id": cls.meppel.id,
                "minutes": 50,
            }
        )
        unavailability = env["mdd.trainer.unavailability"].create(
            {
                "user_id": cls.trainer.id,
                "start": local(2031, 6, 1, 8, 0),
                "stop": local(2031, 6, 1, 17, 0),
            }
        )
        # The trainer's calendar feed, and a score of the session's evaluation.
        feed = env["mdd.trainer.calendar.feed"].create({"user_id": cls.trainer.id})
        evaluation = session._create_evaluation_answer("participant")
        for question in evaluation.survey_id.question_ids.filtered("mdd_criterion"):
            evaluation._save_lines(question, "4")
        evaluation._mark_done()
        # The report, of the MDD bureau; its complainant is the portal owner.
        complainant = env["mdd.complainant"].create(
            {
                "name": "Anna Contact",
                "age_group": "30_44",
                "residence_municipality_id": cls.assen.id,
                "partner_id": cls.portal_a.partner_id.id,
            }
        )
        report = (
            env["helpdesk.ticket"]
            .with_context(mdd_report=True)
            .create(
                {
                    "name": "Matrixmelding",
                    "description": "<p>Matrix</p>",
                    "team_id": cls.team_mdd.id,
                    "complainant_id": complainant.id,
                    "incident_date": fields.Date.today(),
                    "incident_municipality_id": cls.assen.id,
                }
            )
        )
        message = report.message_post(
            body="Matrix message", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        attachment = env["ir.attachment"].create(
            {
                "name": "matrix.txt",
                "raw": b"matrix",
                "res_model": "helpdesk.ticket",
                "res_id": report.id,
            }
        )
        action = env["mdd.report.action"].create(
            {"report_id": report.id, "type_id": ref("mdd_meldpunt.action_type_intake").id}
        )
        incident = env["mdd.incident"].create({"name": "Matrixvoorval"})
        throttle = env["mdd.throttle"].create({"scope": "matrix", "key": "matrix"})
        form_token = env["mdd.form.token"].create({"scope": "matrix", "key": "matrix"})
        access_log = (
            env["mdd.access.log"]
            .with_user(cls.users["handler"])
            ._mdd_log("identity_opened", complainant, report=report)
        )
        # A published version of the municipal official's municipality, with
        # its delivery to them.
        publication = env["mdd.wga.publication"].create(
            {"municipality_id": cls.assen.id, "year": fields.Date.today().year}
        )
        publication.action_publish()
        env.flush_all()
        cls.samples = {
            "helpdesk.ticket": report,
            "mail.message": message,
            "ir.attachment": attachment,
            "mdd.complainant": complainant,
            "mdd.report.action": action,
            "mdd.incident": incident,
            "mdd.municipality": cls.assen,
            "mdd.throttle": throttle,
            "mdd.form.token": form_token,
            "mdd.access.log": access_log,
            "mdd.wga.publication": publication,
            "mdd.wga.delivery": publication.delivery_ids.filtered(
                lambda d: d.partner_id == cls.users["municipal"].partner_id
            ),
            "mdd.audience": cls.audience,
            "mdd.workshop": cls.workshop,
            "mdd.education.session": session,
            "mdd.education.request": request,
            "mdd.education.request.window": request.window_ids,
            "mdd.trainer.unavailability": unavailability,
            "mdd.travel.time": travel_time,
            "mdd.education.offer": offer,
            "mdd.education.offer.slot": offer.slot_ids[0],
            "mdd.trainer.calendar.feed": feed,
        }
        for model in (
            "mdd.ground",
            "mdd.domain",
            "mdd.manifestation",
            "mdd.action.type",
            "mdd.outcome",
        ):
            cls.samples[model] = env[model].search([], limit=1)
        for model in (
            "mdd.report.analysis",
            "mdd.report.ground.analysis",
            "mdd.report.manifestation.analysis",
            "mdd.wga.line",
        ):
            cls.samples[model] = env[model].search([("report_id", "=", report.id)], limit=1)
        cls.samples["mdd.education.evaluation.analysis"] = env[
            "mdd.education.evaluation.analysis"
        ].search([("user_input_id", "=", evaluation.id)], limit=1)

    def allowed(self, user, record, operation):
        try:
            if record._name == "ir.attachment":
                # Attachments follow the access to their document (check()).
                values = {"res_model": record.res_model, "res_id": record.res_id}
                record.with_user(user).check(
                    operation, values=values if operation == "create" else None
                )
                return True
            record.with_user(user).check_access(operation)
        except AccessError:
            return False
        return True

    def found(self, user, record):
        try:
            return bool(
                self.env[record._name].with_user(user).search_count([("id", "=", record.id)])
            )
        except AccessError:
            return False

    def test_every_stored_model_is_in_the_matrix(self):
        models = self.env["ir.model"].search(
            [("model", "=like", "mdd.%"), ("transient", "=", False)]
        )
        stored = {m.model for m in models if not self.env[m.model]._abstract}
        self.assertEqual(stored - set(MATRIX), set())

    def test_matrix(self):
        unexpected = []
        for model, rows in MATRIX.items():
            record = self.samples[model]
            self.assertEqual(len(record), 1, model)
            for login, rights in zip(USERS, rows.split(), strict=True):
                user = self.users[login]
                actual = "".join(
                    letter if self.allowed(user, record, operation) else "-"
                    for letter, operation in OPERATIONS
                )
                if actual != rights:
                    unexpected.append(f"{model} as {login}: expected {rights}, got {actual}")
                # A read and a search agree.
                if model not in ("mail.message", "ir.attachment"):
                    self.assertEqual(
                        self.found(user, record), "R" in actual, f"{model} search as {login}"
                    )
        self.assertEqual(unexpected, [])
