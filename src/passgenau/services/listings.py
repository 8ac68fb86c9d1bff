"""Use cases behind the JSON API that the pages did not need yet: the vacancies as a
list, one proposal with its explanation and note, and the follow-ups due *as seen* by a
member of staff.

Like :mod:`passgenau.services.directory`, every result that carries a candidate's
personal data is logged as a ``view`` by the unit of work's actor (the user the API token
acts as), committed with the read.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from passgenau.domain.followups import DueFollowUp
from passgenau.domain.placement import ProposalState, ReasonCode
from passgenau.domain.routing import RoutingRules, Team
from passgenau.domain.workflow import is_open
from passgenau.services.followups import due_follow_ups
from passgenau.services.unit_of_work import AuditAction, UnitOfWork

VIEW = AuditAction.VIEW


@dataclass(frozen=True, slots=True)
class VacancyLine:
    vacancy_id: str
    title: str
    employer_id: str
    employer_name: str
    kldb: str
    municipality: str
    positions: int
    hired: int
    shortlist_size: int
    open_proposals: int


def list_vacancies(uow: UnitOfWork) -> tuple[VacancyLine, ...]:
    """The tenant's vacancies by id, with their employer and how far their shortlist is."""
    with uow:
        employers = {e.id: e for e in uow.employers.list()}
        proposals = uow.placements.proposals()
        open_ = Counter(r.proposal.vacancy_id for r in proposals if is_open(r.proposal.state))
        hired = Counter(r.proposal.vacancy_id for r in proposals
                        if r.proposal.state is ProposalState.HIRED)
        lines = []
        for v in sorted(uow.vacancies.list(), key=lambda v: v.id):
            employer = employers[v.employer_id]
            place = v.location or employer.location
            lines.append(VacancyLine(v.id, v.title, v.employer_id, employer.name, v.kldb.code,
                                     place.municipality, v.positions, hired[v.id],
                                     v.shortlist_size, open_[v.id]))
        return tuple(lines)


@dataclass(frozen=True, slots=True)
class ProposalDetail:
    """One proposal with what the list leaves out: the matching's explanation (it names
    the home place and the commute) and the officer's note."""

    vacancy_id: str
    candidate_id: str
    state: ProposalState
    version: int
    household_id: str | None
    reason: ReasonCode | None
    score: float | None
    rank: int | None
    shift: str | None
    note: str
    reasons: tuple[str, ...]
    created_at: datetime
    updated_at: datetime


def proposal_detail(uow: UnitOfWork, vacancy_id: str, candidate_id: str) -> ProposalDetail:
    """One proposal (unknown, or another tenant's: ``NotFound``); logged as viewed."""
    with uow:
        record = uow.placements.get_proposal(vacancy_id, candidate_id)
        p = record.proposal
        uow.audit(VIEW, "proposal", f"{vacancy_id}/{candidate_id}", ("reasons", "note"))
        uow.commit()
        return ProposalDetail(p.vacancy_id, p.candidate_id, p.state, record.version,
                              p.household_id, p.reason, p.score, p.rank, p.shift, p.note,
                              record.reasons, record.created_at, record.updated_at)


def viewed_due_follow_ups(
    uow: UnitOfWork, audit_uow: UnitOfWork, routing: RoutingRules, on: date, *,
    team: Team | None = None, officer: str | None = None,
) -> tuple[DueFollowUp, ...]:
    """:func:`~passgenau.services.followups.due_follow_ups`, with the view of every listed
    candidate's follow-up (its note is personal data) logged through ``audit_uow``."""
    entries = due_follow_ups(uow, routing, on, team=team, officer=officer)
    if entries:
        with audit_uow:
            for candidate_id in sorted({e.candidate_id for e in entries}):
                audit_uow.audit(VIEW, "follow_up", candidate_id, ("due", "note"))
            audit_uow.commit()
    return entries
