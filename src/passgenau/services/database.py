"""Database administration as use cases: migrate, show the schema's state, add a tenant.

``passgenau db ...`` calls these, so that the command line needs nothing from ``store/``.
They work on the runtime's engine directly, without a unit of work: migrating must work
on a database whose schema is behind, and a tenant is what a unit of work needs first.
"""

from __future__ import annotations

from passgenau.services.runtime import Runtime, SchemaState


def upgrade_database(runtime: Runtime) -> SchemaState:
    """Create the database's schema or migrate it to the newest revision."""
    return runtime.upgrade()


def database_status(runtime: Runtime) -> SchemaState:
    """Which revision the database is at and which is the newest; changes nothing."""
    return runtime.schema_state()


def add_tenant(runtime: Runtime, key: str, name: str) -> None:
    """Add the tenant (a Jobcenter) ``key`` if it does not exist yet.

    Units of work refuse unknown tenants instead of creating them, so that a typo in a
    tenant key cannot silently start an empty caseload; this is the one way to add one.
    """
    from passgenau.store.database import ensure_tenant

    runtime.require_current_schema()
    ensure_tenant(runtime.engine(), key, name)
