"""Issue 10 (casework): follow-ups (Wiedervorlagen), courses and recognition procedures."""

from __future__ import annotations

from typing import Annotated

import typer

from passgenau.cli.common import (
    Format,
    OnOption,
    _check_format,
    _choice,
    _level,
    _maybe_date,
    _on,
    _parse_date,
    echo_as,
    handles_errors,
    runtime,
)
from passgenau.domain.errors import InvalidInput, Problem

followups_app = typer.Typer(help="Follow-ups (Wiedervorlagen): next contacts, due lists.")

courses_app = typer.Typer(help="Integration courses and job language courses (JOB-BSK).")

recognition_app = typer.Typer(help="Recognition procedures (Anerkennungsverfahren).")


@followups_app.command("due")
@handles_errors
def followups_due(
    on: OnOption = None,
    team: Annotated[str | None, typer.Option(help="Only this team: iba, regel, projekt, "
                                             "u25.")] = None,
    officer: Annotated[str | None, typer.Option(help="Only this officer's.")] = None,
    fmt: Format = "table",
) -> None:
    """Follow-ups due on the day or overdue, by officer and team."""
    from passgenau.domain.routing import Team
    from passgenau.presentation.casework import due_json, due_table
    from passgenau.services.followups import due_follow_ups

    fmt = _check_format(fmt)
    rt = runtime()
    entries = due_follow_ups(rt.unit_of_work(), rt.settings.routing, _on(on),
                             team=_choice(Team, team.lower(), "--team") if team else None,
                             officer=officer)
    echo_as(fmt, entries, due_json, due_table)


@followups_app.command("add")
@handles_errors
def followups_add(
    candidate_id: Annotated[str, typer.Argument(help="The candidate.")],
    due: Annotated[str, typer.Option(help="When (YYYY-MM-DD).")],
    note: Annotated[str, typer.Option(help="What about.")] = "",
    vacancy: Annotated[str | None, typer.Option(help="About this vacancy.")] = None,
) -> None:
    """Schedule a follow-up for a candidate."""
    from passgenau.services.followups import schedule

    number = schedule(runtime().unit_of_work(), candidate_id, _parse_date(due, "--due"), note,
                      vacancy)
    typer.echo(f"Wiedervorlage Nr. {number} angelegt.")


@followups_app.command("contact")
@handles_errors
def followups_contact(
    candidate_id: Annotated[str, typer.Argument(help="The candidate seen.")],
    on: OnOption = None,
) -> None:
    """Record a contact: open follow-ups are done, the next is followup_weeks later."""
    from passgenau.services.followups import record_contact

    rt = runtime()
    nxt = record_contact(rt.unit_of_work(), rt.settings.followups, candidate_id, _on(on))
    typer.echo(f"{candidate_id}: nächste Wiedervorlage am {nxt:%d.%m.%Y}.")


@followups_app.command("plan")
@handles_errors
def followups_plan(on: OnOption = None) -> None:
    """Give every active candidate without a next contact one (followup_weeks later)."""
    from passgenau.services.followups import plan

    rt = runtime()
    given = plan(rt.unit_of_work(), rt.settings.followups, _on(on))
    typer.echo(f"{len(given)} Wiedervorlagen angelegt.")


