"""The JSON API over HTTP (FastAPI's TestClient), on SQLite and PostgreSQL: bearer
tokens, the tenant wall, the roles, the workflow's version checks, the JSON shapes, and
the views in the audit log."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from passgenau.services.audit import record_trail
from passgenau.services.tokens import issue_token, revoke_tokens

from .api_site import ApiSite, api_fixture  # noqa: F401 (the fixture "api")
from .conftest import EVIL_NAME, TODAY


def _error(answer, status: int, code: str) -> dict:  # type: ignore[no-untyped-def]
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/json"
    body = answer.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    assert "Traceback" not in answer.text
    return body["error"]


# -- tokens ------------------------------------------------------------------------------


def test_without_a_token_or_with_a_bad_one_the_answer_is_401_json(api: ApiSite) -> None:
    for headers in ({}, {"Authorization": "Bearer pga_falsch"},
                    {"Authorization": "Basic YW5uYTpwdw=="},
                    {"Authorization": "Bearer " + api.tokens["anna"] + "x"}):
        answer = api.site.client.get("/api/v1/candidates", headers=headers)
        _error(answer, 401, "unauthorized")
        assert answer.headers["www-authenticate"].startswith("Bearer")


def test_a_signed_in_browser_session_does_not_open_the_api(api: ApiSite) -> None:
    """Only the bearer token counts: a session cookie alone is refused (no CSRF way in)."""
    assert api.site.sign_in("anna").status_code == 303
    assert api.site.client.get("/kandidaten/AC1").status_code == 200
    _error(api.get("/candidates/AC1", who=None), 401, "unauthorized")


def test_a_revoked_or_expired_token_is_refused(api: ApiSite) -> None:
    accounts = api.site.runtime.accounts
    assert api.get("/me").json() == {"username": "anna", "role": "officer", "tenant": "jc-a"}
    assert revoke_tokens(accounts(), "anna") == 1
    _error(api.get("/me"), 401, "unauthorized")
    old = issue_token(accounts(), "anna", days=1,
                      now=datetime.now(UTC) - timedelta(days=2)).token
    answer = api.site.client.get("/api/v1/me", headers={"Authorization": f"Bearer {old}"})
    _error(answer, 401, "unauthorized")
    fresh = issue_token(accounts(), "anna").token
    answer = api.site.client.get("/api/v1/me", headers={"Authorization": f"Bearer {fresh}"})
    assert answer.status_code == 200


# -- the tenant wall ---------------------------------------------------------------------


def test_a_jobcenter_a_token_gets_404_for_jobcenter_b_s_records(api: ApiSite) -> None:
    """Another Jobcenter's candidate, vacancy and proposal answer exactly like missing
    ones; Jobcenter B's own token sees them."""
    assert api.get("/candidates/AC1").status_code == 200
    other, missing = api.get("/candidates/BC1"), api.get("/candidates/GIBTESNICHT")
    _error(other, 404, "not_found")
    assert other.json() == missing.json()
    assert "Bodo" not in other.text
    _error(api.get("/vacancies/BV1"), 404, "not_found")
    _error(api.get("/proposals/BV1/BC1"), 404, "not_found")
    _error(api.get("/proposals", params={"candidate_id": "BC1"}), 404, "not_found")
    _error(api.post("/proposals/BV1/BC1/moves", {"target": "prepared", "version": 1}),
           404, "not_found")
    _error(api.post("/candidates/BC1/contacts", {}), 404, "not_found")
    listed = api.get("/candidates").json()
    assert [c["candidate_id"] for c in listed["items"]] == ["AC1", "AC2"]
    assert [v["vacancy_id"] for v in api.get("/vacancies").json()] == ["AV1"]
    assert api.get("/candidates/BC1", who="bernd").json()["name"] == "Bodo Beispiel"
    # B's proposal is still untouched
    assert api.get("/proposals/BV1/BC1", who="bernd").json()["version"] == 1


# -- roles -------------------------------------------------------------------------------


def test_management_reads_but_may_not_move_or_record(api: ApiSite) -> None:
    assert api.get("/candidates", who="lea").status_code == 200
    assert api.get("/proposals", who="lea").status_code == 200
    refused = _error(api.post("/proposals/AV1/AC1/moves", {"target": "prepared",
                                                           "version": 1}, who="lea"),
                     403, "forbidden")
    assert refused["message"] == "Ihre Rolle (Leitung) darf Vorschläge bewegen nicht."
    _error(api.post("/followups", {"candidate_id": "AC1", "due": "2026-12-20"}, who="lea"),
           403, "forbidden")
    _error(api.post("/match-runs", who="lea"), 403, "forbidden")
    assert api.get("/proposals/AV1/AC1").json()["state"] == "suggested"  # nothing moved


