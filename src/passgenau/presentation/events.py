"""German terminal text, and the JSON for scripts, of events: the list, one event with
its invitation list and leads, an invitation run, a registration or check-in, a lead,
and the letters written or sent."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from passgenau.domain.events import Event
from passgenau.presentation.workflow import _table
from passgenau.services.events import (
    EventDetail,
    EventSummary,
    InvitationLine,
    InviteOutcome,
    LeadResult,
)
from passgenau.services.letters import EventLetters


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def _event_json(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "title": event.title,
        "kind": event.kind.value,
        "date": event.day.isoformat(),
        "start": f"{event.start:%H:%M}",
        "end": f"{event.end:%H:%M}",
        "place": {"lat": event.place.lat, "lon": event.place.lon,
                  "postcode": event.place.postcode,
                  "municipality": event.place.municipality, "venue": event.venue},
        "employers": list(event.employer_ids),
        "capacity": event.capacity,
        "bring": [b.value for b in event.bring],
    }


def _when(event: Event) -> str:
    return f"{event.day:%d.%m.%Y} {event.start:%H:%M}–{event.end:%H:%M}"


def event_created_text(event: Event) -> str:
    return (f"Veranstaltung {event.id} angelegt: {event.title} ({event.kind.german}), "
            f"{_when(event)}, {event.place.municipality or 'Ort'}"
            f"{', ' + str(len(event.employer_ids)) + ' Arbeitgeber' if event.employer_ids else ''}"
            f"{', ' + str(event.capacity) + ' Plätze' if event.capacity else ''}.")


# -- the list ---------------------------------------------------------------------------
def events_json(summaries: Sequence[EventSummary]) -> str:
    return _dump([
        {**_event_json(s.event), "invited": s.invited, "registered": s.registered,
         "attended": s.attended, "leads": s.leads}
        for s in summaries
    ])


def events_table(summaries: Sequence[EventSummary]) -> str:
    rows = [
        (s.event.id, s.event.kind.german, _when(s.event), s.event.place.municipality,
         s.event.title, len(s.event.employer_ids), s.event.capacity or "–", s.invited,
         s.registered, s.attended, s.leads)
        for s in summaries
    ]
    header = ("Nr.", "Format", "Termin", "Ort", "Titel", "Arbeitgeber", "Plätze",
              "eingeladen", "angemeldet", "da", "Kontakte")
    return _table(header, rows, "Keine Veranstaltungen.")


# -- one event --------------------------------------------------------------------------
def _line_json(line: InvitationLine) -> dict[str, Any]:
    return {
        "candidate_id": line.candidate_id,
        "status": line.status.value,
        "invited_on": line.invited_on and line.invited_on.isoformat(),
        "registered_on": line.registered_on and line.registered_on.isoformat(),
        "checked_in_at": line.checked_in_at and line.checked_in_at.isoformat(),
        "letter_sent_on": line.letter_sent_on and line.letter_sent_on.isoformat(),
    }


def event_json(detail: EventDetail) -> str:
    return _dump({
        **_event_json(detail.event),
        "employers": [{"id": i, "name": n} for i, n in detail.employers],
        "invitations": [_line_json(line) for line in detail.invitations],
        "leads": [
            {"number": lead.number, "candidate_id": lead.candidate_id,
             "employer_id": lead.employer_id, "vacancy_id": lead.vacancy_id,
             "outcome": lead.outcome.value, "format": lead.format.value,
             "recorded_on": lead.recorded_on.isoformat(), "proposal": lead.proposal}
            for lead in detail.leads
        ],
    })


def event_text(detail: EventDetail) -> str:
    e = detail.event
    lines = [
        f"{e.title} ({e.kind.german}, {e.id})",
        f"Termin: {_when(e)}",
        f"Ort: {', '.join(p for p in (e.venue, f'{e.place.postcode} {e.place.municipality}'.strip()) if p)}"  # noqa: E501
        f" ({e.place.lat:.4f}, {e.place.lon:.4f})",
        f"Plätze: {e.capacity or 'unbegrenzt'}",
        "Arbeitgeber: " + (", ".join(f"{n} ({i})" for i, n in detail.employers) or "keine"),
        "Bitte mitbringen: " + ", ".join(b.german for b in e.bring),
        "",
        _table(("Bewerber:in", "Stand", "eingeladen am", "angemeldet am", "Brief versandt"),
               [(x.candidate_id, x.status.german,
                 x.invited_on and f"{x.invited_on:%d.%m.%Y}",
                 x.registered_on and f"{x.registered_on:%d.%m.%Y}",
                 x.letter_sent_on and f"{x.letter_sent_on:%d.%m.%Y}")
                for x in detail.invitations], "Noch niemand eingeladen."),
        "",
        _table(("Nr.", "Bewerber:in", "Arbeitgeber", "Stelle", "Ergebnis", "Vorschlag"),
               [(x.number, x.candidate_id, x.employer_id, x.vacancy_id or "",
                 x.outcome.german, "ja" if x.proposal else "")
                for x in detail.leads], "Noch keine Kontakte erfasst."),
    ]
    return "\n".join(lines)


# -- invite, register, check in ---------------------------------------------------------
def invite_json(outcome: InviteOutcome) -> str:
    return _dump({"event_id": outcome.event_id, "rules": list(outcome.rules),
                  "considered": outcome.considered, "invited": list(outcome.invited),
                  "already": list(outcome.already)})


def invite_text(outcome: InviteOutcome) -> str:
    text = (f"{len(outcome.invited)} Bewerber:innen zu {outcome.event_id} eingeladen "
            f"(Regeln: {'; '.join(outcome.rules)}; {outcome.considered} geprüft)")
    if outcome.invited:
        text += ": " + ", ".join(outcome.invited)
    if outcome.already:
        text += f"\nBereits auf der Liste: {', '.join(outcome.already)}"
    return text


def line_json(line: InvitationLine) -> str:
    return _dump(_line_json(line))


def line_text(event_id: str, line: InvitationLine) -> str:
    return f"{event_id}: {line.candidate_id} {line.status.german}."


# -- leads ------------------------------------------------------------------------------
def lead_json(result: LeadResult) -> str:
    return _dump({
        "number": result.number, "event_id": result.lead.event_id,
        "candidate_id": result.lead.candidate_id, "employer_id": result.lead.employer_id,
        "vacancy_id": result.lead.vacancy_id, "outcome": result.lead.outcome.value,
        "format": result.format.value, "proposal_created": result.proposal_created,
        "steps": [{"vacancy_id": s.vacancy_id, "candidate_id": s.candidate_id,
                   "old": s.old.value, "new": s.new.value,
                   "reason": s.reason and s.reason.value, "cause": s.cause}
                  for s in result.steps],
    })


def lead_text(result: LeadResult) -> str:
    lead = result.lead
    lines = [f"Kontakt Nr. {result.number} erfasst: {lead.candidate_id} bei {lead.employer_id}"
             f" – {lead.outcome.german} ({result.format.german})."]
    if result.proposal_created:
        lines.append(f"Neuer Vorschlag {lead.vacancy_id}/{lead.candidate_id}: "
                     f"Kennenlerngespräch (Herkunft {result.format.german}).")
    lines += [f"Vorschlag {s.vacancy_id}/{s.candidate_id}: {s.old.german} → {s.new.german}"
              for s in result.steps]
    return "\n".join(lines)


# -- letters ----------------------------------------------------------------------------
def letters_text(result: EventLetters, out: Path, sending: bool) -> str:
    lines = [f"{len(result.letters)} Einladung(en) nach {out} geschrieben "
             f"(Kalenderdatei {result.ics_name})."]
    no_trip = [x.candidate_id for x in result.letters if not x.has_trip]
    if no_trip:
        lines.append("Ohne Fahrplanverbindung (bitte Fahrt selbst prüfen): " + ", ".join(no_trip))
    if sending:
        sent = [x.candidate_id for x in result.letters if x.sent]
        missed = [x.candidate_id for x in result.letters if not x.sent]
        lines.append(f"{len(sent)} E-Mail(s) versandt.")
        if missed:
            lines.append("Keine E-Mail (keine Adresse oder abgelehnt): " + ", ".join(missed))
    return "\n".join(lines)
