"""The small CP-SAT wrapper: exact on 0-1 models, checked against enumeration."""

from __future__ import annotations

import itertools
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from passgenau.matching.cpsat import LinearModel, SolveStatus
from tests.matching.instances import examples


@st.composite
def knapsacks(draw: st.DrawFn) -> tuple[list[int], list[list[int]], list[int]]:
    """Up to 8 binary variables, up to 3 ``<=`` constraints, objective weights."""
    n = draw(st.integers(1, 8))
    rows = draw(st.lists(st.lists(st.integers(0, 5), min_size=n, max_size=n), max_size=3))
    bounds = [draw(st.integers(0, 12)) for _ in rows]
    weights = draw(st.lists(st.integers(-3, 9), min_size=n, max_size=n))
    return weights, rows, bounds


@settings(max_examples=examples(60), deadline=None)
@given(knapsacks())
def test_optimum_equals_enumeration(instance):
    """The solver's objective equals the best of all 0-1 assignments that fit."""
    weights, rows, bounds = instance
    n = len(weights)
    model = LinearModel()
    x = model.new_bools(n)
    for row, bound in zip(rows, bounds, strict=True):
        model.at_most(x, row, bound)
    model.maximize(x, weights)
    solution = model.solve()
    best = max(
        sum(w * v for w, v in zip(weights, values, strict=True))
        for values in itertools.product((0, 1), repeat=n)
        if all(sum(a * v for a, v in zip(row, values, strict=True)) <= b
               for row, b in zip(rows, bounds, strict=True))
    )
    assert solution.status is SolveStatus.OPTIMAL
    got = solution.values
    assert all(sum(a * v for a, v in zip(row, got, strict=True)) <= b
               for row, b in zip(rows, bounds, strict=True))
    assert sum(w * v for w, v in zip(weights, got, strict=True)) == best == solution.objective


def test_integer_variables_and_infeasibility():
    """An integer variable takes its best value; an impossible model says so."""
    model = LinearModel()
    y = model.new_var(0, 7)
    model.at_most([y], [2], 9)
    model.maximize([y], [1])
    assert model.solve().values == (4,)
    impossible = LinearModel()
    z = impossible.new_var(3, 5)
    impossible.at_most([z], [1], 2)
    assert impossible.solve().status is SolveStatus.INFEASIBLE


def test_solving_does_not_load_pandas():
    """The point of the wrapper: OR-Tools' cp_model would import pandas (0.7 s)."""
    code = ("import sys\nfrom passgenau.matching.cpsat import LinearModel\n"
            "m = LinearModel(); x = m.new_bools(2); m.at_most(x, [1, 1], 1)\n"
            "m.maximize(x, [1, 2]); assert m.solve().values == (0, 1)\n"
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
