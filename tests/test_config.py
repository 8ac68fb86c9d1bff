"""Settings come from the environment and an optional TOML file."""

from pathlib import Path

import pytest

from passgenau.config import load_settings
from passgenau.domain import GermanLevel, InvalidInput


def test_default_database_is_sqlite_in_the_data_dir(tmp_path: Path) -> None:
    """Without configuration passgenau uses an SQLite file in its data directory."""
    cfg = load_settings({"PASSGENAU_DATA_DIR": str(tmp_path), "HOME": str(tmp_path)})
    assert cfg.database_url == f"sqlite:///{tmp_path / 'passgenau.db'}"
    assert cfg.tenant == "default"
    assert cfg.uses_embedded_default  # created and migrated on first use


def test_a_named_database_is_not_the_embedded_default(tmp_path: Path) -> None:
    """A database named by URL is set up by `passgenau db upgrade`, never implicitly."""
    cfg = load_settings({"PASSGENAU_DATA_DIR": str(tmp_path),
                         "PASSGENAU_DATABASE_URL": f"sqlite:///{tmp_path / 'jc.db'}"})
    assert not cfg.uses_embedded_default


def test_environment_overrides_file(tmp_path: Path) -> None:
    """PASSGENAU_DATABASE_URL wins over the file; routing comes from [routing]."""
    config = tmp_path / "passgenau.toml"
    config.write_text(
        'database_url = "sqlite:///file.db"\n[routing]\nprojekt_from = "C1"\n',
        encoding="utf-8",
    )
    cfg = load_settings(
        {"PASSGENAU_CONFIG": str(config), "PASSGENAU_DATABASE_URL": "sqlite:///env.db"}
    )
    assert cfg.database_url == "sqlite:///env.db"
    assert cfg.routing.projekt_from is GermanLevel.C1


def test_bad_config_names_file_and_setting(tmp_path: Path) -> None:
    """Every bad setting is reported with the file and the key."""
    config = tmp_path / "passgenau.toml"
    config.write_text('[routing]\nregel_from = "B3"\ncolour = 1\n', encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        load_settings({"PASSGENAU_CONFIG": str(config)})
    text = str(err.value)
    assert "regel_from: 'B3' is not one of A0..C2" in text
    assert "colour: unknown setting" in text


def test_missing_named_config_is_an_error(tmp_path: Path) -> None:
    """A configuration file that was named but does not exist is not silently ignored."""
    with pytest.raises(InvalidInput, match="not found"):
        load_settings({"PASSGENAU_CONFIG": str(tmp_path / "nope.toml")})



def test_the_session_secret_is_refused_as_a_placeholder_outside_development(
    tmp_path: Path,
) -> None:
    """As the FastAPI template does: no guessable secret in production; development
    without one gets a random secret per process (None here)."""
    from dataclasses import replace

    from passgenau.config import Settings, session_secret

    base = Settings(database_url="sqlite://", data_dir=tmp_path)
    assert session_secret(base) is None
    for placeholder in ("", "changethis", "zu-kurz"):
        production = replace(base, environment="production", secret_key=placeholder)
        with pytest.raises(InvalidInput):
            session_secret(production)
    good = "x" * 40
    assert session_secret(replace(base, environment="production", secret_key=good)) == good


def test_web_settings_come_from_the_environment(tmp_path: Path) -> None:
    (tmp_path / "none.toml").write_text("", encoding="utf-8")
    settings = load_settings({"PASSGENAU_DATA_DIR": str(tmp_path),
                              "PASSGENAU_CONFIG": str(tmp_path / "none.toml"),
                              "PASSGENAU_ENVIRONMENT": "production",
                              "PASSGENAU_SECRET_KEY": "s" * 32,
                              "PASSGENAU_COOKIE_SECURE": "0"})
    assert (settings.environment, settings.secret_key, settings.cookie_secure) == (
        "production", "s" * 32, False)
    with pytest.raises(InvalidInput):
        load_settings({"PASSGENAU_DATA_DIR": str(tmp_path),
                       "PASSGENAU_CONFIG": str(tmp_path / "none.toml"),
                       "PASSGENAU_COOKIE_SECURE": "vielleicht"})
