"""Use cases behind the web's pages: find candidates, a candidate's profile, a vacancy
with its shortlist, the dashboard's figures, employers and vacancies, and what a partner
sees of the candidates referred to it.

The list pages and the dashboard read light rows and counts
(:class:`~passgenau.services.unit_of_work.ListingQueries`), never whole records, so that
they answer quickly at 20 concurrent users.

Every result that carries a candidate's personal data (name, place) is logged as a
``view`` in the audit log, by the unit of work's actor (the signed-in user), with the
candidate's id: who saw which record, and when. The entries are committed with the read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from passgenau.domain.errors import NotFound
from passgenau.domain.followups import DueFollowUp
from passgenau.domain.levels import GermanLevel
from passgenau.domain.model import Candidate, Employer, Vacancy
from passgenau.domain.partners import EmployerContactRecord, ReferralRecord, ReferralStatus
from passgenau.domain.placement import ProposalState
from passgenau.domain.routing import RoutingRules, Team
from passgenau.services.unit_of_work import (
    AuditAction,
    CandidateBrief,
    EmployerBrief,
    UnitOfWork,
    VacancyBrief,
)

VIEW = AuditAction.VIEW  # the audit action of a read of personal data
PAGE_SIZE = 100  # the API's page; the web's list pages ask for 50


@dataclass(frozen=True, slots=True)
class CandidateLine:
    candidate_id: str
    name: str
    german_level: GermanLevel
    team: Team
    municipality: str


@dataclass(frozen=True, slots=True)
class CandidateList:
    lines: tuple[CandidateLine, ...]  # one page
    total: int  # matching the filter
    municipalities: tuple[str, ...]  # to choose from
    page: int = 1
    pages: int = 1


def _team_of(brief: CandidateBrief, routing: RoutingRules, on: date) -> Team:
    return Team(brief.team) if brief.team else routing.team_for(
        GermanLevel[brief.german_level], brief.birth_year, on)


def _pages(total: int, size: int = PAGE_SIZE) -> int:
    return max(1, -(-total // size))


def find_candidates(
    uow: UnitOfWork, routing: RoutingRules, on: date, *, team: Team | None = None,
    level: GermanLevel | None = None, municipality: str | None = None, page: int = 1,
    partner_id: str | None = None, page_size: int = PAGE_SIZE,
) -> CandidateList:
    """Active candidates, filtered, by id, one page; the shown ones are logged as viewed.

    Reads light rows (:class:`CandidateBrief`), never whole records. ``partner_id``
    keeps only the candidates referred to that partner (see :data:`PARTNER_SEES`).
    """
    statuses = [s.value for s in PARTNER_SEES]
    level_name = None if level is None else level.name
    with uow:
        listing = uow.listing
        teams: dict[tuple[str, int | None, str | None], Team] = {}

        def team_of(b: CandidateBrief) -> Team:  # a handful of (level, year) pairs
            key = (b.german_level, b.birth_year, b.team)
            if key not in teams:
                teams[key] = _team_of(b, routing, on)
            return teams[key]

        def rows(offset: int = 0, limit: int | None = None) -> list[CandidateBrief]:
            return listing.candidates(level=level_name, municipality=municipality or None,
                                      partner_id=partner_id, partner_statuses=statuses,
                                      offset=offset, limit=limit)

        if team is None:  # the page itself in SQL: LIMIT/OFFSET and a COUNT
            total = listing.count_candidates(level=level_name,
                                             municipality=municipality or None,
                                             partner_id=partner_id, partner_statuses=statuses)
            pages = _pages(total, page_size)
            page = min(max(page, 1), pages)
            briefs = rows((page - 1) * page_size, page_size)
        else:  # the team follows from the routing rules: filtered here, on light rows
            briefs = [b for b in rows() if team_of(b) is team]
            total = len(briefs)
            pages = _pages(total, page_size)
            page = min(max(page, 1), pages)
            briefs = briefs[(page - 1) * page_size: page * page_size]
        shown = [CandidateLine(b.candidate_id, b.name, GermanLevel[b.german_level], team_of(b),
                               b.municipality) for b in briefs]
        places = (sorted({b.municipality for b in listing.candidates(
                              partner_id=partner_id, partner_statuses=statuses)
                          if b.municipality})
                  if partner_id is not None else listing.candidate_municipalities())
        for line in shown:
            uow.audit(VIEW, "candidate", line.candidate_id, ("name", "home_municipality"))
        uow.commit()
        return CandidateList(tuple(shown), total, tuple(places), page, pages)


#: A partner sees a candidate while a referral to it is open or accepted: not after it
#: declined, nor once the support is completed (data minimisation).
PARTNER_SEES = (ReferralStatus.OPEN, ReferralStatus.ACCEPTED)


@dataclass(frozen=True, slots=True)
class PartnerCandidate:
    """What a partner sees of a candidate referred to it: the profile and its referrals
    (never the proposals, consents or other partners' referrals)."""

    candidate: Candidate
    referrals: tuple[ReferralRecord, ...]


def partner_candidate(uow: UnitOfWork, partner_id: str, candidate_id: str) -> PartnerCandidate:
    """A candidate referred to ``partner_id``; anyone else is ``NotFound``, exactly like a
    record that does not exist. Logged as viewed."""
    with uow:
        referrals = tuple(r for r in uow.partners.referrals(candidate_id=None,
                                                             partner_id=partner_id)
                          if r.referral.candidate_id == candidate_id)
        if not any(r.referral.status in PARTNER_SEES for r in referrals):
            raise NotFound(f'no candidate "{candidate_id}" referred to this partner')
        candidate = uow.candidates.get(candidate_id)
        uow.audit(VIEW, "candidate", candidate_id, ("profile",))
        uow.commit()
        return PartnerCandidate(candidate, referrals)


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
class OpenProposal:
    vacancy_id: str
    title: str
    candidate_id: str
    state: ProposalState


@dataclass(frozen=True, slots=True)
class Dashboard:
    follow_ups: tuple[DueFollowUp, ...]  # due today or overdue (the officer's own)
    short_vacancies: tuple[ShortVacancy, ...]  # fewer open proposals than the shortlist
    short_total: int
    by_state: tuple[tuple[ProposalState, int], ...]
    follow_ups_total: int = 0
    my_proposals: tuple[OpenProposal, ...] = ()  # the officer's candidates' open ones
    employers: int = 0
    vacancies: int = 0


DASHBOARD_ROWS = 12


def dashboard(uow: UnitOfWork, routing: RoutingRules, on: date,
              officer: str | None = None) -> Dashboard:
    """The start page's figures by aggregate queries and light rows (no records loaded);
    follow-ups and proposals of ``officer``'s candidates only when given."""
    with uow:
        due = sorted((
            DueFollowUp(number=f.number, candidate_id=f.candidate.candidate_id, due=f.due,
                        officer=f.candidate.officer,
                        team=_team_of(f.candidate, routing, on).value, note=f.note,
                        vacancy_id=f.vacancy_id, days_overdue=(on - f.due).days)
            for f in uow.listing.due_follow_ups(on, officer)
        ), key=lambda e: (e.officer, e.team, e.due, e.number))
        vacancies = uow.listing.vacancies()
        short = [ShortVacancy(v.vacancy_id, v.title, v.shortlist_size, v.open_proposals)
                 for v in vacancies if not v.shortlist_full]
        states = uow.listing.proposals_by_state(officer)
        mine = () if officer is None else tuple(
            OpenProposal(v, title, c, ProposalState(state))
            for v, title, c, state in uow.listing.open_proposals(officer, DASHBOARD_ROWS))
        employers = uow.caseload.employers()
    return Dashboard(tuple(due[:DASHBOARD_ROWS]), tuple(short[:DASHBOARD_ROWS]), len(short),
                     tuple((s, states.get(s.value, 0)) for s in ProposalState),
                     follow_ups_total=len(due), my_proposals=mine, employers=employers,
                     vacancies=len(vacancies))


# -- employers and vacancies (issue 11) -------------------------------------------------


@dataclass(frozen=True, slots=True)
class VacancyList:
    lines: tuple[VacancyBrief, ...]  # one page
    total: int  # matching the filter
    municipalities: tuple[str, ...]  # to choose from
    page: int = 1
    pages: int = 1


def find_vacancies(
    uow: UnitOfWork, *, municipality: str | None = None, kldb: str | None = None,
    full: bool | None = None, page: int = 1, page_size: int = PAGE_SIZE,
) -> VacancyList:
    """Vacancies by id, filtered by place, KldB code (its beginning) and whether the
    shortlist is full; light rows with their proposals counted in SQL."""
    with uow:
        found = [v for v in uow.listing.vacancies(municipality=municipality or None,
                                                  kldb=kldb or None)
                 if full is None or v.shortlist_full is full]
        places = uow.listing.vacancy_municipalities()
    pages = _pages(len(found), page_size)
    page = min(max(page, 1), pages)
    return VacancyList(tuple(found[(page - 1) * page_size: page * page_size]), len(found),
                       tuple(places), page, pages)


def list_employers(uow: UnitOfWork) -> tuple[EmployerBrief, ...]:
    """Every employer with its vacancies and positions counted (no contact persons)."""
    with uow:
        return tuple(uow.listing.employers())


@dataclass(frozen=True, slots=True)
class EmployerPage:
    employer: Employer
    vacancies: tuple[VacancyBrief, ...]
    contacts: tuple[EmployerContactRecord, ...]  # the acquisition staff's history


def employer_page(uow: UnitOfWork, employer_id: str) -> EmployerPage:
    """An employer, its vacancies and the contact history; the view of its contact
    person (someone else's personal data) is logged."""
    with uow:
        employer = uow.employers.get(employer_id)
        vacancies = tuple(uow.listing.vacancies(employer_id=employer_id))
        contacts = tuple(uow.partners.employer_contacts(employer_id))
        uow.audit(VIEW, "employer", employer_id, ("contact_name", "contact_email",
                                                  "contact_phone"))
        uow.commit()
    return EmployerPage(employer, vacancies, contacts)


# -- the proposal board (issue 11: light cards, counted in SQL) -------------------------


@dataclass(frozen=True, slots=True)
class BoardCard:
    vacancy_id: str
    candidate_id: str
    state: ProposalState
    version: int


@dataclass(frozen=True, slots=True)
class BoardColumn:
    state: ProposalState
    cards: tuple[BoardCard, ...]  # at most the board's limit per state
    total: int


def proposal_board(uow: UnitOfWork, vacancy_id: str | None = None,
                   per_state: int = 50) -> tuple[BoardColumn, ...]:
    """The proposals by state (of one vacancy when given), ``per_state`` cards each with
    every state's count; ids only (no names), so nothing personal is shown."""
    with uow:
        if vacancy_id is not None:
            uow.vacancies.get(vacancy_id)  # an unknown id is an error, not an empty board
        counts = uow.listing.proposal_counts(vacancy_id)
        return tuple(
            BoardColumn(state, tuple(
                BoardCard(b.vacancy_id, b.candidate_id, state, b.version)
                for b in uow.listing.proposal_briefs(state.value, vacancy_id, per_state)
            ) if counts.get(state.value) else (), counts.get(state.value, 0))
            for state in ProposalState
        )
