"""Timetables on the stored caseload: a speed-dating event's rounds
(``/veranstaltungen/{id}/zeitplan``, also as the command line's PLAN.json) and a
vacancy's on-site interview day (``/stellen/{id}/vorstellungstag``).

Computing changes nothing stored, so both are GET forms (bookmarkable, printable); the
plans are computed on each request by the same solvers and documents as the command line.
"""

from __future__ import annotations

import json
from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import Response

from passgenau.domain.accounts import SEES_CASELOAD
from passgenau.domain.errors import InvalidInput, Problem
from passgenau.domain.schedule import parse_clock
from passgenau.presentation.scheduling import interview_day_document, speed_dating_document
from passgenau.services.event_pages import (
    Among,
    event_speed_dating,
    vacancy_heading,
    vacancy_interview_day,
)
from passgenau.services.events import show_event
from passgenau.services.matching import travel_model
from passgenau.services.scheduling import SchedulingRequestError
from passgenau.web.deps import CurrentUser, RuntimeDep, Today, UnitsOfWork, require
from passgenau.web.rendering import render

router = APIRouter()
#: The rules of an interview day (the solver's codes) as the page names them.
RULE_GERMAN = {"COMMUTE": "Arbeitsweg", "SCHEDULE": "Verfügbarkeit",
               "NO_FREE_SLOT": "kein freier Termin"}
READERS = SEES_CASELOAD
MAX_ROUNDS = 40

#: German for the refusals of the timetables (the form's field names, not the CLI's).
REQUEST_ERRORS = {
    "NOT_SPEED_DATING": "Einen Zeitplan mit Runden gibt es nur für Speed-Datings.",
    "NO_EMPLOYERS": "An dieser Veranstaltung nimmt noch kein Arbeitgeber teil.",
    "ROUNDS": "Runden: mindestens 1.",
    "ROUND_MINUTES": "Minuten je Runde: mindestens 1.",
    "PAST_EVENT_END": "Die Runden passen nicht in die Veranstaltung ({value} Minuten von "
                      "Beginn bis Ende); weniger oder kürzere Runden wählen.",
    "PAST_MIDNIGHT": "Die Runden reichen über Mitternacht hinaus.",
    "NO_ONSITE_INTERVIEWS": "Arbeitgeber {value} bietet keine Vorstellungsgespräche vor Ort "
                            "an.",
    "SLOT_MINUTES": "Minuten je Termin: mindestens 1.",
    "DAY_ENDS_BEFORE_START": "„Bis“ muss nach „Von“ liegen.",
    "DAY_TOO_SHORT": "Der Tag ist kürzer als ein Termin von {value} Minuten.",
}


def request_error(error: SchedulingRequestError) -> str:
    return REQUEST_ERRORS.get(error.code, "Ungültige Anfrage.").format(value=error.value)


def _number(text: str, label: str, low: int, high: int) -> int:
    if not text.strip().isdigit() or not low <= int(text) <= high:
        raise InvalidInput([Problem("Zeitplan", label,
                                    f"{label}: eine ganze Zahl von {low} bis {high}.")])
    return int(text)


def _clock(text: str, label: str) -> int:
    try:
        return parse_clock(text.strip())
    except ValueError:
        raise InvalidInput([Problem("Zeitplan", label,
                                    f"{label}: „{text}“ ist keine Uhrzeit (SS:MM).")]) from None


# -- speed-dating ----------------------------------------------------------------------
#: The "who takes part" choice of the form: value, German label.
AMONG = ((Among.CASELOAD.value, "alle passenden Personen des Bestands"),
         (Among.LIST.value, "nur die Einladungsliste"),
         (Among.REGISTERED.value, "nur Angemeldete und Eingecheckte"))


def _among(text: str) -> Among:
    try:
        return Among(text or Among.CASELOAD.value)
    except ValueError:
        raise InvalidInput([Problem("Zeitplan", "wer", "Teilnehmende: bitte eine der "
                                    "angebotenen Möglichkeiten wählen.")]) from None


