"""``passgenau user``: staff accounts of the web application and their API tokens."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from passgenau.cli.common import _state, handles_errors, runtime

user_app = typer.Typer(help="Staff accounts of the web application.")


@user_app.command("add")
@handles_errors
def user_add(
    username: Annotated[str, typer.Argument(help="The user name to sign in with.")],
    role: Annotated[str, typer.Option(help="officer, acquisition, management, partner or "
                                      "admin.")],
    tenant: Annotated[str | None, typer.Option("--tenant", help="The Jobcenter (tenant); "
                                               "default the configured one.")] = None,
) -> None:
    """Add a user; the password is read from standard input (or asked for)."""
    from passgenau.domain.accounts import parse_role
    from passgenau.services.users import add_user

    parsed = parse_role(role)
    if sys.stdin.isatty():
        password = typer.prompt("Passwort", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    user = add_user(runtime().accounts(), username, password, parsed,
                    tenant or _state.tenant or runtime().settings.tenant)
    typer.echo(f"Benutzer {user.username} angelegt ({user.role.german}, {user.tenant}).")


@user_app.command("token")
@handles_errors
def user_token(
    username: Annotated[str, typer.Argument(help="The user the token acts as.")],
    days: Annotated[int, typer.Option(help="Valid for this many days (1..365).")] = 90,
) -> None:
    """Make a bearer token for the JSON API (/api/v1); it is printed once, only its hash
    is stored. It acts as the user, with the user's role, on the user's Jobcenter."""
    from passgenau.services.tokens import issue_token

    issued = issue_token(runtime().accounts(), username, days)
    typer.echo(issued.token)
    typer.echo(f"API-Token für {issued.user.username} ({issued.user.role.german}, "
               f"{issued.user.tenant}), gültig bis {issued.expires_at:%d.%m.%Y %H:%M} UTC. "
               "Es wird nur jetzt angezeigt.", err=True)


@user_app.command("revoke-tokens")
@handles_errors
def user_revoke_tokens(
    username: Annotated[str, typer.Argument(help="The user whose tokens end now.")],
) -> None:
    """Revoke every API token of a user (e.g. one was leaked, or the user left)."""
    from passgenau.services.tokens import revoke_tokens

    count = revoke_tokens(runtime().accounts(), username)
    typer.echo(f"{count} API-Token von {username} widerrufen.")
