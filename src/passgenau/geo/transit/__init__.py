"""Public transport from a GTFS timetable: Connection Scan over compact numpy arrays.

The pieces, in the order data flows through them: :mod:`.gtfs_reader` parses a feed
handed in already opened into a frozen :class:`~.timetable.Timetable`;
:mod:`.service_day` picks the calendar date a weekly shift is routed on; :mod:`.csa` holds
the scans (numba-compiled when available); :mod:`.access` finds the stops within walking
distance; :mod:`.matrix` answers door-to-door minutes for many homes and workplaces;
:mod:`.journey` spells out one chosen trip. See ``docs/transit.md``.
"""

from passgenau.geo.transit.gtfs_reader import ZipFeed, read_feed
from passgenau.geo.transit.journey import Journey, Leg
from passgenau.geo.transit.matrix import (
    DEFAULT_HORIZON_MIN,
    NO_CONNECTION,
    TransitModel,
    arrive_by_minutes,
    as_travel_minutes,
    depart_at_minutes,
    model_for,
)
from passgenau.geo.transit.service_day import ServiceDay, choose_service_day
from passgenau.geo.transit.timetable import Timetable, route_type_word

__all__ = [
    "DEFAULT_HORIZON_MIN",
    "NO_CONNECTION",
    "Journey",
    "Leg",
    "ServiceDay",
    "Timetable",
    "TransitModel",
    "ZipFeed",
    "arrive_by_minutes",
    "as_travel_minutes",
    "choose_service_day",
    "depart_at_minutes",
    "model_for",
    "read_feed",
    "route_type_word",
]
