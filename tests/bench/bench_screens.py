"""Bench 6: the staff screens at 100 000 reports, behind the record rules.

Generates ``n`` reports over 10 years with bench 2's generator, then spreads
them over the profile's 2 bureaus, their stages and 8 staff users (6 case
handlers, 3 per bureau, and 2 coordinators) with a few UPDATEs. Times, as a
case handler and as a coordinator, the ORM calls the web client makes for
the reports action (its domain and context, the views' own fields), against
the same calls as that user with ``sudo()`` (no access rights, no record
rules):

* kanban: ``web_read_group`` by stage, ``read_progress_bar`` and the first
  40 cards of every unfolded column (``web_search_read`` with the kanban's
  fields);
* list: ``web_search_read`` of 80 with the list's fields and its count;
* search: the same with the search view's domain for a number or a title;
* pivot: ``read_group`` municipality x year (the four calls of a pivot).

Each call is run ``repeat`` times with an empty record cache, taking turns
with its sudo twin; the medians count.
The SQL of one list call as a handler and as sudo is kept with its
``EXPLAIN ANALYZE`` for the analysis.
"""

import time

from bench_figures import generate as generate_reports
from benchlib import median, ms, row
from lxml import etree

from odoo.tools import SQL

HANDLERS = 6
COORDINATORS = 2
KANBAN_LIMIT = 40
LIST_LIMIT = 80
GOAL_MS = 300
GOAL_RATIO = 1.5
# The fields the kanban_activity widget reads besides activity_ids.
ACTIVITY_FIELDS = (
    "activity_exception_decoration",
    "activity_exception_icon",
    "activity_state",
    "activity_summary",
    "activity_type_icon",
    "activity_type_id",
)


def generate(env, n):
    """``n`` reports (bench 2's generator), then bureaus, stages, numbers,
    staff and assignments."""
    years = generate_reports(env, n)
    group_user = env.ref("mdd_meldpunt.group_mdd_user")
    group_manager = env.ref("mdd_meldpunt.group_mdd_manager")
    teams = env["helpdesk.ticket.team"].search([("is_mdd_bureau", "=", True)], order="id")[:2]
    users = env["res.users"].with_context(no_reset_password=True, mail_create_nolog=True)
    handlers = users.create(
        [
            {
                "name": f"Bench handler {i}",
                "login": f"bench-handler-{i}@example.org",
                "groups_id": [(6, 0, [env.ref("base.group_user").id, group_user.id])],
            }
            for i in range(HANDLERS)
        ]
    )
    coordinators = users.create(
        [
            {
                "name": f"Bench coordinator {i}",
                "login": f"bench-coordinator-{i}@example.org",
                "groups_id": [(6, 0, [env.ref("base.group_user").id, group_manager.id])],
            }
            for i in range(COORDINATORS)
        ]
    )
    per_team = HANDLERS // len(teams)
    for index, team in enumerate(teams):
        team.user_ids = [(4, u.id) for u in handlers[index * per_team : (index + 1) * per_team]]
    stages = env["helpdesk.ticket.stage"].search([("is_mdd_stage", "=", True)], order="sequence")
    env.flush_all()
    # Bureau by id; a case handler of that bureau on 4 of 5 reports; stages
    # spread with most reports closed (10 years of history); a number.
    env.cr.execute(
        """
        UPDATE helpdesk_ticket t
           SET team_id = (%(teams)s::int[])[1 + t.id %% 2],
               user_id = CASE WHEN t.id %% 5 = 0 THEN NULL
                         ELSE (%(handlers)s::int[])[1 + (t.id %% 2) * %(per_team)s
                                                     + (t.id / 2) %% %(per_team)s] END,
               stage_id = CASE WHEN t.id %% 10 < 8 THEN %(closed)s
                          ELSE (%(open)s::int[])[1 + t.id %% %(n_open)s] END,
               number = 'HT' || lpad(t.id::text, 7, '0')
         WHERE t.name LIKE 'bench %%'
        """,
        {
            "teams": teams.ids,
            "handlers": handlers.ids,
            "per_team": per_team,
            "closed": stages.filtered("closed")[:1].id,
            "open": stages.filtered(lambda s: not s.closed).ids,
            "n_open": len(stages.filtered(lambda s: not s.closed)),
        },
    )
    env.cr.execute("ANALYZE helpdesk_ticket")
    return {
        **years,
        "handler": handlers[0].id,
        "coordinator": coordinators[0].id,
    }


