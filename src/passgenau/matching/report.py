"""The typed match outcome, made once from the engine's arrays, and the German sentences
that explain each proposal (data of the result, stored with the proposals).

Deterministic: vacancies in input order, proposals ranked by score (ties by candidate
id), scores rounded to 4 decimals. The ``passgenau/1-result`` document is a view of the
outcome (:mod:`passgenau.matching.document`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import numpy as np

from passgenau.domain.model import TravelMode, WorkPermit
from passgenau.geo.travel import TravelModel
from passgenau.matching.document import document
from passgenau.matching.document import dump_result as dump_result  # for tests, bench
from passgenau.matching.engine import MatchResult
from passgenau.matching.explain import trips_of
from passgenau.matching.feasibility import NO_WAY, RULES, PairEvaluation, R, evaluate_pairs
from passgenau.matching.problem import MODES, IntArray, MatchProblem
from passgenau.matching.result import (
    JointMember,
    JointProposal,
    MatchOutcome,
    MatchSummary,
    NearMiss,
    ProposalLine,
    Shortfall,
    Shortlist,
    UnproposedCandidate,
    WouldOpen,
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
    near, opens = _what_would_help(result)
    unproposed = tuple(
        UnproposedCandidate(
            candidate_id=p.cand_ids[c],
            blocked_by={RULES[k]: n for k, n in enumerate(counts) if n > 0},
            near_misses=misses,
            would_open=would_open,
        )
        for c, counts, misses, would_open in zip(
            result.unproposed.tolist(), result.blocked.tolist(), near, opens, strict=True)
    )
    return MatchOutcome(
        reference_date=p.reference_date,
        shortlists=tuple(shortlists),
        household_proposals=household_proposals,
        unproposed=unproposed,
        summary=_summary(result),
        notes=result.notes,
    )


def _what_would_help(
    result: MatchResult,
) -> tuple[list[tuple[NearMiss, ...]], list[WouldOpen]]:
    """Per unproposed candidate: their near misses with the values compared, and what
    each single change would open."""
    n = len(result.unproposed)
    helps = result.helps
    if helps is None:
        return [()] * n, [WouldOpen()] * n
    p = result.problem
    opens = [WouldOpen(*row) for row in helps.would_open.tolist()]
    rows, ranks = np.nonzero(helps.near_vac >= 0)
    cand = result.unproposed[rows]
    vac = helps.near_vac[rows, ranks]
    rule = helps.near_rule[rows, ranks]
    # the travel rules' values need the pairs' minutes, as ``explain`` shows them
    timed = np.flatnonzero((rule == R["COMMUTE"]) | (rule == R["SCHEDULE"]))
    travel: dict[int, tuple[int, int]] = {}  # near-miss row -> (minutes, shift option)
    if len(timed) and result.travel is not None:
        ev = evaluate_pairs(p, result.travel, cand[timed], vac[timed])
        for k, row in enumerate(timed.tolist()):
            options = np.flatnonzero(ev.po_pair == k)
            option, minutes = -1, int(ev.travel[k])  # COMMUTE: the pair's, as explain's
            if len(options) and rule[row] == R["SCHEDULE"]:  # the option closest to fitting
                margin = ev.po_slack[options] - np.minimum(ev.po_travel[options], 10**6)
                best = options[int(np.argmax(margin))]
                option, minutes = int(ev.po_option[best]), int(ev.po_travel[best])
            travel[row] = (minutes, option)
    near: list[list[NearMiss]] = [[] for _ in range(n)]
    for k, (r, c, v, code) in enumerate(zip(rows.tolist(), cand.tolist(), vac.tolist(),
                                            rule.tolist(), strict=True)):
        minutes, option = travel.get(k, (NO_WAY, -1))
        value, required = near_miss_values(p, RULES[code], c, v, minutes, option)
        near[r].append(NearMiss(p.vac_ids[v], RULES[code], value, required))
    return [tuple(m) for m in near], opens


def near_miss_values(
    problem: MatchProblem, rule: str, c: int, v: int, minutes: int, option: int
) -> tuple[str, str]:
    """The candidate's value and the one required for a near miss's rule, as strings:

    ``WORK_PERMIT`` the permit (``"not_permitted"``) against ``"permitted"``;
    ``LANGUAGE`` the German levels (``"A2"`` against ``"B1"``); ``HOURS`` the acceptable
    range against the vacancy's hours (``"20-30 h"``, ``"39 h"``); ``COMMUTE`` the pair's
    travel time against the candidate's limit (``"52 min"``, ``"45 min"``; ``"no
    connection"`` when no usable mode gets there); ``SCHEDULE`` the availability windows
    against the shift option closest to fitting, widened by its travel time both ways
    (``"Mo–Fr 08:00–12:00"``, ``"Frühschicht: Mo–Fr 06:00–14:00 + 20 min"``);
    ``DRIVING_LICENCE`` ``"no"`` against ``"yes"``; ``RECOGNITION`` the candidate's
    occupations of the vacancy's Berufsuntergruppe with their recognition (``"81313
    pending"``, ``"none"``) against ``"8131 recognised"``; ``QUALIFICATION`` the
    candidate's occupations (``"51311, 62101"``, ``"none"``) against the Berufsgruppe one
    must be in (``"813"``); ``START`` the date the candidate is available from against
    the latest start the rule allows, the vacancy's start plus the grace days (ISO dates).
    """
    ds = problem.dataset
    cand, vac = ds.candidates[c], ds.vacancies[v]
    today = problem.reference_date
    if rule == "WORK_PERMIT":
        return cand.work_permit.value, "permitted"
    if rule == "LANGUAGE":
        return str(cand.german_level), str(vac.german_level_min)
    if rule == "HOURS":
        return f"{cand.hours_min:g}-{cand.hours_max:g} h", f"{vac.hours:g} h"
    if rule == "COMMUTE":
        value = "no connection" if minutes == NO_WAY else f"{minutes} min"
        return value, f"{cand.max_commute_minutes} min"
    if rule == "SCHEDULE":
        value = "; ".join(str(w) for w in cand.availability) or "none"
        if option < 0:
            return value, "-"
        shift = vac.shifts[option - int(problem.vac_opt_first[v])]
        windows = "; ".join(str(w) for w in shift.windows)
        way = "no connection" if minutes == NO_WAY else f"{minutes} min"
        return value, f"{problem.opt_label[option]}: {windows} + {way}"
    if rule == "DRIVING_LICENCE":
        return "no", "yes"
    if rule == "RECOGNITION":
        group = vac.kldb.code[:4]
        own = [f"{o.kldb.code} {o.recognition.value}" for o in cand.occupations
               if o.kldb.code[:4] == group]
        return ", ".join(own) or "none", f"{group} recognised"
    if rule == "QUALIFICATION":
        own = [o.kldb.code for o in cand.occupations]
        return ", ".join(own) or "none", vac.kldb.code[:3]
    latest = vac.start_on(today) + timedelta(days=problem.settings.grace_days)
    return cand.available_on(today).isoformat(), latest.isoformat()


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



def pair_reasons(
    problem: MatchProblem,
    travel: TravelModel,
    evaluation: PairEvaluation,
    score: float,
    components: list[float],
    titles: Mapping[str, str] | None = None,
) -> tuple[str, ...]:
    """The sentences a proposal of a run would carry, for the single feasible pair of
    ``evaluation`` (a pair put on a shortlist by hand, e.g. swapped in on review): the
    same sentences, made by the same code, as :func:`match_outcome` makes."""
    facts = _Facts(
        problem=problem,
        cand=evaluation.cand[:1].tolist(),
        vac=evaluation.vac[:1].tolist(),
        score=[rounded(score)],
        travel=evaluation.travel[:1].tolist(),
        mode=evaluation.mode[:1].tolist(),
        option=evaluation.option[:1].tolist(),
        components=[list(components)],
        travel_model=travel,
    )
    return tuple(facts.reasons(0, titles or {}, None))
