"""Use cases of the placement workflow: list proposals, move one a step on.

A move is one transaction: the asked proposal, the members of a joint household proposal
that move with it (:func:`passgenau.domain.workflow.moves_household`), and what a hire
sets off: the hired candidates' other open proposals are withdrawn (``placed_elsewhere``),
the vacancy's open positions are counted down (its version too, so two hires on the
last position cannot both pass), and once none is left its other open proposals are
withdrawn (``vacancy_filled``). Every step is audited with old and new values (the note
only as "changed"). The rules themselves are domain code; this loads, asks and stores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from passgenau.domain.audit import FieldChange
from passgenau.domain.concurrency import StaleRecord
from passgenau.domain.errors import InvalidInput, NotFound, Problem
from passgenau.domain.placement import ProposalSource, ProposalState, ReasonCode, can_move
from passgenau.domain.workflow import (
    ConsentMissing,
    IllegalMove,
    NoOpenPosition,
    check_move,
    consent_covers,
    is_open,
    moves_household,
    proposal_label,
)
from passgenau.services.unit_of_work import AuditAction, ProposalRecord, UnitOfWork


@dataclass(frozen=True, slots=True)
class ProposalView:
    """A proposal as listed: where it stands and the version to name when moving it."""

    vacancy_id: str
    candidate_id: str
    state: ProposalState
    version: int
    household_id: str | None
    reason: ReasonCode | None
    score: float | None
    rank: int | None
    has_note: bool
    source: ProposalSource = ProposalSource.SHORTLIST  # the format it came from (issue 12)
    event_id: str | None = None


@dataclass(frozen=True, slots=True)
class Step:
    """One proposal moved by a move; ``cause`` says why it moved."""

    vacancy_id: str
    candidate_id: str
    old: ProposalState
    new: ProposalState
    reason: ReasonCode | None
    version: int  # after the step
    cause: str  # "asked", "household", "placed_elsewhere", "vacancy_filled"


@dataclass(frozen=True, slots=True)
class OpenPositions:
    vacancy_id: str
    before: int
    after: int


@dataclass(frozen=True, slots=True)
class MoveOutcome:
    steps: tuple[Step, ...]  # the asked one first
    positions: tuple[OpenPositions, ...]  # vacancies whose open positions a hire changed


def parse_state(text: str) -> ProposalState:
    try:
        return ProposalState(text)
    except ValueError:
        states = ", ".join(s.value for s in ProposalState)
        raise InvalidInput([Problem("proposal", "state", f"{text!r} is not one of {states}")]) \
            from None


def parse_reason(text: str) -> ReasonCode:
    try:
        return ReasonCode(text)
    except ValueError:
        codes = ", ".join(c.value for c in ReasonCode)
        raise InvalidInput([Problem("proposal", "reason", f"{text!r} is not one of {codes}")]) \
            from None


def _view(record: ProposalRecord) -> ProposalView:
    p = record.proposal
    return ProposalView(p.vacancy_id, p.candidate_id, p.state, record.version, p.household_id,
                        p.reason, p.score, p.rank, bool(p.note), p.source, p.event_id)


def list_proposals(
    uow: UnitOfWork,
    vacancy_id: str | None = None,
    candidate_id: str | None = None,
    state: ProposalState | None = None,
) -> tuple[ProposalView, ...]:
    """The tenant's proposals, filtered; by vacancy, then rank."""
    with uow:
        if vacancy_id is not None:
            uow.vacancies.get(vacancy_id)  # an unknown id is an error, not an empty list
        if candidate_id is not None:
            uow.candidates.get(candidate_id)
        return tuple(_view(r) for r in uow.placements.proposals(vacancy_id, candidate_id, state))


