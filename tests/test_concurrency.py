"""Concurrency: requests sent at the same moment to a multi-worker server.

Each test prepares its requests first (pages fetched, CSRF and form tokens
read), then lets threads send them at once through a barrier, so that the
server's worker processes handle them in parallel:

* 20 reports sent through /melden by 20 visitors: each is stored exactly once
  with its own number;
* one report form sent 5 times at once (a double click, a replay): one report;
* one workshop request form sent 5 times at once: one request;
* 20 overlapping sessions planned at once for two trainers: each trainer is
  booked once, the other plans are refused with a clear error;
* 20 confirmations at once by organisations through the portal (each of 10
  sessions confirmed twice): each session is confirmed once, with one
  confirmation message, and no trainer is ever double-booked;
* 5 slot offers, each chosen by two contacts at once through its link (each
  a different time): exactly one booking per offer, the other contact gets a
  clear message, and no trainer is ever double-booked.
"""

import re
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta

import requests

PARALLEL = 20
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
NONCE = re.compile(r'name="form_nonce" value="([^"]+)"')
NUMBER = re.compile(r'id="mdd_report_number">([^<]+)<')
CODE = re.compile(r'id="mdd_receipt_code">([^<]+)<')


def at_once(calls):
    """Run the callables in parallel threads, released together; their results
    (or the exceptions they raised) in order."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait(timeout=60)
        try:
            return call()
        except Exception as exc:  # the test inspects it
            return exc

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def xmlid(server, module, name):
    rows = server.sql(
        "SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s", (module, name)
    )
    assert rows, f"{module}.{name} not found"
    return rows[0][0]


def count(server, query, params=()):
    return server.sql(query, params)[0][0]


def prepared_form(server, url):
    """A visitor's session with the form page opened: (session, csrf, nonce)."""
    session = requests.Session()
    session.cookies.set("frontend_lang", "nl_NL")
    page = session.get(f"{server.url}{url}", timeout=60)
    assert page.status_code == 200, url
    nonce = NONCE.search(page.text)
    return session, CSRF.search(page.text).group(1), nonce.group(1) if nonce else None


def report_data(server, marker):
    assen = server.sql("SELECT id FROM mdd_municipality WHERE cbs_code = 'GM0106'")[0][0]
    ground = server.sql("SELECT id FROM mdd_ground WHERE active ORDER BY id LIMIT 1")[0][0]
    manifestation = server.sql("SELECT id FROM mdd_manifestation WHERE active ORDER BY id LIMIT 1")[
        0
    ][0]
    return {
        "description": f"Bij de ingang werd ik weggestuurd ({marker}).",
        "incident_date": (date.today() - timedelta(days=3)).isoformat(),
        "incident_municipality": str(assen),
        "incident_place": "Markt",
        "ground_ids": [str(ground)],
        "manifestation_ids": [str(manifestation)],
        "role": "victim",
        "contact": "no",
        "residence_municipality": str(assen),
        "age_group": "30_44",
        "consent_register": "1",
    }


def reports_with(server, marker):
    return server.sql(
        "SELECT number FROM helpdesk_ticket WHERE description::text LIKE %s", (f"%{marker}%",)
    )


def test_parallel_reports_are_each_stored_once(odoo_server):
    odoo_server.clear_throttle()
    markers = [f"parallel-{uuid.uuid4().hex}" for _ in range(PARALLEL)]
    calls = []
    for marker in markers:
        session, csrf, nonce = prepared_form(odoo_server, "/melden")
        data = dict(report_data(odoo_server, marker), csrf_token=csrf, form_nonce=nonce)

        def send(session=session, data=data):
            return session.post(f"{odoo_server.url}/melden", data=data, timeout=120)

        calls.append(send)
    responses = at_once(calls)

    shown = []
    for response in responses:
        assert isinstance(response, requests.Response), response
        assert response.status_code == 200
        number = NUMBER.search(response.text)
        assert number and CODE.search(response.text), "no thank-you page"
        shown.append(number.group(1).strip())
    assert len(set(shown)) == PARALLEL, "every report has its own number"
    for marker, number in zip(markers, shown, strict=True):
        assert reports_with(odoo_server, marker) == [(number,)]
    duplicates = odoo_server.sql(
        "SELECT number FROM helpdesk_ticket GROUP BY number HAVING count(*) > 1"
    )
    assert duplicates == []


