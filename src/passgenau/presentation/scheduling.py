"""Speed-dating and interview-day plans for the terminal: the plan documents the command
line writes (their fields are a contract: extend, never rename), German summaries, and
German words for the rule codes and request errors."""

from __future__ import annotations

import json
from typing import Any

from passgenau.domain.schedule import format_clock
from passgenau.scheduling.interview_day import (
    COMMUTE,
    NO_FREE_SLOT,
    SCHEDULE,
    Blocked,
    InterviewSlot,
    Trips,
)
from passgenau.services.scheduling import (
    AccompaniedDayRun,
    InterviewDayRun,
    SchedulingRequestError,
    SpeedDatingRun,
)

SPEED_DATING_FORMAT = "passgenau/1-speed-dating"
INTERVIEW_DAY_FORMAT = "passgenau/1-interview-day"
ACCOMPANIED_DAY_FORMAT = "passgenau/1-accompanied-day"
#: How the plan states its fair minimum (the objective's second level).
FAIR_MINIMUM_RULE = "min(rounds, max(1, floor(tables * rounds / fitting_candidates)))"


def _dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# -- speed-dating --------------------------------------------------------------------
def speed_dating_document(run: SpeedDatingRun) -> dict[str, Any]:
    plan, pairs, time = run.plan, run.pairs, run.time
    rounds = []
    for number, meetings in enumerate(plan.by_round(), start=1):
        start = time.round_start(number)
        rows = []
        for m in meetings:
            row = run.meeting_pair(m.table, m.candidate)
            rows.append({
                "table": m.table + 1,
                "employer_id": pairs.employer_ids[m.table],
                "candidate_id": pairs.candidate_ids[m.candidate],
                "score": m.score,
                "vacancy_id": pairs.vacancy_ids[row],
                "commute_minutes": int(pairs.commute_minutes[row]),
            })
        rounds.append({"round": number, "start": format_clock(start),
                       "end": format_clock(start + time.minutes), "meetings": rows})
    return {
        "format": SPEED_DATING_FORMAT,
        "date": None if time.day is None else time.day.isoformat(),
        "place": None if run.place is None else {"lat": run.place.lat, "lon": run.place.lon},
        "tables": [{"table": k + 1, "employer_id": e} for k, e in enumerate(pairs.employer_ids)],
        "rounds": rounds,
        "total_score": plan.total_score,
        "bound": plan.bound,
        "gap": plan.gap,
        "meetings": len(plan.meetings),
        "fair_minimum": plan.fair_minimum,
        "fair_minimum_rule": FAIR_MINIMUM_RULE,
        "fitting_candidates": plan.fitting_candidates,
        "candidates_met": plan.candidates_met,
        "candidates_met_bound": plan.candidates_met_bound,
        "candidates_at_fair_minimum": plan.candidates_at_fair_minimum,
        "score_without_fairness": plan.score_without_fairness,
        "unmet_candidates": list(run.unmet),
        "not_available_candidates": list(run.not_available),
        "partly_available_candidates": list(run.partly_available),
        "method": plan.method,
        "optimal": plan.optimal,
    }


def speed_dating_text(run: SpeedDatingRun) -> str:
    return _dumps(speed_dating_document(run))