class _Move:
    """The working state of one move inside its unit of work."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.steps: list[Step] = []
        self._employers: dict[str, str] = {}

    def employer_of(self, vacancy_id: str) -> str:
        if vacancy_id not in self._employers:
            self._employers[vacancy_id] = self.uow.vacancies.get(vacancy_id).employer_id
        return self._employers[vacancy_id]

    def partners(self, record: ProposalRecord) -> list[ProposalRecord]:
        """The other open proposals of the household at the same employer."""
        p = record.proposal
        if p.household_id is None:
            return []
        employer = self.employer_of(p.vacancy_id)
        try:
            members = self.uow.households.get(p.household_id).members
        except NotFound:  # dissolved since the matching paired them
            return []
        return [
            r for member in members
            for r in self.uow.placements.proposals(candidate_id=member)
            if r.proposal.household_id == p.household_id
            and (r.proposal.vacancy_id, r.proposal.candidate_id) != (p.vacancy_id,
                                                                      p.candidate_id)
            and is_open(r.proposal.state)
            and self.employer_of(r.proposal.vacancy_id) == employer
        ]

    def step(self, record: ProposalRecord, target: ProposalState, reason: ReasonCode | None,
             note: str, read: int, cause: str) -> None:
        old = record.proposal
        new = replace(old, state=target, reason=reason, note=note or old.note)
        version = self.uow.placements.save_proposal(new, read)
        changes = [FieldChange.of("proposal", "state", old.state, target)]
        if reason is not None or old.reason is not None:
            changes.append(FieldChange.of("proposal", "reason", old.reason, reason))
        if new.note != old.note:
            changes.append(FieldChange.of("proposal", "note", old.note, new.note))
        changes.append(FieldChange.of("proposal", "version", read, version))
        self.uow.audit_changes(AuditAction.UPDATE, "proposal",
                               f"{old.vacancy_id}/{old.candidate_id}", changes)
        self.steps.append(Step(old.vacancy_id, old.candidate_id, old.state, target, reason,
                               version, cause))

    def withdraw_open(self, records: Sequence[ProposalRecord], reason: ReasonCode) -> None:
        for record in records:
            current = self.uow.placements.get_proposal(record.proposal.vacancy_id,
                                                       record.proposal.candidate_id)
            if is_open(current.proposal.state):
                self.step(current, ProposalState.WITHDRAWN, reason, "", current.version,
                          reason.value)


def move_proposal(
    uow: UnitOfWork,
    vacancy_id: str,
    candidate_id: str,
    target: ProposalState,
    *,
    on: date,
    reason: ReasonCode | None = None,
    note: str = "",
    read_version: int | None = None,
) -> MoveOutcome:
    """Move a proposal one step (with its household where the step concerns the employer:
    proposed, interview, trial_work, hired, and rejected with ``employer_declined``).

    ``read_version`` is the version the caller read; a stale one is refused
    (:class:`StaleRecord`) and nothing is written. ``on`` is the day of the move (consents
    must be in force on it).
    """
    with uow:
        outcome = move_within(uow, vacancy_id, candidate_id, target, on=on, reason=reason,
                              note=note, read_version=read_version)
        uow.commit()
        return outcome


def move_within(
    uow: UnitOfWork,
    vacancy_id: str,
    candidate_id: str,
    target: ProposalState,
    *,
    on: date,
    reason: ReasonCode | None = None,
    note: str = "",
    read_version: int | None = None,
) -> MoveOutcome:
    """:func:`move_proposal` inside a unit of work the caller has entered and commits
    (an event's lead moves a proposal in the same transaction that records the lead)."""
    move = _Move(uow)
    record = uow.placements.get_proposal(vacancy_id, candidate_id)
    label = proposal_label(vacancy_id, candidate_id)
    if read_version is not None and read_version != record.version:
        raise StaleRecord(label, read_version, record.version)
    check_move(record.proposal, target, reason)
    group = [record]
    if moves_household(target, reason):
        for partner in move.partners(record):
            p = partner.proposal
            if not can_move(p.state, target):
                why = (f" together with candidate \"{candidate_id}\"'s proposal of "
                       "their household (it is " f"{record.proposal.state.value})")
                raise IllegalMove(p.vacancy_id, p.candidate_id, p.state, target, why)
            group.append(partner)
    if target is ProposalState.PROPOSED:
        for member in group:
            p = member.proposal
            consents = [c.consent for c in uow.consents.for_candidate(p.candidate_id)]
            if not consent_covers(consents, p, move.employer_of(p.vacancy_id), on):
                raise ConsentMissing(p.vacancy_id, p.candidate_id)
    positions = _check_positions(uow, group) if target is ProposalState.HIRED else {}
    for i, member in enumerate(group):
        read = record.version if i == 0 else member.version
        move.step(member, target, reason, note if i == 0 else "", read,
                  "asked" if i == 0 else "household")
    outcome_positions: list[OpenPositions] = []
    if target is ProposalState.HIRED:
        hired = {m.proposal.candidate_id for m in group}
        for candidate in sorted(hired):
            move.withdraw_open(uow.placements.proposals(candidate_id=candidate),
                               ReasonCode.PLACED_ELSEWHERE)
        for vacancy, (before, after, version) in positions.items():
            uow.audit_changes(AuditAction.UPDATE, "vacancy", vacancy, [
                FieldChange.of("vacancy", "open_positions", before, after),
                FieldChange.of("vacancy", "version", version - 1, version),
            ])
            outcome_positions.append(OpenPositions(vacancy, before, after))
            if after == 0:
                move.withdraw_open(uow.placements.proposals(vacancy_id=vacancy),
                                   ReasonCode.VACANCY_FILLED)
    return MoveOutcome(tuple(move.steps), tuple(outcome_positions))


def _check_positions(
    uow: UnitOfWork, group: Sequence[ProposalRecord]
) -> dict[str, tuple[int, int, int]]:
    """Open positions before and after the hire and the new version, per vacancy;
    refused if too few.

    The vacancy's version is counted up first: on PostgreSQL that waits for a concurrent
    hire on it, so the count below sees that hire.
    """
    needed: dict[str, int] = {}
    for member in group:
        needed[member.proposal.vacancy_id] = needed.get(member.proposal.vacancy_id, 0) + 1
    result: dict[str, tuple[int, int, int]] = {}
    for vacancy_id, count in needed.items():
        version = uow.versions.bump("vacancy", vacancy_id)
        vacancy = uow.vacancies.get(vacancy_id)
        hired = len(uow.placements.proposals(vacancy_id=vacancy_id, state=ProposalState.HIRED))
        left = max(0, vacancy.positions - hired)
        if left < count:
            raise NoOpenPosition(vacancy_id, left, count)
        result[vacancy_id] = (left, left - count, version)
    return result
