"""The boundary between the matching and travel: one interface, nothing imported lazily
that a small run does not need.

The matching talks to every travel model through :class:`passgenau.geo.travel.
TravelModel` alone: it imports nothing from ``geo/transit`` and never asks a model for
its type. A small caseload runs the numpy paths, so numba is not imported, and CP-SAT is
imported only where households compete for places.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from passgenau.geo.transit.travel import TimetableTravelModel
from passgenau.geo.travel import TravelModel, reference_model
from passgenau.matching import compiled
from tests.geo.transit.feeds import random_feed
from tests.matching.instances import REFERENCE_DATE

MATCHING = Path(__file__).resolve().parents[2] / "src" / "passgenau" / "matching"
VALID = Path(__file__).resolve().parents[1] / "exchange" / "data" / "valid.json"
#: Modules allowed to ask ``isinstance`` of a model (none since issue 8).
PENDING: set[str] = set()


def _sources() -> list[Path]:
    return sorted(MATCHING.glob("*.py"))


def _imported(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("path", _sources(), ids=lambda p: p.name)
def test_matching_imports_nothing_from_geo_transit(path: Path) -> None:
    """Not at the top, not inside a function, not under TYPE_CHECKING."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    wrong = [n for n in _imported(tree) if n.startswith("passgenau.geo.transit")]
    assert wrong == [], f"{path.name} imports {wrong}"


@pytest.mark.parametrize("path", [p for p in _sources() if p.name not in PENDING],
                         ids=lambda p: p.name)
def test_matching_never_asks_a_travel_model_for_its_type(path: Path) -> None:
    """No ``isinstance`` against a travel model class or protocol."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "isinstance":
            asked = ast.unparse(node.args[1]) if len(node.args) > 1 else ""
            assert "Model" not in asked, f"{path.name}:{node.lineno} isinstance(…, {asked})"


def _members(protocol: type) -> set[str]:
    names: set[str] = set()
    for klass in protocol.__mro__:
        if klass is object:
            continue
        names |= {n for n in vars(klass) if not n.startswith("_")}
        names |= set(getattr(klass, "__annotations__", {}))
    return names


def test_both_models_offer_every_member_of_the_interface(tmp_path: Path) -> None:
    """The reference model and the timetable model answer every question the matching
    asks (a protocol is not checked at run time otherwise)."""
    timetable = TimetableTravelModel.of(random_feed(1).timetable(tmp_path), REFERENCE_DATE)
    members = _members(TravelModel)
    assert {"shift_modes", "shift_minutes", "shift_legs", "describe_trip", "fast_path",
            "prepare", "minutes_by_mode", "reach_km", "name"} <= members
    for model in (reference_model(), timetable):
        missing = [m for m in members if not hasattr(model, m)]
        assert missing == [], f"{type(model).__name__} lacks {missing}"
    assert reference_model().shift_modes == ()
    assert reference_model().describe_trip(48.8, 9.3, 48.9, 9.4, 0, 480) is None


def test_few_pairs_take_the_numpy_path() -> None:
    """Below the threshold no kernels (and no numba) are asked for."""
    fewest = min(compiled.COMPILE_FROM_PAIRS, compiled.COMPILE_FROM_PAIRS_LOADED)
    assert compiled.kernels_for(fewest - 1) is None


_SCRIPT = """
import json, sys
from pathlib import Path
from passgenau.exchange import load_json_file
from passgenau.geo.travel import reference_model
from passgenau.matching.engine import solve
from passgenau.matching.explain import explain
from passgenau.matching.problem import MatchProblem
problem = MatchProblem.from_dataset(load_json_file(Path(sys.argv[1])))
result = solve(problem, reference_model())
explain(problem, reference_model(), problem.cand_ids[0], problem.vac_ids[0])
print(json.dumps({"joint": len(result.joint), "loaded": [m for m in sys.modules
      if m.split(".")[0] in ("numba", "llvmlite") or m.startswith("ortools.sat")
      or m.startswith("passgenau.geo.transit")]}))
"""


def test_a_small_match_imports_neither_numba_nor_cp_sat() -> None:
    """The exchange format's example (a household placed together, no competition for
    its places): solved and explained in a fresh interpreter without numba, CP-SAT or
    the timetable code ever being imported."""
    done = subprocess.run([sys.executable, "-c", _SCRIPT, str(VALID)], capture_output=True,
                          text=True, check=True, timeout=120)
    outcome = json.loads(done.stdout)
    assert outcome["joint"] == 1  # the household was placed together, without CP-SAT
    assert outcome["loaded"] == []
