"""German language level on the CEFR scale.

An ``IntEnum`` so that the rule "candidate level >= required level" is a plain comparison,
and so that arrays of levels can be compared in numpy by their integer values.
"""

from __future__ import annotations

from enum import IntEnum


class GermanLevel(IntEnum):
    A0 = 0  # no German yet
    A1 = 1
    A2 = 2
    B1 = 3
    B2 = 4
    C1 = 5
    C2 = 6

    def __str__(self) -> str:
        return self.name

    @classmethod
    def parse(cls, text: str) -> GermanLevel:
        """The level named ``text`` (``"B1"``); ``ValueError`` names the allowed values."""
        try:
            return cls[text.strip().upper()]
        except (KeyError, AttributeError):
            raise ValueError(f"{text!r} is not one of A0..C2") from None
