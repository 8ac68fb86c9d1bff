"""``passgenau user token USER [--days N]`` prints a token once, which then opens the
API as that user; ``passgenau user revoke-tokens USER`` ends it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from passgenau import cli
from passgenau.config import load_settings
from passgenau.services.runtime import Runtime
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

    assert run("db", "upgrade").exit_code == 0
    assert run("db", "add-tenant", "jc-a").exit_code == 0
    assert run("user", "add", "anna", "--role", "management", "--tenant", "jc-a",
               stdin=PASSWORD + "\n").exit_code == 0
    return run


def _me(token: str) -> Any:
    runtime = Runtime(load_settings())
    try:
        with TestClient(create_app(runtime), base_url="https://testserver") as client:
            return client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    finally:
        runtime.close()


def test_a_token_is_printed_once_and_opens_the_api_until_revoked(invoke: Any) -> None:
    made = invoke("user", "token", "anna", "--days", "7")
    assert made.exit_code == 0, made.stderr
    token = made.stdout.strip()  # the token alone on standard output, for scripts
    assert token.startswith("pga_") and "\n" not in token
    assert "anna" in made.stderr and "nur jetzt angezeigt" in made.stderr
    answer = _me(token)
    assert answer.status_code == 200
    assert answer.json() == {"username": "anna", "role": "management", "tenant": "jc-a"}
    revoked = invoke("user", "revoke-tokens", "anna")
    assert revoked.exit_code == 0 and "1 API-Token" in revoked.stdout
    assert _me(token).status_code == 401


@pytest.mark.parametrize(("args", "where"), [
    (("token", "niemand"), "niemand"),
    (("token", "anna", "--days", "400"), "days"),
    (("revoke-tokens", "niemand"), "niemand"),
])
def test_bad_token_requests_exit_with_code_2(invoke: Any, args: tuple[str, ...],
                                             where: str) -> None:
    result = invoke("user", *args)
    assert result.exit_code == 2
    assert where in result.stderr and "Traceback" not in result.stderr
