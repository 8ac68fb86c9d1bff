"""``passgenau db``: create or upgrade the schema, add a tenant, show the state."""

from __future__ import annotations

from typing import Annotated

import typer

from passgenau.cli.common import handles_errors, runtime

db_app = typer.Typer(help="The database: create or upgrade its schema, show its state.")


@db_app.command("upgrade")
@handles_errors
def db_upgrade() -> None:
    """Create the database or migrate it to the newest schema."""
    from passgenau.presentation.database import upgraded_text
    from passgenau.services.database import upgrade_database

    typer.echo(upgraded_text(upgrade_database(runtime())))


@db_app.command("add-tenant")
@handles_errors
def db_add_tenant(
    key: Annotated[str, typer.Argument(help="Short key of the Jobcenter, e.g. 'rems-murr'.")],
    name: Annotated[str, typer.Option(help="Display name.")] = "",
) -> None:
    """Add a Jobcenter (tenant) to a shared database; its records stay apart from others'."""
    from passgenau.presentation.database import tenant_ready_text
    from passgenau.services.database import add_tenant

    add_tenant(runtime(), key, name or key)
    typer.echo(tenant_ready_text(key))


@db_app.command("status")
@handles_errors
def db_status() -> None:
    """Show which database is used and whether its schema is current."""
    from passgenau.presentation.database import status_text
    from passgenau.services.database import database_status

    typer.echo(status_text(database_status(runtime())))
