"""German text for ``passgenau demo``: the report of one demo run."""

from __future__ import annotations

from passgenau.matching.result import JointProposal, MatchSummary
from passgenau.presentation.records import caseload_text, import_text
from passgenau.services.demo import DemoReport

DEMO_END = "(Die Weboberfläche folgt in einer späteren Version; Ende der Demo.)"


def demo_text(report: DemoReport) -> str:
    t = report.timings
    tenant, day = report.tenant, report.reference_date
    lines = [
        "passgenau Demo: Jobcenter Rems-Murr (synthetische Daten)",
        f"Datenbank: {report.database}  (Mandant '{tenant}')",
        f"Erzeugt in {t.generated:.1f} s, gespeichert in {t.stored:.1f} s, "
        f"Matching in {t.matched:.1f} s.",
        "",
        import_text(report.imported),
        "",
        caseload_text(report.caseload),
        "",
        *matching_lines(report.matching, report.first_joint_proposal),
        "",
        "Weiter:",
        f"  passgenau --tenant {tenant} summary --on {day}",
        f"  passgenau --tenant {tenant} export demo.json",
        f"  passgenau --tenant {tenant} match --db --on {day} --format table",
        f"  passgenau --tenant {tenant} report --format pdf --out bericht.pdf",
        f"  passgenau --tenant {tenant} fairness --db --format table",
        "  passgenau demo   (ohne --no-serve: die Weboberfläche mit Anmeldung)",
    ]
    return "\n".join(lines)


def matching_lines(facts: MatchSummary, joint: JointProposal | None) -> list[str]:
    """The main job's result in brief, and the seed's success story if it is there."""
    lines = [
        "Passgenaue Vermittlung (Matching):",
        f"  {facts.proposals} Vermittlungsvorschläge für {facts.vacancies} Stellen; "
        f"{facts.vacancies_reaching_minimum} Stellen mit vollständiger Auswahl (3 oder mehr)",
        f"  {facts.joint_household_proposals} gemeinsame Vorschläge für Paare "
        "(versetzte Schichten beim selben Arbeitgeber)",
        f"  {facts.candidates_without_proposal} Bewerber:innen ohne Vorschlag "
        "(Gründe je Regel im Ergebnis)",
    ]
    if joint is not None:
        parts = ", ".join(f"{m.candidate_id} ({m.shift}, {m.vacancy_id})" for m in joint.members)
        lines.append(f"  Beispiel: Haushalt {joint.household_id} gemeinsam bei "
                     f"{joint.employer_id}: {parts}")
    return lines
