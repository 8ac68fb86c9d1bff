"""The ``passgenau`` command line: parse, call a service, print; translate errors.

One module per group of commands (:mod:`.records`, :mod:`.matching`, :mod:`.events`, …),
the shared helpers in :mod:`.common`. Commands import their services and presentation
inside their bodies, so ``passgenau validate`` does not pay for the matching engine,
SQLAlchemy or the web. German text comes from :mod:`passgenau.presentation`.

The top-level commands and the groups are registered here, in the order ``--help`` lists
them.
"""

from __future__ import annotations

from passgenau.cli import (
    accounts,
    candidates,
    casework,
    database,
    events,
    matching,
    partners,
    places,
    records,
    reports,
    scheduling,
    shortlists,
    web,
    workflow,
)
from passgenau.cli.common import _state, app

__all__ = ["_state", "app", "main"]

app.command("validate")(records.validate)
app.command("import")(records.import_)
app.command("export")(records.export)
app.command("summary")(records.summary)
app.command("match")(matching.match)
app.command("explain")(matching.explain_command)
app.command("speed-dating", epilog=scheduling.SPEED_DATING_EPILOG)(scheduling.speed_dating_command)
app.command("interview-day")(scheduling.interview_day_command)
app.command("accompanied-day")(scheduling.accompanied_day_command)
app.command("demo")(web.demo)
app.command("serve")(web.serve_command)
app.command("audit")(workflow.audit)
app.command("report")(reports.report)
app.command("statistics-export")(reports.statistics_export_command)
app.command("fairness")(reports.fairness)
app.command("system-description")(reports.system_description_command)
app.command("story")(reports.story)
app.command("invitation")(events.invitation)

app.add_typer(database.db_app, name="db")
app.add_typer(places.reference_app, name="reference")
app.add_typer(places.transit_app, name="transit")
app.add_typer(accounts.user_app, name="user")
app.add_typer(workflow.proposals_app, name="proposals")
app.add_typer(workflow.consent_app, name="consent")
app.add_typer(candidates.candidates_app, name="candidates")
app.add_typer(casework.followups_app, name="followups")
app.add_typer(casework.courses_app, name="courses")
app.add_typer(casework.recognition_app, name="recognition")
app.add_typer(partners.employers_app, name="employers")
app.add_typer(partners.partners_app, name="partners")
app.add_typer(candidates.retention_app, name="retention")
app.add_typer(reports.decisions_app, name="decisions")
app.add_typer(shortlists.shortlist_app, name="shortlist")
app.add_typer(events.event_app, name="event")


def main() -> None:
    app()
