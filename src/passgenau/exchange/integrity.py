"""Rules across records: unique ids, references that resolve, one household per candidate.

The checks work on :class:`Links` (ids and references as far as they are valid) rather
than on built records: a record with an unrelated problem (a typo in ``german_level``)
still exists for its references, so one typo does not turn every reference to it into a
"dangling reference" as well.

The import service, whose files may refer to employers and candidates already in the
database, passes those as :class:`KnownIds` (to the readers, or to
:func:`reference_problems` for a dataset it already holds).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic_core import SchemaValidator, ValidationError

from passgenau.domain.errors import Problem
from passgenau.domain.model import Dataset
from passgenau.exchange.models import ID
from passgenau.exchange.problems import WhereOf, json_where, quoted


@cache
def _ids() -> SchemaValidator:
    return SchemaValidator(ID)


def _valid_id(value: object) -> str | None:
    """The id if it is a valid one (problems are reported by the record's validation)."""
    try:
        return _ids().validate_python(value)  # type: ignore[no-any-return]
    except ValidationError:
        return None


@dataclass(frozen=True, slots=True)
class KnownIds:
    """Records that exist outside the document (in the database), for reference checks.

    ``household_of`` maps a candidate id to the id of the household it is stored in; a
    document may move a candidate only out of a household it also (re)defines.
    """

    employers: frozenset[str] = frozenset()
    candidates: frozenset[str] = frozenset()
    household_of: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Links:
    """Per collection the record ids by index (``None``: invalid), and the references."""

    ids: Mapping[str, Sequence[str | None]]
    employer_of: Sequence[str | None]  # per vacancy
    members: Sequence[Sequence[str | None]]  # per household

    @classmethod
    def of_raw(cls, collections: Mapping[str, Sequence[object]]) -> Links:
        def get(record: object, key: str) -> object:
            return record.get(key) if isinstance(record, dict) else None

        def member_ids(household: object) -> list[str | None]:
            members = get(household, "members")
            return [_valid_id(m) for m in members] if isinstance(members, list) else []

        return cls(
            ids={name: [_valid_id(get(r, "id")) for r in rs] for name, rs in collections.items()},
            employer_of=[_valid_id(get(v, "employer_id")) for v in collections["vacancies"]],
            members=[member_ids(h) for h in collections["households"]],
        )

    @classmethod
    def of_dataset(cls, dataset: Dataset) -> Links:
        return cls.of_records(
            {
                "employers": dataset.employers,
                "vacancies": dataset.vacancies,
                "candidates": dataset.candidates,
                "households": dataset.households,
            }
        )

    @classmethod
    def of_records(cls, collections: Mapping[str, Sequence[Any]]) -> Links:
        """The links of built records. For a document whose every record was built, this
        equals :meth:`of_raw` (each id passed the same spec), without parsing ids again."""
        return cls(
            ids={name: [r.id for r in rs] for name, rs in collections.items()},
            employer_of=[v.employer_id for v in collections["vacancies"]],
            members=[list(h.members) for h in collections["households"]],
        )


def duplicate_ids(links: Links, where_of: WhereOf) -> list[Problem]:
    """An id used twice within one collection; the message names the first use too."""
    problems = []
    for collection, ids in links.ids.items():
        first: dict[str, int] = {}
        for index, record_id in enumerate(ids):
            if record_id is None:
                continue
            if record_id in first:
                other = where_of(collection, first[record_id], None)
                problems.append(
                    Problem(
                        where_of(collection, index, record_id),
                        "id",
                        f"duplicate id {quoted(record_id)}, also used by {other}",
                    )
                )
            else:
                first[record_id] = index
    return problems


def shared_members(links: Links, where_of: WhereOf) -> list[Problem]:
    """A candidate in two households of the document; both households are named."""
    problems = []
    household_ids = links.ids["households"]
    member_of: dict[str, int] = {}
    for index, members in enumerate(links.members):
        for position, member in enumerate(members):
            if member is None:
                continue
            other = member_of.setdefault(member, index)
            if other != index:
                problems.append(
                    Problem(
                        where_of("households", index, household_ids[index]),
                        f"members[{position}]",
                        f"candidate {quoted(member)} is also a member of "
                        + where_of("households", other, household_ids[other]),
                    )
                )
    return problems


def dangling_references(links: Links, known: KnownIds, where_of: WhereOf) -> list[Problem]:
    """References to an employer or candidate neither in the document nor in ``known``."""
    problems = []
    employers = {i for i in links.ids["employers"] if i is not None} | known.employers
    for index, employer_id in enumerate(links.employer_of):
        if employer_id is not None and employer_id not in employers:
            problems.append(
                Problem(
                    where_of("vacancies", index, links.ids["vacancies"][index]),
                    "employer_id",
                    f"no employer with id {quoted(employer_id)}",
                )
            )
    candidates = {i for i in links.ids["candidates"] if i is not None} | known.candidates
    household_ids = links.ids["households"]
    redefined = {i for i in household_ids if i is not None}
    for index, members in enumerate(links.members):
        where = where_of("households", index, household_ids[index])
        for position, member in enumerate(members):
            if member is None:
                continue
            stored = known.household_of.get(member)
            if member not in candidates:
                message = f"no candidate with id {quoted(member)}"
            elif stored is not None and stored != household_ids[index] and stored not in redefined:
                message = (
                    f"candidate {quoted(member)} is already a member of household {quoted(stored)}"
                )
            else:
                continue
            problems.append(Problem(where, f"members[{position}]", message))
    return problems


def reference_problems(
    dataset: Dataset,
    known: KnownIds | None = None,
    *,
    where_of: WhereOf = json_where,
) -> list[Problem]:
    """Dangling references of ``dataset`` against its own records plus ``known`` ones.

    For a dataset read with ``partial=True`` (where these checks were skipped). Records are
    named as in a JSON document (``vacancies[3] (id "V7")``); to have CSV files and lines
    named instead, pass ``known`` to the reader itself, which runs the same checks.
    """
    return dangling_references(Links.of_dataset(dataset), known or KnownIds(), where_of)