def test_report_form_sent_five_times_at_once_is_stored_once(odoo_server):
    odoo_server.clear_throttle()
    marker = f"double-click-{uuid.uuid4().hex}"
    session, csrf, nonce = prepared_form(odoo_server, "/melden")
    data = dict(report_data(odoo_server, marker), csrf_token=csrf, form_nonce=nonce)
    responses = at_once(
        [
            lambda: session.post(f"{odoo_server.url}/melden", data=data, timeout=120)
            for _ in range(5)
        ]
    )
    assert all(isinstance(r, requests.Response) for r in responses), responses
    assert sorted(r.status_code for r in responses) == [200] * 5
    thanked = [r for r in responses if CODE.search(r.text)]
    assert len(thanked) == 1, "one thank-you page, with the only receipt code"
    for response in responses:
        if response is not thanked[0]:
            assert 'id="mdd_error_summary"' in response.text
    assert len(reports_with(odoo_server, marker)) == 1


def request_form_data(server, marker):
    future = (date.today() + timedelta(days=40)).isoformat()
    workshop = server.sql(
        "SELECT id FROM mdd_workshop WHERE website_published ORDER BY id LIMIT 1"
    )[0][0]
    audience = server.sql("SELECT id FROM mdd_audience ORDER BY id LIMIT 1")[0][0]
    assen = server.sql("SELECT id FROM mdd_municipality WHERE cbs_code = 'GM0106'")[0][0]
    return {
        "organisation_name": f"OBS {marker}",
        "organisation_type": "primary_school",
        "contact_name": "Jan Jansen",
        "email": f"{marker}@school.example.nl",
        "municipality_id": str(assen),
        "workshop_id": str(workshop),
        "audience_id": str(audience),
        "participant_count": "25",
        "window_1_from": future,
        "window_1_daypart": "morning",
    }


def test_request_form_sent_five_times_at_once_is_stored_once(odoo_server):
    odoo_server.clear_throttle()
    marker = f"req{uuid.uuid4().hex[:12]}"
    session, csrf, nonce = prepared_form(odoo_server, "/voorlichting/aanvragen")
    assert nonce, "the request form carries a one-time token"
    data = dict(request_form_data(odoo_server, marker), csrf_token=csrf, form_nonce=nonce)
    url = f"{odoo_server.url}/voorlichting/aanvragen"
    responses = at_once(
        [lambda: session.post(url, data=data, allow_redirects=False, timeout=120) for _ in range(5)]
    )
    assert all(isinstance(r, requests.Response) for r in responses), responses
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 200, 200, 200, 303], statuses
    for response in responses:
        if response.status_code == 200:
            assert 'id="mdd_request_error"' in response.text
    stored = count(
        odoo_server,
        "SELECT count(*) FROM mdd_education_request WHERE submitted_organisation = %s",
        (f"OBS {marker}",),
    )
    assert stored == 1


# ----------------------------------------------------------------------
# Trainers
# ----------------------------------------------------------------------


