"""Issue 12 (events): job fairs, speed-datings, information sessions; invitations."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import Annotated

import typer

from passgenau.cli.common import (
    TRAVEL_HELP,
    Format,
    OnOption,
    _check_format,
    _choice,
    _on,
    _parse_date,
    echo_as,
    handles_errors,
    runtime,
)
from passgenau.domain.errors import InvalidInput, Problem

event_app = typer.Typer(help="Events (Jobmesse, Speed-Dating, Gruppeninformation): create, "
                        "invite by rules, register, check in, leads, invitation letters.")


def _clock(text: str, option: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise InvalidInput([Problem(option, "", f"{text!r} is not a time HH:MM")]) from None


def _coordinates(text: str, option: str) -> tuple[float, float]:
    try:
        lat, lon = (float(part) for part in text.split(","))
    except ValueError:
        raise InvalidInput([Problem(option, "", f"{text!r} is not LAT,LON "
                                    "(e.g. 48.8050,9.5270)")]) from None
    return lat, lon


def _ids(values: list[str] | None) -> tuple[str, ...]:
    """Repeated options and comma-separated lists alike: --employer E1 --employer E2,E3."""
    return tuple(part.strip() for value in values or () for part in value.split(",")
                 if part.strip())


@event_app.command("create")
@handles_errors
def event_create(
    event_id: Annotated[str, typer.Argument(help="A short id, e.g. JM-2027-03.")],
    title: Annotated[str, typer.Option(help="The title on the invitation.")],
    kind: Annotated[str, typer.Option(help="job_fair, speed_dating or info_session.")],
    day: Annotated[str, typer.Option("--date", help="The day (YYYY-MM-DD).")],
    start: Annotated[str, typer.Option("--from", help="Start (HH:MM).")],
    end: Annotated[str, typer.Option("--to", help="End (HH:MM).")],
    place: Annotated[str, typer.Option(help="Coordinates LAT,LON of the venue (the trip "
                                       "in the letters is planned to it).")],
    municipality: Annotated[str, typer.Option(help="The municipality.")] = "",
    postcode: Annotated[str, typer.Option(help="The postcode.")] = "",
    venue: Annotated[str, typer.Option(help="Building and street, e.g. 'Bürgerhaus, "
                                       "Marktplatz 1'.")] = "",
    employer: Annotated[list[str] | None, typer.Option(help="An employer taking part "
                                                       "(repeatable, or E1,E2).")] = None,
    capacity: Annotated[int | None, typer.Option(help="Places for candidates; default "
                                                 "no limit.")] = None,
    bring: Annotated[str | None, typer.Option(help="What to bring, comma-separated: "
                                              "id_document, cv, certificates, "
                                              "language_certificate, invitation (default "
                                              "all but language_certificate).")] = None,
    fmt: Format = "table",
) -> None:
    """Create an event with its place, employers and capacity."""
    from passgenau.domain.events import DEFAULT_BRING, BringItem, Event, EventKind
    from passgenau.domain.model import Location
    from passgenau.presentation.events import event_created_text, event_json
    from passgenau.services.events import create_event, show_event

    fmt = _check_format(fmt)
    lat, lon = _coordinates(place, "--place")
    items = (tuple(_choice(BringItem, b, "--bring") for b in _ids([bring]))
             if bring else DEFAULT_BRING)
    event = create_event(runtime().unit_of_work(), Event(
        id=event_id, title=title, kind=_choice(EventKind, kind, "--kind"),
        day=_parse_date(day, "--date"), start=_clock(start, "--from"),
        end=_clock(end, "--to"), place=Location(lat, lon, postcode, municipality),
        venue=venue, employer_ids=_ids(employer), capacity=capacity, bring=items))
    typer.echo(event_json(show_event(runtime().unit_of_work(), event.id)) if fmt == "json"
               else event_created_text(event))


@event_app.command("list")
@handles_errors
def event_list(fmt: Format = "table") -> None:
    """The events with how many were invited, registered, came, and the leads."""
    from passgenau.presentation.events import events_json, events_table
    from passgenau.services.events import list_events

    fmt = _check_format(fmt)
    found = list_events(runtime().unit_of_work())
    echo_as(fmt, found, events_json, events_table)


@event_app.command("show")
@handles_errors
def event_show(
    event_id: Annotated[str, typer.Argument(help="The event.")],
    fmt: Format = "table",
) -> None:
    """One event: place, employers, the invitation list and the leads."""
    from passgenau.presentation.events import event_json, event_text
    from passgenau.services.events import show_event

    fmt = _check_format(fmt)
    detail = show_event(runtime().unit_of_work(), event_id)
    echo_as(fmt, detail, event_json, event_text)


@event_app.command("invite")
@handles_errors
def event_invite(
    event_id: Annotated[str, typer.Argument(help="The event.")],
    rule: Annotated[list[str], typer.Option(help="A rule every invited candidate meets "
                                            "(repeatable): course-ends-within=WEEKS "
                                            "(integration course), team=iba|regel|projekt|"
                                            "u25, municipality=NAME, level>=A0..C2, "
                                            "language=CODE.")],
    on: OnOption = None,
    fmt: Format = "table",
) -> None:
    """Put every active candidate who meets all rules on the event's list."""
    from passgenau.domain.events import InviteRule
    from passgenau.presentation.events import invite_json, invite_text
    from passgenau.services.events import invite

    fmt = _check_format(fmt)
    rules = [InviteRule.parse(r) for r in rule]
    rt = runtime()
    outcome = invite(rt.unit_of_work(), rt.settings.routing, event_id, rules, _on(on))
    echo_as(fmt, outcome, invite_json, invite_text)


