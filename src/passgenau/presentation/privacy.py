"""The data-protection duties on the terminal and on paper: the Art. 15 information as
JSON and as a German HTML page (a Jinja2 template, every value escaped), erasures and the
retention run."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from passgenau.services.privacy import CandidateInformation, Erasure, RetentionRun

SECTION_TITLES = {
    "candidates": "Stammdaten",
    "candidate_occupations": "Berufe und Erfahrung",
    "candidate_cases": "Fallakte",
    "households": "Bedarfsgemeinschaft",
    "household_members": "Mitgliedschaft in der Bedarfsgemeinschaft",
    "proposals": "Vermittlungsvorschläge",
    "consents": "Einwilligungen",
    "certificates": "Sprachzertifikate",
    "team_changes": "Teamwechsel",
    "courses": "Integrations- und Berufssprachkurse",
    "recognition_procedures": "Anerkennungsverfahren",
    "follow_ups": "Wiedervorlagen",
    "referrals": "Zuweisungen an Partner",
    "audit_log": "Änderungsprotokoll",
}
"""German headings of the tables; a table not named here shows under its own name."""


COLUMN_LABELS = {
    "ext_id": "Kennung", "name": "Name", "birth_year": "Geburtsjahr",
    "gender": "Geschlecht", "citizenship": "Staatsangehörigkeit",
    "home_lat": "Wohnort (Breite)", "home_lon": "Wohnort (Länge)",
    "home_postcode": "PLZ", "home_municipality": "Wohnort", "german_level": "Sprachniveau",
    "wishes": "Berufswünsche", "hours_min": "Stunden min.", "hours_max": "Stunden max.",
    "availability": "Verfügbarkeit", "modes": "Verkehrsmittel",
    "driving_licence": "Führerschein", "max_commute_minutes": "max. Fahrzeit (min)",
    "work_permit": "Arbeitserlaubnis", "available_from": "verfügbar ab",
    "motivation": "Motivation", "unemployed_since": "arbeitslos seit",
    "languages": "Sprachen", "email": "E-Mail", "phone": "Telefon", "version": "Version",
    "candidate_id": "Bewerber:in", "vacancy_id": "Stelle", "employer_id": "Arbeitgeber",
    "household_id": "Bedarfsgemeinschaft", "partner_id": "Partner",
    "proposal_id": "Vorschlag", "position": "Reihenfolge", "kldb": "Beruf (KldB)",
    "years": "Jahre", "recognition": "Anerkennung", "place_together": "gemeinsam vermitteln",
    "state": "Stand", "score": "Eignung", "rank": "Rang", "shift": "Schicht",
    "reasons": "Begründung", "reason": "Grund", "note": "Notiz",
    "created_at": "angelegt", "updated_at": "geändert", "due": "fällig am",
    "done_at": "erledigt", "officer": "Vermittlungsfachkraft", "team": "Team",
    "ended_on": "Fallende", "erased_at": "gelöscht", "changed_on": "Datum",
    "from_team": "von Team", "to_team": "nach Team", "test": "Prüfung", "level": "Niveau",
    "taken_on": "abgelegt am", "previous_level": "vorheriges Niveau", "kind": "Art",
    "provider": "Träger", "module": "Modul", "start": "Beginn",
    "expected_end": "voraussichtliches Ende", "status": "Status",
    "result_level": "Ergebnis", "authority": "Stelle", "applied_on": "beantragt",
    "decided_on": "entschieden", "referred_on": "zugewiesen am", "purpose": "Zweck",
    "answered_on": "Antwort am", "answer": "Antwort", "scope": "Umfang",
    "given_on": "erteilt am", "withdrawn_on": "widerrufen am", "at": "Zeitpunkt",
    "actor": "durch", "action": "Aktion", "entity": "Datensatz", "fields": "Felder",
    "changes": "Änderungen",
}
"""German column headings of the information page; others show under their own name."""


def information_json(info: CandidateInformation) -> str:
    return json.dumps({
        "candidate_id": info.candidate_id,
        "tenant": info.tenant,
        "generated_at": info.generated_at.isoformat(timespec="seconds"),
        "records": {s.table: [dict(r) for r in s.rows] for s in info.records},
    }, ensure_ascii=False, indent=2, default=str)


def _cell(value: object) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def information_sections(info: CandidateInformation) -> list[dict[str, Any]]:
    """The sections of the information, in a fixed order, with German headings and cells
    as text (the terminal's page and the web's page show the same)."""
    order = list(SECTION_TITLES)
    records = sorted(info.records, key=lambda s: (
        order.index(s.table) if s.table in order else len(order), s.table))
    return [
        {"title": SECTION_TITLES.get(s.table, s.table), "table": s.table,
         "columns": [COLUMN_LABELS.get(c, c) for c in s.rows[0]] if s.rows else [],
         "rows": [[_cell(v) for v in r.values()] for r in s.rows]}
        for s in records
    ]


def information_html(info: CandidateInformation) -> str:
    """A readable German page of everything stored (autoescaped: values are data)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("passgenau.presentation", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    return env.get_template("auskunft.html.j2").render(
        candidate_id=info.candidate_id, tenant=info.tenant,
        generated_at=f"{info.generated_at:%d.%m.%Y %H:%M} UTC",
        sections=information_sections(info))


def erasure_json(erasure: Erasure) -> dict[str, Any]:
    return {"candidate_id": erasure.candidate_id,
            "ended_on": None if erasure.ended_on is None else erasure.ended_on.isoformat(),
            "pseudonym": erasure.pseudonym,
            "tables": {table: rows for table, rows in erasure.tables}}


def erasure_text(erasure: Erasure) -> str:
    lines = [f"Personenbezogene Daten von {erasure.candidate_id} gelöscht; "
             f"Pseudonym: {erasure.pseudonym}."]
    lines += [f"  {SECTION_TITLES.get(t, t)}: {n} Zeile(n)" for t, n in erasure.tables]
    lines.append("  Vorschläge, Ergebnisse und Statistik bleiben ohne Personenbezug erhalten.")
    return "\n".join(lines)


def retention_json(run: RetentionRun) -> str:
    return json.dumps([{**erasure_json(e), "dry_run": run.dry_run} for e in run.erasures],
                      ensure_ascii=False, indent=2)


def retention_text(run: RetentionRun) -> str:
    verb = "würden gelöscht (Probelauf, nichts geändert)" if run.dry_run else "gelöscht"
    head = (f"Aufbewahrungsfrist: Fälle, die am {run.cutoff:%d.%m.%Y} oder früher endeten, "
            f"{verb}:")
    rows: Sequence[str] = [
        f"  {e.candidate_id}  Fallende {e.ended_on:%d.%m.%Y}" if e.ended_on else
        f"  {e.candidate_id}" for e in run.erasures]
    return "\n".join([head, *(rows or ["  keine"])])
