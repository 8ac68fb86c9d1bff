"""The event commands as scripts and staff use them: create, invite, register, check in,
lead, show, list (German tables and --format json), the letters; bad input exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pypdf
import pytest

from passgenau.exchange import dump_document
from passgenau.services.mail import SmtpSettings

from ..cli.conftest import Run
from .conftest import Inbox, caseload, needs_fonts

CREATE = ("event", "create", "GI-1", "--title", "Gruppeninformation Lebensmittelhandel",
          "--kind", "info_session", "--date", "2027-03-04", "--from", "10:00",
          "--to", "11:30", "--place", "48.8050,9.5270", "--municipality", "Schorndorf",
          "--postcode", "73614", "--venue", "Rathaus, Marktplatz 1", "--employer", "E1,E2",
          "--capacity", "2")


def seeded(run: Run, tmp_path: Path) -> Run:
    source = tmp_path / "caseload.json"
    source.write_text(dump_document(caseload()), encoding="utf-8")
    assert run("import", str(source)).exit_code == 0
    created = run(*CREATE)
    assert created.exit_code == 0, created.stderr
    assert created.stdout.startswith("Veranstaltung GI-1 angelegt: Gruppeninformation "
                                     "Lebensmittelhandel (Gruppeninformation), 04.03.2027 "
                                     "10:00–11:30, Schorndorf")
    return run


def test_the_event_from_invitation_to_a_lead_on_the_command_line(run: Run,
                                                                  tmp_path: Path) -> None:
    seeded(run, tmp_path)
    invited = run("event", "invite", "GI-1", "--rule", "municipality=Schorndorf",
                  "--rule", "language=uk", "--format", "json")
    assert invited.exit_code == 0, invited.stderr
    assert json.loads(invited.stdout)["invited"] == ["C1"]
    assert "C1 angemeldet" in run("event", "register", "GI-1", "C1").stdout
    assert run("event", "register", "GI-1", "C2").exit_code == 0
    full = run("event", "register", "GI-1", "C4")
    assert full.exit_code == 2 and "all 2 places are taken" in full.stderr
    assert "C1 teilgenommen" in run("event", "check-in", "GI-1", "C1").stdout
    lead = run("event", "lead", "GI-1", "C1", "E1", "interview", "--vacancy", "V1",
               "--format", "json")
    assert lead.exit_code == 0, lead.stderr
    assert json.loads(lead.stdout)["format"] == "info_session"
    proposals = json.loads(run("proposals", "list", "--format", "json").stdout)
    assert [(p["vacancy_id"], p["candidate_id"], p["state"], p["source"], p["event_id"])
            for p in proposals] == [("V1", "C1", "interview", "info_session", "GI-1")]
    shown = run("event", "show", "GI-1").stdout
    assert "Bäckerei Maier (E1)" in shown and "Kennenlerngespräch" in shown
    listed = json.loads(run("event", "list", "--format", "json").stdout)
    assert [(e["id"], e["kind"], e["invited"], e["registered"], e["attended"], e["leads"])
            for e in listed] == [("GI-1", "info_session", 2, 2, 1, 1)]
    assert "GI-1" in run("event", "list").stdout


@needs_fonts
def test_letters_and_one_invitation_are_written(run: Run, tmp_path: Path) -> None:
    seeded(run, tmp_path)
    run("event", "invite", "GI-1", "--rule", "level>=B1", "--rule", "municipality=Schorndorf")
    out = tmp_path / "briefe"
    written = run("event", "invitations", "GI-1", "--out", str(out))
    assert written.exit_code == 0, written.stderr
    assert sorted(p.name for p in out.iterdir()) == ["C2.pdf", "C4.pdf", "GI-1.ics"]
    # the reference travel model has no timetable: staff are told whose trip to check
    assert "Ohne Fahrplanverbindung (bitte Fahrt selbst prüfen): C2, C4" in written.stdout
    single = tmp_path / "c3.pdf"
    made = run("invitation", "C3", "--event", "GI-1", "--lang", "prs", "--out", str(single))
    assert made.exit_code == 0, made.stderr
    text = pypdf.PdfReader(single).pages[0].extract_text()
    assert "Gruppeninformation Lebensmittelhandel" in text and "جلسه" in text


def test_bad_event_input_exits_2_with_one_message(run: Run, tmp_path: Path) -> None:
    seeded(run, tmp_path)
    again = run(*CREATE)
    assert again.exit_code == 2 and 'event "GI-1": id: exists already' in again.stderr
    bad = run("event", "create", "X", "--title", "t", "--kind", "party", "--date",
              "2027-03-04", "--from", "10:00", "--to", "09:00", "--place", "48.8,9.5")
    assert bad.exit_code == 2 and "--kind: 'party' is not one of" in bad.stderr
    late = run("event", "create", "X", "--title", "t", "--kind", "job_fair", "--date",
               "2027-03-04", "--from", "10:00", "--to", "09:00", "--place", "48.8,9.5")
    assert late.exit_code == 2 and 'event "X": end: must be after the start' in late.stderr
    rule = run("event", "invite", "GI-1", "--rule", "team=blau")
    assert rule.exit_code == 2 and "--rule: 'team=blau': unknown team" in rule.stderr
    lang = run("invitation", "C1", "--event", "GI-1", "--lang", "xx", "--out",
               str(tmp_path / "x.pdf"))
    assert lang.exit_code == 2 and "--lang" in lang.stderr
    unknown = run("event", "show", "NOPE")
    assert unknown.exit_code == 2 and 'no event with id "NOPE"' in unknown.stderr


def test_invitations_are_sent_by_the_configured_smtp_server(
        run: Run, tmp_path: Path, smtp: tuple[Inbox, SmtpSettings],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """--send with PASSGENAU_SMTP_*: the two candidates with an address get their e-mail;
    without the settings the command says what to set and exits 2."""
    seeded(run, tmp_path)
    run("event", "invite", "GI-1", "--rule", "municipality=Schorndorf")
    unset = run("event", "invitations", "GI-1", "--out", str(tmp_path / "a"), "--send")
    assert unset.exit_code == 2 and "PASSGENAU_SMTP_HOST" in unset.stderr
    inbox, settings = smtp
    monkeypatch.setenv("PASSGENAU_SMTP_HOST", settings.host)
    monkeypatch.setenv("PASSGENAU_SMTP_PORT", str(settings.port))
    monkeypatch.setenv("PASSGENAU_SMTP_SENDER", settings.sender)
    sent = run("event", "invitations", "GI-1", "--out", str(tmp_path / "b"), "--send")
    assert sent.exit_code == 0, sent.stderr
    assert "2 E-Mail(s) versandt." in sent.stdout
    assert "Keine E-Mail (keine Adresse oder abgelehnt): C4" in sent.stdout
    assert sorted(r[0] for _, r, _ in inbox.messages) == ["amal@example.org",
                                                         "olena@example.org"]
