"""Joint proposals for households that want to work at one employer (``place_together``).

The seed's success story: spouses at one food retailer in complementary part-time shifts,
so one of them is always at home with the children. A joint option gives every member a
feasible pair at the same employer, in shift options that pairwise do not overlap in time.
The employer must be able to *take* all members (spec, *The shortlist*, rule 2): the
members placed on one vacancy never exceed its ``positions`` (nor its free shortlist
places); members on different vacancies of the employer count against each one's own
``positions``. Vacancies without shift options cannot promise complementary shifts, so
they take no part.

Joint proposals come first (as many households together as possible). Which households
get which joint option is a small exact optimisation (CP-SAT): as many households together
as possible, then the highest joint score, within the vacancies' shortlist sizes.
Households whose best option competes with nobody take it before any model is built (on a
district, all of them). The flow then fills the rest of every shortlist around them.

The stage is bounded so that it can never hold a run up or fail: each household's
enumeration of joint options stops after ``max_combinations`` member combinations (each
member's options best first, so the best ones come early), and the CP-SAT models share a
time limit. When either bound is hit the best solution found is used (at worst a greedy
choice: the households with the fewest options first, each its best option that still
fits) and the engine's result says so in its ``notes``.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice, product

import numpy as np

from passgenau.matching.assignment import Capacities, integer_score
from passgenau.matching.feasibility import PairEvaluation
from passgenau.matching.problem import FloatArray, IntArray, MatchProblem

#: Member combinations examined per household at most (``MatchParams`` passes its own).
MAX_COMBINATIONS = 10_000
#: Seconds the CP-SAT models of one run may take together (``MatchParams`` passes its own).
TIME_LIMIT_SECONDS = 10.0


@dataclass(frozen=True, slots=True)
class JointOption:
    household: int  # index into dataset.households
    employer: int
    pairs: tuple[int, ...]  # rows of the pair evaluation, one per member
    vacancies: tuple[int, ...]  # the vacancy of each member
    options: tuple[int, ...]  # the global shift option each member works
    member_scores: tuple[float, ...]

    @property
    def score(self) -> float:
        return sum(self.member_scores)


@dataclass(frozen=True, slots=True)
class JointOptions:
    """The joint options found, and the households whose enumeration hit the bound (their
    best options may be missing)."""

    options: tuple[JointOption, ...]
    truncated: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class JointChoice:
    """The joint proposals to make, and whether the time limit cut the search short."""

    chosen: tuple[JointOption, ...]
    timed_out: bool = False


def places_per_vacancy(problem: MatchProblem, capacity: Capacities) -> IntArray:
    """Members of one household a vacancy can take: its ``positions``, at most its free
    shortlist places."""
    positions = np.array([v.positions for v in problem.dataset.vacancies], dtype=np.int64)
    return np.minimum(positions, capacity.vacancy)


def joint_options(
    problem: MatchProblem,
    pairs: PairEvaluation,
    score: FloatArray,
    capacity: Capacities,
    max_combinations: int = MAX_COMBINATIONS,
) -> JointOptions:
    """Every household's joint options, within the positions, places and proposal budgets
    left in ``capacity``: for each distinct set of vacancies the members would take, only
    the best-scoring one, since options on the same vacancies compete for the same places.
    Nothing else is cut, so the choice among them stays exact, unless a household has more
    than ``max_combinations`` member combinations (then the first ones, each member's
    options best first, and the household is listed in ``truncated``)."""
    ds = problem.dataset
    cand_index = {cid: i for i, cid in enumerate(problem.cand_ids)}
    wanted = np.zeros(problem.n_candidates, dtype=bool)
    for h in ds.households:
        if h.place_together:
            wanted[[cand_index[m] for m in h.members]] = True
    rider = pairs.cand[pairs.po_pair]
    within = pairs.po_travel <= problem.cand_max_commute[rider]
    fits = (pairs.po_slack >= pairs.po_travel) & within & wanted[rider]
    fit_rows = pairs.po_pair[fits]
    fit_opts = pairs.po_option[fits]
    by_cand: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for row, opt in zip(fit_rows.tolist(), fit_opts.tolist(), strict=True):
        by_cand[int(pairs.cand[row])].append((row, opt))
    shift_of = _shift_lookup(problem)
    places = places_per_vacancy(problem, capacity).tolist()
    result: list[JointOption] = []
    truncated: list[int] = []
    for h, household in enumerate(ds.households):
        if not household.place_together:
            continue
        members = [cand_index[m] for m in household.members]
        if any(capacity.candidate[c] < 1 for c in members):
            continue
        per_employer: list[dict[int, list[tuple[int, int]]]] = []
        for c in members:
            grouped: dict[int, list[tuple[int, int]]] = defaultdict(list)
            for row, opt in sorted(by_cand.get(c, []), key=lambda ro: (-score[ro[0]], ro)):
                grouped[int(problem.vac_employer[pairs.vac[row]])].append((row, opt))
            per_employer.append(grouped)
        employers = set.intersection(*(set(g) for g in per_employer)) if per_employer else set()
        found: list[JointOption] = []
        budget = max_combinations
        for e in sorted(employers):
            combos = product(*(g[e] for g in per_employer))
            for combo in islice(combos, budget):
                budget -= 1
                rows = tuple(r for r, _ in combo)
                opts = tuple(o for _, o in combo)
                if not _compatible(places, pairs, rows, opts, shift_of):
                    continue
                vacs = tuple(int(pairs.vac[r]) for r in rows)
                scores = tuple(float(score[r]) for r in rows)
                found.append(JointOption(h, e, rows, vacs, opts, scores))
            if budget <= 0:
                if next(combos, None) is not None or e != max(employers):
                    truncated.append(h)
                break
        found.sort(key=lambda j: (-j.score, j.employer, j.pairs))
        best_per_places: dict[tuple[int, ...], JointOption] = {}
        for option in found:
            best_per_places.setdefault(tuple(sorted(option.vacancies)), option)
        result.extend(best_per_places.values())
    return JointOptions(tuple(result), tuple(truncated))


def _shift_lookup(problem: MatchProblem) -> list:
    return [
        problem.dataset.vacancies[int(problem.opt_vacancy[o])].shifts[
            o - int(problem.vac_opt_first[problem.opt_vacancy[o]])
        ]
        for o in range(len(problem.opt_vacancy))
    ]


def _compatible(
    places: list[int],
    pairs: PairEvaluation,
    rows: tuple[int, ...],
    opts: tuple[int, ...],
    shift_of: list,
) -> bool:
    """Members' shifts pairwise without overlap; no vacancy gets more members than it has
    positions and free places."""
    for i in range(len(opts)):
        for k in range(i + 1, len(opts)):
            if shift_of[opts[i]].overlaps(shift_of[opts[k]]):
                return False
    vacs = [int(pairs.vac[r]) for r in rows]
    return all(vacs.count(v) <= places[v] for v in set(vacs))


def choose_joint(
    capacity: Capacities,
    options: Sequence[JointOption],
    time_limit: float = TIME_LIMIT_SECONDS,
) -> JointChoice:
    """The joint proposals to make: most households together, then the best total score,
    within the shortlist places left. Exact unless the time limit is hit.

    Households compete only where their options could overfill a vacancy, so the choice
    splits into independent groups; a household alone takes its best option, and each
    group of competing households is one small CP-SAT model (both objectives add up over
    groups, so solving them apart is still optimal). The groups share ``time_limit``
    seconds; a group left without time, or whose model found nothing in time, takes the
    greedy choice.
    """
    if not options:
        return JointChoice(())
    deadline = time.perf_counter() + time_limit
    chosen, options, capacity = _settle_uncontested(capacity, options)
    timed_out = False
    for group in _competing_groups(capacity, options):
        if len({o.household for o in group}) == 1:
            chosen.append(group[0])  # options arrive best first
            continue
        picked, optimal = _solve_group(capacity, group, deadline - time.perf_counter())
        chosen.extend(picked)
        timed_out = timed_out or not optimal
    return JointChoice(tuple(sorted(chosen, key=lambda o: o.household)), timed_out)


def _settle_uncontested(
    capacity: Capacities, options: Sequence[JointOption]
) -> tuple[list[JointOption], list[JointOption], Capacities]:
    """Households whose best option touches no contested vacancy take it, exactly.

    A vacancy is contested when the households that could use it could together overfill
    it (each counted with its largest use there). A household whose best option uses only
    uncontested vacancies loses nothing by taking it in any solution, and nobody else
    can miss those places, so it is settled before any model is built; settling may leave
    other vacancies uncontested, so this repeats. On a district most households settle
    here, which keeps the CP-SAT models small. Returns the settled options, the rest, and
    the capacities left."""
    by_household: dict[int, list[JointOption]] = defaultdict(list)
    for option in options:
        by_household[option.household].append(option)  # best first per household
    left = capacity.vacancy.astype(np.int64).copy()
    settled: list[JointOption] = []
    while True:
        demand = np.zeros(len(left), dtype=np.int64)
        for household_options in by_household.values():
            most: dict[int, int] = {}
            for option in household_options:
                for v in set(option.vacancies):
                    most[v] = max(most.get(v, 0), option.vacancies.count(v))
            for v, n in most.items():
                demand[v] += n
        contested = demand > left
        now = [
            h for h, household_options in by_household.items()
            if not contested[list(household_options[0].vacancies)].any()
        ]
        if not now:
            break
        for h in now:
            best = by_household.pop(h)[0]
            settled.append(best)
            np.subtract.at(left, list(best.vacancies), 1)
    rest = [option for household_options in by_household.values() for option in household_options]
    used = capacity.vacancy - left
    return settled, rest, Capacities(
        candidate=capacity.candidate,
        vacancy=left,
        minimum=np.maximum(capacity.minimum - used, 0),
    )


def _competing_groups(
    capacity: Capacities, options: Sequence[JointOption]
) -> list[list[JointOption]]:
    """Options grouped by households linked through vacancies they could overfill."""
    parent: dict[int, int] = {}

    def root(h: int) -> int:
        while parent.setdefault(h, h) != h:
            parent[h] = parent[parent[h]]
            h = parent[h]
        return h

    most: dict[int, dict[int, int]] = defaultdict(dict)  # vacancy -> household -> max use
    for option in options:
        root(option.household)
        for v in set(option.vacancies):
            use = most[v]
            use[option.household] = max(use.get(option.household, 0), option.vacancies.count(v))
    for v, use in most.items():
        if len(use) > 1 and sum(use.values()) > int(capacity.vacancy[v]):
            households = sorted(use)
            for h in households[1:]:
                parent[root(h)] = root(households[0])
    groups: dict[int, list[JointOption]] = defaultdict(list)
    for option in options:
        groups[root(option.household)].append(option)
    return [groups[k] for k in sorted(groups)]


def greedy_joint(capacity: Capacities, options: Sequence[JointOption]) -> list[JointOption]:
    """The fallback: households with the fewest options first (the hardest to place),
    each its best option that still fits the places left."""
    left = capacity.vacancy.astype(np.int64).copy()
    taken: set[int] = set()
    chosen: list[JointOption] = []
    count: dict[int, int] = defaultdict(int)
    for option in options:
        count[option.household] += 1
    order = sorted(options, key=lambda o: (count[o.household], o.household, -o.score))
    for option in order:
        if option.household in taken:
            continue
        use = np.bincount(np.array(option.vacancies), minlength=len(left))
        if (use <= left).all():
            left -= use
            taken.add(option.household)
            chosen.append(option)
    return chosen


def _solve_group(
    capacity: Capacities, options: list[JointOption], seconds: float
) -> tuple[list[JointOption], bool]:
    """One group of competing households: CP-SAT, single worker, fixed seed, started from
    the greedy choice; ``(chosen, optimal)``. Without time left, the greedy choice.

    CP-SAT is loaded here, not with the module, and without ``cp_model`` (which imports
    pandas, see :mod:`passgenau.matching.cpsat`): only caseloads whose households compete
    for places get this far."""
    fallback = greedy_joint(capacity, options)
    if seconds <= 0:
        return fallback, False
    from passgenau.matching.cpsat import LinearModel, SolveStatus

    model = LinearModel()
    x = model.new_bools(len(options))
    by_household: dict[int, list[int]] = defaultdict(list)
    by_vacancy: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for k, option in enumerate(options):
        by_household[option.household].append(k)
        for v in set(option.vacancies):
            by_vacancy[v].append((k, option.vacancies.count(v)))
    for ks in by_household.values():
        model.at_most([x[k] for k in ks], [1] * len(ks), 1)
    for v, uses in by_vacancy.items():
        if sum(n for _, n in uses) > int(capacity.vacancy[v]):
            model.at_most([x[k] for k, _ in uses], [n for _, n in uses],
                          int(capacity.vacancy[v]))
    points = [int(integer_score(np.array(o.member_scores)).sum()) for o in options]
    together = sum(max(points[k] for k in ks) for ks in by_household.values()) + 1
    model.maximize(x, [together + points[k] for k in range(len(options))])
    start = {id(o) for o in fallback}
    model.hint(x, [int(id(option) in start) for option in options])
    # the packing's LP relaxation is nearly integral: a full linearisation and no presolve
    # solve a district's 1,800 options in 0.25 s instead of 1.1 s (same optimum)
    solution = model.solve(time_limit=seconds, linearization_level=2,
                           cp_model_presolve=False)
    chosen = [o for k, o in enumerate(options) if solution.found and solution.values[x[k]]]
    if solution.status is SolveStatus.OPTIMAL:
        return chosen, True
    if solution.status is SolveStatus.FEASIBLE:
        value = sum(together + points[k] for k, o in enumerate(options) if id(o) in start)
        if solution.objective >= value:
            return chosen, False
    return fallback, False