def _number(value: float, digits: int = 2) -> str:
    return f"{value:,.{digits}f}".replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def speed_dating_summary(run: SpeedDatingRun) -> list[str]:
    """A few German lines for the terminal."""
    plan = run.plan
    lines = [
        f"Speed-Dating: {len(run.pairs.employer_ids)} Tische, {plan.rounds} Runden, "
        f"{len(plan.meetings)} Gespräche.",
        f"{plan.candidates_met} von {plan.fitting_candidates} passenden Bewerbenden haben "
        "mindestens ein Gespräch; faires Minimum "
        f"{plan.fair_minimum} Gespräch(e) je Person, erreicht von "
        f"{plan.candidates_at_fair_minimum}.",
        f"Summe der Passungswerte {_number(plan.total_score)} (Schranke "
        f"{_number(plan.bound)}, Lücke {_number(plan.gap * 100, 1)} %; ohne Fairness-Vorrang "
        f"wären {_number(plan.score_without_fairness)} möglich).",
    ]
    if run.unmet:
        lines.append(f"Ohne Gespräch, weil die passenden Tische voll sind: {len(run.unmet)}.")
    if run.not_available:
        lines.append(f"Zur Veranstaltungszeit nicht verfügbar: {len(run.not_available)}.")
    if run.partly_available:
        lines.append(f"Nur in einem Teil der Runden verfügbar (z. B. Kinderbetreuung): "
                     f"{len(run.partly_available)}; ihre Gespräche liegen in diesen Runden.")
    if not plan.optimal:
        lines.append("Hinweis: Die Runden ließen sich in der Zeitgrenze nicht als optimal "
                     "nachweisen; die Lücke zur Schranke steht oben.")
    return lines


# -- interview day ---------------------------------------------------------------------
def _trips(trips: Trips | None) -> dict[str, Any] | None:
    if trips is None:
        return None
    return {"there": trips.there, "there_minutes": trips.there_minutes,
            "home": trips.home, "home_minutes": trips.home_minutes}


def _slot(slot: InterviewSlot) -> dict[str, Any]:
    return {
        "candidate_id": slot.candidate_id,
        "start": format_clock(slot.start),
        "end": format_clock(slot.end),
        "commute_minutes": slot.commute_minutes,
        "mode": slot.mode.value,
        "there_minutes": slot.there_minutes,
        "home_minutes": slot.home_minutes,
        "leave_home": format_clock(slot.leave_home),
        "back_home": format_clock(slot.back_home),
        "trips": _trips(slot.trips),
    }


def _windows(windows: tuple[tuple[int, int], ...]) -> str:
    return ", ".join(f"{format_clock(a)}–{format_clock(b)}" for a, b in windows)


def blocked_reason(blocked: Blocked, run: InterviewDayRun) -> str:
    """Why the candidate cannot come, in German (no personal data: the id only)."""
    return _reason(blocked, run.plan.weekday.german, run.start, run.end)


def _reason(blocked: Blocked, day: str, start: int, end: int) -> str:
    hours = f"{format_clock(start)} und {format_clock(end)}"
    who = f"Bewerber/in {blocked.candidate_id}"
    if blocked.rule == COMMUTE:
        if blocked.commute_minutes is None:
            return (f"{who} erreicht den Betrieb am {day} zwischen {hours} mit den eigenen "
                    "Verkehrsmitteln nicht (keine Verbindung hin und zurück).")
        return (f"{who} braucht zum Betrieb am {day} mindestens {blocked.commute_minutes} "
                f"Minuten je Weg, zumutbar sind {blocked.max_commute_minutes}.")
    if blocked.rule == SCHEDULE:
        if not blocked.windows:
            return f"{who} ist am {day} nicht verfügbar (laut Verfügbarkeit)."
        return (f"{who} kann am {day} nur {_windows(blocked.windows)} unterwegs sein "
                "(laut Verfügbarkeit); mit "
                f"{blocked.commute_minutes} Minuten Weg je Richtung passt kein Termin "
                f"zwischen {hours} hinein.")
    if blocked.rule == NO_FREE_SLOT:
        return (f"{who}: Alle Termine, die zeitlich passen, werden für andere der "
                "Vorschlagsliste gebraucht; ein längerer Tag oder kürzere Termine helfen.")
    return f"{who}: Regel {blocked.rule} nicht erfüllt."


