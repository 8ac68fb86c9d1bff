"""The typed match result: shortlists, proposals, joint household proposals, candidates
left without proposal.

Made once from the engine's arrays (:class:`~passgenau.matching.engine.MatchResult`);
the ``passgenau/1-result`` JSON document, the CSV and the terminal table, the stored
proposals, the demo's summary and the web pages all read this one shape instead of a
JSON-shaped ``dict``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from passgenau.domain.model import TravelMode


@dataclass(frozen=True, slots=True)
class ProposalLine:
    """One candidate on one vacancy's shortlist (a proposal of this run)."""

    candidate_id: str
    rank: int  # 1..n on its shortlist
    score: float  # fit score, rounded to 4 decimals
    commute_minutes: int
    mode: TravelMode
    shift: str | None  # the fitting shift option's label; None: the vacancy has no shifts
    household_id: str | None  # set when part of a joint household proposal
    flags: tuple[str, ...]  # e.g. ("approval_required",)
    reasons: tuple[str, ...]  # German sentences: data of the result


@dataclass(frozen=True, slots=True)
class Shortfall:
    """A shortlist that did not reach ``min(3, shortlist_size)``."""

    feasible_candidates: int  # feasible pairs for this vacancy at all


@dataclass(frozen=True, slots=True)
class Shortlist:
    """One vacancy's proposals of this run; every vacancy has one, in input order."""

    vacancy_id: str
    employer_id: str
    proposals: tuple[ProposalLine, ...]  # ranked
    shortfall: Shortfall | None


@dataclass(frozen=True, slots=True)
class JointMember:
    """One member of a joint household proposal: the vacancy and shift that member gets
    (the same pair stands on that vacancy's shortlist with the household's id)."""

    candidate_id: str
    vacancy_id: str
    shift: str | None


@dataclass(frozen=True, slots=True)
class JointProposal:
    """A household placed together at one employer in shifts that do not overlap."""

    household_id: str
    employer_id: str
    members: tuple[JointMember, ...]


@dataclass(frozen=True, slots=True)
class NearMiss:
    """A vacancy that fails exactly one rule for the candidate: the rule, the candidate's
    value and the one required, as short strings (``"A2"`` against ``"B1"``; what each
    rule's strings are: :func:`passgenau.matching.report.near_miss_values`)."""

    vacancy_id: str
    rule: str  # rule code, e.g. "LANGUAGE"
    value: str  # the candidate's
    required: str  # the vacancy's (or the rule's)


@dataclass(frozen=True, slots=True)
class WouldOpen:
    """Per single change of the candidate, the vacancies infeasible today that the change
    alone would make feasible (see :func:`passgenau.matching.blocked.unproposed_rules`)."""

    german_level_plus_1: int = 0
    driving_licence: int = 0
    max_commute_plus_15: int = 0
    availability_plus_60: int = 0


@dataclass(frozen=True, slots=True)
class UnproposedCandidate:
    """A candidate this run proposed nowhere, with the rules that excluded vacancies: the
    answer to "why not?" without running ``explain`` for every vacancy; and what would
    help: the near misses (best-scoring first) and what each single change would open."""

    candidate_id: str
    blocked_by: Mapping[str, int]  # rule code -> vacancies it excluded (only > 0), rule order
    near_misses: tuple[NearMiss, ...] = ()  # at most three
    would_open: WouldOpen = WouldOpen()


@dataclass(frozen=True, slots=True)
class MatchSummary:
    """The run in figures (the engine's two objectives among them: coverage first, then
    the total score)."""

    candidates: int
    vacancies: int
    feasible_pairs: int
    proposals: int
    vacancies_reaching_minimum: int
    coverage: int
    total_score: float  # rounded to 4 decimals
    joint_household_proposals: int
    candidates_without_proposal: int


@dataclass(frozen=True, slots=True)
class MatchOutcome:
    """What one matching run decided, in input order (vacancies) and rank order."""

    reference_date: date
    shortlists: tuple[Shortlist, ...]
    household_proposals: tuple[JointProposal, ...]
    unproposed: tuple[UnproposedCandidate, ...]
    summary: MatchSummary
    notes: tuple[str, ...] = ()  # what the run wants the user to know (e.g. a limit hit)

    def lines(self) -> Iterator[tuple[Shortlist, ProposalLine]]:
        """Every proposal with its shortlist, vacancies in input order, then by rank."""
        for shortlist in self.shortlists:
            for line in shortlist.proposals:
                yield shortlist, line
