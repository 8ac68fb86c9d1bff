"""``serve`` and ``demo``: the commands that start the web application."""

from __future__ import annotations

from typing import Annotated

import typer

from passgenau.cli.common import _state, handles_errors, runtime
from passgenau.services.runtime import Runtime


@handles_errors
def demo(
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same "
                                      "Jobcenter.")] = 2024,
    candidates: Annotated[int, typer.Option(min=10, help="Number of candidates.")] = 2000,
    employers: Annotated[int, typer.Option(min=5, help="Number of employers.")] = 150,
    vacancies: Annotated[int, typer.Option(min=5, help="Number of vacancies.")] = 400,
    serve: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve the web UI "
                                        "afterwards, with a demo sign-in.")] = True,
) -> None:
    """Build a synthetic Jobcenter Rems-Murr in the database and run the main job on it."""
    from passgenau.presentation.demo import demo_text
    from passgenau.services.demo import DEMO_TENANT, run_demo

    report = run_demo(runtime(), seed=seed, candidates=candidates, employers=employers,
                      vacancies=vacancies, tenant=_state.tenant or DEMO_TENANT)
    typer.echo(demo_text(report))
    if serve:
        from dataclasses import replace

        from passgenau.services.users import demo_sign_in

        user, password = demo_sign_in(runtime().accounts(), report.tenant)
        # the demo is served on loopback over plain HTTP: a Secure cookie would not come back
        local = Runtime(replace(runtime().settings, cookie_secure=False))
        typer.echo(f"\nWeboberfläche: http://{DEMO_HOST}:{DEMO_PORT}/\n"
                   f"Anmeldung: Benutzer {user}, Passwort {password}\n"
                   "(Beenden mit Strg+C)")
        _serve(local, DEMO_HOST, DEMO_PORT)


DEMO_HOST = "127.0.0.1"
DEMO_PORT = 8000


def _serve(served: Runtime, host: str, port: int) -> None:
    """Run the web application until interrupted (one engine for the server's life)."""
    import uvicorn

    from passgenau.web import create_app

    served.require_current_schema()  # an outdated schema is said now, not per request
    try:
        uvicorn.run(create_app(served), host=host, port=port, log_level="warning",
                    access_log=False)  # access lines would name records in URLs
    finally:
        served.close()


@handles_errors
def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = DEMO_HOST,
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web application on the configured database."""
    served = runtime()
    typer.echo(f"passgenau: http://{host}:{port}/ (Datenbank {served.database}); "
               "beenden mit Strg+C")
    _serve(served, host, port)
