"""The quiet path's machinery: its answer for "cannot vouch", and its code generator.

Why a second path: a district's document has some 300,000 values, nearly all of them
valid. The reporting path (``Spec.parse``) carries a field path and a problem list for
every value; the quiet path (``Spec.fast``) carries neither, and answers either with the
value or with :data:`MISS`, after which the reporting path decides and reports. ``MISS``
is therefore always a safe answer.

Why generated code: a call per value would cost more than all the checks, so each record
type's quiet path is compiled from its field table into one function
(:meth:`~passgenau.exchange.fields.Record.compile`). :class:`Source` collects that
function's lines, which each spec adds with
:meth:`~passgenau.exchange.fields.Spec.inline`, and the objects the lines refer to.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable
from typing import Any, Final

from passgenau.exchange.reporting import At, Invalid


class Miss:
    """The type of :data:`MISS`: the quiet path cannot vouch for a value (nothing reported)."""

    _instance: Miss | None = None

    def __new__(cls) -> Miss:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISS"


MISS: Final = Miss()

ABSENT: Final = object()
"""A field left out (``dict.get``'s default in the quiet path)."""


class Reported(Exception):
    """Raised by :data:`QUIET` where a check reports: the quiet path then gives up."""


class _QuietAt(At):
    """The ``At`` the quiet path hands to a record's checks: any report aborts the check.

    Stateless (it collects nothing), so one instance serves every record and thread.
    """

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__([], "")

    def child(self, name: str, *, personal: bool = False) -> At:
        return self

    def item(self, index: int) -> At:
        return self

    def report(self, message: str) -> Invalid:
        raise Reported

    def invalid(self, value: object, expectation: str) -> Invalid:
        raise Reported


QUIET: Final = _QuietAt()


class Source:
    """Python source of a compiled quiet path (see
    :meth:`~passgenau.exchange.fields.Record.compile`), with the objects it refers to by
    name. Specs add lines with :meth:`~passgenau.exchange.fields.Spec.inline`.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []
        # Generated code spells the objects it refers to with a leading underscore, as
        # :meth:`ref` names them (``_build_25``); MISS and marshal keep their own names.
        self.names: dict[str, object] = {
            "MISS": MISS,
            "_ABSENT": ABSENT,
            "_QUIET": QUIET,
            "_Reported": Reported,
            "marshal": marshal,
        }
        self._count = 0

    def var(self, hint: str) -> str:
        """A fresh local variable name."""
        self._count += 1
        return f"{hint}{self._count}"

    def ref(self, obj: object, hint: str) -> str:
        """A name under which the compiled code sees ``obj``."""
        name = self.var(f"_{hint}_")
        self.names[name] = obj
        return name

    def add(self, indent: int, line: str) -> None:
        self.lines.append("    " * indent + line)

    def function(self, name: str, filename: str) -> Callable[[object], Any]:
        code = compile("\n".join(self.lines) + "\n", filename, "exec")
        exec(code, self.names)  # the source is made from the field tables alone
        return self.names[name]  # type: ignore[return-value]
