"""A speed-dating timetable: employers at tables, candidates moving round by round.

Two exact steps, because the problem separates (see :mod:`.colouring`):

1. **Which meetings.** A degree-bounded matching (a *b-matching*) on the feasible
   (table, candidate) pairs: each table and each candidate in at most ``rounds``
   meetings, each pair at most once. The objective is lexicographic:

   a. *coverage*: as many candidates who fit some table as possible get a meeting
      (a candidate whom every fitting table's rounds are needed for others cannot);
   b. *fair minimum*: then as many meetings as possible count towards every candidate's
      fair minimum ``m`` (the sum over candidates of ``min(meetings, m)``), where
      ``m = min(rounds, max(1, ⌊tables × rounds / fitting candidates⌋))`` is the even
      share of the fair's meeting places (:func:`fair_minimum`);
   c. *score*: then the sum of the meetings' fit scores is as high as possible.

   A min-cost flow is exact for this: source → candidate in three arcs (the first
   meeting worth ``A``, meetings 2..m worth ``B``, the rest nothing; the costs rise, so
   the flow fills them in order), candidate → table (capacity 1, worth the pair's
   score), table → sink (capacity ``rounds``), and a bypass so that nothing is forced.
   ``B`` exceeds any total of scores and ``A`` any total of ``B``-units and scores, so
   one flow optimises the three levels in order. Scores enter as integers
   ``round(score × 10,000)``: the 4 decimals every result shows, so the optimum is exact
   on the scores the plan prints.

2. **Which round.** The chosen meetings form a bipartite graph of degree at most
   ``rounds``; by König's theorem an edge colouring with ``rounds`` colours exists and
   :func:`~passgenau.scheduling.colouring.edge_colouring` finds it. So every optimum of
   step 1 is a timetable, nobody has two meetings in a round, and the plan's total score
   equals the flow's optimum: ``bound`` is that optimum and ``gap`` is 0 unless a side
   rule that the flow does not model cuts meetings (none does today).

``score_without_fairness`` is the best total score with coverage and fair minimum left
out (a plain maximum-weight b-matching): the price of giving everyone a meeting.

**The side rule: rounds a candidate can attend.** A mother whose childcare ends at 13:00
can stay only for the first rounds. With ``allowed`` (candidate × round) the flow caps
each candidate at their number of rounds, and each table's meetings with the candidates
who can attend exactly the rounds S at |S| (a node of that capacity in front of the
table per such S); both hold for every timetable, so the flow stays a relaxation and
its optimum ``bound`` an upper bound. But a meeting may now only take a round its
candidate can attend: a list edge colouring, which König does not promise. So the
chosen meetings are first given rounds by CP-SAT as a feasibility model (small: one
variable per meeting and allowed round); when that succeeds the flow's optimum is
reached and ``gap`` is 0 (every run of the benchmark). When it cannot (A can come to
round 1 only, B to round 2 only, C to either: all three fit the flow, two rounds serve
them), CP-SAT chooses meetings and rounds together, the same objective with the same
weights, started from the best subset of the flow's meetings that fits, within the
time limit; ``gap`` then reports the distance to the flow's bound (an upper bound on
the loss: the bound may not be reachable) and ``optimal`` whether CP-SAT proved its
plan best.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

from passgenau.matching.cpsat import LinearModel, SolveStatus
from passgenau.scheduling.colouring import edge_colouring

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

#: Scores become integers here: the 4 decimals of every printed score.
SCORE_UNITS = 10_000
#: Largest cost magnitude the flow may see (OR-Tools scales costs by the node count).
_COST_LIMIT = 2**52


class SolverFailed(RuntimeError):
    """OR-Tools did not return an optimum (it should not happen for these networks)."""


@dataclass(frozen=True, slots=True)
class SpeedDatingInput:
    """Feasible (table, candidate) pairs with their fit scores; tables ``0..n_tables-1``
    and candidates ``0..n_candidates-1``; no pair twice."""

    n_tables: int
    n_candidates: int
    table: IntArray
    candidate: IntArray
    score: FloatArray  # in [0, 1]; counted to 4 decimals
    rounds: int
    #: (n_candidates, rounds): the rounds each candidate can attend; None: every round
    allowed: npt.NDArray[np.bool_] | None = None

    def __post_init__(self) -> None:
        if self.rounds < 1:
            raise ValueError("rounds must be at least 1")
        if self.allowed is not None and self.allowed.shape != (self.n_candidates, self.rounds):
            raise ValueError("allowed must be (n_candidates, rounds)")
        if not len(self.table) == len(self.candidate) == len(self.score):
            raise ValueError("one table, candidate and score per pair")
        keys = self.table * max(self.n_candidates, 1) + self.candidate
        if len(np.unique(keys)) != len(keys):
            raise ValueError("a pair is listed twice")


@dataclass(frozen=True, slots=True, order=True)
class Meeting:
    round: int  # 1-based
    table: int  # 0-based index of the table
    candidate: int  # 0-based index of the candidate
    score: float  # rounded to 4 decimals


@dataclass(frozen=True, slots=True)
class SpeedDatingPlan:
    """The timetable (meetings by round, then table) and how good it is."""

    rounds: int
    meetings: tuple[Meeting, ...]
    fair_minimum: int  # m of the objective's second level
    fitting_candidates: int  # candidates with at least one feasible table
    candidates_met: int  # candidates with at least one meeting
    candidates_at_fair_minimum: int  # with min(m, feasible tables) meetings or more
    total_score: float
    bound: float  # the flow optimum's score: no timetable with this coverage does better
    gap: float  # (bound - total_score) / bound, 0 when bound is 0
    score_without_fairness: float  # best total score ignoring coverage and minimum
    #: the flow's coverage: no timetable gives more candidates a meeting (equal to
    #: ``candidates_met`` unless CP-SAT had to choose meetings itself; ``gap`` compares
    #: scores, and a plan with less coverage may score closer to the bound)
    candidates_met_bound: int = 0
    #: how the rounds were found: "colouring" (König), "list-colouring" (CP-SAT gave
    #: the flow's meetings rounds their candidates can attend) or "cp-sat" (meetings and
    #: rounds chosen together)
    method: str = "colouring"
    optimal: bool = True  # proved optimal for the objective

    def by_round(self) -> list[list[Meeting]]:
        out: list[list[Meeting]] = [[] for _ in range(self.rounds)]
        for meeting in self.meetings:
            out[meeting.round - 1].append(meeting)
        return out


def fair_minimum(n_tables: int, rounds: int, fitting: int) -> int:
    """The even share of meeting places per fitting candidate, at least 1, at most
    ``rounds``: what the plan tries to give everyone before it maximises scores."""
    if fitting == 0:
        return 1
    return int(min(rounds, max(1, (n_tables * rounds) // fitting)))


#: Seconds CP-SAT may take for the side rule (list colouring, then the joint model).
TIME_LIMIT_SECONDS = 8.0


def plan_speed_dating(problem: SpeedDatingInput,
                      time_limit: float = TIME_LIMIT_SECONDS) -> SpeedDatingPlan:
    """The optimal timetable for the objective in the module's docstring."""
    points = np.rint(np.asarray(problem.score, dtype=np.float64) * SCORE_UNITS).astype(np.int64)
    allowed = problem.allowed
    if allowed is not None:
        # pairs of candidates who can attend no round cannot meet at all
        usable = allowed.any(axis=1)[problem.candidate]
        if not usable.all():
            problem = SpeedDatingInput(
                problem.n_tables, problem.n_candidates, problem.table[usable],
                problem.candidate[usable], problem.score[usable], problem.rounds, allowed)
            points = points[usable]
        if allowed[problem.candidate].all():  # everyone who may meet can come to all
            allowed = None
            problem = replace(problem, allowed=None)
    degree = np.bincount(problem.candidate, minlength=problem.n_candidates)
    fitting = int((degree > 0).sum())
    m = fair_minimum(problem.n_tables, problem.rounds, fitting)
    capacity = (np.full(problem.n_candidates, problem.rounds, np.int64) if allowed is None
                else allowed.sum(axis=1).astype(np.int64))
    chosen = _best_meetings(problem, points, m, capacity, fair=True)
    plain = _best_meetings(problem, points, m, capacity, fair=False)
    bound_points = int(points[chosen].sum())
    method, optimal = "colouring", True
    rows = np.flatnonzero(chosen)
    if allowed is None:
        colour = edge_colouring(problem.table[rows].tolist(), problem.candidate[rows].tolist(),
                                problem.rounds)
    else:
        method = "list-colouring"
        found = _list_colouring(problem, rows, allowed, time_limit / 4)
        if found is None:
            # the flow's meetings that fit rounds best (a small model), then every
            # pair, started from those
            method = "cp-sat"
            hint = _greedy_rounds(problem, rows, allowed)
            subset, _, _ = _joint_model(problem, points, m, rows, allowed, time_limit / 4,
                                        hint)
            every = np.arange(len(points), dtype=np.int64)
            chosen_meetings, _, optimal = _joint_model(problem, points, m, every, allowed,
                                                       time_limit / 2, subset)
            rows = np.array([p for p, _ in chosen_meetings], dtype=np.int64)
            colour = [r for _, r in chosen_meetings]
        else:
            colour = found
    table, cand = problem.table[rows], problem.candidate[rows]
    meetings = sorted(
        Meeting(c + 1, int(t), int(k), round(float(s) / SCORE_UNITS, 4))
        for c, t, k, s in zip(colour, table, cand, points[rows], strict=True)
    )
    met = np.bincount(cand, minlength=problem.n_candidates)
    owed = np.minimum(np.minimum(degree, m), capacity)
    flow_met = len(np.unique(problem.candidate[chosen]))
    # in score points (integers), so that total and bound compare exactly
    total_points = sum(round(x.score * SCORE_UNITS) for x in meetings)
    return SpeedDatingPlan(
        rounds=problem.rounds,
        meetings=tuple(meetings),
        fair_minimum=m,
        fitting_candidates=fitting,
        candidates_met=int((met > 0).sum()),
        candidates_at_fair_minimum=int(((met >= owed) & (degree > 0)).sum()),
        total_score=total_points / SCORE_UNITS,
        bound=bound_points / SCORE_UNITS,
        gap=(max(bound_points - total_points, 0) / bound_points if bound_points > 0
             else 0.0),
        candidates_met_bound=flow_met,
        score_without_fairness=round(float(points[plain].sum()) / SCORE_UNITS, 4),
        method=method,
        optimal=optimal,
    )


