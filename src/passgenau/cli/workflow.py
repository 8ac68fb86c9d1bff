"""Issue 10 (workflow): proposals through their states, consents, the audit trail."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from passgenau.cli.common import Format, _check_format, _on, echo_as, handles_errors, runtime

proposals_app = typer.Typer(help="Proposals (Vermittlungsvorschläge) through the workflow.")

consent_app = typer.Typer(help="Consents (Einwilligungen) to pass a profile on.")


@proposals_app.command("list")
@handles_errors
def proposals_list(
    vacancy: Annotated[str | None, typer.Option(help="Only this vacancy's.")] = None,
    candidate: Annotated[str | None, typer.Option(help="Only this candidate's.")] = None,
    state: Annotated[str | None, typer.Option(help="Only in this state (suggested, "
                                              "prepared, consented, proposed, interview, "
                                              "trial_work, hired, rejected, withdrawn).")]
    = None,
    fmt: Format = "table",
) -> None:
    """List proposals with their state and version (the version to name when moving)."""
    from passgenau.presentation.workflow import proposals_json, proposals_table
    from passgenau.services.workflow import list_proposals, parse_state

    _check_format(fmt)
    views = list_proposals(runtime().unit_of_work(), vacancy, candidate,
                           parse_state(state) if state else None)
    echo_as(fmt, views, proposals_json, proposals_table)


@proposals_app.command("move")
@handles_errors
def proposals_move(
    vacancy_id: Annotated[str, typer.Argument(help="The vacancy.")],
    candidate_id: Annotated[str, typer.Argument(help="The candidate.")],
    state: Annotated[str, typer.Argument(help="The new state: prepared, consented, "
                                         "proposed, interview, trial_work, hired, "
                                         "rejected or withdrawn.")],
    reason: Annotated[str | None, typer.Option(help="Required for rejected and withdrawn: "
                                               "language, hours, commute, qualification, "
                                               "candidate_declined, employer_declined, "
                                               "no_show, placed_elsewhere, vacancy_filled, "
                                               "other.")] = None,
    note: Annotated[str, typer.Option(help="A note (kept with the proposal; the audit log "
                                      "records only that it changed).")] = "",
    version: Annotated[int | None, typer.Option(help="The version you read (proposals "
                                                "list); refused if someone else changed "
                                                "the proposal since.")] = None,
    fmt: Format = "table",
) -> None:
    """Move a proposal one step on; a joint household proposal moves together where the
    step concerns the employer (proposed, interview, trial_work, hired, rejected with
    employer_declined). A hire withdraws the candidate's other proposals and, when the
    vacancy is full, the vacancy's other proposals. Moving to proposed needs a consent."""
    from passgenau.presentation.workflow import move_json, move_text
    from passgenau.services.workflow import move_proposal, parse_reason, parse_state

    _check_format(fmt)
    outcome = move_proposal(
        runtime().unit_of_work(), vacancy_id, candidate_id, parse_state(state),
        on=date.today(), reason=parse_reason(reason) if reason else None, note=note,
        read_version=version,
    )
    echo_as(fmt, outcome, move_json, move_text)


@consent_app.command("add")
@handles_errors
def consent_add(
    candidate_id: Annotated[str, typer.Argument(help="The candidate who consented.")],
    scope: Annotated[str, typer.Option(help="What the consent covers, in words, e.g. "
                                       "'Profil an Arbeitgeber X'.")],
    vacancy: Annotated[str | None, typer.Option(help="Limit it to this vacancy.")] = None,
    employer: Annotated[str | None, typer.Option(help="Limit it to this employer's "
                                                 "vacancies.")] = None,
    on: Annotated[str | None, typer.Option(help="Date given (YYYY-MM-DD); default "
                                           "today.")] = None,
    purpose: Annotated[str, typer.Option(help="profile (send the profile to employers) or "
                                         "success_story (publish a success story; written "
                                         "consent).")] = "profile",
    fmt: Format = "table",
) -> None:
    """Record a candidate's consent to send their profile to an employer. Without
    --vacancy or --employer it is a general consent covering every vacancy. With
    --purpose success_story: the written consent to a published success story."""
    from passgenau.presentation.workflow import consent_added_text, consents_json
    from passgenau.services.consent import add_consent, parse_purpose

    _check_format(fmt)
    view = add_consent(runtime().unit_of_work(), candidate_id, scope, _on(on), vacancy,
                       employer, parse_purpose(purpose))
    echo_as(fmt, view, lambda added: consents_json([added]), consent_added_text)


@consent_app.command("withdraw")
@handles_errors
def consent_withdraw(
    candidate_id: Annotated[str, typer.Argument(help="The candidate who withdrew.")],
    vacancy: Annotated[str | None, typer.Option(help="Only the consents limited to this "
                                                "vacancy.")] = None,
    employer: Annotated[str | None, typer.Option(help="Only the consents limited to this "
                                                 "employer.")] = None,
    on: Annotated[str | None, typer.Option(help="Effective date (YYYY-MM-DD); default "
                                           "today.")] = None,
    fmt: Format = "table",
) -> None:
    """Withdraw a candidate's consents from a date on: all not yet withdrawn, or with
    --vacancy / --employer only those limited to it. Exit 2 if there is none to withdraw.
    The records are kept (they prove what was allowed when)."""
    from passgenau.presentation.workflow import consents_json, consents_withdrawn_text
    from passgenau.services.consent import withdraw_consent

    _check_format(fmt)
    views = withdraw_consent(runtime().unit_of_work(), candidate_id, _on(on), vacancy,
                             employer)
    echo_as(fmt, views, consents_json, consents_withdrawn_text)


@consent_app.command("list")
@handles_errors
def consent_list(
    candidate_id: Annotated[str, typer.Argument(help="The candidate.")],
    fmt: Format = "table",
) -> None:
    """List a candidate's consents, withdrawn ones included."""
    from passgenau.presentation.workflow import consents_json, consents_table
    from passgenau.services.consent import list_consents

    _check_format(fmt)
    views = list_consents(runtime().unit_of_work(), candidate_id)
    echo_as(fmt, views, consents_json, consents_table)


@handles_errors
def audit(
    record: Annotated[str, typer.Argument(help="ENTITY:ID, e.g. candidate:C1, vacancy:V1, "
                                          "proposal:V1/C1 (vacancy/candidate), consent:C1.")],
    fmt: Format = "table",
) -> None:
    """A record's audit trail: who changed which field when; old and new values for
    non-personal fields, only that it changed for personal ones."""
    from passgenau.presentation.workflow import trail_json, trail_table
    from passgenau.services.audit import record_trail

    _check_format(fmt)
    lines = record_trail(runtime().unit_of_work(), record)
    echo_as(fmt, lines, trail_json, trail_table)
