"""A matching run for the terminal: the result document, a German table for people, a
CSV for spreadsheets, and the travel model's notes.

Everything here reads the typed outcome (:class:`~passgenau.matching.result.MatchOutcome`);
the bytes are part of the command line's contract.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from typing import Any

from passgenau.domain.errors import PassgenauError
from passgenau.domain.levels import GermanLevel
from passgenau.domain.model import Candidate, TravelMode
from passgenau.matching.document import result_text
from passgenau.matching.result import MatchOutcome, MatchSummary, NearMiss, UnproposedCandidate
from passgenau.services.matching import MatchRun, shipped_titles

FORMATS = ("json", "table", "csv")


#: Width of the progress bar of ``match --dask``, in characters.
BAR_WIDTH = 24


def parts_progress_line(done: int, total: int, seconds: float) -> str:
    """The progress line of ``match --dask``: parts solved, a bar, the time so far
    (``Teile gelöst: 5/16 [███████·················] 3:07``)."""
    filled = BAR_WIDTH * done // max(total, 1)
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    clock = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return f"Teile gelöst: {done}/{total} [{'█' * filled}{'·' * (BAR_WIDTH - filled)}] {clock}"


def check_format(fmt: str) -> None:
    """Refuse an unknown ``--format`` before any work is done."""
    if fmt not in FORMATS:
        raise PassgenauError(f"--format: unknown format {fmt!r} (json, table, csv)")


def run_text(run: MatchRun, fmt: str) -> str:
    """The run as ``json`` (the contract), ``table`` (German, for people) or ``csv``."""
    check_format(fmt)
    if fmt == "json":
        return result_text(run.outcome)
    if fmt == "csv":
        return csv_text(run.outcome)
    # the table names occupations by the shipped titles, as it always has (the
    # explanations use ``run.titles``, which adds the tenant's imported ones)
    return table_text(run, shipped_titles())


def explanation_text(explanation: dict[str, Any]) -> str:
    """The ``explain`` document as indented JSON (its contract)."""
    return json.dumps(explanation, ensure_ascii=False, indent=2)


def warning_lines(warnings: Iterable[str]) -> list[str]:
    """The travel model's notes, for standard error."""
    return [f"Hinweis: {warning}" for warning in warnings]


def notice_lines(run: MatchRun) -> list[str]:
    """Everything a run wants the user to know, for standard error: the travel model's
    warnings, then the outcome's notes (e.g. a bound of the household stage was hit), then
    what a stored run left out because it is no longer in the market."""
    return [*warning_lines((*run.warnings, *run.outcome.notes)), *set_aside_lines(run)]


def set_aside_lines(run: MatchRun) -> list[str]:
    """One German line naming how many records a stored run left out, and why."""
    aside = run.set_aside
    if not aside.total:
        return []
    parts = [
        f"{n} {label}" for n, label in (
            (len(aside.placed), "eingestellte Personen"),
            (len(aside.case_ended), "Personen mit beendetem Fall"),
            (len(aside.filled), "besetzte Stellen"),
        ) if n
    ]
    return ["Nicht mehr berücksichtigt: " + ", ".join(parts) + "."]


_CSV_COLUMNS = ("vacancy_id", "employer_id", "rank", "candidate_id", "score",
                "commute_minutes", "mode", "shift", "household_id", "flags")