def _weights(problem: SpeedDatingInput, points: IntArray, m: int) -> tuple[int, int]:
    """``(A, B)``: the worth of a candidate's first meeting and of meetings 2..m, each
    above everything the later levels can add (see the module's docstring)."""
    max_meetings = min(problem.n_tables, problem.n_candidates) * problem.rounds
    unit_b = int(points.max(initial=0)) * max_meetings + 1
    return unit_b * (problem.n_candidates * (m - 1) + 1), unit_b


def _best_meetings(
    problem: SpeedDatingInput, points: IntArray, m: int, capacity: IntArray, *, fair: bool
) -> npt.NDArray[np.bool_]:
    """Step 1: which pairs meet (one min-cost flow, see the module's docstring)."""
    n_c, n_t, rounds = problem.n_candidates, problem.n_tables, problem.rounds
    n_pairs = len(points)
    if n_pairs == 0:
        return np.zeros(0, dtype=bool)
    unit_a, unit_b = _weights(problem, points, m) if fair else (0, 0)
    if unit_a * (n_c + n_t + 2) > _COST_LIMIT:
        raise ValueError("speed-dating too large for one flow (costs would overflow)")
    source, sink = 0, 1 + n_c + n_t
    cands = np.arange(n_c, dtype=np.int64)
    tails = [np.zeros(n_c, np.int64), np.zeros(n_c, np.int64), np.zeros(n_c, np.int64),
             1 + problem.candidate, 1 + n_c + np.arange(n_t, dtype=np.int64),
             np.array([source])]
    pair_heads = 1 + n_c + problem.table
    first = np.minimum(capacity, 1)
    share = np.minimum(capacity - first, m - 1)
    caps = [first, share, capacity - first - share, np.ones(n_pairs, np.int64),
            np.full(n_t, rounds, np.int64), np.array([n_c * rounds])]
    costs = [np.full(n_c, -unit_a, np.int64), np.full(n_c, -unit_b, np.int64),
             np.zeros(n_c, np.int64), -points, np.zeros(n_t, np.int64), np.array([0])]
    if problem.allowed is not None and not problem.allowed.all():
        # a table meets the candidates who can attend only the rounds S in at most |S|
        # rounds: each (table, S) gets a node of that capacity in front of the table
        # (valid for every timetable, so the flow stays a relaxation, a tighter one)
        classes, class_of = np.unique(problem.allowed, axis=0, return_inverse=True)
        class_of = class_of.ravel()
        restricted = ~problem.allowed.all(axis=1)[problem.candidate]
        keys = problem.table[restricted] * len(classes) + class_of[problem.candidate[restricted]]
        groups, group_of = np.unique(keys, return_inverse=True)
        nodes = sink + 1 + np.arange(len(groups), dtype=np.int64)
        pair_heads = pair_heads.copy()
        pair_heads[restricted] = nodes[group_of.ravel()]
        tails.append(nodes)
        caps.append(classes.sum(axis=1)[groups % len(classes)].astype(np.int64))
        costs.append(np.zeros(len(groups), np.int64))
    heads = [1 + cands, 1 + cands, 1 + cands, pair_heads,
             np.full(n_t, sink, np.int64), np.array([sink])]
    if len(tails) > len(heads):
        heads.append(1 + n_c + groups // len(classes))
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate(tails).astype(np.int32),
        np.concatenate(heads).astype(np.int32),
        np.concatenate(caps).astype(np.int64),
        np.concatenate(costs).astype(np.int64),
    )
    supply = n_c * rounds
    flow.set_nodes_supplies(np.array([source, sink], dtype=np.int32),
                            np.array([supply, -supply], dtype=np.int64))
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise SolverFailed(f"min-cost flow ended with status {status}")
    offset = 3 * n_c
    return flow.flows(arcs[offset : offset + n_pairs]) > 0