def _blocked_rows(blocked: tuple[Blocked, ...], weekday: str, start: int,
                  end: int) -> list[dict[str, Any]]:
    return [
        {"candidate_id": b.candidate_id, "rule": b.rule,
         "reason": _reason(b, weekday, start, end),
         "commute_minutes": b.commute_minutes, "max_commute_minutes": b.max_commute_minutes,
         "availability": [f"{format_clock(a)}–{format_clock(e)}" for a, e in b.windows]}
        for b in blocked
    ]


def interview_day_document(run: InterviewDayRun) -> dict[str, Any]:
    head: dict[str, Any] = {
        "format": INTERVIEW_DAY_FORMAT,
        "vacancy_id": run.vacancy_id,
        "employer_id": run.employer_id,
        "date": run.day.isoformat(),
        "from": format_clock(run.start),
        "to": format_clock(run.end),
        "slot_minutes": run.slot_minutes,
        "shortlist": list(run.shortlist),
    }
    if run.plan.fits:
        return head | {"slots": [_slot(s) for s in run.plan.slots]}
    return head | {"blocked": _blocked_rows(run.plan.blocked, run.plan.weekday.german,
                                            run.start, run.end)}


def interview_day_text(run: InterviewDayRun) -> str:
    return _dumps(interview_day_document(run))


def interview_day_summary(run: InterviewDayRun) -> list[str]:
    """German lines for the terminal: the day's slots, or who blocks it and why."""
    date = f"{run.plan.weekday.german} {run.day:%d.%m.%Y}"
    if not run.shortlist:
        return [f"Stelle {run.vacancy_id}: keine Vorschläge, also kein Vorstellungstag."]
    if run.plan.fits:
        lines = [f"Vorstellungstag für Stelle {run.vacancy_id} am {date}:"]
        for s in run.plan.slots:
            lines.append(f"  {format_clock(s.start)}–{format_clock(s.end)} {s.candidate_id} "
                         f"(ab zu Hause {format_clock(s.leave_home)}, zurück "
                         f"{format_clock(s.back_home)})")
        return lines
    lines = [f"Kein Vorstellungstag für Stelle {run.vacancy_id} am {date}, der für alle passt:"]
    lines += [f"  {blocked_reason(b, run)}" for b in run.plan.blocked]
    return lines


# -- one staff member, several employers -------------------------------------------------
_SKIPPED = {
    "NO_SHORTLIST": "Stelle {vacancy}: keine Vorschläge, also keine Gespräche.",
    "NO_BLOCK": "Stelle {vacancy}: die Termine passen nicht für alle Vorgeschlagenen "
                "(siehe blocked).",
    "ROUTE": "Stelle {vacancy}: passt nicht mehr in den Tag der Begleitperson (Wege und "
             "Termine der anderen Betriebe).",
}


def accompanied_day_document(run: AccompaniedDayRun) -> dict[str, Any]:
    skipped = []
    for s in run.skipped:
        row: dict[str, Any] = {"vacancy_id": s.vacancy_id, "reason_code": s.reason,
                               "reason": _SKIPPED[s.reason].format(vacancy=s.vacancy_id)}
        if s.interviews is not None and s.interviews.blocked:
            row["blocked"] = _blocked_rows(s.interviews.blocked, s.interviews.weekday.german,
                                           run.start, run.end)
        skipped.append(row)
    return {
        "format": ACCOMPANIED_DAY_FORMAT,
        "date": run.day.isoformat(),
        "office": {"lat": run.office.lat, "lon": run.office.lon},
        "staff_mode": run.staff_mode.value,
        "from": format_clock(run.start),
        "to": format_clock(run.end),
        "slot_minutes": run.slot_minutes,
        "leave_office": _maybe_clock(run.plan.leave_office),
        "back_at_office": _maybe_clock(run.plan.back_at_office),
        "travel_minutes": run.plan.travel_minutes,
        "visits": [
            {"vacancy_id": v.vacancy_id, "employer_id": v.employer_id,
             "arrive": format_clock(v.arrive), "travel_minutes": v.travel_minutes,
             "start": format_clock(v.interviews.slots[0].start),
             "end": format_clock(v.interviews.slots[-1].end),
             "slots": [_slot(x) for x in v.interviews.slots]}
            for v in run.visits
        ],
        "skipped": skipped,
    }


