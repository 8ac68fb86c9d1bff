"""The rules of moving a proposal through the placement workflow (pure, no I/O).

The states and the table of allowed moves are in :mod:`passgenau.domain.placement`; this
module decides a single move: whether it is allowed, which reason it must carry, whether
a household's joint proposal moves along, and whether the candidate's consent covers it.
Services load the records, ask these functions, and store what they decided, so that the
command line and the web enforce exactly the same workflow.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from passgenau.domain.consent import Consent
from passgenau.domain.errors import InvalidInput, PassgenauError, Problem
from passgenau.domain.placement import Proposal, ProposalState, ReasonCode, can_move

ENDING_WITH_REASON = frozenset({ProposalState.REJECTED, ProposalState.WITHDRAWN})
"""States a proposal only reaches with a :class:`ReasonCode`."""

EMPLOYER_STEPS = frozenset(
    {ProposalState.PROPOSED, ProposalState.INTERVIEW, ProposalState.TRIAL_WORK,
     ProposalState.HIRED}
)
"""Steps that concern the employer, so that a joint household proposal (the proposals of
one household at one employer) takes them together: sending the profiles (``proposed``),
the on-site interview, trial work and the hire. A rejection moves the household together
only when the employer declined (:data:`EMPLOYER_REJECTIONS`); preparing, consenting, a
candidate's own rejection and a withdrawal by the Jobcenter concern one person each."""

EMPLOYER_REJECTIONS = frozenset({ReasonCode.EMPLOYER_DECLINED})


def proposal_label(vacancy_id: str, candidate_id: str) -> str:
    """How messages name a proposal: by its ids only, never by a person's data."""
    return f'proposal (vacancy "{vacancy_id}", candidate "{candidate_id}")'


class IllegalMove(PassgenauError):
    """A move the workflow does not allow; the message names both states."""

    def __init__(self, vacancy_id: str, candidate_id: str,
                 current: ProposalState, target: ProposalState, why: str = "") -> None:
        self.current = current
        self.target = target
        allowed = ", ".join(sorted(s.value for s in _allowed(current))) or "none, it is final"
        text = (f"{proposal_label(vacancy_id, candidate_id)}: cannot move from "
                f"{current.value} to {target.value}")
        super().__init__(f"{text}{why} (allowed from {current.value}: {allowed})")


class ConsentMissing(PassgenauError):
    """Sending a profile to an employer without the candidate's consent in force."""

    def __init__(self, vacancy_id: str, candidate_id: str) -> None:
        super().__init__(
            f"{proposal_label(vacancy_id, candidate_id)}: cannot move to proposed: candidate "
            f'"{candidate_id}" has no consent in force that covers this vacancy or its '
            "employer (record one with 'passgenau consent add')"
        )


class NoOpenPosition(PassgenauError):
    """A hire on a vacancy without enough open positions left."""

    def __init__(self, vacancy_id: str, open_positions: int, needed: int) -> None:
        super().__init__(
            f'vacancy "{vacancy_id}": {open_positions} open position(s) left, the hire '
            f"needs {needed}"
        )


def _allowed(current: ProposalState) -> list[ProposalState]:
    return [s for s in ProposalState if can_move(current, s)]


def check_move(proposal: Proposal, target: ProposalState, reason: ReasonCode | None) -> None:
    """Refuse a move the table does not allow, or one whose reason does not fit."""
    label = proposal_label(proposal.vacancy_id, proposal.candidate_id)
    if not can_move(proposal.state, target):
        raise IllegalMove(proposal.vacancy_id, proposal.candidate_id, proposal.state, target)
    if target in ENDING_WITH_REASON and reason is None:
        codes = ", ".join(c.value for c in ReasonCode)
        raise InvalidInput([Problem(label, "reason",
                                    f"required to move to {target.value} (one of {codes})")])
    if target not in ENDING_WITH_REASON and reason is not None:
        raise InvalidInput([Problem(label, "reason",
                                    f"only rejected and withdrawn take a reason, not "
                                    f"{target.value}")])


def moves_household(target: ProposalState, reason: ReasonCode | None) -> bool:
    """Whether this step moves every member of a joint household proposal together."""
    if target is ProposalState.REJECTED:
        return reason in EMPLOYER_REJECTIONS
    return target in EMPLOYER_STEPS


def consent_covers(consents: Iterable[Consent], proposal: Proposal, employer_id: str,
                   on: date) -> bool:
    """Whether one of the candidate's consents is in force on ``on`` for this proposal."""
    return any(
        c.candidate_id == proposal.candidate_id
        and c.covers(proposal.vacancy_id, employer_id, on)
        for c in consents
    )


def is_open(state: ProposalState) -> bool:
    """Still in the workflow (not hired, rejected or withdrawn)."""
    return not state.is_final