def _speed_dating(units: UnitsOfWork, runtime: RuntimeDep, event_id: str, runden: str,
                  minuten: str, wer: str) -> tuple[dict[str, object] | None, str | None]:
    """The plan document, or the German reason there is none."""
    rounds = _number(runden, "Runden", 1, MAX_ROUNDS)
    minutes = _number(minuten, "Minuten je Runde", 1, 240)
    among = _among(wer)
    day = show_event(units(), event_id).event.day
    try:
        table = event_speed_dating(units(), event_id, rounds, minutes,
                                   travel_model(runtime.settings.travel, day), among)
    except SchedulingRequestError as exc:
        return None, request_error(exc)
    document = speed_dating_document(table.run)
    document["employer_names"] = dict(table.employer_names)
    return document, None


@router.get("/veranstaltungen/{event_id}/zeitplan")
def speed_dating_page(request: Request, event_id: str, user: CurrentUser,
                      units: UnitsOfWork, runtime: RuntimeDep, runden: str = "",
                      minuten: str = "10", wer: str = "") -> Response:
    """The form (rounds, minutes per round, who takes part) and, once asked, the plan."""
    require(user, READERS, "Zeitpläne von Veranstaltungen sehen")
    event = show_event(units(), event_id).event
    plan, refusal = (None, None)
    if runden:
        plan, refusal = _speed_dating(units, runtime, event_id, runden, minuten, wer)
    return render(request, "event_timetable.html", {
        "user": user, "event": event, "plan": plan, "refusal": refusal, "among": AMONG,
        "chosen": {"runden": runden or "5", "minuten": minuten,
                   "wer": wer or Among.CASELOAD.value},
    }, status_code=200 if refusal is None else 400)


@router.get("/veranstaltungen/{event_id}/zeitplan.json")
def speed_dating_json(event_id: str, user: CurrentUser, units: UnitsOfWork,
                      runtime: RuntimeDep, runden: str = "5", minuten: str = "10",
                      wer: str = "") -> Response:
    """The plan as the command line's PLAN.json (``passgenau speed-dating --out``)."""
    require(user, READERS, "Zeitpläne von Veranstaltungen sehen")
    plan, refusal = _speed_dating(units, runtime, event_id, runden, minuten, wer)
    if plan is None:
        return Response(json.dumps({"error": refusal}, ensure_ascii=False),
                        status_code=400, media_type="application/json")
    plan.pop("employer_names")
    body = json.dumps(plan, ensure_ascii=False, indent=2) + "\n"
    return Response(body, media_type="application/json", headers={
        "Content-Disposition": f'attachment; filename="Zeitplan-{event_id}.json"'})


# -- interview day ---------------------------------------------------------------------
@router.get("/stellen/{vacancy_id}/vorstellungstag")
def interview_day_page(
    request: Request, vacancy_id: str, user: CurrentUser, units: UnitsOfWork,
    runtime: RuntimeDep, today: Today, datum: str = "", von: str = "08:00",
    bis: str = "16:00", minuten: str = "30",
) -> Response:
    """The form (date, from, to, minutes per slot) and, once a date is given, the day's
    slots for the vacancy's open proposals, or who blocks it and by which rule."""
    require(user, READERS, "Vorstellungstage planen")
    heading = vacancy_heading(units(), vacancy_id)  # 404 before anything else
    plan = None
    refusal = None
    day: date | None = None
    if datum:
        try:
            day = date.fromisoformat(datum.strip())
        except ValueError:
            raise InvalidInput([Problem("Zeitplan", "Datum", f"Datum: „{datum}“ ist kein "
                                        "Datum (JJJJ-MM-TT).")]) from None
        start, end = _clock(von, "Von"), _clock(bis, "Bis")
        slot = _number(minuten, "Minuten je Termin", 1, 480)
        try:
            run = vacancy_interview_day(units(), vacancy_id, day, start=start, end=end,
                                        slot_minutes=slot,
                                        travel=travel_model(runtime.settings.travel, day))
        except SchedulingRequestError as exc:
            refusal = request_error(exc)
        else:
            plan = interview_day_document(run)
            plan["weekday"] = run.plan.weekday.german
    return render(request, "interview_day.html", {
        "user": user, "vacancy": heading, "plan": plan, "day": day, "refusal": refusal,
        "chosen": {"datum": datum or today.isoformat(), "von": von, "bis": bis,
                   "minuten": minuten},
        "rule_german": RULE_GERMAN,
    }, status_code=200 if refusal is None else 400)