def _maybe_clock(minutes: int | None) -> str | None:
    return None if minutes is None else format_clock(minutes)


def accompanied_day_text(run: AccompaniedDayRun) -> str:
    return _dumps(accompanied_day_document(run))


def accompanied_day_summary(run: AccompaniedDayRun) -> list[str]:
    lines = [f"Begleiteter Tag am {run.day:%d.%m.%Y}:"]
    if run.plan.leave_office is not None and run.plan.back_at_office is not None:
        lines.append(f"  ab Büro {format_clock(run.plan.leave_office)}, zurück "
                     f"{format_clock(run.plan.back_at_office)}, unterwegs "
                     f"{run.plan.travel_minutes} min")
    for v in run.visits:
        lines.append(f"  {format_clock(v.interviews.slots[0].start)}–"
                     f"{format_clock(v.interviews.slots[-1].end)} Stelle {v.vacancy_id} "
                     f"({v.employer_id}): {len(v.interviews.slots)} Gespräch(e)")
    for s in run.skipped:
        lines.append("  " + _SKIPPED[s.reason].format(vacancy=s.vacancy_id))
    return lines


# -- errors ------------------------------------------------------------------------------
_REQUEST_ERRORS = {
    "NO_EMPLOYERS": "--employers: mindestens ein Arbeitgeber muss genannt sein.",
    "UNKNOWN_EMPLOYER": "--employers: Arbeitgeber {value!r} steht nicht in der Eingabedatei.",
    "EMPLOYER_TWICE": "--employers: Arbeitgeber {value!r} ist doppelt genannt.",
    "ROUNDS": "--rounds: mindestens 1 Runde, nicht {value}.",
    "ROUND_MINUTES": "--minutes: eine Runde dauert mindestens 1 Minute, nicht {value}.",
    "PAST_MIDNIGHT": "--rounds: {value} Runden reichen über Mitternacht hinaus.",
    "UNKNOWN_VACANCY": "--vacancy: Stelle {value!r} steht nicht in der Eingabedatei.",
    "NO_ONSITE_INTERVIEWS": "--vacancy: Arbeitgeber {value!r} bietet keine "
                            "Vorstellungsgespräche vor Ort an (onsite_interviews: false).",
    "SLOT_MINUTES": "--slot-minutes: ein Termin dauert mindestens 1 Minute, nicht {value}.",
    "DAY_ENDS_BEFORE_START": "--to muss nach --from liegen.",
    "DAY_TOO_SHORT": "--from/--to: der Tag ist kürzer als ein Termin von {value} Minuten.",
    "NO_VACANCIES": "--vacancies: mindestens eine Stelle muss genannt sein.",
    "TOO_MANY_VACANCIES": "--vacancies: höchstens {value} Stellen an einem Tag.",
    "VACANCY_TWICE": "--vacancies: Stelle {value!r} ist doppelt genannt.",
}


def request_error_text(error: SchedulingRequestError) -> str:
    template = _REQUEST_ERRORS.get(error.code, "Ungültige Anfrage: {value}")
    return template.format(value=error.value)


def bad_option_text(option: str, value: str, expected: str) -> str:
    """``--place: '48,9' ist kein Ort LAT,LON (z. B. 48.83,9.31)``."""
    return f"{option}: {value!r} ist {expected}."


def unknown_travel_text(spec: str) -> str:
    if spec.startswith("gtfs:"):
        return f"--travel: GTFS-Fahrplan {spec[len('gtfs:'):]!r} nicht gefunden."
    return (f"--travel: unbekanntes Verkehrsmodell {spec!r} (bekannt: reference, "
            "gtfs:FAHRPLAN.zip).")
