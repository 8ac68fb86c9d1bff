"""The timetables of one day: ``speed-dating``, ``interview-day``, ``accompanied-day``
(the plan as JSON, a German summary beside it)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from passgenau.cli.common import EXIT_BAD_INPUT, TRAVEL_HELP, fail, handles_errors

SPEED_DATING_EPILOG = (
    "Writes the plan as JSON (to --out or standard output): rounds with their start and "
    "meetings (table, employer_id, candidate_id, score), total_score, bound, gap."
)


@handles_errors
def speed_dating_command(
    source: Annotated[Path, typer.Argument(help="The input document (passgenau/1 JSON).")],
    employers: Annotated[str, typer.Option("--employers", help="Employer ids, comma-"
                                           "separated: one table each, in this order.")],
    rounds: Annotated[int, typer.Option("--rounds", help="Number of rounds.")],
    place: Annotated[str | None, typer.Option("--place", help="The event's place LAT,LON; "
                                              "the commute is judged to it. Default: each "
                                              "employer's workplace.")] = None,
    day: Annotated[str | None, typer.Option("--date", help="The event's date YYYY-MM-DD; "
                                            "candidates must be available for the whole "
                                            "event that weekday.")] = None,
    start: Annotated[str, typer.Option("--from", help="Start of the first round HH:MM.")]
    = "09:00",
    minutes: Annotated[int, typer.Option("--minutes", help="Minutes per round.")] = 10,
    out: Annotated[Path | None, typer.Option("--out", help="Write the plan here instead "
                                             "of standard output.")] = None,
    travel: Annotated[str, typer.Option(help=TRAVEL_HELP)] = "reference",
) -> None:
    """Speed-dating: employers at tables, candidates in rounds; an optimal timetable."""
    from passgenau.exchange import load_json_file
    from passgenau.presentation import scheduling as text
    from passgenau.services.scheduling import (
        EventTime,
        SchedulingRequestError,
        speed_dating,
    )

    ids = tuple(e.strip() for e in employers.split(",") if e.strip())
    where = _parse_place(place) if place is not None else None
    when = _parse_day(day, "--date") if day is not None else None
    first = _parse_clock(start, "--from")
    dataset = load_json_file(source)
    model = _travel(travel, dataset.reference_date or date.today())
    try:
        run = speed_dating(dataset, ids, rounds, model, place=where,
                           time=EventTime(when, first, minutes))
    except SchedulingRequestError as exc:
        fail([text.request_error_text(exc)], EXIT_BAD_INPUT)
    _travel_notes(model)
    _write(text.speed_dating_text(run), out, text.speed_dating_summary(run))


@handles_errors
def interview_day_command(
    source: Annotated[Path, typer.Argument(help="The input document (passgenau/1 JSON).")],
    vacancy: Annotated[str, typer.Option("--vacancy", help="The vacancy whose shortlist "
                                         "is invited.")],
    day: Annotated[str, typer.Option("--date", help="The day YYYY-MM-DD.")],
    start: Annotated[str, typer.Option("--from", help="First slot HH:MM.")] = "08:00",
    end: Annotated[str, typer.Option("--to", help="End of the last slot HH:MM.")] = "16:00",
    slot_minutes: Annotated[int, typer.Option("--slot-minutes", help="Minutes per "
                                              "interview.")] = 30,
    travel: Annotated[str, typer.Option(help=TRAVEL_HELP)] = "reference",
    out: Annotated[Path | None, typer.Option("--out", help="Write the plan here instead "
                                             "of standard output.")] = None,
) -> None:
    """On-site interview day for a vacancy's shortlist: slots reachable and inside each
    candidate's availability, commute both ways included; or who blocks it and why."""
    from passgenau.exchange import load_json_file
    from passgenau.presentation import scheduling as text
    from passgenau.services.scheduling import SchedulingRequestError, interview_day

    when = _parse_day(day, "--date")
    first, last = _parse_clock(start, "--from"), _parse_clock(end, "--to")
    dataset = load_json_file(source)
    match_model = _travel(travel, dataset.reference_date or date.today())
    day_model = match_model if travel == "reference" else _travel(travel, when)
    try:
        run = interview_day(dataset, vacancy, when, start=first, end=last,
                            slot_minutes=slot_minutes, match_travel=match_model,
                            day_travel=day_model)
    except SchedulingRequestError as exc:
        fail([text.request_error_text(exc)], EXIT_BAD_INPUT)
    _travel_notes(day_model)
    _write(text.interview_day_text(run), out, text.interview_day_summary(run))