def test_a_partner_sees_no_caseload(api: ApiSite) -> None:
    """A partner sees only candidates referred to it, which the API does not list yet:
    every caseload answer is refused with a reason, the token itself works."""
    assert api.get("/me", who="paul").json()["role"] == "partner"
    for path in ("/candidates", "/candidates/AC1", "/vacancies", "/vacancies/AV1",
                 "/proposals", "/proposals/AV1/AC1", "/followups/due", "/match-runs"):
        error = _error(api.get(path, who="paul"), 403, "forbidden")
        assert "Kooperationspartner" in error["message"]


def test_acquisition_moves_proposals_but_keeps_no_casework(api: ApiSite) -> None:
    moved = api.post("/proposals/AV1/AC1/moves", {"target": "prepared", "version": 1},
                     who="ole")
    assert moved.status_code == 200
    _error(api.post("/candidates/AC1/contacts", {}, who="ole"), 403, "forbidden")


# -- the workflow ------------------------------------------------------------------------


def test_a_move_returns_its_steps_and_a_stale_version_is_409(api: ApiSite) -> None:
    listed = api.get("/proposals", params={"vacancy_id": "AV1"}).json()
    assert listed == [{
        "vacancy_id": "AV1", "candidate_id": "AC1", "state": "suggested", "version": 1,
        "household_id": None, "reason": None, "score": None, "rank": 1, "has_note": False,
    }]
    moved = api.post("/proposals/AV1/AC1/moves", {"target": "prepared", "version": 1,
                                                  "note": "Termin am Montag"})
    assert moved.status_code == 200
    assert moved.json() == {"steps": [{
        "vacancy_id": "AV1", "candidate_id": "AC1", "old": "suggested", "new": "prepared",
        "reason": None, "version": 2, "cause": "asked"}], "positions": []}
    stale = _error(api.post("/proposals/AV1/AC1/moves", {"target": "withdrawn",
                                                         "reason": "other", "version": 1}),
                   409, "stale_version")
    assert "inzwischen von jemand anderem geändert" in stale["message"]
    assert "gelesen: Version 1, jetzt: Version 2" in stale["message"]
    detail = api.get("/proposals/AV1/AC1").json()
    assert (detail["state"], detail["version"], detail["note"]) == ("prepared", 2,
                                                                    "Termin am Montag")
    assert detail["reasons"] == ["Der Arbeitsweg dauert 25 Minuten."]
    assert detail["next_states"] == ["consented", "withdrawn"]  # the workflow's, in order


def test_a_move_the_workflow_forbids_is_409_and_bad_input_422(api: ApiSite) -> None:
    _error(api.post("/proposals/AV1/AC1/moves", {"target": "hired", "version": 1}),
           409, "illegal_move")
    _error(api.post("/proposals/AV1/AC1/moves", {"target": "proposed", "version": 1}),
           409, "illegal_move")
    invalid = _error(api.post("/proposals/AV1/AC1/moves", {"target": "gefeuert"}),
                     422, "invalid")
    fields = {p["field"] for p in invalid["problems"]}
    assert fields == {"body.target", "body.version"}
    _error(api.get("/candidates", params={"level": "Z9"}), 422, "invalid")
    _error(api.get("/candidates/%00"), 422, "invalid")
    for body in ({"on": "9999-12-31"}, {"on": "2026-02-29"}, {"on": 0}):  # no such day here
        _error(api.post("/candidates/AC1/contacts", body), 422, "invalid")
    assert api.post("/candidates/AC1/contacts", {"on": "2028-02-29"}).status_code == 201
    _error(api.post("/proposals/AV1/AC1/moves", {"target": "prepared", "version": 1,
                                                 "note": "a\x00b"}), 422, "invalid")
    _error(api.get("/gibt-es-nicht"), 404, "not_found")
    _error(api.site.client.delete("/api/v1/candidates", headers=api.headers("anna")),
           405, "method_not_allowed")


# -- shapes and the audit log ------------------------------------------------------------


