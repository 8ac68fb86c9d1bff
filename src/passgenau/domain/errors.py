"""Business errors. Entry points (CLI, web) translate them to exit codes and HTTP statuses.

Messages name the record and the field, never personal data: a name, birth year, address,
e-mail or phone number must not appear in a :class:`Problem`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with input: ``vacancies[3] (id "V7"): german_level_min: …``."""

    where: str  # the record, e.g. 'vacancies[3] (id "V7")' or 'vacancies.csv line 5 (id "V7")'
    field: str  # the field, dotted for nesting: 'shifts[0].windows[1].from'; "" for the record
    message: str

    def __str__(self) -> str:
        parts = [p for p in (self.where, self.field) if p]
        return ": ".join([*parts, self.message])


class PassgenauError(Exception):
    """Base of every error an entry point may show the user as it is."""


class InvalidInput(PassgenauError):
    """Input that cannot be accepted; carries *every* problem found, not only the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class NotFound(PassgenauError):
    """A record named by id does not exist (in this tenant)."""
