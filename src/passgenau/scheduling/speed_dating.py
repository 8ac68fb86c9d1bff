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
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

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

    def __post_init__(self) -> None:
        if self.rounds < 1:
            raise ValueError("rounds must be at least 1")
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


def plan_speed_dating(problem: SpeedDatingInput) -> SpeedDatingPlan:
    """The optimal timetable for the objective in the module's docstring."""
    points = np.rint(np.asarray(problem.score, dtype=np.float64) * SCORE_UNITS).astype(np.int64)
    degree = np.bincount(problem.candidate, minlength=problem.n_candidates)
    fitting = int((degree > 0).sum())
    m = fair_minimum(problem.n_tables, problem.rounds, fitting)
    chosen = _best_meetings(problem, points, m, fair=True)
    plain = _best_meetings(problem, points, m, fair=False)
    table, cand = problem.table[chosen], problem.candidate[chosen]
    colour = edge_colouring(table.tolist(), cand.tolist(), problem.rounds)
    meetings = sorted(
        Meeting(c + 1, int(t), int(k), round(float(s) / SCORE_UNITS, 4))
        for c, t, k, s in zip(colour, table, cand, points[chosen], strict=True)
    )
    met = np.bincount(cand, minlength=problem.n_candidates)
    owed = np.minimum(degree, m)
    # in score points (integers), so that total and bound compare exactly
    total_points = sum(round(x.score * SCORE_UNITS) for x in meetings)
    bound_points = int(points[chosen].sum())
    return SpeedDatingPlan(
        rounds=problem.rounds,
        meetings=tuple(meetings),
        fair_minimum=m,
        fitting_candidates=fitting,
        candidates_met=int((met > 0).sum()),
        candidates_at_fair_minimum=int(((met >= owed) & (degree > 0)).sum()),
        total_score=total_points / SCORE_UNITS,
        bound=bound_points / SCORE_UNITS,
        gap=(bound_points - total_points) / bound_points if bound_points > 0 else 0.0,
        score_without_fairness=round(float(points[plain].sum()) / SCORE_UNITS, 4),
    )


def _best_meetings(
    problem: SpeedDatingInput, points: IntArray, m: int, *, fair: bool
) -> npt.NDArray[np.bool_]:
    """Step 1: which pairs meet (one min-cost flow, see the module's docstring)."""
    n_c, n_t, rounds = problem.n_candidates, problem.n_tables, problem.rounds
    n_pairs = len(points)
    if n_pairs == 0:
        return np.zeros(0, dtype=bool)
    max_meetings = min(n_t, n_c) * rounds
    unit_b = int(points.max(initial=0)) * max_meetings + 1 if fair else 0
    unit_a = unit_b * (n_c * (m - 1) + 1) if fair else 0
    if unit_a * (n_c + n_t + 2) > _COST_LIMIT:
        raise ValueError("speed-dating too large for one flow (costs would overflow)")
    source, sink = 0, 1 + n_c + n_t
    cands = np.arange(n_c, dtype=np.int64)
    tails = [np.zeros(n_c, np.int64), np.zeros(n_c, np.int64), np.zeros(n_c, np.int64),
             1 + problem.candidate, 1 + n_c + np.arange(n_t, dtype=np.int64),
             np.array([source])]
    heads = [1 + cands, 1 + cands, 1 + cands, 1 + n_c + problem.table,
             np.full(n_t, sink, np.int64), np.array([sink])]
    caps = [np.ones(n_c, np.int64), np.full(n_c, m - 1, np.int64),
            np.full(n_c, rounds - m, np.int64), np.ones(n_pairs, np.int64),
            np.full(n_t, rounds, np.int64), np.array([n_c * rounds])]
    costs = [np.full(n_c, -unit_a, np.int64), np.full(n_c, -unit_b, np.int64),
             np.zeros(n_c, np.int64), -points, np.zeros(n_t, np.int64), np.array([0])]
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
    first = 3 * n_c
    return flow.flows(arcs[first : first + n_pairs]) > 0