def _list_colouring(problem: SpeedDatingInput, rows: IntArray, allowed: npt.NDArray[np.bool_],
                    time_limit: float) -> list[int] | None:
    """Rounds (0-based) for the meetings ``rows``, each one its candidate can attend, no
    table or candidate twice in a round; None if CP-SAT finds none in time."""
    if len(rows) == 0:
        return []
    model = LinearModel()
    var: dict[tuple[int, int], int] = {}
    for e, p in enumerate(rows.tolist()):
        rounds = np.flatnonzero(allowed[problem.candidate[p]]).tolist()
        for r in rounds:
            var[e, r] = model.new_var()
        own = [var[e, r] for r in rounds]
        model.at_most(own, [-1] * len(own), -1)  # exactly one round
        model.at_most(own, [1] * len(own), 1)
    _one_per_round(model, var, problem.table[rows], problem.candidate[rows])
    solution = model.solve(time_limit=time_limit)
    if not solution.found:
        return None
    colour = [0] * len(rows)
    for (e, r), v in var.items():
        if solution.values[v]:
            colour[e] = r
    return colour


def _one_per_round(model: LinearModel, var: dict[tuple[int, int], int], table: IntArray,
                   cand: IntArray) -> None:
    """No table and no candidate in two meetings of one round (``var`` keyed by
    (meeting, round), the meeting's table and candidate given)."""
    groups: dict[tuple[str, int, int], list[int]] = {}
    for (e, r), v in var.items():
        groups.setdefault(("t", int(table[e]), r), []).append(v)
        groups.setdefault(("c", int(cand[e]), r), []).append(v)
    for members in groups.values():
        if len(members) > 1:
            model.at_most(members, [1] * len(members), 1)