@courses_app.command("add")
@handles_errors
def courses_add(
    candidate_id: Annotated[str, typer.Argument(help="The candidate.")],
    kind: Annotated[str, typer.Option(help="integration or job_bsk.")],
    provider: Annotated[str, typer.Option(help="The course provider.")] = "",
    module: Annotated[str, typer.Option(help="JOB-BSK module, e.g. B2.")] = "",
    start: Annotated[str | None, typer.Option(help="Start (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option(help="Expected end (YYYY-MM-DD).")] = None,
    status: Annotated[str, typer.Option(help="planned or running.")] = "planned",
) -> None:
    """Record an integration course or a JOB-BSK module."""
    from passgenau.domain.casework import Course, CourseKind, CourseStatus
    from passgenau.services.casework import add_course

    try:
        course = Course(candidate_id, _choice(CourseKind, kind, "--kind"), provider, module,
                        _maybe_date(start, "--start"), _maybe_date(end, "--end"),
                        _choice(CourseStatus, status, "--status"))
    except ValueError as exc:
        raise InvalidInput([Problem(f'course of "{candidate_id}"', "", str(exc))]) from None
    number = add_course(runtime().unit_of_work(), course)
    typer.echo(f"Kurs Nr. {number} erfasst.")


@courses_app.command("finish")
@handles_errors
def courses_finish(
    number: Annotated[int, typer.Argument(help="The course's number.")],
    status: Annotated[str, typer.Option(help="completed or aborted.")] = "completed",
    result: Annotated[str | None, typer.Option(help="The certified level of the DTZ or "
                                               "the final test, e.g. B1.")] = None,
    on: OnOption = None,
) -> None:
    """End a course; a result counts as a certificate, the next contact comes sooner."""
    from passgenau.domain.casework import CourseStatus
    from passgenau.services.casework import finish_course

    rt = runtime()
    _, certification = finish_course(
        rt.unit_of_work(), rt.settings.routing, rt.settings.followups, number,
        _choice(CourseStatus, status, "--status"), _on(on),
        _level(result, "--result") if result else None)
    team = f"; Team: {certification.team.german}" if certification else ""
    typer.echo(f"Kurs Nr. {number} beendet{team}.")


@recognition_app.command("add")
@handles_errors
def recognition_add(
    candidate_id: Annotated[str, typer.Argument(help="The candidate.")],
    kldb: Annotated[str, typer.Argument(help="The occupation's KldB 2010 code (5 digits).")],
    authority: Annotated[str, typer.Option(help="The competent body.")] = "",
    on: OnOption = None,
) -> None:
    """Record a recognition procedure for a foreign qualification."""
    from passgenau.domain.casework import RecognitionProcedure
    from passgenau.domain.kldb import KldbCode
    from passgenau.services.casework import add_recognition

    code = _choice(KldbCode, kldb, "KLDB")
    number = add_recognition(runtime().unit_of_work(),
                             RecognitionProcedure(candidate_id, code, authority,
                                                  applied_on=_on(on)))
    typer.echo(f"Anerkennungsverfahren Nr. {number} erfasst.")


@recognition_app.command("decide")
@handles_errors
def recognition_decide(
    number: Annotated[int, typer.Argument(help="The procedure's number.")],
    status: Annotated[str, typer.Argument(help="granted, partial, refused, withdrawn, "
                                          "in_progress.")],
    on: OnOption = None,
) -> None:
    """Record the decision; a granted one updates the candidate's occupation."""
    from passgenau.domain.casework import RecognitionStatus
    from passgenau.services.casework import decide_recognition

    decide_recognition(runtime().unit_of_work(), number,
                       _choice(RecognitionStatus, status, "STATUS"), _on(on))
    typer.echo(f"Anerkennungsverfahren Nr. {number}: Entscheidung erfasst.")


@followups_app.command("employment")
@handles_errors
def followups_employment(
    candidate_id: Annotated[str, typer.Argument(help="The candidate who was hired.")],
    vacancy_id: Annotated[str, typer.Argument(help="The vacancy of the hire.")],
    employed: Annotated[bool, typer.Option("--employed/--left", help="Still works there, "
                                           "or has left.")] = True,
    on: OnOption = None,
) -> None:
    """At a follow-up after a hire: record whether the candidate still works there (the
    report's 'still employed after 6 months' counts these)."""
    from passgenau.services.reports import record_employment

    number = record_employment(runtime().unit_of_work(), candidate_id, vacancy_id, _on(on),
                               employed)
    state = "weiterhin beschäftigt" if employed else "nicht mehr beschäftigt"
    typer.echo(f"Wiedervorlage Nr. {number}: {candidate_id} bei Stelle {vacancy_id} {state}.")
