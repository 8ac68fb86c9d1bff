"""German text for a Jobcenter's records: what an import did, the caseload's figures."""

from __future__ import annotations

from passgenau.services.records import CaseloadSummary, Counts, ImportSummary

_ENTITIES = (
    ("employers", "Arbeitgeber"),
    ("vacancies", "Stellen"),
    ("candidates", "Bewerber:innen"),
    ("households", "Haushalte"),
)


def import_text(summary: ImportSummary) -> str:
    lines = ["Import:"]
    for attr, german in _ENTITIES:
        lines.append(f"  {german:<15} {_counts(getattr(summary, attr))}")
    if summary.settings_changed:
        lines.append(f"  Einstellungen geändert: {', '.join(summary.settings_changed)}")
    if not summary.changed:
        lines.append("  Keine Änderungen: alle Datensätze waren schon aktuell.")
    return "\n".join(lines)


def _counts(c: Counts) -> str:
    text = f"{c.created} neu, {c.updated} geändert, {c.unchanged} unverändert"
    return text + (f", {c.deleted} aufgelöst" if c.deleted else "")


def caseload_text(s: CaseloadSummary) -> str:
    lines = [
        f"Bestand am {s.on:%d.%m.%Y}:",
        f"  Arbeitgeber: {s.employers}",
        f"  Stellen: {s.vacancies} mit {s.positions} zu besetzenden Plätzen "
        f"({s.open_positions} offen)",
        f"  Bewerber:innen: {s.candidates}; Haushalte: {s.households} "
        f"({s.households_place_together} möchten gemeinsam vermittelt werden)",
        "  Bewerber:innen je Team:",
    ]
    for team, n in s.candidates_by_team.items():
        lines.append(f"    {team.german:<12} {n:>6}")
    levels = ", ".join(f"{level}: {n}" for level, n in s.candidates_by_german_level.items())
    lines.append(f"  Sprachniveau: {levels}")
    return "\n".join(lines)
