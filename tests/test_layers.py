"""The layer picture of ``docs/architecture.md``, held against the imports in the code.

Every ``import`` in ``src/passgenau`` is read with ``ast`` (those inside functions too:
a late import is still a dependency; only ``if TYPE_CHECKING:`` blocks are left out,
since they never run). A package may import only the packages the picture allows, no
two packages import each other (directly or around a circle), and ``domain/`` imports
nothing but the standard library.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "passgenau"

#: Which top-level unit of ``passgenau`` may import which (the picture's arrows).
ALLOWED: dict[str, set[str]] = {
    "domain": set(),
    "config": {"domain"},
    "geo": {"domain"},
    "matching": {"domain", "geo"},
    "scheduling": {"domain", "geo", "matching"},
    "exchange": {"domain", "geo"},
    "reference": {"domain", "geo", "exchange"},
    "demo": {"domain", "geo", "reference"},
    "store": {"domain", "geo", "config"},
    "documents": {"domain"},
    "reports": {"domain", "matching"},
    "services": {"domain", "geo", "matching", "scheduling", "exchange", "reference", "demo",
                 "store", "config", "documents", "reports"},
    "presentation": {"domain", "matching", "scheduling", "services", "config", "reports"},
    "web": {"domain", "config", "services", "matching", "presentation"},
    "cli": {"domain", "config", "services", "presentation", "exchange", "web"},
    "__main__": {"cli"},
    "__init__": set(),
}
#: Modules below a unit that one other unit must not reach into.
FORBIDDEN_DEEP: dict[str, tuple[str, ...]] = {
    "matching": ("passgenau.geo.transit",),
}


def _unit(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def imports(path: Path) -> Iterator[str]:
    """Absolute module names ``path`` imports (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_lines(tree)
    here = ["passgenau", *path.relative_to(PACKAGE).with_suffix("").parts]
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level]
                yield ".".join([*base, node.module] if node.module else base)
            elif node.module:
                yield node.module


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


@cache
def dependencies() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in _sources():
        unit = _unit(path)
        for name in imports(path):
            parts = name.split(".")
            if parts[0] == "passgenau" and len(parts) > 1 and parts[1] != unit:
                graph.setdefault(unit, set()).add(parts[1])
    return graph


def test_every_unit_is_in_the_picture():
    """A new package must be placed in the picture before it is used."""
    units = {_unit(p) for p in _sources()}
    assert units <= set(ALLOWED), sorted(units - set(ALLOWED))


@pytest.mark.parametrize("unit", sorted(ALLOWED))
def test_imports_follow_the_picture(unit):
    """Each package imports only what the layer picture allows."""
    extra = dependencies().get(unit, set()) - ALLOWED[unit]
    assert not extra, f"{unit} imports {sorted(extra)}"


def test_no_circle_between_packages():
    """No package reaches itself through other packages' imports."""
    graph = dependencies()

    def reach(start: str) -> set[str]:
        seen: set[str] = set()
        todo = [start]
        while todo:
            for nxt in graph.get(todo.pop(), set()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    circles = sorted(unit for unit in graph if unit in reach(unit))
    assert not circles, f"in a circle: {circles}"


def test_nothing_reaches_into_forbidden_modules():
    """``matching/`` talks to travel models through ``geo.travel``'s interface only."""
    found = []
    for path in _sources():
        for prefix in FORBIDDEN_DEEP.get(_unit(path), ()):
            found += [f"{path.name}: {n}" for n in imports(path)
                      if n == prefix or n.startswith(prefix + ".")]
    assert not found, found


def test_domain_imports_the_standard_library_only():
    """The domain model is pure: no numpy, no SQLAlchemy, no other third party."""
    outside = set()
    for path in (PACKAGE / "domain").rglob("*.py"):
        for name in imports(path):
            top = name.split(".")[0]
            if top not in ("passgenau", "__future__") and top not in sys.stdlib_module_names:
                outside.add(f"{path.name}: {name}")
    assert not outside, sorted(outside)


def test_the_checker_sees_late_imports():
    """The command line imports its services inside the commands (for start-up speed):
    the checker must see those imports, or it would be blind to most of the cli package."""
    late = {n.split(".")[1] for path in (PACKAGE / "cli").glob("*.py")
            for n in imports(path) if n.startswith("passgenau.")}
    assert "services" in late


def test_the_cli_package_is_one_unit():
    """The command line's modules (``cli/records.py``, …) count as the unit ``cli``."""
    assert {_unit(path) for path in (PACKAGE / "cli").glob("*.py")} == {"cli"}