def csv_text(outcome: MatchOutcome) -> str:
    """One row per proposal, ``;``-separated with a BOM: what German Excel opens."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(_CSV_COLUMNS)
    for shortlist, line in outcome.lines():
        writer.writerow([
            shortlist.vacancy_id, shortlist.employer_id, line.rank,
            line.candidate_id, f"{line.score:.4f}".replace(".", ","),
            line.commute_minutes, line.mode.value, line.shift or "", line.household_id or "",
            "|".join(line.flags),
        ])
    return "\ufeff" + out.getvalue()


_MODE_GERMAN = {
    TravelMode.WALK: "zu Fuß",
    TravelMode.BIKE: "Rad",
    TravelMode.TRANSIT: "ÖPNV",
    TravelMode.CAR: "Auto",
}


def summary_line(summary: MatchSummary) -> str:
    """The run in one German sentence."""
    return (
        f"Vorschläge: {summary.proposals} für {summary.vacancies} Stellen; "
        f"{summary.vacancies_reaching_minimum} Stellen mit mindestens 3 "
        f"(bzw. voller Auswahl); {summary.joint_household_proposals} gemeinsame "
        f"Haushaltsvorschläge; {summary.candidates_without_proposal} Bewerber:innen "
        "ohne Vorschlag."
    )


def table_text(run: MatchRun, titles: Mapping[str, str]) -> str:
    """The summary line, then every vacancy with its ranked shortlist (occupations named
    by ``titles``)."""
    dataset = run.dataset
    employers = {e.id: e for e in dataset.employers}
    vacancies = {v.id: v for v in dataset.vacancies}
    lines = [summary_line(run.outcome.summary)]
    for shortlist in run.outcome.shortlists:
        vac = vacancies[shortlist.vacancy_id]
        title = titles.get(vac.kldb.code, vac.kldb.code)
        lines.append("")
        lines.append(f"{vac.id}  {vac.title} ({title}) – {employers[vac.employer_id].name}")
        if shortlist.shortfall is not None:
            n = shortlist.shortfall.feasible_candidates
            lines.append(f"    Auswahl unvollständig: nur {n} passende Bewerber:innen.")
        for p in shortlist.proposals:
            shift = f"  {p.shift}" if p.shift else ""
            joint = f"  gemeinsam ({p.household_id})" if p.household_id else ""
            score = f"{p.score:.2f}".replace(".", ",")
            lines.append(
                f"  {p.rank}. {p.candidate_id:<10} Passung {score}  "
                f"{p.commute_minutes:>3} Min. {_MODE_GERMAN[p.mode]}{shift}{joint}"
            )
    helping = help_lines(run.outcome.unproposed, {c.id: c for c in dataset.candidates})
    if helping:
        lines.append("")
        lines.append("Ohne Vorschlag – was helfen würde:")
        lines.extend(f"  {line}" for line in helping)
    return "\n".join(lines) + "\n"


def help_lines(
    unproposed: Iterable[UnproposedCandidate], candidates: Mapping[str, Candidate]
) -> list[str]:
    """One German line per candidate without proposal for whom a single change would
    open vacancies or who narrowly missed some, e.g. "C9: ein B1-Zertifikat würde
    9 Stellen öffnen; knapp verfehlt: V4 (Deutsch A2 statt B1)"."""
    lines = []
    for entry in unproposed:
        parts = []
        opens = entry.would_open
        level = candidates[entry.candidate_id].german_level
        changes = (
            (opens.german_level_plus_1,
             f"ein {GermanLevel(min(int(level) + 1, int(GermanLevel.C2)))}-Zertifikat"),
            (opens.driving_licence, "ein Führerschein"),
            (opens.max_commute_plus_15, "15 Min. mehr Arbeitsweg"),
            (opens.availability_plus_60,
             "1 Std. mehr Verfügbarkeit vor und nach jedem Zeitfenster"),
        )
        parts.extend(f"{what} würde {_vacancies(n)} öffnen" for n, what in changes if n)
        if entry.near_misses:
            missed = ", ".join(f"{m.vacancy_id} ({_missed(m)})" for m in entry.near_misses)
            parts.append(f"knapp verfehlt: {missed}")
        if parts:
            lines.append(f"{entry.candidate_id}: " + "; ".join(parts))
    return lines


def _vacancies(n: int) -> str:
    return "1 Stelle" if n == 1 else f"{n} Stellen"


def _german_units(text: str) -> str:
    return (text.replace(" min", " Min.").replace(" h", " Std.")
            .replace("no connection", "keine Verbindung"))


def _missed(miss: NearMiss) -> str:
    """The one failing rule of a near miss, in German."""
    value, required = _german_units(miss.value), _german_units(miss.required)
    return {
        "WORK_PERMIT": "keine Arbeitserlaubnis",
        "LANGUAGE": f"Deutsch {value} statt {required}",
        "HOURS": f"{required} statt {value}",
        "COMMUTE": f"Arbeitsweg {value} statt höchstens {required}",
        "SCHEDULE": f"Schicht {required} passt nicht in {value}",
        "DRIVING_LICENCE": "Führerschein fehlt",
        "RECOGNITION": f"Anerkennung fehlt ({value}, gefordert {required})",
        "QUALIFICATION": f"keine Qualifikation in Berufsgruppe {required}",
        "START": f"verfügbar ab {value} statt bis {required}",
    }[miss.rule]