def test_the_candidate_and_the_vacancy_as_json(api: ApiSite) -> None:
    candidate = api.get("/candidates/AC1").json()
    assert candidate["name"] == EVIL_NAME  # JSON carries the text as it is
    assert candidate["german_level"] == "A2"
    assert candidate["team"] == "iba" and candidate["team_recorded"] is False
    assert candidate["municipality"] == "Backnang"
    assert candidate["proposals"][0]["vacancy_id"] == "AV1"
    assert candidate["consents"] == [] and candidate["active"] is True
    line = api.get("/candidates", params={"level": "A2"}).json()["items"][0]
    assert line == {"candidate_id": "AC1", "name": EVIL_NAME, "german_level": "A2",
                    "team": "iba", "municipality": "Backnang"}
    assert api.get("/candidates", params={"level": "B2"}).json()["total"] == 0
    vacancy = api.get("/vacancies/AV1").json()
    assert vacancy["employer"] == {"employer_id": "AE1", "name": "Firma AE1",
                                   "municipality": "Waiblingen", "sector": ""}
    assert [(e["candidate_id"], e["rank"], e["reasons"]) for e in vacancy["shortlist"]] \
        == [("AC1", 1, ["Der Arbeitsweg dauert 25 Minuten."])]
    assert api.get("/vacancies").json() == [{
        "vacancy_id": "AV1", "title": "Verkäufer:in", "employer_id": "AE1",
        "employer_name": "Firma AE1", "kldb": "62102", "municipality": "Waiblingen",
        "positions": 1, "hired": 0, "shortlist_size": 4, "open_proposals": 1}]


def test_every_view_of_personal_data_through_the_api_is_audited(api: ApiSite) -> None:
    """Who saw which record through a token, and when: under the token's user."""
    api.get("/candidates/AC2", who="lea")
    api.get("/proposals/AV1/AC1", who="ole")
    trails = {record: record_trail(api.site.runtime.unit_of_work("jc-a"), record)
              for record in ("candidate:AC2", "proposal:AV1/AC1")}
    views = [(t.action, t.actor, t.field) for t in trails["candidate:AC2"]
             if t.action == "view"]
    assert views == [("view", "lea", "profile")]  # the import's entries come before
    assert ("view", "ole") in [(t.action, t.actor) for t in trails["proposal:AV1/AC1"]]


# -- follow-ups and match runs -----------------------------------------------------------


def test_follow_ups_scheduled_listed_due_and_a_contact_recorded(api: ApiSite) -> None:
    created = api.post("/followups", {"candidate_id": "AC1", "due": "2026-12-01",
                                      "note": "Lebenslauf mitbringen"})
    assert created.status_code == 201 and created.json()["number"] >= 1
    due = api.get("/followups/due").json()
    assert [(f["candidate_id"], f["due"], f["days_overdue"], f["note"]) for f in due] \
        == [("AC1", "2026-12-01", 5, "Lebenslauf mitbringen")]
    assert api.get("/followups/due", params={"on": "2026-11-30"}).json() == []
    _error(api.post("/followups", {"candidate_id": "BC1", "due": "2026-12-01"}),
           404, "not_found")
    contact = api.post("/candidates/AC1/contacts", {})
    assert contact.status_code == 201
    # the default interval is six weeks after the contact (today)
    assert contact.json() == {"candidate_id": "AC1",
                              "next_follow_up": str(TODAY + timedelta(weeks=6))}
    assert api.get("/followups/due").json() == []
    trail = record_trail(api.site.runtime.unit_of_work("jc-a"), "follow_up:AC1")
    assert ("view", "anna") in [(t.action, t.actor) for t in trail]


def test_a_match_run_in_the_background_and_its_summary(api: ApiSite) -> None:
    started = api.post("/match-runs")
    assert started.status_code == 202
    run = started.json()
    assert run["state"] == "running" and run["started_by"] == "anna"
    deadline = time.monotonic() + 120
    while run["state"] == "running" and time.monotonic() < deadline:
        time.sleep(0.05)
        run = api.get(f"/match-runs/{run['run_id']}").json()
    assert run["state"] == "done", run
    assert run["summary"]["candidates"] == 2 and run["summary"]["vacancies"] == 1
    assert run["reference_date"] == str(TODAY)
    assert [r["run_id"] for r in api.get("/match-runs").json()] == [run["run_id"]]
    _error(api.get(f"/match-runs/{run['run_id']}", who="bernd"), 404, "not_found")
    assert api.get("/match-runs", who="bernd").json() == []


def test_a_run_started_on_a_page_blocks_one_through_the_api(api: ApiSite) -> None:
    """Pages and API share one background runner: while a page's run of Jobcenter A is
    under way, the API refuses a second one for A (409) and still starts one for B."""
    import threading

    from passgenau.services.background import MatchJobs

    jobs: MatchJobs = api.site.client.app.state.match_jobs  # type: ignore[attr-defined]
    release = threading.Event()

    def slow_run(progress):  # type: ignore[no-untyped-def]
        release.wait(30)
        raise RuntimeError("the page's run ends without a result")

    _, started = jobs.start("jc-a", "anna", slow_run)
    assert started
    try:
        _error(api.post("/match-runs"), 409, "run_in_progress")
        assert api.post("/match-runs", who="bernd").status_code == 202
    finally:
        release.set()
        jobs.wait("jc-a", 30)
    api.site.client.app.state.api.state.match_runs.wait()  # type: ignore[attr-defined]
