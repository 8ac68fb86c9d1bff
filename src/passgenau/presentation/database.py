"""Text for ``passgenau db ...``: the schema's state and tenants (kept in English, like
the other administration messages, as before)."""

from __future__ import annotations

from passgenau.services.runtime import SchemaState


def upgraded_text(state: SchemaState) -> str:
    return f"database {state.database} at revision {state.current}"


def status_text(state: SchemaState) -> str:
    lines = [
        f"database: {state.database}",
        f"revision: {state.current or '(empty)'}; newest: {state.newest}",
    ]
    if not state.is_current:
        lines.append("run 'passgenau db upgrade' to migrate")
    return "\n".join(lines)


def tenant_ready_text(key: str) -> str:
    return f"tenant '{key}' is ready"
