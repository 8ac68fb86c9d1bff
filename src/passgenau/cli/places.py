"""``passgenau reference`` and ``passgenau transit``: the reference data (KldB titles,
places) and GTFS timetables the matching and the scheduling read."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from passgenau.cli.common import EXIT_BAD_INPUT, fail, handles_errors, runtime

reference_app = typer.Typer(help="Reference data: KldB occupation titles, places.")


transit_app = typer.Typer(help="Public transport: read GTFS timetables (Fahrpläne).")


@reference_app.command("import-kldb")
@handles_errors
def reference_import_kldb(
    source: Annotated[Path, typer.Argument(help="The official KldB 2010 list (CSV).")],
) -> None:
    """Import the full official KldB 2010 list of occupation titles."""
    from passgenau.services.records import import_kldb_file

    count = import_kldb_file(runtime().unit_of_work(), source)
    typer.echo(f"stored {count} KldB titles")


@reference_app.command("import-places")
@handles_errors
def reference_import_places(
    source: Annotated[Path, typer.Argument(help="Destatis Gemeindeverzeichnis-Auszug (CSV), "
                                           "OpenGeoDB PLZ.tab or GeoNames postal codes (CSV).")],
) -> None:
    """Import a municipality register or postcode table for offline geocoding."""
    from passgenau.presentation.places import places_import_text
    from passgenau.services.places import import_places_file

    typer.echo(places_import_text(import_places_file(runtime().unit_of_work(), source)))


@transit_app.command("import")
@handles_errors
def transit_import(
    feed: Annotated[Path, typer.Argument(help="A GTFS feed (.zip, or a folder of .txt "
                                         "files).")],
    cache_dir: Annotated[Path | None, typer.Option("--cache-dir", help="Where the parsed "
                                                   "timetable is cached; default the user "
                                                   "cache directory.")] = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Parse again even if a cached "
                                          "copy exists.")] = False,
) -> None:
    """Read a GTFS feed, build and cache its arrays, and summarise it (German)."""
    from passgenau.presentation.transit import feed_text, unreadable_text
    from passgenau.services.transit import FeedUnreadable, import_feed

    try:
        summary = import_feed(feed, cache_dir, rebuild=rebuild)
    except FeedUnreadable as exc:
        fail([unreadable_text(exc)], EXIT_BAD_INPUT)
    typer.echo(feed_text(summary))