def _joint_model(problem: SpeedDatingInput, points: IntArray, m: int, rows: IntArray,
                 allowed: npt.NDArray[np.bool_], time_limit: float,
                 hint: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], int, bool]:
    """Meetings and rounds chosen together by CP-SAT among the pairs ``rows``: the
    flow's objective with its weights, one variable per pair and round its candidate
    can attend, started from ``hint`` ((pair, round) meetings, a valid timetable).
    Returns the meetings, their objective value and whether CP-SAT proved them best."""
    unit_a, unit_b = _weights(problem, points, m)
    model = LinearModel()
    var: dict[tuple[int, int], int] = {}
    for p in rows.tolist():
        rounds = np.flatnonzero(allowed[problem.candidate[p]]).tolist()
        for r in rounds:
            var[p, r] = model.new_var()
        own = [var[p, r] for r in rounds]
        model.at_most(own, [1] * len(own), 1)  # a pair meets once
    _one_per_round(model, var, problem.table, problem.candidate)
    by_cand: dict[int, list[int]] = {}
    for (p, _), v in var.items():
        by_cand.setdefault(int(problem.candidate[p]), []).append(v)
    objective_vars = list(var.values())
    objective_coeffs = [int(points[p]) for p, _ in var]
    for meetings in by_cand.values():
        first, more = model.new_var(0, 1), model.new_var(0, m - 1)
        model.at_most([first, more, *meetings], [1, 1] + [-1] * len(meetings), 0)
        objective_vars += [first, more]
        objective_coeffs += [unit_a, unit_b]
    model.maximize(objective_vars, objective_coeffs)
    known = [(p, r) for p, r in hint if (p, r) in var]
    model.hint([var[k] for k in known], [1] * len(known))
    solution = model.solve(time_limit=time_limit)
    hinted = _objective(problem, points, m, known)
    if not solution.found or solution.objective < hinted:
        return sorted(known), hinted, False
    chosen = sorted(k for k, v in var.items() if solution.values[v])
    return chosen, int(solution.objective), solution.status is SolveStatus.OPTIMAL


def _objective(problem: SpeedDatingInput, points: IntArray, m: int,
               meetings: list[tuple[int, int]]) -> int:
    """The flow's objective (with its weights) of some (pair, round) meetings."""
    unit_a, unit_b = _weights(problem, points, m)
    count: dict[int, int] = {}
    total = 0
    for p, _ in meetings:
        c = int(problem.candidate[p])
        count[c] = count.get(c, 0) + 1
        total += int(points[p])
    for k in count.values():
        total += unit_a + unit_b * min(k - 1, m - 1)
    return total


def _greedy_rounds(problem: SpeedDatingInput, rows: IntArray,
                   allowed: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    """The meetings ``rows``, best score first, each in the earliest round its table,
    its candidate and the candidate's availability leave; the rest dropped."""
    busy: set[tuple[str, int, int]] = set()
    out = []
    for p in sorted(rows.tolist(), key=lambda q: (-problem.score[q], q)):
        t, c = int(problem.table[p]), int(problem.candidate[p])
        for r in np.flatnonzero(allowed[c]).tolist():
            if ("t", t, r) not in busy and ("c", c, r) not in busy:
                busy |= {("t", t, r), ("c", c, r)}
                out.append((p, r))
                break
    return sorted(out)
