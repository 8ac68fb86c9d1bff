"""The web's commands: ``passgenau user add`` (password from standard input) and
``passgenau demo`` serving with a printed demo sign-in that works."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from passgenau import cli
from passgenau.config import load_settings
from passgenau.services.runtime import Runtime
from passgenau.services.users import sign_in
from passgenau.web import create_app

PASSWORD = "ein-langes-passwort"


@pytest.fixture
def invoke(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("PASSGENAU_DATABASE_URL", database_url)
    monkeypatch.setenv("PASSGENAU_CONFIG", str(tmp_path / "none.toml"))
    (tmp_path / "none.toml").write_text("", encoding="utf-8")
    monkeypatch.delenv("PASSGENAU_TENANT", raising=False)
    runner = CliRunner()

    def run(*args: str, stdin: str = "") -> Any:
        return runner.invoke(cli.app, list(args), input=stdin, catch_exceptions=False)

    return run


def _runtime() -> Runtime:
    return Runtime(load_settings())


def test_user_add_reads_the_password_from_standard_input(invoke: Any) -> None:
    assert invoke("db", "upgrade").exit_code == 0
    assert invoke("db", "add-tenant", "jc-a").exit_code == 0
    added = invoke("user", "add", "anna", "--role", "officer", "--tenant", "jc-a",
                   stdin=PASSWORD + "\n")
    assert added.exit_code == 0, added.stderr
    assert "anna" in added.stdout
    runtime = _runtime()
    try:
        user = sign_in(runtime.accounts(), "anna", PASSWORD)
    finally:
        runtime.close()
    assert (user.username, user.role.value, user.tenant) == ("anna", "officer", "jc-a")


@pytest.mark.parametrize(("args", "stdin", "where"), [
    (("--role", "chef", "--tenant", "jc-a"), PASSWORD, "role"),
    (("--role", "officer", "--tenant", "jc-a"), "kurz", "password"),
    (("--role", "officer", "--tenant", "gibt-es-nicht"), PASSWORD, "gibt-es-nicht"),
])
def test_user_add_refuses_bad_input_with_exit_code_2(invoke: Any, args: tuple[str, ...],
                                                      stdin: str, where: str) -> None:
    assert invoke("db", "upgrade").exit_code == 0
    assert invoke("db", "add-tenant", "jc-a").exit_code == 0
    result = invoke("user", "add", "anna", *args, stdin=stdin + "\n")
    assert result.exit_code == 2
    assert where in result.stderr and "Traceback" not in result.stderr


def test_demo_serves_with_a_demo_sign_in_that_works(
    invoke: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`passgenau demo` prints the address and a sign-in, then serves (here: the server
    start is caught, and the printed sign-in is tried on the same application)."""
    served: list[tuple[Runtime, str, int]] = []
    monkeypatch.setattr(cli.web, "_serve", lambda rt, host, port: served.append((rt, host, port)))
    result = invoke("demo", "--candidates", "40", "--employers", "5", "--vacancies", "8")
    assert result.exit_code == 0, result.stderr
    assert "http://127.0.0.1:8000/" in result.stdout
    found = re.search(r"Anmeldung: Benutzer (\S+), Passwort (\S+)", result.stdout)
    assert found, result.stdout
    runtime, host, port = served[0]
    assert (host, port) == ("127.0.0.1", 8000)
    with TestClient(create_app(runtime), base_url="http://127.0.0.1:8000") as client:
        page = client.get("/anmelden").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        answer = client.post("/anmelden", data={"username": found.group(1),
                                                "password": found.group(2),
                                                "csrf_token": token})
        assert answer.status_code == 200 and "Übersicht" in answer.text
        assert "Stellen ohne volle Vorschlagsliste" in answer.text
    runtime.close()