def create_sessions(server, starts_and_trainers):
    """Draft sessions created by the planner; their ids."""
    workshop = server.sql(
        "SELECT id FROM mdd_workshop WHERE trainers_needed = '1' ORDER BY id LIMIT 1"
    )[0][0]
    org = xmlid(server, "mdd_profile_drenthe", "partner_obs_regenboog")
    contact = xmlid(server, "mdd_profile_drenthe", "partner_obs_regenboog_contact")
    assen = server.sql("SELECT id FROM mdd_municipality WHERE cbs_code = 'GM0106'")[0][0]
    return server.execute(
        "planner",
        "planner",
        "mdd.education.session",
        "create",
        [
            {
                "workshop_id": workshop,
                "partner_id": org,
                "contact_id": contact,
                "municipality_id": assen,
                "start": start.strftime("%Y-%m-%d %H:%M:%S"),
                "stop": (start + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M:%S"),
                "trainer_ids": [(6, 0, [trainer])],
            }
            for start, trainer in starts_and_trainers
        ],
    )


def double_bookings(server):
    """Pairs of blocking sessions that share a trainer and overlap in time."""
    return server.sql(
        """
        SELECT a.id, b.id, ra.user_id
          FROM mdd_education_session a
          JOIN mdd_education_session_trainer_rel ra ON ra.session_id = a.id
          JOIN mdd_education_session_trainer_rel rb ON rb.user_id = ra.user_id
          JOIN mdd_education_session b ON b.id = rb.session_id AND b.id > a.id
         WHERE a.state IN ('planned', 'confirmed')
           AND b.state IN ('planned', 'confirmed')
           AND a.start < b.stop AND b.start < a.stop
        """
    )


def test_parallel_plans_never_double_book_a_trainer(odoo_server):
    trainers = [
        xmlid(odoo_server, "mdd_profile_drenthe", "user_trainer"),
        xmlid(odoo_server, "mdd_profile_drenthe", "user_trainer_2"),
    ]
    # Twenty sessions at the same hour: ten for each trainer.
    start = datetime(2031, 3, 4, 9, 0)
    ids = create_sessions(odoo_server, [(start, trainers[index % 2]) for index in range(PARALLEL)])

    def plan(session_id):
        return lambda: odoo_server.execute(
            "planner", "planner", "mdd.education.session", "action_plan", [session_id]
        )

    results = at_once([plan(session_id) for session_id in ids])

    unexpected = [
        result
        for result in results
        if result is not True and getattr(result, "name", "") != "odoo.exceptions.ValidationError"
    ]
    assert unexpected == [], "a plan either succeeds or is refused with a clear error"
    planned = odoo_server.sql(
        """
        SELECT r.user_id, count(*)
          FROM mdd_education_session s
          JOIN mdd_education_session_trainer_rel r ON r.session_id = s.id
         WHERE s.id IN %s AND s.state = 'planned'
         GROUP BY r.user_id
        """,
        (tuple(ids),),
    )
    assert sorted(planned) == sorted((trainer, 1) for trainer in trainers)
    assert sum(result is True for result in results) == 2
    assert double_bookings(odoo_server) == []


def test_parallel_confirmations_confirm_each_session_once(odoo_server):
    trainers = [
        xmlid(odoo_server, "mdd_profile_drenthe", "user_trainer"),
        xmlid(odoo_server, "mdd_profile_drenthe", "user_trainer_2"),
    ]
    # Ten planned sessions on different days, each confirmed twice at once.
    first = datetime(2031, 5, 5, 9, 0)
    ids = create_sessions(
        odoo_server,
        [(first + timedelta(days=index), trainers[index % 2]) for index in range(10)],
    )
    odoo_server.execute("planner", "planner", "mdd.education.session", "action_plan", ids)
    tokens = {
        row["id"]: row["access_token"]
        for row in odoo_server.execute(
            "planner", "planner", "mdd.education.session", "read", ids, ["access_token"]
        )
    }
    assert all(tokens.values())

    last_message = count(odoo_server, "SELECT coalesce(max(id), 0) FROM mail_message")
    calls = []
    for session_id in ids * 2:
        visitor = requests.Session()
        url = f"{odoo_server.url}/my/voorlichtingen/{session_id}"
        page = visitor.get(url, params={"access_token": tokens[session_id]}, timeout=60)
        assert page.status_code == 200
        csrf = CSRF.search(page.text).group(1)

        def confirm(visitor=visitor, url=url, session_id=session_id, csrf=csrf):
            return visitor.post(
                f"{url}/confirm",
                data={"csrf_token": csrf, "access_token": tokens[session_id]},
                allow_redirects=False,
                timeout=120,
            )

        calls.append(confirm)
    responses = at_once(calls)

    assert all(isinstance(r, requests.Response) for r in responses), responses
    by_session = {session_id: [] for session_id in ids}
    for session_id, response in zip(ids * 2, responses, strict=True):
        by_session[session_id].append(response)
    for session_id, answers in by_session.items():
        statuses = sorted(r.status_code for r in answers)
        assert statuses == [200, 303], (session_id, statuses)
        refused = next(r for r in answers if r.status_code == 200)
        assert 'id="mdd_session_error"' in refused.text, "a clear error for the second"
    states = odoo_server.sql(
        "SELECT DISTINCT state FROM mdd_education_session WHERE id IN %s", (tuple(ids),)
    )
    assert states == [("confirmed",)]
    # One "the organisation confirmed" note per session (the state change
    # itself is logged as tracking, without a body).
    note = xmlid(odoo_server, "mail", "mt_note")
    messages = odoo_server.sql(
        """
        SELECT res_id, count(*)
          FROM mail_message
         WHERE model = 'mdd.education.session' AND res_id IN %s
           AND id > %s AND subtype_id = %s AND coalesce(body, '') != ''
         GROUP BY res_id
        """,
        (tuple(ids), last_message, note),
    )
    assert sorted(messages) == sorted((session_id, 1) for session_id in ids)
    assert double_bookings(odoo_server) == []


OFFER_ERROR = 'id="mdd_offer_error"'


def test_two_contacts_choosing_one_offer_at_once_book_once(odoo_server):
    trainer = xmlid(odoo_server, "mdd_profile_drenthe", "user_trainer")
    org = xmlid(odoo_server, "mdd_profile_drenthe", "partner_obs_regenboog")
    contact = xmlid(odoo_server, "mdd_profile_drenthe", "partner_obs_regenboog_contact")
    assen = odoo_server.sql("SELECT id FROM mdd_municipality WHERE cbs_code = 'GM0106'")[0][0]
    workshop = odoo_server.sql(
        "SELECT id FROM mdd_workshop WHERE trainers_needed = '1' ORDER BY id LIMIT 1"
    )[0][0]
    offers = []
    for index in range(5):
        request = odoo_server.execute(
            "planner",
            "planner",
            "mdd.education.request",
            "create",
            {
                "partner_id": org,
                "contact_id": contact,
                "municipality_id": assen,
                "workshop_id": workshop,
            },
        )
        # Two times a day apart, per offer on its own days.
        first = datetime(2031, 9, 1, 8, 0) + timedelta(days=3 * index)
        slots = [
            (
                0,
                0,
                {
                    "start": start.strftime("%Y-%m-%d %H:%M:%S"),
                    "stop": (start + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M:%S"),
                    "trainer_ids": [(6, 0, [trainer])],
                },
            )
            for start in (first, first + timedelta(days=1))
        ]
        offer = odoo_server.execute(
            "planner",
            "planner",
            "mdd.education.offer",
            "create",
            {"request_id": request, "slot_ids": slots},
        )
        odoo_server.execute("planner", "planner", "mdd.education.offer", "action_send", [offer])
        offers.append(offer)
    rows = odoo_server.execute(
        "planner", "planner", "mdd.education.offer", "read", offers, ["access_token", "slot_ids"]
    )

    calls, owners = [], []
    for row in rows:
        url = f"{odoo_server.url}/my/voorlichtingen/aanbod/{row['id']}"
        token = row["access_token"]
        for slot_id in row["slot_ids"]:
            visitor = requests.Session()
            visitor.cookies.set("frontend_lang", "nl_NL")
            page = visitor.get(url, params={"access_token": token}, timeout=60)
            assert page.status_code == 200
            data = {
                "csrf_token": CSRF.search(page.text).group(1),
                "access_token": token,
                "slot_id": slot_id,
            }

            def choose(visitor=visitor, url=url, data=data):
                return visitor.post(f"{url}/kiezen", data=data, allow_redirects=False, timeout=120)

            calls.append(choose)
            owners.append(row["id"])
    responses = at_once(calls)

    assert all(isinstance(r, requests.Response) for r in responses), responses
    by_offer = {offer: [] for offer in offers}
    for offer, response in zip(owners, responses, strict=True):
        by_offer[offer].append(response)
    for offer, answers in by_offer.items():
        statuses = sorted(r.status_code for r in answers)
        assert statuses == [200, 303], (offer, statuses)
        refused = next(r for r in answers if r.status_code == 200)
        assert OFFER_ERROR in refused.text, "a clear message for the second contact"
    booked = odoo_server.sql(
        """
        SELECT o.id, count(s.id), min(o.state)
          FROM mdd_education_offer o
          LEFT JOIN mdd_education_session s ON s.request_id = o.request_id
         WHERE o.id IN %s
         GROUP BY o.id
        """,
        (tuple(offers),),
    )
    assert sorted(booked) == sorted((offer, 1, "chosen") for offer in offers)
    assert double_bookings(odoo_server) == []
