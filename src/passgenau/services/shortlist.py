"""The shortlist review of one vacancy: its proposals, the candidates below the line,
removing or swapping one, and confirming the shortlist into the workflow.

The review asks the matching's own code (:func:`~passgenau.matching.feasibility.
evaluate_pairs`, the scores of :mod:`~passgenau.matching.scoring`) about the vacancy's
other candidates, so what it says "below the line" is what the matching would say: the
best feasible candidates not on the shortlist (and why not: their proposal budget is
used by other vacancies, or they scored lower), and the near misses with the one rule
that blocks them. A swap re-checks the new pair with the same code; a broken rule is
refused with :class:`RulesBroken`, which names the rules by their codes (the web says
them in German). Confirming moves the matching's suggestions to the workflow's first
step (``prepared``), all in one transaction.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import numpy as np

from passgenau.domain.audit import FieldChange
from passgenau.domain.concurrency import StaleRecord
from passgenau.domain.errors import NotFound, PassgenauError
from passgenau.domain.market import open_market
from passgenau.domain.model import Dataset
from passgenau.domain.placement import Proposal, ProposalState, ReasonCode
from passgenau.domain.workflow import is_open, proposal_label
from passgenau.geo.travel import TravelModel
from passgenau.matching.feasibility import RULES, PairEvaluation, evaluate_pairs
from passgenau.matching.problem import MatchProblem
from passgenau.matching.report import near_miss_values, pair_reasons
from passgenau.matching.scoring import ScoreWeights, rounded, score_components, total_score
from passgenau.services import records
from passgenau.services.matching import shipped_titles
from passgenau.services.unit_of_work import AuditAction, ProposalRecord, UnitOfWork
from passgenau.services.workflow import Step, move_within

VIEW = AuditAction.VIEW
#: The proposal budget (``max_proposals_per_candidate``) is a rule of the matching too;
#: it is named with this code next to the nine of :data:`RULES`.
BUDGET = "MAX_PROPOSALS"
#: A candidate placed or with an ended case, or a filled vacancy, is out of the market
#: (value ``placed``, ``case_ended`` or ``filled``): no swap puts them on a shortlist.
MARKET = "IN_MARKET"
BELOW_THE_LINE = 5  # runners-up and near misses shown


class WhyNot(StrEnum):
    """Why a feasible candidate is not on this vacancy's shortlist."""

    USED_ELSEWHERE = "used_elsewhere"  # their budget of open proposals is used elsewhere
    LOWER_SCORE = "lower_score"  # the shortlist's candidates fit better


@dataclass(frozen=True, slots=True)
class ReviewLine:
    """A proposal on the vacancy's shortlist, any state."""

    candidate_id: str
    name: str
    state: ProposalState
    version: int
    rank: int | None
    score: float | None
    reasons: tuple[str, ...]

    @property
    def is_open(self) -> bool:
        return is_open(self.state)


@dataclass(frozen=True, slots=True)
class RunnerUp:
    """A feasible candidate below the line."""

    candidate_id: str
    name: str
    score: float
    why: WhyNot
    elsewhere: tuple[str, ...]  # vacancies with the candidate's open proposals


@dataclass(frozen=True, slots=True)
class RuleCheck:
    """A rule the pair fails, with the candidate's value and the one required (the
    strings of :func:`~passgenau.matching.report.near_miss_values`)."""

    rule: str  # a code of RULES, or BUDGET
    value: str
    required: str


@dataclass(frozen=True, slots=True)
class NearCandidate:
    """A candidate who fails exactly one rule for this vacancy."""

    candidate_id: str
    name: str
    score: float
    blocked: RuleCheck


@dataclass(frozen=True, slots=True)
class ShortlistReview:
    vacancy_id: str
    title: str
    employer_id: str
    shortlist_size: int
    proposals: tuple[ReviewLine, ...]
    runners_up: tuple[RunnerUp, ...]
    near_misses: tuple[NearCandidate, ...]

    @property
    def suggested(self) -> tuple[ReviewLine, ...]:
        """The matching's suggestions not confirmed yet."""
        return tuple(p for p in self.proposals if p.state is ProposalState.SUGGESTED)


class RulesBroken(PassgenauError):
    """A swap would put a candidate on the shortlist who fails a rule of the matching."""

    def __init__(self, vacancy_id: str, candidate_id: str,
                 broken: Sequence[RuleCheck]) -> None:
        self.vacancy_id = vacancy_id
        self.candidate_id = candidate_id
        self.broken = tuple(broken)
        codes = ", ".join(b.rule for b in self.broken)
        super().__init__(f'{proposal_label(vacancy_id, candidate_id)}: the pair fails '
                         f"the matching's rule(s) {codes}")


