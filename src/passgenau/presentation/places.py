"""German text for places: what ``passgenau reference import-places`` did."""

from __future__ import annotations

from passgenau.services.places import PlacesFormat, PlacesImportSummary
from passgenau.services.unit_of_work import PlaceCounts


def number(n: int) -> str:
    """A whole number the German way: 10.994."""
    return f"{n:,}".replace(",", ".")


def _counts(c: PlaceCounts) -> str:
    return f"{number(c.created)} neu, {number(c.updated)} geändert, " \
           f"{number(c.unchanged)} unverändert"


def places_import_text(s: PlacesImportSummary) -> str:
    """The summary the command line prints after importing a places file."""
    lines = [f"Ortsverzeichnis eingelesen: {s.format.value}"]
    if s.format is PlacesFormat.GV_AUSZUG:
        lines.append(f"  Gemeinden:      {_counts(s.municipalities)}")
        lines.append(f"  Postleitzahlen: {number(s.distinct_postcodes)} verschiedene "
                     "(das Verzeichnis nennt je Gemeinde eine)")
    else:
        organisations = (f", davon {number(s.organisation_postcodes)} Großkunden-PLZ"
                         if s.organisation_postcodes else "")
        lines.append(f"  Postleitzahlen: {_counts(s.postcodes)}{organisations}")
    if s.skipped:
        lines.append(f"  Übersprungen:   {number(s.skipped)} Gemeinden ohne Koordinaten")
    if not s.changed:
        lines.append("  Keine Änderungen: alle Orte waren schon aktuell.")
    return "\n".join(lines)