def _spec(model, view_type):
    """The web client's specification: the fields of the view's arch."""
    view = model.get_view(view_type=view_type, view_id=_view_id(model.env, view_type))
    names = []
    for node in etree.fromstring(view["arch"]).iter("field"):
        name = node.get("name")
        if name in model._fields and name not in names:
            names.append(name)
    spec = {}
    for name in names:
        field = model._fields[name]
        if field.type in ("many2one", "many2many", "one2many"):
            spec[name] = {"fields": {"display_name": {}}}
        else:
            spec[name] = {}
        if name == "activity_ids":
            spec.update({f: {} for f in ACTIVITY_FIELDS})
    return spec


def _view_id(env, view_type):
    return env.ref(f"mdd_meldpunt.view_mdd_report_{view_type}").id


def _calls(env):
    """name -> function(model) of the web client's calls on the reports action."""
    action = env.ref("mdd_meldpunt.action_mdd_report")
    domain = [("is_mdd_report", "=", True)]
    context = {"mdd_report": True, "default_report_type": "melding"}
    assert action.domain and "is_mdd_report" in action.domain
    Ticket = env["helpdesk.ticket"]
    kanban_spec = _spec(Ticket, "kanban")
    list_spec = _spec(Ticket, "list")
    # A number's last digits, as typed by a handler who has it on paper.
    env.cr.execute("SELECT max(number) FROM helpdesk_ticket WHERE number LIKE 'HT%%'")
    number = env.cr.fetchone()[0][-5:]

    def kanban(model):
        groups = model.web_read_group(domain, ["stage_id"], ["stage_id"], lazy=True)["groups"]
        model.read_progress_bar(
            domain,
            "stage_id",
            {
                "field": "kanban_state",
                "colors": {"done": "success", "blocked": "danger", "normal": "muted"},
            },
        )
        for group in groups:
            if not group.get("__fold"):
                model.web_search_read(group["__domain"], kanban_spec, limit=KANBAN_LIMIT)

    def listing(model):
        model.web_search_read(domain, list_spec, limit=LIST_LIMIT, count_limit=10001)

    def search_number(model):
        model.web_search_read(
            [*domain, ("number", "ilike", number)], list_spec, limit=LIST_LIMIT, count_limit=10001
        )

    def search_title(model):
        model.web_search_read(
            [*domain, ("name", "ilike", "bench 4242")],
            list_spec,
            limit=LIST_LIMIT,
            count_limit=10001,
        )

    def pivot(model):
        row_g, col_g = "incident_municipality_id", "incident_date:year"
        for groupby in ([], [row_g], [col_g], [row_g, col_g]):
            model.read_group(domain, ["__count"], groupby, lazy=False)

    return context, {
        "kanban": kanban,
        "list": listing,
        "search number": search_number,
        "search title": search_title,
        "pivot": pivot,
    }


def _time(env, model, func, repeat):
    """``repeat`` runs of ``func`` as ``model``'s user and as sudo, taking
    turns so that both meet the same noise of the machine."""
    times = {"rules": [], "sudo": []}
    for __ in range(repeat):
        for key, target in (("rules", model), ("sudo", model.sudo())):
            env.invalidate_all()  # a new request starts with an empty record cache
            start = time.perf_counter()
            func(target)
            times[key].append(time.perf_counter() - start)
    return times


class _QueryLog:
    """The SQL a call sends, with each query's time."""

    def __init__(self, cr):
        self.cr = cr
        self.queries = []

    def __enter__(self):
        execute = self.cr.execute

        def logged(query, params=None, log_exceptions=True):
            start = time.perf_counter()
            result = execute(query, params, log_exceptions)
            self.queries.append((time.perf_counter() - start, query, params))
            return result

        self.cr.execute = logged
        return self

    def __exit__(self, *exc):
        del self.cr.execute


