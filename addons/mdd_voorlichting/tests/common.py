# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shared fixtures of the mdd_voorlichting tests.

Everything the tests need is created here (users, organisations, workshops),
so the tests do not depend on demo data; they do run on a database that has
it. Dates of the conflict tests are fixed and far in the future, so no demo
session or "now"-based rule interferes.
"""

from datetime import datetime, timedelta

from odoo import fields
from odoo.addons.mdd_base.tools.timezone import DEFAULT_TZ, local_to_utc
from odoo.tests import new_test_user

TEST_CONTEXT = {"mail_create_nolog": True, "mail_notrack": True, "no_reset_password": True}


def local(*args):
    """Naive UTC datetime of a Europe/Amsterdam wall-clock time."""
    return local_to_utc(datetime(*args), DEFAULT_TZ)


class VoorlichtingCommon:
    """Mixin with the fixtures; use with TransactionCase or HttpCase."""

    @classmethod
    def _setup_voorlichting(cls):
        env = cls.env(context=dict(cls.env.context, **TEST_CONTEXT))
        # The pages and mails of these tests are in Dutch, as at a bureau.
        env["res.lang"]._activate_lang("nl_NL")
        # A bureau in Drenthe: the public forms offer its region.
        env["mdd.municipality"].search(
            [("province_id", "=", env.ref("base.state_nl_dr").id)]
        ).in_service_area = True
        cls.group_trainer = env.ref("mdd_voorlichting.group_trainer")
        cls.group_planner = env.ref("mdd_voorlichting.group_planner")
        cls.planner = new_test_user(
            env,
            login="va_planner",
            name="Petra Planner",
            groups="mdd_voorlichting.group_planner",
            email="petra.planner@example.org",
            tz="Europe/Amsterdam",
        )
        cls.trainer = new_test_user(
            env,
            login="va_trainer",
            name="Tim Trainer",
            groups="mdd_voorlichting.group_trainer",
            email="tim.trainer@example.org",
            tz="Europe/Amsterdam",
        )
        cls.trainer_2 = new_test_user(
            env,
            login="va_trainer2",
            name="Tessa Trainer",
            groups="mdd_voorlichting.group_trainer",
            email="tessa.trainer@example.org",
            tz="Europe/Amsterdam",
        )
        Partner = env["res.partner"]
        cls.org_a = Partner.create({"name": "Testschool Assen", "is_company": True})
        cls.contact_a = Partner.create(
            {
                "name": "Anna Contact",
                "email": "anna@testschool.example.nl",
                "parent_id": cls.org_a.id,
            }
        )
        cls.org_b = Partner.create({"name": "Testteam Meppel", "is_company": True})
        cls.contact_b = Partner.create(
            {"name": "Bert Contact", "email": "bert@testteam.example.nl", "parent_id": cls.org_b.id}
        )
        cls.portal_a = new_test_user(
            env,
            login="va_portal_a",
            groups="base.group_portal",
            partner_id=cls.contact_a.id,
            name=cls.contact_a.name,
            email=cls.contact_a.email,
        )
        cls.portal_b = new_test_user(
            env,
            login="va_portal_b",
            groups="base.group_portal",
            partner_id=cls.contact_b.id,
            name=cls.contact_b.name,
            email=cls.contact_b.email,
        )
        cls.assen = env.ref("mdd_base.municipality_gm0106")
        cls.meppel = env.ref("mdd_base.municipality_gm0119")
        cls.audience = env.ref("mdd_voorlichting.audience_voortgezet_onderwijs")
        Workshop = env["mdd.workshop"]
        cls.workshop = Workshop.create(
            {
                "name": "Test workshop",
                "duration": 1.5,
                "trainers_needed": "1",
                "max_participants": 30,
                "website_published": True,
                "audience_ids": [fields.Command.set(cls.audience.ids)],
            }
        )
        cls.workshop_duo = Workshop.create(
            {
                "name": "Test duo workshop",
                "duration": 3.0,
                "trainers_needed": "2",
                "max_participants": 20,
                "website_published": True,
            }
        )
        cls.Session = env["mdd.education.session"]

    @classmethod
    def _session_values(cls, **values):
        start = values.pop("start", local(2031, 3, 4, 9, 0))
        result = {
            "workshop_id": cls.workshop.id,
            "partner_id": cls.org_a.id,
            "contact_id": cls.contact_a.id,
            "municipality_id": cls.assen.id,
            "audience_id": cls.audience.id,
            "participant_count": 25,
            "location": "Schoolstraat 1, Assen",
            "start": start,
            "trainer_ids": [fields.Command.set(cls.trainer.ids)],
        }
        result.update(values)
        return result

    @classmethod
    def _create_session(cls, user=None, **values):
        Session = cls.Session.with_user(user or cls.planner)
        return Session.create(cls._session_values(**values))

    @staticmethod
    def _hours(count):
        return timedelta(hours=count)
