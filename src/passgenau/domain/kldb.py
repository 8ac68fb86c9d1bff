"""KldB 2010 occupation codes (Klassifikation der Berufe).

A 5-digit code is a *Berufsgattung*; its prefixes are the hierarchy the matching uses for
occupation fit (1 Berufsbereich, 2 Berufshauptgruppe, 3 Berufsgruppe, 4 Berufsuntergruppe)
and its 5th digit is the *Anforderungsniveau* (requirement level).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class RequirementLevel(IntEnum):
    HELPER = 1  # Helfer- und Anlerntätigkeiten
    SKILLED = 2  # fachlich ausgerichtete Tätigkeiten
    SPECIALIST = 3  # komplexe Spezialistentätigkeiten
    EXPERT = 4  # hoch komplexe Tätigkeiten

    @property
    def german(self) -> str:
        return _LEVEL_GERMAN[self]


_LEVEL_GERMAN = {
    RequirementLevel.HELPER: "Helfer",
    RequirementLevel.SKILLED: "Fachkraft",
    RequirementLevel.SPECIALIST: "Spezialist",
    RequirementLevel.EXPERT: "Experte",
}


@dataclass(frozen=True, order=True, slots=True)
class KldbCode:
    """A KldB 2010 Berufsgattung, always exactly five digits (leading zeros kept)."""

    code: str

    def __post_init__(self) -> None:
        if not (isinstance(self.code, str) and len(self.code) == 5 and self.code.isdigit()):
            raise ValueError(f"{self.code!r} is not a 5-digit KldB code")
        if self.code[4] not in "1234":
            raise ValueError(f"{self.code!r}: 5th digit (requirement level) must be 1..4")

    def __str__(self) -> str:
        return self.code

    @property
    def requirement_level(self) -> RequirementLevel:
        return RequirementLevel(int(self.code[4]))

    @property
    def berufsgruppe(self) -> str:
        """First 3 digits: the QUALIFICATION rule compares these."""
        return self.code[:3]

    @property
    def berufsuntergruppe(self) -> str:
        """First 4 digits: the RECOGNITION rule compares these."""
        return self.code[:4]

    def shared_prefix(self, other: KldbCode) -> int:
        """How many leading digits two codes share (0..5): the depth of their common group."""
        n = 0
        for a, b in zip(self.code, other.code, strict=True):
            if a != b:
                break
            n += 1
        return n
