"""Where a value sits in a document and how its problems are worded.

Reading reports *every* problem rather than stopping at the first, so nothing here raises:
a spec reports to an :class:`At` and returns :data:`INVALID`. The reader and the
integrity checks report to the same :class:`At`, so every message names its record and
dotted field path the same way.

Messages follow one style: ``'B3' is not one of A0..C2`` names the offending value, except
in personal data (``At.personal``), where only the expectation is given
(``must be an integer 1900..2100``): names, birth years, addresses, e-mail addresses and
phone numbers must never end up in a message, a log or a terminal scrollback.
"""

from __future__ import annotations

from passgenau.domain.errors import Problem


class Invalid:
    """The type of :data:`INVALID`: "this value was reported and cannot be used"."""

    _instance: Invalid | None = None

    def __new__(cls) -> Invalid:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "INVALID"


INVALID = Invalid()


def type_name(value: object) -> str:
    """The JSON type of ``value`` with an article, for messages: ``an array``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def show(value: object, limit: int = 40) -> str:
    """A scalar as a message shows it: strings quoted (``'B3'``), JSON spellings for
    ``true``/``null``, long strings cut so one bad cell cannot flood the terminal."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and len(value) > limit:
        return repr(value[:limit] + "…") + f" ({len(value)} characters)"
    if isinstance(value, int) and value.bit_length() > 128:
        return "a number too large to show"
    if isinstance(value, str | int | float):
        return repr(value)
    return type_name(value)


class At:
    """Where a value sits (record, dotted field path) and where its problems go.

    ``personal`` is inherited by everything below a personal field (all of ``home``), so a
    spec deep inside cannot forget it. The dotted ``field`` path is built only when asked
    for (when a problem is reported): a child keeps its parent and its own segment.
    """

    __slots__ = ("_field", "_parent", "_segment", "personal", "problems", "where")

    problems: list[Problem]
    where: str
    personal: bool

    def __init__(
        self, problems: list[Problem], where: str, field: str = "", personal: bool = False
    ) -> None:
        self.problems = problems
        self.where = where
        self.personal = personal
        self._field: str | None = field
        self._parent: At | None = None
        self._segment = ""

    @property
    def field(self) -> str:
        """The dotted path below the record: ``shifts[0].windows[1].from``."""
        path = self._field
        if path is None:
            assert self._parent is not None
            parent = self._parent.field
            segment = self._segment
            if segment.startswith("["):
                path = parent + segment
            else:
                path = f"{parent}.{segment}" if parent else segment
            self._field = path
        return path

    def _below(self, segment: str, personal: bool) -> At:
        at = At(self.problems, self.where, "", personal)
        at._field = None
        at._parent = self
        at._segment = segment
        return at

    def child(self, name: str, *, personal: bool = False) -> At:
        return self._below(name, self.personal or personal)

    def item(self, index: int) -> At:
        return self._below(f"[{index}]", self.personal)

    def report(self, message: str) -> Invalid:
        self.problems.append(Problem(self.where, self.field, message))
        return INVALID

    def invalid(self, value: object, expectation: str) -> Invalid:
        """Report that ``value`` is not ``expectation``, echoing it only if not personal."""
        if self.personal:
            return self.report(f"must be {expectation}")
        if isinstance(value, dict | list | tuple):
            return self.report(f"must be {expectation}, not {type_name(value)}")
        return self.report(f"{show(value)} is not {expectation}")

    def __repr__(self) -> str:
        return f"At(where={self.where!r}, field={self.field!r}, personal={self.personal})"
