"""What the shortlist review and the employer page keep per application: the secret that
signs employer links, the background matching runs, and the travel model of the day.

Kept on ``app.state`` and made on first use, so the application factory needs no change
for them (and tests get a fresh set with each application).
"""

from __future__ import annotations

import threading
from datetime import date
from typing import TYPE_CHECKING

from fastapi import Request

from passgenau.services.background import MatchJobs
from passgenau.services.employer_links import link_secret
from passgenau.services.matching import travel_model
from passgenau.services.shortlist import ProblemCache

if TYPE_CHECKING:
    from passgenau.geo.travel import TravelModel

_LOCK = threading.Lock()


def _state(request: Request, name: str, make):  # type: ignore[no-untyped-def]
    state = request.app.state
    value = getattr(state, name, None)
    if value is None:
        with _LOCK:
            value = getattr(state, name, None)
            if value is None:
                value = make()
                setattr(state, name, value)
    return value


def employer_link_secret(request: Request) -> str:
    runtime = request.app.state.runtime
    return str(_state(request, "employer_link_secret", lambda: link_secret(runtime.settings)))


def match_jobs(request: Request) -> MatchJobs:
    jobs: MatchJobs = _state(request, "match_jobs", MatchJobs)
    return jobs


def problem_cache(request: Request) -> ProblemCache:
    cache: ProblemCache = _state(request, "problem_cache", ProblemCache)
    return cache


def travel_of(request: Request, day: date) -> TravelModel:
    """The settings' travel model for ``day`` (a timetable's week depends on it), kept
    for the day."""
    runtime = request.app.state.runtime
    cache: dict[tuple[str, date], TravelModel] = _state(request, "travel_models", dict)
    key = (runtime.settings.travel, day)
    if key not in cache:
        cache.clear()
        cache[key] = travel_model(runtime.settings.travel, day)
    return cache[key]
