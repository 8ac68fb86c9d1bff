"""Schemathesis against the API's own OpenAPI document (``/api/v1/openapi.json``), on
SQLite and PostgreSQL, with a valid bearer token: generated requests for every
operation, valid ones and invalid ones, must never make a server error, and every answer
must be what the document says (status code, content type, headers, JSON schema).

The cases are drawn with the operations' Hypothesis strategies in one test per database
(schemathesis' pytest fixture loader does not run on pytest 9), a few dozen per
operation, derandomized: the same requests in every run, so CI never depends on luck.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from .api_site import ApiSite, api_fixture  # noqa: F401 (the fixture "api")

EXAMPLES = 10
#: Records of Jobcenter A (the token's), so that some cases find what they ask for.
KNOWN = {"candidate_id": "AC1", "vacancy_id": "AV1"}


def test_the_api_keeps_to_its_openapi_document(api: ApiSite) -> None:
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", api.site.client.app)
    headers = api.headers("anna")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    for operation in operations:
        strategies = [operation.as_strategy(mode) for mode in GenerationMode]
        names = {p.name for p in operation.path_parameters}
        if names and names <= KNOWN.keys():  # also on records that exist: 200s checked
            strategies.append(operation.as_strategy(
                path_parameters={n: KNOWN[n] for n in names}))
        for strategy in strategies:

            @given(case=strategy)
            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            def check(case: Any) -> None:
                case.call_and_validate(headers=headers)

            check()
