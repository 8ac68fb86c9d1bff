"""The result document ``passgenau/1-result``: the typed outcome as the exchange format's
JSON, and its text.

Deterministic to the byte: vacancies in input order, proposals ranked by score (ties by
candidate id), scores rounded to 4 decimals, no timestamps. The document is a view of
:class:`~passgenau.matching.result.MatchOutcome`; nothing else reads it back.
"""

from __future__ import annotations

import json
from typing import Any

from passgenau.domain.model import TravelMode
from passgenau.matching.result import (
    JointProposal,
    MatchOutcome,
    ProposalLine,
    Shortlist,
    UnproposedCandidate,
)

RESULT_FORMAT = "passgenau/1-result"
#: ``mode.value`` through a dict: an enum's ``value`` is a property, several times slower
#: than a lookup, and a district has thousands of proposals
_MODE_VALUE = {mode: mode.value for mode in TravelMode}


def document(outcome: MatchOutcome) -> dict[str, Any]:
    """The outcome as the JSON-shaped ``passgenau/1-result`` document (field order as
    the spec lists it). ``notes`` (German sentences, e.g. a bound of the household stage
    was hit) is a last top-level list, present only when there is a note, so documents
    without notes stay as they were, byte for byte."""
    doc: dict[str, Any] = {
        "format": RESULT_FORMAT,
        "reference_date": outcome.reference_date.isoformat(),
        "shortlists": [_shortlist(s) for s in outcome.shortlists],
        "household_proposals": [_joint(j) for j in outcome.household_proposals],
        "unproposed_candidates": [_unproposed(u) for u in outcome.unproposed],
    }
    if outcome.notes:
        doc["notes"] = list(outcome.notes)
    return doc


def _shortlist(shortlist: Shortlist) -> dict[str, Any]:
    shortfall = shortlist.shortfall
    return {
        "vacancy_id": shortlist.vacancy_id,
        "employer_id": shortlist.employer_id,
        "proposals": [_proposal(line) for line in shortlist.proposals],
        "shortfall": None if shortfall is None
        else {"feasible_candidates": shortfall.feasible_candidates},
    }


def _proposal(line: ProposalLine) -> dict[str, Any]:
    return {
        "candidate_id": line.candidate_id,
        "rank": line.rank,
        "score": line.score,
        "commute_minutes": line.commute_minutes,
        "mode": _MODE_VALUE[line.mode],
        "shift": line.shift,
        "household_id": line.household_id,
        "flags": list(line.flags),
        "reasons": list(line.reasons),
    }


def _joint(joint: JointProposal) -> dict[str, Any]:
    return {
        "household_id": joint.household_id,
        "employer_id": joint.employer_id,
        "proposals": [
            {"candidate_id": m.candidate_id, "vacancy_id": m.vacancy_id, "shift": m.shift}
            for m in joint.members
        ],
    }


def _unproposed(unproposed: UnproposedCandidate) -> dict[str, Any]:
    opens = unproposed.would_open
    return {
        "candidate_id": unproposed.candidate_id,
        "blocked_by": dict(unproposed.blocked_by),
        "near_misses": [
            {"vacancy_id": m.vacancy_id, "rule": m.rule, "value": m.value,
             "required": m.required}
            for m in unproposed.near_misses
        ],
        "would_open": {
            "german_level_plus_1": opens.german_level_plus_1,
            "driving_licence": opens.driving_licence,
            "max_commute_plus_15": opens.max_commute_plus_15,
            "availability_plus_60": opens.availability_plus_60,
        },
    }


def dump_result(document: dict[str, Any]) -> str:
    """JSON with one shortlist, household proposal or unproposed candidate per line:
    readable, diffable, and written by the C encoder (an indented dump is several times
    slower on a district's result)."""
    parts = ["{"]
    keys = list(document)
    for k, key in enumerate(keys):
        value = document[key]
        comma = "," if k < len(keys) - 1 else ""
        if isinstance(value, list) and value:
            parts.append(f"{_json(key)}: [")
            parts.extend(
                _json(item) + ("," if i < len(value) - 1 else "") for i, item in enumerate(value)
            )
            parts.append("]" + comma)
        else:
            parts.append(f"{_json(key)}: {_json(value)}{comma}")
    parts.append("}")
    return "\n".join(parts) + "\n"


def result_text(outcome: MatchOutcome) -> str:
    """The outcome as the text of a ``passgenau/1-result`` file."""
    return dump_result(document(outcome))


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
