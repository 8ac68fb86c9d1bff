"""The JSON API's test site: the web test site (two Jobcenters, SQLite and PostgreSQL)
with more roles, and a bearer token for each user."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from passgenau.domain.accounts import Role
from passgenau.services.tokens import issue_token
from passgenau.services.users import add_user

from .conftest import PASSWORD, Site

API = "/api/v1"


@dataclass
class ApiSite:
    site: Site
    tokens: dict[str, str]

    def headers(self, who: str | None) -> dict[str, str]:
        return {} if who is None else {"Authorization": f"Bearer {self.tokens[who]}"}

    def get(self, path: str, who: str | None = "anna", **kw: Any) -> httpx.Response:
        return self.site.client.get(API + path, headers=self.headers(who), **kw)

    def post(self, path: str, body: Any = None, who: str | None = "anna",
             **kw: Any) -> httpx.Response:
        return self.site.client.post(API + path, json=body, headers=self.headers(who), **kw)


@pytest.fixture(name="api")
def api_fixture(site: Site) -> Iterator[ApiSite]:
    """anna, bernd: officers of Jobcenter A and B; lea: management of A; ole: acquisition
    of A; paul: a partner of A. Each has a token."""
    accounts = site.runtime.accounts
    add_user(accounts(), "ole", PASSWORD, Role.ACQUISITION, "jc-a")
    add_user(accounts(), "paul", PASSWORD, Role.PARTNER, "jc-a")
    tokens = {name: issue_token(accounts(), name).token
              for name in ("anna", "bernd", "lea", "ole", "paul")}
    yield ApiSite(site, tokens)
    site.client.app.state.api.state.match_runs.wait()  # type: ignore[attr-defined]
