"""The case file on the terminal: JSON objects (the command line's contract, codes not
words) and German tables for certificates, teams, follow-ups, partners and contacts."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from passgenau.domain.casework import (
    Certificate,
    CourseRecord,
    RecognitionRecord,
    TeamChange,
    TeamChangeReason,
)
from passgenau.domain.followups import DueFollowUp
from passgenau.domain.partners import EmployerContactRecord, Partner, ReferralRecord
from passgenau.domain.routing import Team
from passgenau.services.casework import CandidateOverview, Certification, TeamReviewEntry


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _de(value: date | None) -> str:
    return "–" if value is None else f"{value:%d.%m.%Y}"


def _team(team: Team | None) -> str | None:
    return None if team is None else team.value


_REASONS = {
    TeamChangeReason.INITIAL: "erste Zuordnung",
    TeamChangeReason.GERMAN_LEVEL: "Sprachniveau",
    TeamChangeReason.AGE: "Alter",
    TeamChangeReason.REVIEW: "Überprüfung",
}


# -- JSON ------------------------------------------------------------------------------


def certificate_json(c: Certificate) -> dict[str, Any]:
    return {"test": c.test.value, "level": c.level.name, "taken_on": _day(c.taken_on),
            "previous_level": c.previous_level.name}


def team_change_json(c: TeamChange) -> dict[str, Any]:
    return {"candidate_id": c.candidate_id, "changed_on": _day(c.changed_on),
            "from_team": _team(c.from_team), "to_team": c.to_team.value,
            "reason": c.reason.value}


def course_json(r: CourseRecord) -> dict[str, Any]:
    c = r.course
    return {"number": r.number, "candidate_id": c.candidate_id, "kind": c.kind.value,
            "provider": c.provider, "module": c.module, "start": _day(c.start),
            "expected_end": _day(c.expected_end), "status": c.status.value,
            "ended_on": _day(c.ended_on), "result": c.result.name if c.result else None}


def recognition_json(r: RecognitionRecord) -> dict[str, Any]:
    p = r.procedure
    return {"number": r.number, "candidate_id": p.candidate_id, "kldb": p.kldb.code,
            "authority": p.authority, "status": p.status.value,
            "applied_on": _day(p.applied_on), "decided_on": _day(p.decided_on)}


def overview_json(v: CandidateOverview) -> str:
    return dumps({
        "id": v.candidate_id,
        "german_level": v.german_level.name,
        "team": v.team.value,
        "team_recorded": v.team_recorded,
        "version": v.version,
        "officer": v.officer,
        "active": v.active,
        "ended_on": _day(v.ended_on),
        "next_follow_up": _day(v.next_follow_up),
        "level_history": [certificate_json(c) for c in v.certificates],
        "team_history": [team_change_json(c) for c in v.team_history],
        "courses": [course_json(c) for c in v.courses],
        "recognitions": [recognition_json(r) for r in v.recognitions],
    })


def certification_json(c: Certification) -> str:
    return dumps({**certificate_json(c.certificate), "candidate_id": c.certificate.candidate_id,
                  "german_level": c.german_level.name, "team": c.team.value,
                  "team_changes": [team_change_json(t) for t in c.team_changes]})


def review_json(entries: Iterable[TeamReviewEntry]) -> str:
    return dumps([{"candidate_id": e.candidate_id, "status": e.status,
                   "from_team": _team(e.from_team), "to_team": e.to_team.value,
                   "reason": e.reason.value, "on": _day(e.on), "officer": e.officer}
                  for e in entries])


def team_changes_json(changes: Iterable[TeamChange]) -> str:
    return dumps([team_change_json(c) for c in changes])


def due_json(entries: Iterable[DueFollowUp]) -> str:
    return dumps([{"number": e.number, "candidate_id": e.candidate_id, "due": _day(e.due),
                   "overdue": e.overdue, "days_overdue": e.days_overdue,
                   "officer": e.officer, "team": e.team, "vacancy_id": e.vacancy_id,
                   "note": e.note} for e in entries])


def partners_json(partners: Iterable[Partner]) -> str:
    return dumps([{"id": p.id, "kind": p.kind.value, "name": p.name,
                   "municipality": p.municipality, "note": p.note,
                   "contacts": [{"name": c.name, "role": c.role, "email": c.email,
                                 "phone": c.phone} for c in p.contacts]}
                  for p in partners])


def referrals_json(records: Iterable[ReferralRecord]) -> str:
    return dumps([{"number": r.number, "candidate_id": r.referral.candidate_id,
                   "partner_id": r.referral.partner_id,
                   "referred_on": _day(r.referral.referred_on),
                   "purpose": r.referral.purpose, "status": r.referral.status.value,
                   "answered_on": _day(r.referral.answered_on), "answer": r.referral.answer}
                  for r in records])


def employer_contacts_json(records: Iterable[EmployerContactRecord]) -> str:
    return dumps([{"number": r.number, "employer_id": r.contact.employer_id,
                   "contacted_on": _day(r.contact.contacted_on), "kind": r.contact.kind.value,
                   "staff": r.contact.staff, "summary": r.contact.summary,
                   "needs": r.contact.needs,
                   "funding": [f.value for f in r.contact.funding],
                   "next_step": r.contact.next_step,
                   "next_step_on": _day(r.contact.next_step_on)}
                  for r in records])


# -- German tables ---------------------------------------------------------------------


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], empty: str) -> str:
    if not rows:
        return empty
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows, strict=True)]
    lines = ["  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)).rstrip()
             for row in (header, *rows)]
    return "\n".join(lines)


def _team_de(team: Team | None) -> str:
    return "–" if team is None else team.german


def overview_text(v: CandidateOverview) -> str:
    lines = [
        f"Bewerber:in {v.candidate_id}",
        f"  Sprachniveau: {v.german_level.name}",
        f"  Team: {v.team.german}" + ("" if v.team_recorded else " (nach den Regeln)"),
        f"  Vermittlungsfachkraft: {v.officer or '–'}",
        f"  Fall: {'aktiv' if v.active else 'beendet am ' + _de(v.ended_on)}",
        f"  Nächste Wiedervorlage: {_de(v.next_follow_up)}",
        "  Zertifikate:",
    ]
    lines += [f"    {_de(c.taken_on)}  {c.test.value.upper():<8} {c.previous_level.name} → "
              f"{c.level.name}" for c in v.certificates] or ["    keine"]
    lines.append("  Teamwechsel:")
    lines += [f"    {_de(c.changed_on)}  {_team_de(c.from_team)} → {c.to_team.german} "
              f"({_REASONS[c.reason]})" for c in v.team_history] or ["    keine"]
    if v.courses:
        lines.append("  Kurse:")
        lines += [f"    Nr. {r.number}: {r.course.kind.value} {r.course.module} "
                  f"{r.course.provider} ({r.course.status.value})".rstrip()
                  for r in v.courses]
    return "\n".join(lines)


def certification_text(c: Certification) -> str:
    lines = [f"Zertifikat erfasst: {c.certificate.test.value.upper()} {c.certificate.level.name}"
             f" am {_de(c.certificate.taken_on)}; Sprachniveau jetzt {c.german_level.name}, "
             f"Team: {c.team.german}."]
    lines += [f"  Teamwechsel: {_team_de(t.from_team)} → {t.to_team.german}"
              for t in c.team_changes if t.from_team is not None]
    return "\n".join(lines)


def review_table(entries: Sequence[TeamReviewEntry]) -> str:
    status = {"changed": "gewechselt", "due": "fällig", "upcoming": "demnächst"}
    rows = [(e.candidate_id, status.get(e.status, e.status),
             _team_de(e.from_team), e.to_team.german, _REASONS[e.reason], _de(e.on),
             e.officer or "–") for e in entries]
    return _table(("Bewerber:in", "Status", "von", "nach", "Grund", "Datum", "Fachkraft"),
                  rows, "Keine Teamwechsel gewechselt oder fällig.")


def team_changes_text(changes: Sequence[TeamChange]) -> str:
    rows = [(c.candidate_id, _team_de(c.from_team), c.to_team.german, _REASONS[c.reason])
            for c in changes]
    return _table(("Bewerber:in", "von", "nach", "Grund"), rows, "Alle Teams sind aktuell.")


def due_table(entries: Sequence[DueFollowUp]) -> str:
    rows = [(e.officer or "–", Team(e.team).german, e.candidate_id, _de(e.due),
             f"{e.days_overdue} Tage überfällig" if e.overdue else "heute fällig")
            for e in entries]
    return _table(("Fachkraft", "Team", "Bewerber:in", "Wiedervorlage", "Stand"), rows,
                  "Keine Wiedervorlagen fällig.")


def partners_table(partners: Sequence[Partner]) -> str:
    rows = [(p.id, p.kind.value, p.name, p.municipality or "–", str(len(p.contacts)))
            for p in partners]
    return _table(("Nr.", "Art", "Name", "Ort", "Kontakte"), rows, "Keine Partner erfasst.")


def referrals_table(records: Sequence[ReferralRecord]) -> str:
    rows = [(str(r.number), r.referral.candidate_id, r.referral.partner_id,
             _de(r.referral.referred_on), r.referral.status.value,
             _de(r.referral.answered_on)) for r in records]
    return _table(("Nr.", "Bewerber:in", "Partner", "zugewiesen", "Stand", "Antwort am"),
                  rows, "Keine Zuweisungen.")


def employer_contacts_table(records: Sequence[EmployerContactRecord]) -> str:
    rows = [(str(r.number), r.contact.employer_id, _de(r.contact.contacted_on),
             r.contact.kind.value, r.contact.staff or "–",
             ", ".join(f.value for f in r.contact.funding) or "–",
             r.contact.next_step or "–", _de(r.contact.next_step_on)) for r in records]
    return _table(("Nr.", "Arbeitgeber", "Datum", "Art", "Mitarbeiter:in", "Förderung",
                   "Nächster Schritt", "bis"), rows, "Keine Kontakte erfasst.")
