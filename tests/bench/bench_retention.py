"""Bench 3: the retention job on expired reports.

Generates ``n`` closed reports, closed six years ago (past the default five
years of retention), each with its own complainant (name, email, phone,
postcode) and one message, with INSERT ... SELECT. Then, in a fresh process
per batch size and on its own copy of the database, runs the job batch after
batch (``mdd.retention._mdd_cron_retention``, a commit after each batch as the
cron re-triggering itself would) until nothing has expired, and reports the
total time and the growth of the peak resident memory of the process.
"""

import resource
import time

from benchlib import row


def _rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def available(env):
    return "mdd.retention" in env and hasattr(env["mdd.retention"], "_mdd_cron_retention")


def generate(env, n):
    cr = env.cr
    team = env["helpdesk.ticket.team"].search([], limit=1)
    stage = env["helpdesk.ticket.stage"].search([("closed", "=", True)], limit=1)
    municipalities = env["mdd.municipality"].search([]).ids
    cr.execute(
        """
        WITH c AS (
            INSERT INTO mdd_complainant (name, email, phone, postcode, company_id,
                                         age_group, role, anonymous, news_mail,
                                         create_date, write_date)
            SELECT 'Retention Melder ' || i, 'ret-' || i || '@example.org',
                   '0612345678', '9401AB', %(company)s, '30_44', 'victim', FALSE,
                   %(news_mail)s, now() - interval '7 years', now()
              FROM generate_series(1, %(n)s) i
         RETURNING id
        ), t AS (
            INSERT INTO helpdesk_ticket (name, description, company_id, team_id, stage_id,
                                         active, is_mdd_report, counts_in_figures,
                                         complainant_id, incident_date, incident_place,
                                         incident_municipality_id, closed_date,
                                         create_date, write_date)
            SELECT 'Retention report ' || c.id, '<p>Persoonlijk verhaal van melder</p>',
                   %(company)s, %(team)s, %(stage)s, TRUE, TRUE, TRUE, c.id,
                   (now() - interval '7 years')::date, 'Markt',
                   (%(municipalities)s)[1 + c.id %% 12],
                   now() - interval '6 years', now() - interval '7 years', now()
              FROM c
         RETURNING id
        )
        INSERT INTO mail_message (model, res_id, message_type, body, subject, date,
                                  create_date, write_date)
        SELECT 'helpdesk.ticket', t.id, 'comment', '<p>Gesprek met melder</p>', 'Melding',
               now() - interval '6 years', now(), now()
          FROM t
        """,
        {
            "n": n,
            "company": env.company.id,
            "news_mail": env["mdd.complainant"].default_get(["news_mail"])["news_mail"],
            "team": team.id,
            "stage": stage.id,
            "municipalities": municipalities,
        },
    )
    cr.execute("ANALYZE helpdesk_ticket")
    cr.execute("ANALYZE mdd_complainant")
    cr.execute("ANALYZE mail_message")
    return {"expired": env["mdd.retention"]._mdd_dry_run()["reports"]}


def measure(env, batch_size):
    Retention = env["mdd.retention"]
    env.cr.commit()
    rss_before = _rss_mb()
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    done = batches = 0
    while True:
        counts = Retention._mdd_cron_retention(batch_size=batch_size)
        env.cr.commit()
        env.invalidate_all()
        batches += 1
        done += counts.get("reports", 0) if isinstance(counts, dict) else 0
        if not Retention._mdd_expired_reports(limit=1):
            break
        if batches > 100000:
            break
    elapsed = time.perf_counter() - start
    peak_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "batch_size": batch_size,
        "seconds": elapsed,
        "batches": batches,
        "reports": done,
        "left": len(Retention._mdd_expired_reports()),
        "rss_before_mb": rss_before,
        "peak_growth_mb": peak_after - max(peak_before, rss_before),
        "peak_mb": peak_after,
    }


def rows(n, results):
    if results is None:
        return [
            row(
                "3 Retention job",
                n,
                med="not available (issue 7)",
                goal="<60 s, memory flat in batch size",
                met="n/a",
            )
        ]
    growths = [r["peak_growth_mb"] for r in results]
    flat = max(growths) <= max(50.0, 2 * min(growths) + 20)
    out = []
    for r in results:
        ok = r["seconds"] < 60 and r["left"] == 0 and flat
        out.append(
            row(
                f"3 Retention job, batch {r['batch_size']}",
                f"{n} ({r['batches']} batches, {r['left']} left)",
                med=f"{r['seconds']:.1f} s total",
                p_95=f"peak +{r['peak_growth_mb']:.0f} MB",
                anchor=f"peak RSS {r['peak_mb']:.0f} MB",
                goal="<60 s, memory flat",
                met="YES" if ok else "NO",
            )
        )
    return out
