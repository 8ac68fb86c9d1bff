"""German sentences for the refusals of the services, shown instead of a traceback.

The services' own messages are English (they go to logs and the terminal); the staff's
pages say in German what was refused and what to do.
"""

from __future__ import annotations

from passgenau.domain.accounts import NotPermitted, SignInRefused, SignInThrottled
from passgenau.domain.concurrency import StaleRecord
from passgenau.domain.errors import InvalidInput, NotFound, PassgenauError
from passgenau.domain.workflow import ConsentMissing, IllegalMove, NoOpenPosition


def german(exc: PassgenauError) -> str:
    """One German sentence for a refusal."""
    if isinstance(exc, StaleRecord):
        return ("Der Vorschlag wurde inzwischen von jemand anderem geändert. Bitte laden "
                "Sie die Seite neu und prüfen Sie den aktuellen Stand, bevor Sie ihn "
                "erneut bewegen.")
    if isinstance(exc, IllegalMove):
        return ("Dieser Schritt ist im Ablauf nicht erlaubt (oder es fehlt ein Grund "
                "für Ablehnung bzw. Rückzug).")
    if isinstance(exc, ConsentMissing):
        return ("Es liegt keine gültige Einwilligung der Person für diesen Arbeitgeber "
                "vor; der Vorschlag kann nicht weitergegeben werden.")
    if isinstance(exc, NoOpenPosition):
        return "Für diese Stelle ist keine offene Position mehr frei."
    if isinstance(exc, SignInThrottled):
        return (f"Zu viele fehlgeschlagene Anmeldungen. Bitte versuchen Sie es nach "
                f"{exc.until:%H:%M} Uhr (UTC) erneut.")
    if isinstance(exc, SignInRefused):
        return "Benutzername oder Passwort ist falsch."
    if isinstance(exc, NotPermitted):
        return f"Ihre Rolle ({exc.role.german}) darf {exc.what} nicht."
    if isinstance(exc, NotFound):
        return "Dieser Datensatz existiert nicht."
    if isinstance(exc, InvalidInput):
        return "Die Eingabe ist ungültig: " + "; ".join(p.message for p in exc.problems)
    return "Die Aktion wurde abgelehnt."
