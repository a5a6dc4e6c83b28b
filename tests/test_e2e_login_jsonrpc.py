"""End to end: a real server, a login over HTTP and a record read over JSON-RPC."""

import requests


def test_login_form_and_session(odoo_server):
    session = requests.Session()
    page = session.get(f"{odoo_server.url}/web/login", timeout=30)
    assert page.status_code == 200
    response = session.post(
        f"{odoo_server.url}/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "params": {"db": odoo_server.db, "login": "coordinator", "password": "coordinator"},
        },
        timeout=30,
    )
    body = response.json()
    assert "result" in body, body.get("error")
    result = body["result"]
    assert result["uid"]
    assert result["name"] == "Sanne de Vries"
    # The session cookie now opens the backend.
    assert session.get(f"{odoo_server.url}/odoo", timeout=30).status_code == 200


def test_wrong_password_is_refused(odoo_server):
    uid = odoo_server.jsonrpc("common", "login", odoo_server.db, "coordinator", "wrong")
    assert uid is False


def test_read_municipality_over_jsonrpc(odoo_server):
    rows = odoo_server.execute(
        "coordinator",
        "coordinator",
        "mdd.municipality",
        "search_read",
        [["cbs_code", "=", "GM0114"]],
        fields=["name", "team_id"],
    )
    assert [row["name"] for row in rows] == ["Emmen"]
    assert rows[0]["team_id"][1] == "Meldpunt Discriminatie Emmen"


def test_trainer_cannot_read_reports_over_jsonrpc(odoo_server):
    # Personal data stays with MDD staff, also through the external API.
    staff = odoo_server.execute(
        "coordinator",
        "coordinator",
        "helpdesk.ticket",
        "search_count",
        [["is_mdd_report", "=", True]],
    )
    assert staff > 0
    trainer = odoo_server.execute(
        "trainer",
        "trainer",
        "helpdesk.ticket",
        "search_count",
        [["is_mdd_report", "=", True]],
    )
    assert trainer == 0