def _sql(env, model, func):
    """Queries of one call and their time (ms)."""
    env.invalidate_all()
    with _QueryLog(env.cr) as log:
        func(model)
    return [len(log.queries), round(sum(q[0] for q in log.queries) * 1000, 1)]


def _explain(env, model, func):
    """EXPLAIN ANALYZE of the slowest page query (ORDER BY ... LIMIT) on
    helpdesk_ticket of one call, with the record rules in its WHERE."""
    env.invalidate_all()
    with _QueryLog(env.cr) as log:
        func(model)
    queries = [
        q
        for q in log.queries
        if 'FROM "helpdesk_ticket"' in getattr(q[1], "code", q[1])
        and "ORDER BY" in getattr(q[1], "code", q[1])
    ]
    __, query, params = max(queries, key=lambda q: q[0])
    if isinstance(query, SQL):
        query, params = query.code, query.params
    env.cr.execute(SQL("EXPLAIN ANALYZE %s", SQL(query, *(params or ()))))
    plan = "\n".join(line for (line,) in env.cr.fetchall())
    return {"query": env.cr.mogrify(query, params).decode(), "plan": plan}


def measure(env, handler, coordinator, repeat=11, explain=True, **__):
    context, calls = _calls(env)
    env.cr.execute("SELECT count(*) FROM helpdesk_ticket WHERE is_mdd_report")
    reports = env.cr.fetchone()[0]
    results = []
    plans = {}
    for role, uid in (("handler", handler), ("coordinator", coordinator)):
        user_env = env(user=uid, su=False, context=dict(env.context, **context))
        model = user_env["helpdesk.ticket"]
        visible = model.search_count([("is_mdd_report", "=", True)])
        for name, func in calls.items():
            func(model)  # warm-up (views, rules, caches)
            func(model.sudo())
            results.append(
                {
                    "role": role,
                    "call": name,
                    "visible": visible,
                    **_time(user_env, model, func, repeat),
                    "sql_rules": _sql(user_env, model, func),
                    "sql_sudo": _sql(user_env, model.sudo(), func),
                }
            )
            if explain and name == "list":
                plans[f"{role} list, with rules"] = _explain(user_env, model, func)
                plans[f"{role} list, sudo"] = _explain(user_env, model.sudo(), func)
    return {"reports": reports, "results": results, "plans": plans}


def rows(result):
    table = []
    for item in result["results"]:
        rules, sudo = median(item["rules"]), median(item["sudo"])
        ratio = rules / sudo if sudo else float("nan")
        met = rules * 1000 < GOAL_MS and ratio <= GOAL_RATIO
        table.append(
            row(
                f"6 Staff {item['call']}, {item['role']}",
                f"{len(item['rules'])} runs, {result['reports']} reports "
                f"({item['visible']} visible)",
                med=ms(rules),
                p_95=f"max {ms(max(item['rules']))}",
                anchor=f"{ms(sudo)} (sudo, no rules)",
                ratio=f"{ratio:.2f}x",
                goal=f"<{GOAL_MS} ms, <={GOAL_RATIO}x sudo",
                met="YES" if met else "NO",
            )
        )
    return table


def sql_markdown(result):
    """Queries per call and their time, with the rules and as sudo."""
    lines = [
        "| call | role | queries (rules / sudo) | SQL time (rules / sudo) |",
        "|------|------|------------------------|-------------------------|",
    ]
    for item in result["results"]:
        (qr, tr), (qs, ts) = item["sql_rules"], item["sql_sudo"]
        lines.append(f"| {item['call']} | {item['role']} | {qr} / {qs} | {tr} ms / {ts} ms |")
    return "\n".join(lines) + "\n"


def plans_markdown(plans):
    lines = []
    for name, item in plans.items():
        lines += [f"### {name}", "", "```sql", item["query"], "```", ""]
        lines += ["```", item["plan"], "```", ""]
    return "\n".join(lines)
