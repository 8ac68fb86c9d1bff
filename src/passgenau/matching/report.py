"""The typed match outcome, made once from the engine's arrays, and the German sentences
that explain each proposal (data of the result, stored with the proposals).

Deterministic: vacancies in input order, proposals ranked by score (ties by candidate
id), scores rounded to 4 decimals. The ``passgenau/1-result`` document is a view of the
outcome (:mod:`passgenau.matching.document`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from passgenau.domain.model import TravelMode, WorkPermit
from passgenau.geo.travel import TravelModel
from passgenau.matching.document import document
from passgenau.matching.document import dump_result as dump_result  # for tests, bench
from passgenau.matching.engine import MatchResult
from passgenau.matching.explain import trips_of
from passgenau.matching.feasibility import RULES
from passgenau.matching.problem import MODES, IntArray, MatchProblem
from passgenau.matching.result import (
    JointMember,
    JointProposal,
    MatchOutcome,
    MatchSummary,
    ProposalLine,
    Shortfall,
    Shortlist,
    UnproposedCandidate,
)
from passgenau.matching.scoring import COMPONENTS, rounded

_GROUP_NAMES = {
    5: "gleiche Berufsgattung",
    4: "gleiche Berufsuntergruppe",
    3: "gleiche Berufsgruppe",
    2: "gleiche Berufshauptgruppe",
    1: "gleicher Berufsbereich",
}
_APPROVAL_REQUIRED = ("approval_required",)


def match_outcome(result: MatchResult, titles: Mapping[str, str] | None = None) -> MatchOutcome:
    """The engine's decision as a typed outcome: a shortlist for every vacancy (input
    order), its proposals ranked by score with the sentences that explain them (KldB codes
    named by ``titles``), the joint household proposals and the candidates left out."""
    titles = titles or {}
    p = result.problem
    ds = p.dataset
    pairs = result.pairs
    joint_household: dict[int, str] = {}
    for option in result.joint:
        for row in option.pairs:
            joint_household[row] = ds.households[option.household].id
    chosen = np.flatnonzero(result.chosen)
    facts = _Facts.of(result, chosen, joint_shift_options(result))
    rows_by_vac: dict[int, list[int]] = {}
    for k, v in enumerate(facts.vac):
        rows_by_vac.setdefault(v, []).append(k)
    feasible = result.feasible_per_vacancy.tolist()
    held = result.held_per_vacancy.tolist()  # active workflow proposals stand there too
    shortlists = []
    for v, vacancy in enumerate(ds.vacancies):
        ks = sorted(rows_by_vac.get(v, []),
                    key=lambda k: (-facts.score[k], p.cand_ids[facts.cand[k]]))
        lines = []
        for rank, k in enumerate(ks, start=1):
            candidate = ds.candidates[facts.cand[k]]
            joint = joint_household.get(int(chosen[k]))
            lines.append(ProposalLine(
                candidate_id=candidate.id,
                rank=rank,
                score=facts.score[k],
                commute_minutes=facts.travel[k],
                mode=MODES[facts.mode[k]],
                shift=facts.shift(k),
                household_id=joint,
                flags=_APPROVAL_REQUIRED if candidate.work_permit is (
                    WorkPermit.APPROVAL_REQUIRED) else (),
                reasons=tuple(facts.reasons(k, titles, joint)),
            ))
        reached = len(ks) + held[v] >= vacancy.minimum_shortlist
        shortlists.append(Shortlist(
            vacancy_id=vacancy.id,
            employer_id=vacancy.employer_id,
            proposals=tuple(lines),
            shortfall=None if reached else Shortfall(feasible_candidates=feasible[v]),
        ))
    household_proposals = tuple(
        JointProposal(
            household_id=ds.households[option.household].id,
            employer_id=ds.employers[option.employer].id,
            members=tuple(
                JointMember(candidate_id=p.cand_ids[int(pairs.cand[row])],
                            vacancy_id=p.vac_ids[int(pairs.vac[row])],
                            shift=_label(p, shift_option))
                for row, shift_option in zip(option.pairs, option.options, strict=True)
            ),
        )
        for option in sorted(result.joint, key=lambda o: o.household)
    )
    unproposed = tuple(
        UnproposedCandidate(
            candidate_id=p.cand_ids[c],
            blocked_by={RULES[k]: n for k, n in enumerate(counts) if n > 0},
        )
        for c, counts in zip(result.unproposed.tolist(), result.blocked.tolist(), strict=True)
    )
    return MatchOutcome(
        reference_date=p.reference_date,
        shortlists=tuple(shortlists),
        household_proposals=household_proposals,
        unproposed=unproposed,
        summary=_summary(result),
        notes=result.notes,
    )


def _summary(result: MatchResult) -> MatchSummary:
    figures = result.summary()
    return MatchSummary(
        candidates=int(figures["candidates"]),
        vacancies=int(figures["vacancies"]),
        feasible_pairs=int(figures["feasible_pairs"]),
        proposals=int(figures["proposals"]),
        vacancies_reaching_minimum=int(figures["vacancies_reaching_minimum"]),
        coverage=int(figures["coverage"]),
        total_score=float(figures["total_score"]),
        joint_household_proposals=int(figures["joint_household_proposals"]),
        candidates_without_proposal=int(figures["candidates_without_proposal"]),
    )


def result_document(result: MatchResult, titles: Mapping[str, str] | None = None
                    ) -> dict[str, Any]:
    """The ``passgenau/1-result`` document of an engine result (tests and the benchmark
    read it; the application goes through :func:`match_outcome`)."""
    return document(match_outcome(result, titles))


def joint_shift_options(result: MatchResult) -> dict[int, int]:
    """Pair row -> the shift option a joint household proposal gives that member (not
    necessarily the first option that fits: the partner may need it)."""
    return {
        row: shift
        for option in result.joint
        for row, shift in zip(option.pairs, option.options, strict=True)
    }


def _label(problem: MatchProblem, option: int) -> str | None:
    return None if option < 0 else problem.opt_label[option]


@dataclass(frozen=True, slots=True)
class _Facts:
    """The chosen pairs' values as Python lists: sentences are built from plain ints and
    floats, which is many times faster than indexing numpy arrays one scalar at a time."""

    problem: MatchProblem
    cand: list[int]
    vac: list[int]
    score: list[float]  # rounded to 4 decimals
    travel: list[int]
    mode: list[int]
    option: list[int]
    components: list[list[float]]
    #: the model the times came from (models without a timetable describe no trips)
    travel_model: TravelModel | None = None
    #: shift option -> its sentence (see ``_shift_sentence``)
    shift_sentences: dict[int, str] = field(default_factory=dict)

    @classmethod
    def of(cls, result: MatchResult, rows: IntArray, joint: dict[int, int]) -> _Facts:
        pairs = result.pairs
        option = pairs.option[rows].tolist()
        for k, row in enumerate(rows.tolist()):
            option[k] = joint.get(row, option[k])
        return cls(
            problem=result.problem,
            cand=pairs.cand[rows].tolist(),
            vac=pairs.vac[rows].tolist(),
            score=[rounded(x) for x in result.score[rows].tolist()],
            travel=pairs.travel[rows].tolist(),
            mode=pairs.mode[rows].tolist(),
            option=option,
            components=result.components[rows].tolist(),
            travel_model=result.travel,
        )

    def _trip(self, k: int) -> str:
        """With a timetable, both trips of the day that sets the commute, each with its
        minutes, the longer one marked as the one that counts (``trips_of``)."""
        travel = self.travel_model
        if travel is None or MODES[self.mode[k]] is not TravelMode.TRANSIT:
            return ""
        trips = trips_of(self.problem, travel, self.cand[k], self.vac[k], self.option[k],
                         self.travel[k])
        return f": {trips.describe()}" if trips and trips.there else ""

    def _shift_sentence(self, option: int, v: int) -> str:
        """The sentence on a shift option: the same for every candidate proposed for it,
        so it is made once per option."""
        sentence = self.shift_sentences.get(option)
        if sentence is None:
            p = self.problem
            shift = p.dataset.vacancies[v].shifts[option - int(p.vac_opt_first[v])]
            windows = "; ".join(str(w) for w in shift.windows)
            sentence = (f"Schicht „{p.opt_label[option]}“ ({windows}) passt samt Arbeitsweg "
                        "in die Verfügbarkeit.")
            self.shift_sentences[option] = sentence
        return sentence

    def shift(self, k: int) -> str | None:
        return _label(self.problem, self.option[k])

    def reasons(self, k: int, titles: Mapping[str, str], joint_with: str | None) -> list[str]:
        """Plain German sentences: why this candidate fits this vacancy."""
        p = self.problem
        c, v = self.cand[k], self.vac[k]
        candidate, vacancy = p.dataset.candidates[c], p.dataset.vacancies[v]
        comp = self.components[k]
        reasons = [
            _SCORE_SENTENCE.format(self.score[k], *comp).replace(".", ","),
            _occupation_sentence(candidate, vacancy, titles),
            f"Deutsch {candidate.german_level} "
            f"(gefordert mindestens {vacancy.german_level_min}).",
            f"Arbeitsweg {self.travel[k]} Min. {_MODE_PHRASE[MODES[self.mode[k]]]}"
            f"{self._trip(k)} (zumutbar bis {candidate.max_commute_minutes} Min.).",
            f"Arbeitszeit {_num(vacancy.hours)} Std./Woche "
            f"(gewünscht {_num(candidate.hours_min)}–{_num(candidate.hours_max)}).",
        ]
        option = self.option[k]
        if option >= 0:
            reasons.append(self._shift_sentence(option, v))
        reasons.append(
            f"Motivation {candidate.motivation} von 5; "
            f"{_waiting_phrase(int(p.cand_waiting_days[c]))}."
        )
        if candidate.work_permit is WorkPermit.APPROVAL_REQUIRED:
            reasons.append("Beschäftigung braucht die Zustimmung der Ausländerbehörde.")
        if joint_with:
            reasons.append(
                f"Gemeinsamer Vorschlag für Haushalt {joint_with}: beim selben Arbeitgeber, "
                "in Schichten ohne Überschneidung."
            )
        return reasons


_COMPONENT_GERMAN = {
    "occupation": "Beruf",
    "experience": "Erfahrung",
    "language": "Deutsch",
    "commute": "Arbeitsweg",
    "motivation": "Motivation",
    "waiting": "Wartezeit",
}
#: "Passung 0,79: Beruf 0,80, …" in one ``format`` call (a district has thousands of
#: proposals); the names hold no ".", so the decimal commas come from one ``replace``
_SCORE_SENTENCE = "Passung {:.2f}: " + ", ".join(
    f"{_COMPONENT_GERMAN[name]} {{:.2f}}" for name in COMPONENTS
)
_MODE_PHRASE = {
    TravelMode.WALK: "zu Fuß",
    TravelMode.BIKE: "mit dem Fahrrad",
    TravelMode.TRANSIT: "mit Bus und Bahn",
    TravelMode.CAR: "mit dem Auto",
}


def _num(x: float) -> str:
    return f"{x:g}".replace(".", ",")


def _waiting_phrase(days: int) -> str:
    if days < 31:
        return "erst kurz arbeitslos"
    months = days // 30
    return f"seit {months} {'Monat' if months == 1 else 'Monaten'} arbeitslos"


def _experience_phrase(years: float) -> str:
    if years <= 0:
        return "Qualifikation ohne Berufsjahre"
    return f"{_num(years)} {'Jahr' if years == 1 else 'Jahre'} Erfahrung"


def _occupation_sentence(candidate, vacancy, titles: Mapping[str, str]) -> str:
    code = vacancy.kldb.code
    best: tuple[int, str, str] | None = None
    for occ in candidate.occupations:
        digits = _shared(occ.kldb.code, code)
        if digits and (best is None or digits > best[0]):
            best = (digits, occ.kldb.code, _experience_phrase(occ.years))
    for wish in candidate.wishes:
        digits = _shared(wish.code, code)
        if digits and (best is None or digits > best[0]):
            best = (digits, wish.code, "Berufswunsch")
    target = _titled(code, titles)
    if best is None:
        return f"Stelle {target}: keine Erfahrung im Berufsfeld (Quereinstieg)."
    digits, own, what = best
    return f"Stelle {target}; {what} als {_titled(own, titles)} ({_GROUP_NAMES[digits]})."


def _shared(a: str, b: str) -> int:
    """Leading digits two KldB codes share (the scalar twin of ``shared_digits``)."""
    n = 0
    while n < 5 and a[n] == b[n]:
        n += 1
    return n


def _titled(code: str, titles: Mapping[str, str]) -> str:
    title = titles.get(code)
    return f"{title} ({code})" if title else code

