"""Small integer linear models solved by CP-SAT, without ``ortools.sat.python.cp_model``.

Why: ``cp_model`` imports pandas when it loads, about 0.7 s of a command's start — more
than the household stage itself takes on a district. The model protos and the solver it
wraps live in ``cp_model_helper``, which loads without pandas; the household stage and the
exact cross-check need only integer variables, linear ``<=`` constraints and a linear
objective, so they are built here on the proto directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

#: The proto's "no lower bound" for a linear constraint's domain.
_MIN = -(2**62)


class SolveStatus(StrEnum):
    OPTIMAL = "optimal"  # proved optimal
    FEASIBLE = "feasible"  # a solution, not proved optimal (a time limit was hit)
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"  # no solution found within the limits


@dataclass(frozen=True, slots=True)
class Solution:
    status: SolveStatus
    values: tuple[int, ...]  # one per variable; empty without a solution
    objective: float = 0.0  # the maximised objective's value (with a solution)

    @property
    def found(self) -> bool:
        return self.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)


class LinearModel:
    """Integer variables, ``sum(coeff × var) <= bound`` constraints, a linear objective to
    maximise; coefficients are integers (scores are scaled before they come here)."""

    def __init__(self) -> None:
        from ortools.sat.python import cp_model_helper

        self._helper = cp_model_helper
        self._proto: Any = cp_model_helper.CpModelProto()
        self._count = 0

    def new_var(self, low: int = 0, high: int = 1) -> int:
        """A variable in ``low..high``; returns its index."""
        variable = self._proto.variables.add()
        variable.domain.extend([int(low), int(high)])
        self._count += 1
        return self._count - 1

    def new_bools(self, n: int) -> list[int]:
        return [self.new_var() for _ in range(n)]

    def at_most(self, variables: Sequence[int], coeffs: Sequence[int], bound: int) -> None:
        """``sum(coeffs[k] × variables[k]) <= bound``."""
        if len(variables) != len(coeffs):
            raise ValueError("one coefficient per variable")
        linear = self._proto.constraints.add().linear
        linear.vars.extend(int(v) for v in variables)
        linear.coeffs.extend(int(c) for c in coeffs)
        linear.domain.extend([_MIN, int(bound)])

    def maximize(self, variables: Sequence[int], coeffs: Sequence[int]) -> None:
        """Maximise ``sum(coeffs[k] × variables[k])`` (the proto minimises: negated)."""
        objective = self._proto.objective
        objective.vars.extend(int(v) for v in variables)
        objective.coeffs.extend(-int(c) for c in coeffs)

    def hint(self, variables: Sequence[int], values: Sequence[int]) -> None:
        """A starting solution the search tries first."""
        self._proto.solution_hint.vars.extend(int(v) for v in variables)
        self._proto.solution_hint.values.extend(int(x) for x in values)

    def solve(self, *, time_limit: float | None = None, seed: int = 0,
              **parameters: Any) -> Solution:
        """One worker and a fixed seed, so the same model gives the same answer; further
        CP-SAT parameters by name (e.g. ``linearization_level=2``)."""
        params = self._helper.SatParameters()
        params.num_workers = 1
        params.random_seed = seed
        if time_limit is not None:
            params.max_time_in_seconds = float(time_limit)
        for name, value in parameters.items():
            setattr(params, name, value)
        return self._solved(params)

    def _solved(self, parameters: Any) -> Solution:
        solver = self._helper.SolveWrapper()
        solver.set_parameters(parameters)
        response = solver.solve(self._proto)
        status = _STATUS.get(str(response.status).rsplit(".", 1)[-1], SolveStatus.UNKNOWN)
        if status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
            return Solution(status, ())
        values = tuple(int(x) for x in response.solution)
        # the coefficients are integers, so the objective is one; CP-SAT reports it as a
        # double that may be off in the last bit (6.999999999999999 for 7)
        return Solution(status, values, -float(round(response.objective_value)))


_STATUS = {
    "OPTIMAL": SolveStatus.OPTIMAL,
    "FEASIBLE": SolveStatus.FEASIBLE,
    "INFEASIBLE": SolveStatus.INFEASIBLE,
    "MODEL_INVALID": SolveStatus.UNKNOWN,
    "UNKNOWN": SolveStatus.UNKNOWN,
}
