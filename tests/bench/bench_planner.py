"""Bench 4: the planner's trainer conflict check on a full year.

Generates 50 trainers and 5 000 planned sessions in one year without
conflicts (one INSERT ... SELECT), then creates ``saves`` more sessions
through the ORM (with their calendar events, as the planner would) and times
saving each of them: an ORM write of start and stop, which runs the
constraint ``_check_trainer_conflicts`` over all sessions, unavailability,
leaves and calendar events of its trainers, and syncs the calendar event.
The conflict search alone is timed as well.
"""

import time
from datetime import datetime, timedelta

from benchlib import median, ms, p95, row

TRAINERS = 50


def _year(env):
    return env.cr.now().year + 1


def generate(env, sessions, saves):
    group = env.ref("mdd_voorlichting.group_trainer")
    planner = env.ref("mdd_voorlichting.group_planner", raise_if_not_found=False)
    admin = env.ref("base.user_admin")
    if planner:
        admin.groups_id = [(4, planner.id)]
    users = env["res.users"].with_context(no_reset_password=True, mail_create_nolog=True)
    trainers = users.create(
        [
            {
                "name": f"Bench trainer {i:02d}",
                "login": f"bench-trainer-{i:02d}@example.org",
                "groups_id": [(6, 0, [env.ref("base.group_user").id, group.id])],
            }
            for i in range(TRAINERS)
        ]
    )
    workshop = env["mdd.workshop"].create({"name": "Bench workshop", "duration": 2.0})
    partner = env["res.partner"].create({"name": "Bench school", "is_company": True})
    municipality = env["mdd.municipality"].search([], limit=1)
    cr = env.cr
    # Session i: trainer i % 50 on working day 2 * (i // 50) (even days),
    # trainers 0-24 in the morning, 25-49 in the afternoon; every fifth
    # session has a second trainer from the other half of the day.
    cr.execute(
        """
        WITH s AS (
            SELECT i, i %% 50 AS t, (i / 50) * 2 AS d
              FROM generate_series(0, %(n)s - 1) i
        ), ins AS (
            INSERT INTO mdd_education_session (name, company_id, workshop_id, partner_id,
                                               municipality_id, state, start, stop,
                                               user_id, create_uid, create_date,
                                               write_uid, write_date)
            SELECT 'Bench ' || s.i, %(company)s, %(workshop)s, %(partner)s,
                   %(municipality)s, 'planned',
                   make_timestamp(%(year)s, 1, 2, 8, 0, 0)
                       + (s.d + (s.d / 5) * 2) * interval '1 day'
                       + (s.t / 25) * interval '4 hours',
                   make_timestamp(%(year)s, 1, 2, 10, 0, 0)
                       + (s.d + (s.d / 5) * 2) * interval '1 day'
                       + (s.t / 25) * interval '4 hours',
                   %(uid)s, %(uid)s, now(), %(uid)s, now()
              FROM s
         RETURNING id, name
        )
        INSERT INTO mdd_education_session_trainer_rel (session_id, user_id)
        SELECT ins.id, (%(trainers)s)[1 + s.t]
          FROM ins JOIN s ON ins.name = 'Bench ' || s.i
        UNION ALL
        SELECT ins.id, (%(trainers)s)[1 + (s.t + 25) %% 50]
          FROM ins JOIN s ON ins.name = 'Bench ' || s.i
         WHERE s.i %% 5 = 0
        """,
        {
            "n": sessions,
            "company": env.company.id,
            "workshop": workshop.id,
            "partner": partner.id,
            "municipality": municipality.id,
            "year": _year(env),
            "uid": admin.id,
            "trainers": trainers.ids,
        },
    )
    cr.execute("ANALYZE mdd_education_session")
    cr.execute("ANALYZE mdd_education_session_trainer_rel")
    # The sessions that are saved: created through the ORM on odd days.
    Session = env["mdd.education.session"].with_user(admin).with_context(mail_notrack=True)
    base = datetime(_year(env), 1, 3, 8, 0)
    created = Session.create(
        [
            {
                "workshop_id": workshop.id,
                "partner_id": partner.id,
                "municipality_id": municipality.id,
                "start": base + timedelta(days=2 * (i // TRAINERS)),
                "stop": base + timedelta(days=2 * (i // TRAINERS), hours=2),
                "trainer_ids": [(6, 0, [trainers[i % TRAINERS].id])],
            }
            for i in range(saves)
        ]
    )
    created.write({"state": "planned"})
    return {"saved_ids": created.ids}


def measure(env, saved_ids):
    admin = env.ref("base.user_admin")
    Session = env["mdd.education.session"].with_user(admin)
    env.cr.execute("SELECT count(*) FROM mdd_education_session WHERE state = 'planned'")
    planned = env.cr.fetchone()[0]
    save_times, check_times, conflicts = [], [], 0
    for sid in saved_ids:
        session = Session.browse(sid)
        start = session.start + timedelta(minutes=30)
        env.invalidate_all()
        t0 = time.perf_counter()
        session.write({"start": start, "stop": start + timedelta(hours=2)})
        env.flush_all()
        save_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        found = Session._find_trainer_conflicts(
            session.trainer_ids, session.start, session.stop, exclude_sessions=session
        )
        check_times.append(time.perf_counter() - t0)
        conflicts += len(found)
    return {"planned": planned, "save": save_times, "check": check_times, "conflicts": conflicts}


def rows(result):
    save, check = result["save"], result["check"]
    return [
        row(
            "4 Planner: save a planned session (ORM write)",
            f"{len(save)} saves, {result['planned']} sessions",
            med=ms(median(save)),
            p_95=ms(p95(save)),
            anchor=f"{ms(median(check))} (conflict search only)",
            ratio="",
            goal="<50 ms per save",
            met="YES" if p95(save) < 0.05 else ("median only" if median(save) < 0.05 else "NO"),
        )
    ]
