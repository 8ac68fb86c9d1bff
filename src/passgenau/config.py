"""Settings: one validated object, built by a factory from the environment and a TOML file.

Nothing is read at import time, so tests and the CLI can build settings for any
environment. Precedence: explicit environment variables over the TOML file over defaults.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

from passgenau.domain.errors import InvalidInput, Problem
from passgenau.domain.followups import FollowUpPolicy
from passgenau.domain.levels import GermanLevel
from passgenau.domain.routing import RoutingRules

APP_NAME = "passgenau"
ENV_DATABASE_URL = "PASSGENAU_DATABASE_URL"
ENV_DATA_DIR = "PASSGENAU_DATA_DIR"
ENV_CONFIG = "PASSGENAU_CONFIG"
ENV_TENANT = "PASSGENAU_TENANT"
ENV_ACTOR = "PASSGENAU_ACTOR"
ENV_TRAVEL = "PASSGENAU_TRAVEL"
ENV_ENVIRONMENT = "PASSGENAU_ENVIRONMENT"
ENV_SECRET_KEY = "PASSGENAU_SECRET_KEY"
ENV_COOKIE_SECURE = "PASSGENAU_COOKIE_SECURE"
ENV_SMTP_HOST = "PASSGENAU_SMTP_HOST"
ENV_SMTP_PORT = "PASSGENAU_SMTP_PORT"
ENV_SMTP_SENDER = "PASSGENAU_SMTP_SENDER"
DEVELOPMENT = "development"
PLACEHOLDER_SECRETS = frozenset({"", "changethis"})
MIN_SECRET_LENGTH = 32


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    data_dir: Path
    tenant: str = "default"
    actor: str = "cli"
    routing: RoutingRules = field(default_factory=RoutingRules)
    config_file: Path | None = None
    travel: str = "reference"  # the travel model of database-backed matching runs
    followups: FollowUpPolicy = field(default_factory=FollowUpPolicy)
    retention_months: int = 36  # erase a candidate this long after their case ended
    # issue 13: keep the decision log of matching runs this long (the AI Act: >= 6)
    decision_log_months: int = 12
    # -- the web (issue 11) --
    environment: str = DEVELOPMENT  # "development" or e.g. "production"
    secret_key: str = ""  # signs the session cookie; required outside development
    cookie_secure: bool = True  # False only for plain-HTTP use on localhost
    # -- letters by e-mail (issue 12): the Jobcenter's SMTP relay and sender address --
    smtp_host: str = ""  # empty: e-mail is not configured
    smtp_port: int = 25
    smtp_sender: str = ""

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def uses_embedded_default(self) -> bool:
        """Whether the database is the embedded SQLite file in the data directory, the
        one a single-user installation gets without configuring anything (it is
        created and migrated on first use)."""
        return self.database_url == default_database_url(self.data_dir)


def default_database_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'passgenau.db'}"


def default_data_dir(environ: Mapping[str, str]) -> Path:
    if environ.get(ENV_DATA_DIR):
        return Path(environ[ENV_DATA_DIR]).expanduser()
    return Path(user_data_dir(APP_NAME, appauthor=False))


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings for this process: ``PASSGENAU_*`` variables and the optional TOML file.

    The TOML file is ``$PASSGENAU_CONFIG`` or ``passgenau.toml`` in the user's config
    directory; a missing default file is fine, a missing named one is an error.
    """
    env = os.environ if environ is None else environ
    config_path, table = _read_config_file(env)
    data_dir = default_data_dir(env)
    database_url = (
        env.get(ENV_DATABASE_URL)
        or table.get("database_url")
        or default_database_url(data_dir)
    )
    return Settings(
        database_url=str(database_url),
        data_dir=data_dir,
        tenant=env.get(ENV_TENANT) or str(table.get("tenant", "default")),
        actor=env.get(ENV_ACTOR) or str(table.get("actor", "")) or _os_user(env),
        routing=_routing_from(table.get("routing", {}), config_path),
        config_file=config_path,
        travel=env.get(ENV_TRAVEL) or str(table.get("travel", "reference")),
        followups=_followups_from(table, config_path),
        retention_months=_whole_number(table, "retention_months", 36, 1, 240, config_path),
        decision_log_months=_whole_number(table, "decision_log_months", 12, 6, 240,
                                          config_path),
        environment=env.get(ENV_ENVIRONMENT) or str(table.get("environment", DEVELOPMENT)),
        secret_key=env.get(ENV_SECRET_KEY) or str(table.get("secret_key", "")),
        cookie_secure=_flag(env.get(ENV_COOKIE_SECURE), table.get("cookie_secure", True),
                            config_path),
        smtp_host=env.get(ENV_SMTP_HOST) or str(table.get("smtp_host", "")),
        smtp_port=_smtp_port(env.get(ENV_SMTP_PORT), table, config_path),
        smtp_sender=env.get(ENV_SMTP_SENDER) or str(table.get("smtp_sender", "")),
    )


