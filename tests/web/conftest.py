"""Two Jobcenters on a database of the test's own (SQLite and PostgreSQL), a user of
each, and a TestClient on the web application; ``sign_in`` signs in through the form."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from passgenau.config import Settings
from passgenau.domain.accounts import Role
from passgenau.domain.model import Dataset
from passgenau.domain.placement import Proposal
from passgenau.services.database import add_tenant
from passgenau.services.records import import_dataset
from passgenau.services.runtime import Runtime
from passgenau.services.users import add_user
from passgenau.web import create_app

from ..store.datasets import candidate, employer, vacancy

PASSWORD = "richtig-geheim-1"
TODAY = date(2026, 12, 6)
EVIL_NAME = '<script>alert("x")</script> Amira'


@dataclass
class Site:
    runtime: Runtime
    client: TestClient

    def csrf(self, path: str = "/anmelden") -> str:
        found = re.search(r'name="csrf_token" value="([^"]+)"', self.client.get(path).text)
        assert found, f"no CSRF field on {path}"
        return found.group(1)

    def sign_in(self, username: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
        return self.client.post("/anmelden", data={
            "username": username, "password": password, "csrf_token": self.csrf()},
            follow_redirects=False)


@pytest.fixture
def site(database_url: str, tmp_path: Path) -> Iterator[Site]:
    runtime = Runtime(Settings(database_url=database_url, data_dir=tmp_path, tenant="jc-a"))
    runtime.upgrade()
    for key, prefix, name in (("jc-a", "A", EVIL_NAME), ("jc-b", "B", "Bodo Beispiel")):
        add_tenant(runtime, key, f"Jobcenter {prefix}")
        import_dataset(runtime.unit_of_work(key), Dataset(
            employers=(employer(f"{prefix}E1"),),
            vacancies=(vacancy(f"{prefix}V1", f"{prefix}E1"),),
            candidates=(candidate(f"{prefix}C1", name=name),
                        candidate(f"{prefix}C2", name="Zweite Person")),
        ))
        uow = runtime.unit_of_work(key)
        with uow:
            uow.placements.add_proposal(Proposal(f"{prefix}V1", f"{prefix}C1", rank=1),
                                        ("Der Arbeitsweg dauert 25 Minuten.",))
            uow.commit()
    add_user(runtime.accounts(), "anna", PASSWORD, Role.OFFICER, "jc-a")
    add_user(runtime.accounts(), "bernd", PASSWORD, Role.OFFICER, "jc-b")
    add_user(runtime.accounts(), "lea", PASSWORD, Role.MANAGEMENT, "jc-a")
    with TestClient(create_app(runtime, today=lambda: TODAY),
                    base_url="https://testserver") as client:
        yield Site(runtime, client)
    runtime.close()
