"""Matching in parts: a caseload cut into regions, each solved exactly, borders reconciled.

Why: one process holds every feasible pair of a caseload; at the size of a Land or the
country that is too much for one machine, and a cluster has many. Commuting is local, so
a caseload falls apart into regions that hardly touch.

How:

1. **Partition** (:func:`partition`). A grid over the candidates' homes: bands of
   latitude at the candidates' quantiles, each band cut by longitude at its candidates'
   quantiles, so parts hold about as many candidates each. Every candidate and every
   vacancy has one *home* part (a household goes with its first member, so it is never
   split). A part's *halo* are the other parts' vacancies within the largest reach
   (``TravelModel.reach_km`` of a home candidate's limit, fastest usable mode) of the box
   around its home candidates: every pair that can exist is a home pair or a halo pair of
   its candidate's part.
2. **Parts** (:func:`solve_part`, one task each). Today's :func:`~passgenau.matching.engine.solve`
   on the sub-problem *home candidates × home vacancies*, exactly; besides, the feasible
   pairs of the home candidates with the halo vacancies (the *border pairs*) and their
   scores. Parts never share a vacancy, so their solutions never collide.
3. **Across borders** (:func:`combine`). The candidates with a border pair (and no joint
   household proposal; with ``ring=2`` also those competing with them) are *released*:
   their proposals from step 2 are dropped, and a second min-cost flow
   (:func:`~passgenau.matching.assignment.assign`, the engine's) over all their pairs,
   home and border, hands out what the other candidates left: each vacancy its shortlist
   places net of the kept proposals, each released candidate its full budget. So no
   candidate exceeds ``max_proposals_per_candidate`` and no vacancy its
   ``shortlist_size``, by construction. What is lost against one process comes only from
   the kept candidates' decisions, fixed before the border was seen.

The combined :class:`~passgenau.matching.engine.MatchResult` is indexed like the one of
the whole problem (same candidates, vacancies, shift options, households), so the report
and the result document are made from it unchanged. Deterministic: the partition is a
function of the input, parts are combined in part order.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from passgenau.domain.model import Dataset
from passgenau.geo.travel import TravelModel
from passgenau.matching.assignment import Capacities, assign
from passgenau.matching.blocked import RuleOutcomes, unproposed_rules
from passgenau.matching.engine import MatchParams, MatchResult, solve
from passgenau.matching.feasibility import RULES, PairEvaluation, candidate_reach_km, feasible_pairs
from passgenau.matching.households import JointOption
from passgenau.matching.problem import FloatArray, IntArray, MatchProblem
from passgenau.matching.scoring import score_components, total_score

#: Kilometres per degree of latitude, rounded down so that boxes err on the large side.
_KM_PER_DEGREE = 110.5
#: Candidates per part when the number of parts is chosen automatically: a part of this
#: size solves in a few seconds and a few hundred MB.
CANDIDATES_PER_PART = 25_000
#: The pairs a part sends back for the candidates the border flow may re-decide: each
#: candidate's best :data:`TOP_PER_CANDIDATE` by score, and each vacancy's best
#: :data:`TOP_PER_VACANCY` among those candidates (so a vacancy only few can reach keeps
#: them, whatever rank it has in their lists). Without the cut the client holds every
#: pair of every border candidate, in the hundreds each at 700,000 vacancies: more than
#: 12 GB for the country. Measured on the synthetic Land in 4 parts (``bench/README.md``):
#: 16 and 8 lose 31 vacancy places more than every pair (0.129 % of the coverage against
#: 0.062 %), 32 and 16 none (0.17 % of the score against 0.11 %) with a sixth of the
#: pairs, 64 and 32 none either (0.12 %) with 30 % of them.
TOP_PER_CANDIDATE = 32
TOP_PER_VACANCY = 16


@dataclass(frozen=True, slots=True)
class Part:
    """One region: indices into the whole problem, ascending."""

    index: int
    candidates: IntArray  # home candidates
    vacancies: IntArray  # home vacancies
    halo: IntArray  # other parts' vacancies within reach of a home candidate
    #: positions in ``vacancies`` of those in another part's halo (a border pair may
    #: reach them: their candidates' pairs are what the border flow may re-decide)
    exposed: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


@dataclass(frozen=True, slots=True)
class Partition:
    parts: tuple[Part, ...]
    rows: int
    cols: int

    def __len__(self) -> int:
        return len(self.parts)


def default_parts(n_candidates: int) -> int:
    """Parts for a caseload when nobody asks: one per :data:`CANDIDATES_PER_PART`."""
    return max(1, math.ceil(n_candidates / CANDIDATES_PER_PART))


def grid_shape(parts: int) -> tuple[int, int]:
    """Rows × columns for ``parts`` (rows ≤ columns, as close to square as possible)."""
    rows = max(1, math.isqrt(parts))
    while parts % rows:
        rows -= 1
    return rows, parts // rows


def partition(problem: MatchProblem, travel: TravelModel, parts: int) -> Partition:
    """Cut the caseload into ``parts`` regions (see the module docstring)."""
    rows, cols = grid_shape(max(1, parts))
    n_c, n_v = problem.n_candidates, problem.n_vacancies
    cand_cell = np.zeros(n_c, dtype=np.int64)
    vac_cell = np.zeros(n_v, dtype=np.int64)
    lat_cuts = _cuts(problem.cand_lat, rows)
    cand_row = np.searchsorted(lat_cuts, problem.cand_lat, side="right")
    vac_row = np.searchsorted(lat_cuts, problem.vac_lat, side="right")
    for r in range(rows):
        in_band = cand_row == r
        lon_cuts = _cuts(problem.cand_lon[in_band], cols)
        cand_cell[in_band] = r * cols + np.searchsorted(
            lon_cuts, problem.cand_lon[in_band], side="right")
        v_band = vac_row == r
        vac_cell[v_band] = r * cols + np.searchsorted(
            lon_cuts, problem.vac_lon[v_band], side="right")
    _households_together(problem, cand_cell)
    reach = candidate_reach_km(problem, travel)
    result = []
    for k in range(rows * cols):
        home = np.flatnonzero(cand_cell == k)
        vacancies = np.flatnonzero(vac_cell == k)
        halo = np.zeros(0, dtype=np.int64)
        if len(home):
            near = _within_box(problem, home, float(reach[home].max()))
            halo = np.flatnonzero(near & (vac_cell != k))
        result.append(Part(k, home, vacancies, halo))
    in_halo = np.zeros(n_v, dtype=bool)
    for part in result:
        in_halo[part.halo] = True
    exposed = [replace(p, exposed=np.flatnonzero(in_halo[p.vacancies])) for p in result]
    return Partition(tuple(exposed), rows, cols)


def _cuts(values: FloatArray, pieces: int) -> FloatArray:
    """``pieces - 1`` cut points splitting ``values`` into pieces of equal count, each
    halfway between the two values it separates (so a gap between towns is cut in its
    middle, not at a town's edge). Values at or below a cut go to its left."""
    v = np.sort(values)
    n = len(v)
    cuts = np.full(max(pieces - 1, 0), np.inf)
    for i in range(1, pieces):
        k = i * n // pieces  # values left of cut i
        if 0 < k < n:
            cuts[i - 1] = (v[k - 1] + v[k]) / 2.0
        elif k == 0 and n:
            cuts[i - 1] = -np.inf
    return cuts


def _households_together(problem: MatchProblem, cand_cell: IntArray) -> None:
    """Every member of a household goes to its first member's part."""
    index = {cid: i for i, cid in enumerate(problem.cand_ids)}
    for household in problem.dataset.households:
        members = [index[m] for m in household.members]
        cand_cell[members] = cand_cell[members[0]]


def _within_box(problem: MatchProblem, home: IntArray, reach_km: float) -> np.ndarray:
    """Vacancies inside the box around the homes widened by ``reach_km``: a superset of
    those within ``reach_km`` of some home (degrees of longitude taken where they are
    shortest, at the box's widened pole-ward edge, and 1 % to spare)."""
    lat, lon = problem.cand_lat[home], problem.cand_lon[home]
    dlat = reach_km * 1.01 / _KM_PER_DEGREE
    lat_lo, lat_hi = lat.min() - dlat, lat.max() + dlat
    pole = min(max(abs(lat_lo), abs(lat_hi)), 89.0)
    dlon = reach_km * 1.01 / (_KM_PER_DEGREE * math.cos(math.radians(pole)))
    return (
        (problem.vac_lat >= lat_lo) & (problem.vac_lat <= lat_hi)
        & (problem.vac_lon >= lon.min() - dlon) & (problem.vac_lon <= lon.max() + dlon)
    )


# -- one part ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PartResult:
    """What a part sends back, in the part's own indices (home candidates, then home
    vacancies or halo vacancies in the order of :class:`Part`)."""

    index: int
    pairs: PairEvaluation  # feasible home pairs
    components: FloatArray
    score: FloatArray
    chosen: np.ndarray
    joint: tuple[JointOption, ...]
    notes: tuple[str, ...]
    border: PairEvaluation  # feasible pairs home candidate × halo vacancy
    border_components: FloatArray
    border_score: FloatArray
    home_feasible: IntArray  # feasible home pairs per home vacancy (all, kept or not)
    border_feasible: IntArray  # feasible border pairs per halo vacancy (all, kept or not)
    #: home candidates with a feasible border pair (kept or not): those ring 1 re-decides
    bordering: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


def sub_dataset(dataset: Dataset, candidates: IntArray, vacancies: IntArray,
                households: bool = True) -> Dataset:
    """The records of a part; every employer stays (so employer indices are the whole
    problem's). Households only when asked, and only those wholly among ``candidates``."""
    cands = tuple(dataset.candidates[i] for i in candidates.tolist())
    kept: tuple = ()
    if households:
        ids = {c.id for c in cands}
        kept = tuple(h for h in dataset.households if all(m in ids for m in h.members))
    return Dataset(
        employers=dataset.employers,
        vacancies=tuple(dataset.vacancies[j] for j in vacancies.tolist()),
        candidates=cands,
        households=kept,
        settings=dataset.settings,
        reference_date=dataset.reference_date,
    )


def solve_part(home: Dataset, border: Dataset, reference_date, travel: TravelModel,
               params: MatchParams, index: int = 0, exposed: IntArray | None = None,
               ring: int = 1, top: tuple[int, int] | None = None) -> PartResult:
    """Step 2 for one part: ``home`` (home candidates × home vacancies, their households)
    solved exactly by :func:`solve`; ``border`` (home candidates × halo vacancies) only its
    feasible pairs and their scores. Pure; a task on a cluster.

    With ``exposed`` (the part's :attr:`Part.exposed`) only the home pairs :func:`combine`
    can use come back, which is most of the bytes a part returns: the chosen ones and
    those of the candidates the border flow may re-decide with ``ring`` (with a border
    pair; with ring 2 also with a pair to an exposed vacancy), besides the count of
    feasible pairs per vacancy. With ``top`` (per candidate, per vacancy; see
    :data:`TOP_PER_CANDIDATE`) of those candidates' pairs, home and border, only the best
    come back."""
    params = params or MatchParams()
    if home.candidates and home.vacancies:
        # near misses are the whole problem's (combine): a part's would be thrown away
        result = solve(MatchProblem.from_dataset(home, reference_date), travel, params,
                       explain=False)
        pairs, components, score = result.pairs, result.components, result.score
        chosen, joint, notes = result.chosen, result.joint, result.notes
    else:
        pairs, components, score = _no_pairs(), np.zeros((0, 6)), np.zeros(0)
        chosen, joint, notes = np.zeros(0, dtype=bool), (), ()
    if border.candidates and border.vacancies:
        problem = MatchProblem.from_dataset(border, reference_date)
        cross = feasible_pairs(problem, travel)
        cross_components = score_components(problem, params.weights, cross.cand, cross.vac,
                                            cross.travel)
        cross_score = total_score(cross_components, params.weights)
    else:
        cross, cross_components, cross_score = _no_pairs(), np.zeros((0, 6)), np.zeros(0)
    home_feasible = np.bincount(pairs.vac, minlength=len(home.vacancies)).astype(np.int64)
    border_feasible = np.bincount(cross.vac, minlength=len(border.vacancies)).astype(np.int64)
    bordering = np.unique(cross.cand).astype(np.int64)
    whole = PartResult(index, pairs, components, score, chosen, tuple(joint), tuple(notes),
                       cross, cross_components, cross_score, home_feasible, border_feasible,
                       bordering)
    if exposed is None:
        return whole
    return cut_part(whole, exposed, ring, top, len(home.candidates), len(home.vacancies))


def cut_part(r: PartResult, exposed: IntArray, ring: int, top: tuple[int, int] | None,
             n_candidates: int, n_vacancies: int) -> PartResult:
    """A part's whole result cut to what :func:`combine` reads (see :func:`solve_part`)."""
    keep, keep_cross = _rows_needed(r.pairs, r.score, r.chosen, r.border, r.border_score,
                                    exposed, ring, n_candidates, n_vacancies, top)
    new_row = np.cumsum(keep) - 1
    joint = tuple(replace(o, pairs=tuple(int(new_row[k]) for k in o.pairs)) for o in r.joint)
    return replace(r, pairs=r.pairs.take(keep), components=r.components[keep],
                   score=r.score[keep], chosen=r.chosen[keep], joint=joint,
                   border=r.border.take(keep_cross),
                   border_components=r.border_components[keep_cross],
                   border_score=r.border_score[keep_cross])


def _rows_needed(pairs: PairEvaluation, score: FloatArray, chosen: np.ndarray,
                 cross: PairEvaluation, cross_score: FloatArray, exposed: IntArray,
                 ring: int, n_candidates: int, n_vacancies: int,
                 top: tuple[int, int] | None) -> tuple[np.ndarray, np.ndarray]:
    """The home and border pairs :func:`combine` reads: the chosen ones, and the pairs of
    a candidate it may re-decide (all, or with ``top`` the best of them)."""
    may = np.zeros(n_candidates, dtype=bool)
    if ring >= 1:
        may[cross.cand] = True
    if ring >= 2:
        touched = np.zeros(n_vacancies, dtype=bool)
        touched[exposed] = True
        may[pairs.cand[touched[pairs.vac]]] = True
    open_home = may[pairs.cand]
    if top is None:
        return chosen | open_home, np.ones(len(cross.cand), dtype=bool)
    rows = np.flatnonzero(open_home)
    best = best_pairs(
        np.concatenate([pairs.cand[rows], cross.cand]),
        np.concatenate([pairs.vac[rows], n_vacancies + cross.vac]),  # halo after home
        np.concatenate([score[rows], cross_score]), *top)
    keep = chosen.copy()
    keep[rows[best[:len(rows)]]] = True
    return keep, best[len(rows):]


def best_pairs(cand: IntArray, vac: IntArray, score: FloatArray, per_candidate: int,
               per_vacancy: int) -> np.ndarray:
    """Pairs among each candidate's best ``per_candidate`` or each vacancy's best
    ``per_vacancy`` by score (ties: the earlier pair first, so the same input keeps the
    same pairs)."""
    order = np.arange(len(cand))
    return (_ranks(cand, score, order) < per_candidate) | (_ranks(vac, score, order)
                                                            < per_vacancy)


def _ranks(group: IntArray, score: FloatArray, order: IntArray) -> IntArray:
    """Each pair's place in its group, best score first (0-based)."""
    rank = np.empty(len(group), dtype=np.int64)
    if not len(group):
        return rank
    sort = np.lexsort((order, -score, group))
    g = group[sort]
    start = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    first = np.repeat(start, np.diff(np.r_[start, len(g)]))
    rank[sort] = np.arange(len(g)) - first
    return rank


def _no_pairs() -> PairEvaluation:
    e = np.zeros(0, dtype=np.int64)
    return PairEvaluation(e, e, np.zeros((0, len(RULES)), dtype=bool), e, e, e, e, e, e, e)


# -- across borders ----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class BorderFigures:
    """What crossing the borders took."""

    parts: int
    border_pairs: int  # feasible pairs whose vacancy lies in another part
    released_candidates: int  # candidates re-decided by the border flow
    border_flow_pairs: int  # pairs in the border flow (home and border pairs of those)
    feasible_pairs: int  # all feasible pairs (the parts send back only those needed)


#: Works out what would help the given candidates without a proposal (indices into the
#: whole problem), as :func:`~passgenau.matching.blocked.unproposed_rules` does.
Explain = Callable[[IntArray], RuleOutcomes]


def combine(problem: MatchProblem, travel: TravelModel, split: Partition,
            results: Sequence[PartResult], ring: int = 1, explain: Explain | None = None
            ) -> tuple[MatchResult, BorderFigures]:
    """Step 3: the parts' results as one :class:`MatchResult` of the whole problem, the
    border candidates re-decided by one more exact flow over the capacities left. Its
    ``pairs`` are those the parts sent back (all, or only those needed: see
    :func:`solve_part`); ``feasible_per_vacancy`` counts all, and so does
    :attr:`BorderFigures.feasible_pairs`.

    ``ring`` 0 keeps every part's decision and hands out only the border pairs over what is
    left (the smallest flow; 1.1 % of the coverage lost on the synthetic Land in 4 parts);
    1 (the default) re-decides the candidates with a border pair (0.06 %); 2 also every
    other candidate who can reach a vacancy some border pair reaches, so the flow may move
    a vacancy's own candidates elsewhere to make room (0.01 %, but a flow over nearly
    every pair).

    ``explain``: how the near misses of the candidates left without a proposal are worked
    out (default: :func:`~passgenau.matching.blocked.unproposed_rules` here; a cluster
    may do it in slices of candidates, which gives the same)."""
    by_index = {r.index: r for r in results}
    pieces: list[_Rows] = []
    joint: list[JointOption] = []
    notes: list[str] = []
    offset = 0
    households = _households_by_part(problem, split)
    for part in split.parts:
        r = by_index[part.index]
        home = _Rows.of(problem, part.candidates, part.vacancies, r.pairs, r.components,
                        r.score, r.chosen, offset, border=False)
        pieces.append(home)
        first = _sub_option_first(problem, part.vacancies)
        for option in r.joint:
            sub_vac = np.array(option.vacancies, dtype=np.int64)
            options = _global_option(problem, part.vacancies, first, sub_vac,
                                     np.array(option.options, dtype=np.int64))
            joint.append(JointOption(
                household=households[part.index][option.household],
                employer=option.employer,
                pairs=tuple(offset + row for row in option.pairs),
                vacancies=tuple(part.vacancies[sub_vac].tolist()),
                options=tuple(options.tolist()),
                member_scores=option.member_scores,
            ))
        offset += len(home.cand)
        cross = _Rows.of(problem, part.candidates, part.halo, r.border, r.border_components,
                         r.border_score, np.zeros(len(r.border.cand), dtype=bool), offset,
                         border=True)
        pieces.append(cross)
        offset += len(cross.cand)
        notes.extend(n for n in r.notes if n not in notes)
    rows = _Rows.concat(pieces)
    border_rows = np.concatenate([p.border for p in pieces]) if pieces else np.zeros(0, bool)
    in_joint = np.zeros(problem.n_candidates, dtype=bool)
    for option in joint:
        in_joint[rows.cand[list(option.pairs)]] = True
    released = np.zeros(problem.n_candidates, dtype=bool)
    if ring >= 1:
        for part in split.parts:
            released[part.candidates[by_index[part.index].bordering]] = True
    if ring >= 2:
        contested = np.zeros(problem.n_vacancies, dtype=bool)
        contested[rows.vac[border_rows]] = True  # vacancies a neighbour's candidate reaches
        released[rows.cand[contested[rows.vac]]] = True
    released &= ~in_joint
    free = released[rows.cand] | border_rows
    kept = rows.chosen & ~free
    per_vac = np.bincount(rows.vac[kept], minlength=problem.n_vacancies)
    per_cand = np.bincount(rows.cand[kept], minlength=problem.n_candidates)
    limit = problem.settings.max_proposals_per_candidate
    capacity = Capacities(
        candidate=np.maximum(limit - per_cand, 0),
        vacancy=np.maximum(problem.vac_size - per_vac, 0),
        minimum=np.maximum(problem.vac_min - per_vac, 0),
    )
    chosen = kept.copy()
    if free.any():
        chosen[free] = assign(rows.cand[free], rows.vac[free], rows.score[free], capacity)
    proposed = np.zeros(problem.n_candidates, dtype=bool)
    proposed[rows.cand[chosen]] = True
    unproposed = np.flatnonzero(~proposed)
    # near misses over every vacancy, as solve gives them
    helps = explain(unproposed) if explain else unproposed_rules(problem, travel, unproposed)
    feasible = np.zeros(problem.n_vacancies, dtype=np.int64)
    border_pairs = 0
    for part in split.parts:
        r = by_index[part.index]
        feasible[part.vacancies] += r.home_feasible
        feasible[part.halo] += r.border_feasible  # a part's halo holds each vacancy once
        border_pairs += int(r.border_feasible.sum())
    result = MatchResult(
        problem=problem,
        pairs=rows.evaluation(),
        components=rows.components,
        score=rows.score,
        chosen=chosen,
        joint=tuple(joint),
        unproposed=unproposed,
        blocked=helps.counts,
        travel=travel,
        notes=tuple(notes),
        feasible_counts=feasible,
        helps=helps,
    )
    figures = BorderFigures(len(split.parts), border_pairs, int(released.sum()),
                            int(free.sum()), int(feasible.sum()))
    return result, figures


def _households_by_part(problem: MatchProblem, split: Partition) -> dict[int, list[int]]:
    """Per part, the whole problem's household indices in the order :func:`sub_dataset`
    keeps them (a household's members all share one part)."""
    cand_part = np.zeros(problem.n_candidates, dtype=np.int64)
    for part in split.parts:
        cand_part[part.candidates] = part.index
    index = {cid: i for i, cid in enumerate(problem.cand_ids)}
    out: dict[int, list[int]] = {part.index: [] for part in split.parts}
    for k, household in enumerate(problem.dataset.households):
        parts = {int(cand_part[index[m]]) for m in household.members}
        if len(parts) == 1:
            out[parts.pop()].append(k)
    return out


@dataclass(frozen=True, slots=True)
class _Rows:
    """Pairs of one piece in the whole problem's indices."""

    cand: IntArray
    vac: IntArray
    travel: IntArray
    mode: IntArray
    option: IntArray
    po_pair: IntArray
    po_option: IntArray
    po_slack: IntArray
    po_travel: IntArray
    components: FloatArray
    score: FloatArray
    chosen: np.ndarray
    border: np.ndarray  # the vacancy lies in another part

    @classmethod
    def of(cls, problem: MatchProblem, cands: IntArray, vacs: IntArray,
           pairs: PairEvaluation, components: FloatArray, score: FloatArray,
           chosen: np.ndarray, offset: int, border: bool) -> _Rows:
        first = _sub_option_first(problem, vacs)
        return cls(
            cand=cands[pairs.cand], vac=vacs[pairs.vac], travel=pairs.travel,
            mode=pairs.mode,
            option=_global_option(problem, vacs, first, pairs.vac, pairs.option),
            po_pair=pairs.po_pair + offset,
            po_option=_global_option(problem, vacs, first, pairs.vac[pairs.po_pair],
                                     pairs.po_option),
            po_slack=pairs.po_slack, po_travel=pairs.po_travel,
            components=components, score=score, chosen=chosen,
            border=np.full(len(pairs.cand), border, dtype=bool),
        )

    @classmethod
    def concat(cls, pieces: Sequence[_Rows]) -> _Rows:
        names = cls.__slots__
        return cls(**{n: np.concatenate([getattr(p, n) for p in pieces]) for n in names})

    def evaluation(self) -> PairEvaluation:
        ok = np.ones((len(self.cand), len(RULES)), dtype=bool)
        return PairEvaluation(self.cand, self.vac, ok, self.travel, self.mode, self.option,
                              self.po_pair, self.po_option, self.po_slack, self.po_travel)


def _sub_option_first(problem: MatchProblem, vacs: IntArray) -> IntArray:
    """Where each sub-problem vacancy's shift options start in the sub-problem."""
    counts = np.diff(problem.vac_opt_first)[vacs]
    return np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)


def _global_option(problem: MatchProblem, vacs: IntArray, sub_first: IntArray,
                   sub_vac: IntArray, sub_option: IntArray) -> IntArray:
    """Sub-problem shift options as the whole problem's (-1 stays -1)."""
    glob = problem.vac_opt_first[vacs[sub_vac]] + (sub_option - sub_first[sub_vac])
    return np.where(sub_option < 0, -1, glob).astype(np.int64)