def _smtp_port(env_value: str | None, table: Mapping[str, object], path: Path | None) -> int:
    """The SMTP port: the environment's over the TOML file's ``smtp_port``, 1..65535."""
    if env_value is not None and env_value.strip():
        text = env_value.strip()
        if text.isdigit() and 1 <= int(text) <= 65535:
            return int(text)
        raise InvalidInput([Problem(ENV_SMTP_PORT, "", "must be a port number 1..65535")])
    return _whole_number(table, "smtp_port", 25, 1, 65535, path)


def _flag(env_value: str | None, toml_value: object, path: Path | None) -> bool:
    """A yes/no setting: the environment's ``1``/``0`` (also true/false) over the TOML's."""
    if env_value is not None and env_value.strip():
        text = env_value.strip().lower()
        if text in ("1", "true", "yes"):
            return True
        if text in ("0", "false", "no"):
            return False
        raise InvalidInput([Problem(ENV_COOKIE_SECURE, "", "must be 1 or 0")])
    if isinstance(toml_value, bool):
        return toml_value
    raise InvalidInput([Problem(str(path) if path else "configuration", "cookie_secure",
                                "must be true or false")])


def session_secret(settings: Settings) -> str | None:
    """The secret that signs the web's session cookie.

    Outside development a placeholder or short secret is refused (as the FastAPI
    template does): a guessable secret lets anyone forge a session. In development
    without a secret the answer is None, and the web makes a random one per process
    (sessions then end with the server).
    """
    secret = settings.secret_key
    if secret not in PLACEHOLDER_SECRETS and len(secret) >= MIN_SECRET_LENGTH:
        return secret
    if settings.environment == DEVELOPMENT:
        if secret not in PLACEHOLDER_SECRETS:
            return secret
        return None
    raise InvalidInput([Problem(ENV_SECRET_KEY, "", f"set a random secret of at least "
                                f"{MIN_SECRET_LENGTH} characters outside development "
                                "(e.g. python -c 'import secrets; "
                                "print(secrets.token_urlsafe(32))')")])


def _whole_number(
    table: Mapping[str, object], key: str, default: int, low: int, high: int,
    path: Path | None,
) -> int:
    """A top-level whole-number setting of the TOML file, checked against low..high."""
    value = table.get(key, default)
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return value
    where = str(path) if path else "configuration"
    raise InvalidInput([Problem(where, key, f"must be a whole number {low}..{high}")])


def _followups_from(table: Mapping[str, object], path: Path | None) -> FollowUpPolicy:
    """``followup_weeks`` (default 6) and ``followup_after_course_days`` (default 7)."""
    return FollowUpPolicy(
        weeks=_whole_number(table, "followup_weeks", 6, 1, 52, path),
        after_course_days=_whole_number(table, "followup_after_course_days", 7, 0, 90, path),
    )


def _os_user(env: Mapping[str, str]) -> str:
    return env.get("USER") or env.get("USERNAME") or "cli"


def _read_config_file(env: Mapping[str, str]) -> tuple[Path | None, dict]:
    named = env.get(ENV_CONFIG)
    path = Path(named) if named else Path(user_config_dir(APP_NAME, appauthor=False)) / (
        "passgenau.toml"
    )
    if not path.exists():
        if named:
            raise InvalidInput([Problem(str(path), "", "configuration file not found")])
        return None, {}
    try:
        return path, tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput([Problem(str(path), "", f"not valid TOML: {exc}")]) from None


def _routing_from(table: object, path: Path | None) -> RoutingRules:
    """``[routing]`` in the TOML file: ``youth_age_limit``, ``regel_from``, ``projekt_from``."""
    where = f"{path} [routing]" if path else "[routing]"
    if not isinstance(table, dict):
        raise InvalidInput([Problem(where, "", "must be a table")])
    problems: list[Problem] = []
    kwargs: dict[str, object] = {}
    for key, value in table.items():
        if key == "youth_age_limit":
            if isinstance(value, int) and not isinstance(value, bool):
                kwargs[key] = value
            else:
                problems.append(Problem(where, key, "must be a whole number"))
        elif key in ("regel_from", "projekt_from"):
            try:
                kwargs[key] = GermanLevel.parse(str(value))
            except ValueError as exc:
                problems.append(Problem(where, key, str(exc)))
        else:
            problems.append(Problem(where, key, "unknown setting"))
    if problems:
        raise InvalidInput(problems)
    try:
        return RoutingRules(**kwargs)  # type: ignore[arg-type]
    except ValueError as exc:
        raise InvalidInput([Problem(where, "", str(exc))]) from None


def display_url(url: str) -> str:
    """A database URL fit to show: the password hidden."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
