"""The domain model: pure dataclasses and rules, no I/O. Everything else depends on this."""

from passgenau.domain.errors import InvalidInput, NotFound, PassgenauError, Problem
from passgenau.domain.kldb import KldbCode, RequirementLevel
from passgenau.domain.levels import GermanLevel
from passgenau.domain.model import (
    DEFAULT_MODES,
    Candidate,
    Dataset,
    Employer,
    Household,
    Location,
    MatchSettings,
    Occupation,
    Recognition,
    TravelMode,
    Vacancy,
    WorkPermit,
)
from passgenau.domain.routing import RoutingRules, Team
from passgenau.domain.schedule import ALWAYS, ShiftOption, TimeWindow, Weekday

__all__ = [
    "ALWAYS",
    "DEFAULT_MODES",
    "Candidate",
    "Dataset",
    "Employer",
    "GermanLevel",
    "Household",
    "InvalidInput",
    "KldbCode",
    "Location",
    "MatchSettings",
    "NotFound",
    "Occupation",
    "PassgenauError",
    "Problem",
    "Recognition",
    "RequirementLevel",
    "RoutingRules",
    "ShiftOption",
    "Team",
    "TimeWindow",
    "TravelMode",
    "Vacancy",
    "Weekday",
    "WorkPermit",
]