class AlreadyProposed(PassgenauError):
    """The candidate swapped in has a proposal for this vacancy already (any state)."""

    def __init__(self, vacancy_id: str, candidate_id: str, state: ProposalState) -> None:
        self.state = state
        super().__init__(f"{proposal_label(vacancy_id, candidate_id)}: exists already "
                         f"({state.value})")


@dataclass(frozen=True, slots=True)
class SwapOutcome:
    removed: Step
    added: str  # the candidate now on the shortlist
    rank: int | None
    score: float


# -- reading -----------------------------------------------------------------------------


def _problem(uow: UnitOfWork, on: date) -> MatchProblem:
    """The open market on ``on`` as the matching sees it (no placed candidates, no ended
    cases, no filled vacancies: :func:`~passgenau.domain.market.open_market`)."""
    stored = [r.proposal for r in uow.placements.list_proposals()]
    dataset, _ = open_market(records.dataset_of(uow), stored, uow.casework.case_files(), on)
    return MatchProblem.from_dataset(dataset, on)


class ProblemCache:
    """The tenant's caseload as the matching's problem, kept for ``seconds``: reading a
    district's caseload takes most of a review's time, and the candidates below the line
    may be a minute old (the shortlist itself and every change are read fresh). One per
    process (the web keeps one); thread-safe."""

    def __init__(self, seconds: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._kept: dict[tuple[str, date], tuple[float, MatchProblem]] = {}

    def problem(self, uow: UnitOfWork, on: date) -> MatchProblem:
        """The problem of the entered ``uow``'s tenant on ``on`` (read if too old)."""
        key = (uow.tenant_key, on)
        with self._lock:
            kept = self._kept.get(key)
        if kept is not None and self._clock() - kept[0] < self.seconds:
            return kept[1]
        problem = _problem(uow, on)
        with self._lock:
            self._kept[key] = (self._clock(), problem)
        return problem

    def forget(self, tenant: str) -> None:
        """Drop the tenant's problems (after a change the review should show at once)."""
        with self._lock:
            for key in [k for k in self._kept if k[0] == tenant]:
                del self._kept[key]


def _vacancy_index(problem: MatchProblem, vacancy_id: str) -> int:
    try:
        return problem.vac_ids.index(vacancy_id)
    except ValueError:
        raise NotFound(f"no vacancy with id {vacancy_id!r}") from None


def _scores(problem: MatchProblem, ev: PairEvaluation,
            weights: ScoreWeights) -> tuple[np.ndarray, np.ndarray]:
    comps = score_components(problem, weights, ev.cand, ev.vac, np.minimum(ev.travel, 10**6))
    return comps, total_score(comps, weights)


def _open_elsewhere(all_records: Sequence[ProposalRecord], vacancy_id: str
                    ) -> dict[str, list[str]]:
    """Candidate -> the other vacancies with their open proposals."""
    found: dict[str, list[str]] = {}
    for r in all_records:
        p = r.proposal
        if p.vacancy_id != vacancy_id and is_open(p.state):
            found.setdefault(p.candidate_id, []).append(p.vacancy_id)
    return found


def _check(problem: MatchProblem, ev: PairEvaluation, k: int, rule: str) -> RuleCheck:
    value, required = near_miss_values(problem, rule, int(ev.cand[k]), int(ev.vac[k]),
                                       int(ev.travel[k]), -1)
    return RuleCheck(rule, value, required)


def review_shortlist(
    uow: UnitOfWork, travel: TravelModel, on: date, vacancy_id: str,
    below: int = BELOW_THE_LINE, weights: ScoreWeights | None = None,
    cache: ProblemCache | None = None,
) -> ShortlistReview:
    """The vacancy's proposals and what stands below the line on ``on``; every candidate
    shown by name is logged as viewed. With ``cache``, the caseload may be read from it
    (the candidates below the line then as they were up to its age ago)."""
    weights = weights or ScoreWeights()
    with uow:
        vacancy = uow.vacancies.get(vacancy_id)  # unknown or another tenant's: NotFound
        problem = cache.problem(uow, on) if cache is not None else _problem(uow, on)
        if vacancy_id not in problem.vac_ids and cache is not None:  # newer than the cache
            problem = _problem(uow, on)
        mine = uow.placements.proposals(vacancy_id=vacancy_id)
        mine.sort(key=lambda r: (r.proposal.rank is None, r.proposal.rank or 0,
                                 r.proposal.candidate_id))
        on_list = {r.proposal.candidate_id for r in mine}
        others = np.array([c for c, cid in enumerate(problem.cand_ids) if cid not in on_list],
                          dtype=np.int64)
        ids = problem.cand_ids
        ranked: list[int] = []
        if len(others) and vacancy_id in problem.vac_ids:  # (a filled one is not)
            v = problem.vac_ids.index(vacancy_id)
            ev = evaluate_pairs(problem, travel, others,
                                np.full(len(others), v, dtype=np.int64))
            _, score = _scores(problem, ev, weights)
            failing = (~ev.ok).sum(axis=1)
            ranked = sorted(range(len(others)),
                            key=lambda k: (-score[k], ids[int(ev.cand[k])]))
        budget = problem.dataset.settings.max_proposals_per_candidate
        candidates = problem.dataset.candidates
        runners: list[RunnerUp] = []
        near: list[NearCandidate] = []
        for k in ranked:
            c = int(ev.cand[k])
            if failing[k] == 0 and len(runners) < below:
                used = _open_elsewhere(uow.placements.proposals(candidate_id=ids[c]),
                                       vacancy_id).get(ids[c], [])
                why = WhyNot.USED_ELSEWHERE if len(used) >= budget else WhyNot.LOWER_SCORE
                runners.append(RunnerUp(ids[c], candidates[c].name, rounded(score[k]), why,
                                        tuple(used)))
            elif failing[k] == 1 and len(near) < below:
                rule = RULES[int(np.argmin(ev.ok[k]))]
                near.append(NearCandidate(ids[c], candidates[c].name, rounded(score[k]),
                                          _check(problem, ev, k, rule)))
            if len(runners) >= below and len(near) >= below:
                break
        lines = tuple(
            ReviewLine(r.proposal.candidate_id,
                       uow.candidates.get(r.proposal.candidate_id).name,
                       r.proposal.state, r.version, r.proposal.rank, r.proposal.score,
                       r.reasons)
            for r in mine
        )
        for cid in [x.candidate_id for x in lines] + [x.candidate_id for x in runners] \
                + [x.candidate_id for x in near]:
            uow.audit(VIEW, "candidate", cid, ("name",))
        uow.commit()
        return ShortlistReview(vacancy_id, vacancy.title, vacancy.employer_id,
                               vacancy.shortlist_size, lines, tuple(runners), tuple(near))


# -- changing ----------------------------------------------------------------------------


def remove_from_shortlist(
    uow: UnitOfWork, vacancy_id: str, candidate_id: str, *, on: date, read_version: int,
    reason: ReasonCode = ReasonCode.OTHER,
) -> Step:
    """Take a proposal off the shortlist: it is withdrawn (with ``reason``), so a later
    matching run does not propose the pair again."""
    with uow:
        moved = move_within(uow, vacancy_id, candidate_id, ProposalState.WITHDRAWN, on=on,
                            reason=reason, read_version=read_version)
        uow.commit()
        return moved.steps[0]


def _read(uow: UnitOfWork, vacancy_id: str, candidate_id: str,
          read_version: int | None) -> ProposalRecord:
    record = uow.placements.get_proposal(vacancy_id, candidate_id)
    if read_version is not None and read_version != record.version:
        raise StaleRecord(proposal_label(vacancy_id, candidate_id), read_version,
                          record.version)
    return record


def _pair_problem(uow: UnitOfWork, on: date, vacancy_id: str,
                  candidate_id: str) -> tuple[MatchProblem, RuleCheck | None]:
    """The problem of one pair: the rules and the score of a pair depend on the pair
    alone (and the settings), so a swap need not read the whole caseload. The second
    value is set when the pair is out of the market (:data:`MARKET`)."""
    vacancy = uow.vacancies.get(vacancy_id)
    dataset = Dataset(employers=(uow.employers.get(vacancy.employer_id),),
                      vacancies=(vacancy,), candidates=(uow.candidates.get(candidate_id),),
                      settings=uow.settings())
    stored = [r.proposal for r in uow.placements.proposals(vacancy_id=vacancy_id)] \
        + [r.proposal for r in uow.placements.proposals(candidate_id=candidate_id)]
    _, aside = open_market(dataset, stored, [uow.casework.case_file(candidate_id)], on)
    why = ("placed" if aside.placed else "case_ended" if aside.case_ended
           else "filled" if aside.filled else None)
    out = RuleCheck(MARKET, why, "open") if why else None
    return MatchProblem.from_dataset(dataset, on), out


def check_pair(
    problem: MatchProblem, travel: TravelModel, candidate_id: str, vacancy_id: str,
    open_elsewhere: int = 0,
) -> tuple[PairEvaluation, tuple[RuleCheck, ...]]:
    """The matching's rules for one pair (and the proposal budget): what it fails."""
    try:
        c = problem.cand_ids.index(candidate_id)
    except ValueError:
        raise NotFound(f"no candidate with id {candidate_id!r}") from None
    v = _vacancy_index(problem, vacancy_id)
    ev = evaluate_pairs(problem, travel, np.array([c]), np.array([v]))
    broken = [_check(problem, ev, 0, rule) for k, rule in enumerate(RULES)
              if not ev.ok[0, k]]
    budget = problem.dataset.settings.max_proposals_per_candidate
    if open_elsewhere >= budget:
        broken.append(RuleCheck(BUDGET, str(open_elsewhere), str(budget)))
    return ev, tuple(broken)


def swap_on_shortlist(
    uow: UnitOfWork, travel: TravelModel, on: date, vacancy_id: str, out_id: str,
    in_id: str, *, read_version: int, reason: ReasonCode = ReasonCode.OTHER,
    titles: Mapping[str, str] | None = None, weights: ScoreWeights | None = None,
) -> SwapOutcome:
    """Put ``in_id`` on the shortlist in place of ``out_id`` (withdrawn with ``reason``):
    the new pair must pass every rule of the matching on ``on`` and the candidate's
    proposal budget; it takes the old one's rank and is suggested, with the sentences a
    run would give it. One transaction: refused, nothing changes."""
    weights = weights or ScoreWeights()
    with uow:
        record = _read(uow, vacancy_id, out_id, read_version)
        existing = uow.placements.proposals(vacancy_id=vacancy_id, candidate_id=in_id)
        if existing:
            raise AlreadyProposed(vacancy_id, in_id, existing[0].proposal.state)
        problem, out_of_market = _pair_problem(uow, on, vacancy_id, in_id)
        if out_of_market is not None:
            raise RulesBroken(vacancy_id, in_id, (out_of_market,))
        used = _open_elsewhere(uow.placements.proposals(candidate_id=in_id), vacancy_id)
        ev, broken = check_pair(problem, travel, in_id, vacancy_id,
                                len(used.get(in_id, [])))
        if broken:
            raise RulesBroken(vacancy_id, in_id, broken)
        removed = move_within(uow, vacancy_id, out_id, ProposalState.WITHDRAWN, on=on,
                              reason=reason, read_version=record.version).steps[0]
        comps, score = _scores(problem, ev, weights)
        all_titles = (titles if titles is not None else shipped_titles()) \
            | records.kldb_titles(uow)
        option = int(ev.option[0])
        new = Proposal(vacancy_id, in_id, ProposalState.SUGGESTED, rounded(score[0]),
                       record.proposal.rank,
                       problem.opt_label[option] if option >= 0 else None)
        uow.placements.add_proposal(new, pair_reasons(problem, travel, ev, float(score[0]),
                                                      comps[0].tolist(), all_titles))
        uow.audit_changes(AuditAction.CREATE, "proposal", f"{vacancy_id}/{in_id}", [
            FieldChange.of("proposal", "state", None, ProposalState.SUGGESTED),
            FieldChange.of("proposal", "rank", None, new.rank),
        ])
        uow.commit()
        return SwapOutcome(removed, in_id, new.rank, rounded(score[0]))


def confirm_shortlist(
    uow: UnitOfWork, vacancy_id: str, read_versions: Mapping[str, int], *, on: date,
) -> tuple[Step, ...]:
    """Move the vacancy's suggested proposals to ``prepared`` (the workflow's first step),
    all in one transaction. ``read_versions`` (candidate -> version) is the shortlist the
    user saw: a suggestion changed, added or gone since is :class:`StaleRecord`."""
    with uow:
        uow.vacancies.get(vacancy_id)
        suggested = uow.placements.proposals(vacancy_id=vacancy_id,
                                             state=ProposalState.SUGGESTED)
        current = {r.proposal.candidate_id: r.version for r in suggested}
        for cid in sorted(set(current) | set(read_versions)):
            if current.get(cid) != read_versions.get(cid):
                raise StaleRecord(proposal_label(vacancy_id, cid), read_versions.get(cid),
                                  current.get(cid, 0))
        steps = tuple(
            move_within(uow, vacancy_id, r.proposal.candidate_id, ProposalState.PREPARED,
                        on=on, read_version=r.version).steps[0]
            for r in suggested)
        uow.commit()
        return steps
