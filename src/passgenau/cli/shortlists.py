"""``passgenau shortlist``: the employer's signed link to a vacancy's proposals."""

from __future__ import annotations

from typing import Annotated

import typer

from passgenau.cli.common import handles_errors, runtime

shortlist_app = typer.Typer(help="Shortlists: the employer's link to a vacancy's proposals.")


@shortlist_app.command("link")
@handles_errors
def shortlist_link(
    vacancy_id: Annotated[str, typer.Argument(metavar="VACANCY_ID")],
    days: Annotated[int, typer.Option(min=1, max=365, help="Days the link is good for.")]
    = 14,
    base: Annotated[str, typer.Option(help="The web application's address, put in front "
                                      "of the path (e.g. https://passgenau.example).")]
    = "",
) -> None:
    """A signed link for the vacancy's employer (no account): /arbeitgeber/<token>."""
    from datetime import UTC, datetime

    from passgenau.services.employer_links import link_secret, make_link

    served = runtime()
    link = make_link(served.unit_of_work(), link_secret(served.settings), vacancy_id,
                     datetime.now(UTC), days)
    typer.echo(base.rstrip("/") + link.path)
    typer.echo(f"gültig bis {link.expires:%d.%m.%Y %H:%M} Uhr (UTC), Link-Nr. {link.link_id}",
               err=True)
