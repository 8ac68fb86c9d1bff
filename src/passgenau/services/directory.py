"""Use cases behind the web's pages: find candidates, a candidate's profile, a vacancy
with its shortlist, the dashboard's figures.

Every result that carries a candidate's personal data (name, place) is logged as a
``view`` in the audit log, by the unit of work's actor (the signed-in user), with the
candidate's id: who saw which record, and when. The entries are committed with the read.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from passgenau.domain.casework import CaseFile
from passgenau.domain.followups import DueFollowUp
from passgenau.domain.levels import GermanLevel
from passgenau.domain.model import Candidate, Employer, Vacancy
from passgenau.domain.placement import ProposalState
from passgenau.domain.routing import RoutingRules, Team
from passgenau.domain.workflow import is_open
from passgenau.services.followups import due_follow_ups
from passgenau.services.unit_of_work import AuditAction, UnitOfWork

VIEW = AuditAction.VIEW  # the audit action of a read of personal data
PAGE_SIZE = 100


@dataclass(frozen=True, slots=True)
class CandidateLine:
    candidate_id: str
    name: str
    german_level: GermanLevel
    team: Team
    municipality: str


@dataclass(frozen=True, slots=True)
class CandidateList:
    lines: tuple[CandidateLine, ...]  # at most PAGE_SIZE
    total: int  # matching the filter
    municipalities: tuple[str, ...]  # to choose from


def find_candidates(
    uow: UnitOfWork, routing: RoutingRules, on: date, *, team: Team | None = None,
    level: GermanLevel | None = None, municipality: str | None = None,
) -> CandidateList:
    """Active candidates, filtered, by id; the shown ones are logged as viewed."""
    with uow:
        cases = {c.candidate_id: c for c in uow.casework.case_files()}
        found: list[CandidateLine] = []
        places: set[str] = set()
        for candidate in sorted(uow.candidates.list(), key=lambda c: c.id):
            case = cases.get(candidate.id, CaseFile(candidate.id))
            if not case.active:
                continue
            places.add(candidate.home.municipality)
            their_team = case.team or routing.team_for(candidate.german_level,
                                                       candidate.birth_year, on)
            if ((team is not None and their_team is not team)
                    or (level is not None and candidate.german_level is not level)
                    or (municipality and candidate.home.municipality != municipality)):
                continue
            found.append(CandidateLine(candidate.id, candidate.name, candidate.german_level,
                                       their_team, candidate.home.municipality))
        shown = found[:PAGE_SIZE]
        for line in shown:
            uow.audit(VIEW, "candidate", line.candidate_id, ("name", "home_municipality"))
        uow.commit()
        return CandidateList(tuple(shown), len(found), tuple(sorted(p for p in places if p)))


def candidate_profile(uow: UnitOfWork, candidate_id: str) -> Candidate:
    """One candidate's record (unknown, or another tenant's: ``NotFound``); logged."""
    with uow:
        candidate = uow.candidates.get(candidate_id)
        uow.audit(VIEW, "candidate", candidate_id, ("profile",))
        uow.commit()
        return candidate


@dataclass(frozen=True, slots=True)
class ShortlistEntry:
    candidate_id: str
    name: str
    state: ProposalState
    version: int
    rank: int | None
    score: float | None
    reasons: tuple[str, ...]  # the matching's explanation sentences


@dataclass(frozen=True, slots=True)
class VacancyPage:
    vacancy: Vacancy
    employer: Employer
    hired: int
    shortlist: tuple[ShortlistEntry, ...]


def vacancy_page(uow: UnitOfWork, vacancy_id: str) -> VacancyPage:
    """A vacancy, its employer and its proposals with explanations; the candidates shown
    are logged as viewed."""
    with uow:
        vacancy = uow.vacancies.get(vacancy_id)
        employer = uow.employers.get(vacancy.employer_id)
        entries = []
        for record in uow.placements.proposals(vacancy_id=vacancy_id):
            p = record.proposal
            candidate = uow.candidates.get(p.candidate_id)
            entries.append(ShortlistEntry(p.candidate_id, candidate.name, p.state,
                                          record.version, p.rank, p.score, record.reasons))
            uow.audit(VIEW, "candidate", p.candidate_id, ("name",))
        uow.commit()
        hired = sum(1 for e in entries if e.state is ProposalState.HIRED)
        return VacancyPage(vacancy, employer, hired, tuple(entries))


@dataclass(frozen=True, slots=True)
class ShortVacancy:
    vacancy_id: str
    title: str
    shortlist_size: int
    open_proposals: int


@dataclass(frozen=True, slots=True)
class Dashboard:
    follow_ups: tuple[DueFollowUp, ...]  # due today or overdue (the officer's own)
    short_vacancies: tuple[ShortVacancy, ...]  # fewer open proposals than the shortlist
    short_total: int
    by_state: tuple[tuple[ProposalState, int], ...]


def dashboard(uow: UnitOfWork, follow_ups_uow: UnitOfWork, routing: RoutingRules, on: date,
              officer: str | None = None) -> Dashboard:
    """The start page's figures; follow-ups of ``officer`` only when given."""
    due = due_follow_ups(follow_ups_uow, routing, on, officer=officer)
    with uow:
        proposals = uow.placements.proposals()
        states = Counter(r.proposal.state for r in proposals)
        open_per_vacancy = Counter(r.proposal.vacancy_id for r in proposals
                                   if is_open(r.proposal.state))
        hired = Counter(r.proposal.vacancy_id for r in proposals
                        if r.proposal.state is ProposalState.HIRED)
        short = [
            ShortVacancy(v.id, v.title, v.shortlist_size, open_per_vacancy[v.id])
            for v in sorted(uow.vacancies.list(), key=lambda v: v.id)
            if hired[v.id] < v.positions and open_per_vacancy[v.id] < v.shortlist_size
        ]
    return Dashboard(due[:50], tuple(short[:50]), len(short),
                     tuple((s, states[s]) for s in ProposalState))