@event_app.command("register")
@handles_errors
def event_register(
    event_id: Annotated[str, typer.Argument(help="The event.")],
    candidate_id: Annotated[str, typer.Argument(help="The candidate.")],
    on: OnOption = None,
    fmt: Format = "table",
) -> None:
    """Register a candidate (Anmeldung) while places are left; exit 2 when full."""
    from passgenau.presentation.events import line_json, line_text
    from passgenau.services.events import register

    fmt = _check_format(fmt)
    line = register(runtime().unit_of_work(), event_id, candidate_id, _on(on))
    echo_as(fmt, line, line_json, lambda shown: line_text(event_id, shown))


@event_app.command("check-in")
@handles_errors
def event_check_in(
    event_id: Annotated[str, typer.Argument(help="The event.")],
    candidate_id: Annotated[str, typer.Argument(help="The candidate who came.")],
    fmt: Format = "table",
) -> None:
    """Record that a candidate came (walk-ins too)."""
    from datetime import UTC, datetime

    from passgenau.presentation.events import line_json, line_text
    from passgenau.services.events import check_in

    fmt = _check_format(fmt)
    line = check_in(runtime().unit_of_work(), event_id, candidate_id, datetime.now(UTC))
    echo_as(fmt, line, line_json, lambda shown: line_text(event_id, shown))


@event_app.command("lead")
@handles_errors
def event_lead(
    event_id: Annotated[str, typer.Argument(help="The event.")],
    candidate_id: Annotated[str, typer.Argument(help="The candidate (checked in).")],
    employer_id: Annotated[str, typer.Argument(help="The employer (taking part).")],
    outcome: Annotated[str, typer.Argument(help="interview, trial_work, hired or "
                                           "no_interest.")],
    vacancy: Annotated[str | None, typer.Option(help="The employer's vacancy: makes or "
                                                "moves the proposal (format: the "
                                                "event's).")] = None,
    note: Annotated[str, typer.Option(help="A note (the audit log records only that "
                                      "there is one).")] = "",
    on: OnOption = None,
    fmt: Format = "table",
) -> None:
    """Record a lead of the event: what came of a candidate meeting an employer."""
    from passgenau.domain.events import Lead, LeadOutcome
    from passgenau.presentation.events import lead_json, lead_text
    from passgenau.services.events import record_lead

    fmt = _check_format(fmt)
    result = record_lead(runtime().unit_of_work(), Lead(
        event_id, candidate_id, employer_id, _choice(LeadOutcome, outcome, "OUTCOME"),
        _on(on), vacancy, note))
    echo_as(fmt, result, lead_json, lead_text)


def _letters_travel(travel: str | None, day: date):  # type: ignore[no-untyped-def]
    from passgenau.services.matching import travel_model

    return travel_model(travel or runtime().settings.travel, day)


@event_app.command("invitations")
@handles_errors
def event_invitations(
    event_id: Annotated[str, typer.Argument(help="The event.")],
    out: Annotated[Path, typer.Option(help="Folder for the PDFs and the .ics.")] = Path("."),
    send: Annotated[bool, typer.Option("--send", help="Also e-mail each letter with the "
                                       "calendar file (PASSGENAU_SMTP_HOST, _PORT, "
                                       "_SENDER).")] = False,
    travel: Annotated[str | None, typer.Option(help=TRAVEL_HELP)] = None,
) -> None:
    """Write one invitation PDF per invited or registered candidate (German and their
    language, the bus there and back) and the event's .ics; optionally send them."""
    from passgenau.presentation.events import letters_text
    from passgenau.services.events import show_event
    from passgenau.services.letters import event_letters
    from passgenau.services.mail import SmtpSettings, smtp_mailer

    rt = runtime()
    day = show_event(rt.unit_of_work(), event_id).event.day
    model = _letters_travel(travel, day)
    if send:
        with smtp_mailer(SmtpSettings.of(rt.settings)) as mailer:
            result = event_letters(rt.unit_of_work(), event_id, model, mailer=mailer)
    else:
        result = event_letters(rt.unit_of_work(), event_id, model)
    out.mkdir(parents=True, exist_ok=True)
    for letter in result.letters:
        (out / f"{letter.candidate_id}.pdf").write_bytes(letter.pdf)
    (out / result.ics_name).write_bytes(result.ics)
    typer.echo(letters_text(result, out, send))


@handles_errors
def invitation(
    candidate_id: Annotated[str, typer.Argument(help="The candidate.")],
    event: Annotated[str, typer.Option(help="The event.")],
    out: Annotated[Path, typer.Option(help="The PDF to write.")],
    lang: Annotated[str | None, typer.Option(help="The second language besides German: "
                                             "uk, ru, ar, fa (prs), tr, en, or de for "
                                             "German only; default the candidate's "
                                             "first.")] = None,
    travel: Annotated[str | None, typer.Option(help=TRAVEL_HELP)] = None,
) -> None:
    """One candidate's invitation to a stored event as a PDF."""
    from passgenau.services.events import show_event
    from passgenau.services.letters import invitation_letter, parse_language

    language = parse_language(lang) if lang else None
    rt = runtime()
    day = show_event(rt.unit_of_work(), event).event.day
    letter = invitation_letter(rt.unit_of_work(), event, candidate_id,
                               _letters_travel(travel, day), language)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(letter.pdf)
    typer.echo(f"Einladung ({letter.language}) nach {out} geschrieben.", err=True)
