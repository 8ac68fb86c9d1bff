"""German terminal text, and the JSON lists, of the placement workflow's results:
proposals, a move, consents, a record's audit trail.

The JSON lists are contracts for scripts (objects with English keys, values as stored);
the tables are for people.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from passgenau.domain.placement import ReasonCode
from passgenau.services.audit import TrailLine
from passgenau.services.consent import ConsentView
from passgenau.services.workflow import MoveOutcome, ProposalView

REASONS_GERMAN = {
    ReasonCode.LANGUAGE: "Sprache",
    ReasonCode.HOURS: "Arbeitszeit",
    ReasonCode.COMMUTE: "Arbeitsweg",
    ReasonCode.QUALIFICATION: "Qualifikation",
    ReasonCode.CANDIDATE_DECLINED: "von Bewerber:in abgelehnt",
    ReasonCode.EMPLOYER_DECLINED: "vom Arbeitgeber abgelehnt",
    ReasonCode.NO_SHOW: "nicht erschienen",
    ReasonCode.PLACED_ELSEWHERE: "anderweitig vermittelt",
    ReasonCode.VACANCY_FILLED: "Stelle besetzt",
    ReasonCode.OTHER: "sonstiger Grund",
}

_CAUSES = {
    "asked": "",
    "household": " (gemeinsam mit dem Haushalt)",
    "placed_elsewhere": " (anderweitig vermittelt)",
    "vacancy_filled": " (Stelle besetzt)",
}


def as_json(items: Sequence[dict[str, Any]]) -> str:
    return json.dumps(list(items), ensure_ascii=False, indent=2)


def _table(header: Sequence[str], rows: Sequence[Sequence[object]], empty: str) -> str:
    if not rows:
        return empty
    cells = [[("" if c is None else str(c)) for c in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in cells
    )


# -- proposals --------------------------------------------------------------------------
def proposals_json(views: Sequence[ProposalView]) -> str:
    return as_json([
        {
            "vacancy_id": v.vacancy_id,
            "candidate_id": v.candidate_id,
            "state": v.state.value,
            "version": v.version,
            "household_id": v.household_id,
            "reason": None if v.reason is None else v.reason.value,
            "score": v.score,
            "rank": v.rank,
            "source": v.source.value,
            "event_id": v.event_id,
        }
        for v in views
    ])


def proposals_table(views: Sequence[ProposalView]) -> str:
    rows = [
        (v.vacancy_id, v.candidate_id, v.state.german, v.version, v.household_id or "",
         REASONS_GERMAN[v.reason] if v.reason else "", v.rank or "")
        for v in views
    ]
    header = ("Stelle", "Bewerber:in", "Stand", "Version", "Haushalt", "Grund", "Rang")
    return _table(header, rows, "Keine Vorschläge gefunden.")


def move_json(outcome: MoveOutcome) -> str:
    return as_json([
        {
            "vacancy_id": s.vacancy_id,
            "candidate_id": s.candidate_id,
            "old": s.old.value,
            "state": s.new.value,
            "reason": None if s.reason is None else s.reason.value,
            "version": s.version,
            "cause": s.cause,
        }
        for s in outcome.steps
    ])


def move_text(outcome: MoveOutcome) -> str:
    lines = []
    for s in outcome.steps:
        why = f", Grund: {REASONS_GERMAN[s.reason]}" if s.reason and s.cause == "asked" else ""
        lines.append(f"Vorschlag {s.vacancy_id} / {s.candidate_id}: {s.old.german} → "
                     f"{s.new.german}{why}{_CAUSES.get(s.cause, '')} (Version {s.version})")
    for p in outcome.positions:
        lines.append(f"Stelle {p.vacancy_id}: offene Plätze {p.before} → {p.after}")
    return "\n".join(lines)


# -- consents ---------------------------------------------------------------------------
def consents_json(views: Sequence[ConsentView]) -> str:
    return as_json([
        {
            "number": v.number,
            "candidate_id": v.candidate_id,
            "scope": v.scope,
            "given_on": v.given_on.isoformat(),
            "vacancy_id": v.vacancy_id,
            "employer_id": v.employer_id,
            "withdrawn_on": None if v.withdrawn_on is None else v.withdrawn_on.isoformat(),
            "purpose": v.purpose.value,
        }
        for v in views
    ])


def consents_table(views: Sequence[ConsentView]) -> str:
    rows = [
        (v.number, v.candidate_id, f"{v.given_on:%d.%m.%Y}",
         v.vacancy_id or "", v.employer_id or "",
         f"{v.withdrawn_on:%d.%m.%Y}" if v.withdrawn_on else "", v.scope)
        for v in views
    ]
    header = ("Nr.", "Bewerber:in", "erteilt am", "Stelle", "Arbeitgeber", "widerrufen am",
              "Umfang")
    return _table(header, rows, "Keine Einwilligungen erfasst.")


def consent_added_text(view: ConsentView) -> str:
    limit = (f" für Stelle {view.vacancy_id}" if view.vacancy_id else "") + (
        f" für Arbeitgeber {view.employer_id}" if view.employer_id else "")
    what = " zur Erfolgsgeschichte" if view.purpose.value == "success_story" else ""
    return (f"Einwilligung{what} Nr. {view.number} von {view.candidate_id}"
            f"{limit or ' (allgemein)'} erfasst, erteilt am {view.given_on:%d.%m.%Y}.")


def consents_withdrawn_text(views: Sequence[ConsentView]) -> str:
    return "\n".join(
        f"Einwilligung Nr. {v.number} von {v.candidate_id} widerrufen zum "
        f"{v.withdrawn_on:%d.%m.%Y}." for v in views
    )


# -- audit ------------------------------------------------------------------------------
def trail_json(lines: Sequence[TrailLine]) -> str:
    return as_json([
        {
            "at": line.at.isoformat(),
            "actor": line.actor,
            "action": line.action,
            "entity": line.entity,
            "record": line.ext_id,
            "field": line.field,
            "old": line.old,
            "new": line.new,
            "personal": line.personal,
        }
        for line in lines
    ])


def trail_table(lines: Sequence[TrailLine]) -> str:
    rows = [
        (f"{line.at:%d.%m.%Y %H:%M:%S}", line.actor, line.action, line.field or "",
         "geändert (personenbezogen)" if line.personal else
         ("" if line.field is None else f"{_shown(line.old)} → {_shown(line.new)}"))
        for line in lines
    ]
    header = ("Zeitpunkt (UTC)", "wer", "Aktion", "Feld", "Änderung")
    return _table(header, rows, "Keine Einträge im Protokoll für diesen Datensatz.")


def _shown(value: object) -> str:
    return "–" if value is None else str(value)
