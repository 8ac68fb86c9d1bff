"""Which team serves a candidate (Teams nach Phase).

From the interview: refugees aged 25+ start in the IBA-Team until German level B1, then
the Regelteams take them; from B2 the Projektteam with the company acquisition staff.
Under-25s are served by the youth team (U25). The thresholds are settings, since other
Jobcenters cut their teams differently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from passgenau.domain.levels import GermanLevel


class Team(StrEnum):
    IBA = "iba"
    REGEL = "regel"
    PROJEKT = "projekt"
    U25 = "u25"

    @property
    def german(self) -> str:
        return {
            "iba": "IBA-Team",
            "regel": "Regelteam",
            "projekt": "Projektteam",
            "u25": "U25-Team",
        }[self.value]


@dataclass(frozen=True, slots=True)
class RoutingRules:
    youth_age_limit: int = 25  # under this age: U25-Team
    regel_from: GermanLevel = GermanLevel.B1
    projekt_from: GermanLevel = GermanLevel.B2

    def __post_init__(self) -> None:
        if self.projekt_from < self.regel_from:
            raise ValueError("projekt_from must not be below regel_from")
        if not 15 <= self.youth_age_limit <= 35:
            raise ValueError("youth_age_limit must be 15..35")

    def team_for(self, german_level: GermanLevel, birth_year: int | None, on: date) -> Team:
        """The team for a candidate on day ``on``.

        Age counts by birth year only (the exchange format carries no birth day): someone
        born in 2001 is 25 throughout 2026. Without a birth year, the level alone decides.
        """
        if birth_year is not None and on.year - birth_year < self.youth_age_limit:
            return Team.U25
        if german_level >= self.projekt_from:
            return Team.PROJEKT
        if german_level >= self.regel_from:
            return Team.REGEL
        return Team.IBA
