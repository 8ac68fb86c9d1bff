"""Reading a ``passgenau/1`` document into a domain :class:`Dataset`.

pydantic validates the whole document against :mod:`passgenau.exchange.models` in one
call, which makes each valid record its domain object; the rules across records
(:mod:`passgenau.exchange.integrity`) run on the result. All problems are
collected and raised together as one :class:`InvalidInput`: a placement officer fixing an
export wants the whole list, not one error per attempt.
"""

from __future__ import annotations

from typing import Any

from pydantic_core import ValidationError

from passgenau.domain.errors import InvalidInput, Problem
from passgenau.domain.model import Dataset, MatchSettings
from passgenau.exchange.integrity import (
    KnownIds,
    Links,
    dangling_references,
    duplicate_ids,
    shared_members,
)
from passgenau.exchange.models import COLLECTIONS, FORMAT, document_schema, document_validator
from passgenau.exchange.problems import DOCUMENT, WhereOf, json_where, problems_of, show, type_name


def read_document(obj: object, *, partial: bool = False, known: KnownIds | None = None) -> Dataset:
    """Validate a parsed ``passgenau/1`` document and build its :class:`Dataset`.

    ``partial=True`` is for imports into a database that may already hold the records
    others refer to: the arrays become optional and references between records are not
    checked, unless ``known`` names the stored ids, in which case references must resolve
    within the document or ``known``. Raises :class:`InvalidInput` with every problem.
    """
    return build_dataset(obj, partial=partial, known=known, where_of=json_where)


def build_dataset(
    obj: object, *, partial: bool, known: KnownIds | None, where_of: WhereOf
) -> Dataset:
    """:func:`read_document` with records named by ``where_of`` (the CSV reader's hook)."""
    if not isinstance(obj, dict):
        raise InvalidInput([Problem(DOCUMENT, "", f"must be a JSON object, not {type_name(obj)}")])
    if "format" in obj and obj["format"] != FORMAT:
        # Another format's fields mean other things: checking them as ours would only mislead.
        message = f"{show(obj['format'])} is not a supported format; expected {FORMAT!r}"
        raise InvalidInput([Problem(DOCUMENT, "format", message)])
    try:
        document = document_validator(partial).validate_python(obj)
    except ValidationError as err:
        problems = problems_of(err, document_schema(partial), obj, where_of)
        raw = {name: obj.get(name) for name in COLLECTIONS}
        lists = {name: value if isinstance(value, list) else [] for name, value in raw.items()}
        problems += _integrity(Links.of_raw(lists), partial, known, where_of)
        raise InvalidInput(problems) from None
    return validated_dataset(document, partial=partial, known=known, where_of=where_of)


def validated_dataset(
    document: dict[str, Any], *, partial: bool, known: KnownIds | None, where_of: WhereOf
) -> Dataset:
    """The dataset of a validated document, after the checks across its records."""
    dataset = Dataset(
        employers=document.get("employers", ()),
        vacancies=document.get("vacancies", ()),
        candidates=document.get("candidates", ()),
        households=document.get("households", ()),
        settings=document.get("settings", MatchSettings()),
        reference_date=document.get("reference_date"),
    )
    problems = _integrity(Links.of_dataset(dataset), partial, known, where_of)
    if problems:
        raise InvalidInput(problems)
    return dataset


def _integrity(
    links: Links, partial: bool, known: KnownIds | None, where_of: WhereOf
) -> list[Problem]:
    problems = duplicate_ids(links, where_of) + shared_members(links, where_of)
    if not partial or known is not None:
        problems += dangling_references(links, known or KnownIds(), where_of)
    return problems