@handles_errors
def accompanied_day_command(
    source: Annotated[Path, typer.Argument(help="The input document (passgenau/1 JSON).")],
    vacancies: Annotated[str, typer.Option("--vacancies", help="Vacancy ids, comma-"
                                           "separated: their shortlists are visited.")],
    day: Annotated[str, typer.Option("--date", help="The day YYYY-MM-DD.")],
    office: Annotated[str, typer.Option("--office", help="Where the staff member starts "
                                        "and ends, LAT,LON.")],
    start: Annotated[str, typer.Option("--from", help="Staff member's day from HH:MM.")]
    = "08:00",
    end: Annotated[str, typer.Option("--to", help="… until HH:MM.")] = "17:00",
    slot_minutes: Annotated[int, typer.Option("--slot-minutes", help="Minutes per "
                                              "interview.")] = 30,
    staff_mode: Annotated[str, typer.Option("--staff-mode", help="How the staff member "
                                            "travels: transit, car, bike or walk.")]
    = "transit",
    travel: Annotated[str, typer.Option(help=TRAVEL_HELP)] = "reference",
    out: Annotated[Path | None, typer.Option("--out", help="Write the plan here instead "
                                             "of standard output.")] = None,
) -> None:
    """One staff member accompanies the shortlists of several vacancies to their
    interviews on one day: which employers, in which order, when."""
    from passgenau.domain.model import TravelMode
    from passgenau.exchange import load_json_file
    from passgenau.presentation import scheduling as text
    from passgenau.services.scheduling import SchedulingRequestError, accompanied_day

    ids = tuple(v.strip() for v in vacancies.split(",") if v.strip())
    when = _parse_day(day, "--date")
    where = _parse_place(office, "--office")
    first, last = _parse_clock(start, "--from"), _parse_clock(end, "--to")
    try:
        mode = TravelMode(staff_mode)
    except ValueError:
        fail([text.bad_option_text("--staff-mode", staff_mode,
                                   "keines von transit, car, bike, walk")], EXIT_BAD_INPUT)
    dataset = load_json_file(source)
    match_model = _travel(travel, dataset.reference_date or date.today())
    day_model = match_model if travel == "reference" else _travel(travel, when)
    try:
        run = accompanied_day(dataset, ids, when, where, start=first, end=last,
                              slot_minutes=slot_minutes, staff_mode=mode,
                              match_travel=match_model, day_travel=day_model)
    except SchedulingRequestError as exc:
        fail([text.request_error_text(exc)], EXIT_BAD_INPUT)
    _travel_notes(day_model)
    _write(text.accompanied_day_text(run), out, text.accompanied_day_summary(run))


def _write(document: str, out: Path | None, summary: list[str]) -> None:
    """The plan to ``out`` with a German summary on standard output, or the plan alone
    on standard output (the summary then on standard error, so pipes get pure JSON)."""
    if out is None:
        sys.stdout.write(document)
        for line in summary:
            typer.echo(line, err=True)
        return
    out.write_text(document, encoding="utf-8")
    for line in summary:
        typer.echo(line)


def _travel_notes(model: Any) -> None:
    """What the travel model wants the user to know (an expired feed), on standard error."""
    from passgenau.presentation.matching import warning_lines
    from passgenau.services.matching import travel_warnings

    for line in warning_lines(travel_warnings(model)):
        typer.echo(line, err=True)


def _travel(spec: str, day: date) -> Any:
    from passgenau.presentation.scheduling import unknown_travel_text
    from passgenau.services.matching import UnknownTravelModel, travel_model

    try:
        return travel_model(spec, day)
    except UnknownTravelModel:
        fail([unknown_travel_text(spec)], EXIT_BAD_INPUT)


def _parse_day(text: str, option: str) -> date:
    from passgenau.presentation.scheduling import bad_option_text

    try:
        return date.fromisoformat(text)
    except ValueError:
        fail([bad_option_text(option, text, "kein Datum JJJJ-MM-TT")], EXIT_BAD_INPUT)


def _parse_clock(text: str, option: str) -> int:
    from passgenau.domain.schedule import parse_clock
    from passgenau.presentation.scheduling import bad_option_text

    try:
        return parse_clock(text)
    except ValueError:
        fail([bad_option_text(option, text, "keine Uhrzeit HH:MM")], EXIT_BAD_INPUT)


def _parse_place(text: str, option: str = "--place") -> Any:
    from passgenau.domain.model import Location
    from passgenau.presentation.scheduling import bad_option_text

    try:
        lat, lon = (float(part) for part in text.split(","))
        return Location(lat, lon)
    except ValueError:
        fail([bad_option_text(option, text, "kein Ort LAT,LON (z. B. 48.83,9.31)")],
             EXIT_BAD_INPUT)
