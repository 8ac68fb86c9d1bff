"""The one-page description of the system for the Jobcenter's impact assessment (EU AI
Act Art. 27; the deployer's duties of Art. 26), in German, filled from the running
configuration: which data, which rules, which weights, who decides, what is logged."""

from __future__ import annotations

from passgenau.services.decisions import SystemDescription

RULE_GERMAN = {
    "WORK_PERMIT": "Arbeitsmarktzugang: keine Vermittlung ohne Erlaubnis (zustimmungspflichtig "
                   "wird markiert)",
    "LANGUAGE": "Sprachniveau mindestens das von der Stelle verlangte",
    "HOURS": "Wochenstunden im Rahmen der Person",
    "COMMUTE": "Fahrzeit höchstens die von der Person angegebene (schnellstes eigenes "
               "Verkehrsmittel)",
    "SCHEDULE": "Schichtzeiten samt Fahrweg in der Verfügbarkeit (Kinderbetreuung)",
    "DRIVING_LICENCE": "Führerschein, wenn die Stelle ihn verlangt",
    "RECOGNITION": "Anerkennung des Abschlusses bei reglementierten Berufen",
    "QUALIFICATION": "einschlägige Erfahrung ab Fachkraftniveau",
    "START": "verfügbar zum Stellenbeginn (mit Karenz)",
}
WEIGHT_GERMAN = {
    "occupation": "Berufsnähe (KldB)", "experience": "Berufserfahrung",
    "language": "Deutsch über dem Minimum", "commute": "kurze Fahrzeit",
    "motivation": "Einschätzung der Fachkraft", "waiting": "Dauer der Arbeitslosigkeit",
}


def _lines(d: SystemDescription) -> list[tuple[str, list[str]]]:
    weights = [f"{WEIGHT_GERMAN[k]}: {d.weights[k]:.2f}".replace(".", ",")
               for k in WEIGHT_GERMAN]
    last = ("noch kein Lauf protokolliert" if d.last_run is None else
            f"letzter Lauf {d.last_run.at:%d.%m.%Y %H:%M} UTC, Eingabe-Hash "
            f"{d.last_run.input_sha256[:12]}…, {d.last_run.summary.get('proposals', 0)} "
            "Vorschläge")
    return [
        ("Zweck", [
            "passgenau schlägt für ausgewählte Stellen drei bis vier passende Bewerber:innen "
            "vor (passgenaue Vermittlung im Job-Turbo). Es ist ein Hochrisiko-System nach "
            "Anhang III Nr. 4 a KI-Verordnung: es ordnet Menschen Stellen zu.",
            f"Version {d.version}, Jobcenter (Mandant) {d.tenant}.",
        ]),
        ("Welche Daten", [
            "Bewerber:innen: Wohnort, Sprachniveau, Berufe/Erfahrung/Anerkennung, Wünsche, "
            "Stundenrahmen, Verfügbarkeit, Verkehrsmittel, Führerschein, maximale Fahrzeit, "
            "Arbeitsmarktzugang, Verfügbarkeitsdatum, Einschätzung der Motivation, Dauer der "
            "Arbeitslosigkeit; Bedarfsgemeinschaften, die gemeinsam vermittelt werden sollen.",
            "Stellen und Arbeitgeber: Ort, Beruf (KldB 2010), Stunden, Schichten, "
            "Anforderungen.",
            "Nicht gelesen vom Abgleich: Name, Geschlecht, Staatsangehörigkeit, Sprachen der "
            "Briefe, Alter (das Geburtsjahr bestimmt nur das zuständige Team). Geschlecht "
            "und Staatsangehörigkeit dienen allein der Statistik und der Fairness-Prüfung.",
        ]),
        ("Welche Regeln (alle müssen gelten)", [RULE_GERMAN.get(r, r) for r in d.rules]),
        ("Welche Gewichte (Passung 0 bis 1)", [
            *weights,
            f"Je Person höchstens {d.max_proposals_per_candidate} Vorschläge zugleich; "
            f"Karenz zum Stellenbeginn {d.grace_days} Tage.",
            "Reihenfolge: erst Haushalte gemeinsam, dann möglichst viele Stellen mit "
            "mindestens drei Vorschlägen, dann die höchste Summe der Passung; optimal und "
            "reproduzierbar (gleiche Eingabe, gleiches Ergebnis).",
        ]),
        ("Wer entscheidet", [
            "Der Abgleich macht nur Vorschläge (Zustand „vorgeschlagen“). Die Fachkraft "
            "prüft, bereitet vor, holt die Einwilligung ein und entscheidet, ob ein Profil "
            "an den Arbeitgeber geht; ohne Einwilligung ist das nicht möglich. Der "
            "Arbeitgeber entscheidet über die Einstellung.",
            "Jeder Vorschlag und jede Nicht-Berücksichtigung ist mit Gründen erklärt "
            "(Regeln, Werte, Bestandteile der Passung).",
            f"Teams: unter {d.routing.youth_age_limit} Jahren U25; ab "
            f"{d.routing.regel_from.name} Regelteam, ab {d.routing.projekt_from.name} "
            "Projektteam; sonst IBA-Team.",
        ]),
        ("Protokoll und Aufsicht", [
            f"Jeder Abgleich auf dem Bestand wird protokolliert (Eingabe- und Ergebnis-Hash, "
            f"Einstellungen, Reisezeitmodell „{d.travel_model}“, Version, Kennzahlen) und "
            f"{d.decision_log_months} Monate aufbewahrt (mindestens 6); {d.runs_logged} "
            f"Läufe protokolliert, {last}.",
            "Fairness-Prüfung: Vorschlags-, Gesprächs- und Einstellungsquoten nach "
            "Geschlecht, Staatsangehörigkeit, Altersgruppe und Haushalt; Verhältnis unter "
            "4/5 zur besten Gruppe wird markiert (passgenau fairness).",
            f"Personenbezogene Daten werden {d.retention_months} Monate nach Fallende "
            "gelöscht; Auskunft nach Art. 15 DSGVO auf Knopfdruck.",
            f"Datenbank: {d.database}.",
        ]),
    ]


def description_sections(d: SystemDescription) -> list[tuple[str, list[str]]]:
    """The description's sections (title, items), for the web page."""
    return _lines(d)


def description_markdown(d: SystemDescription) -> str:
    out = ["# Systembeschreibung passgenau (für die Folgenabschätzung)", ""]
    for title, items in _lines(d):
        out += [f"## {title}", ""] + [f"- {item}" for item in items] + [""]
    return "\n".join(out)


def description_html(d: SystemDescription) -> str:
    from html import escape

    parts = ["<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'>",
             "<title>Systembeschreibung passgenau</title><style>",
             "@page{size:A4;margin:14mm 16mm}body{font-family:'DejaVu Sans',sans-serif;",
             "font-size:8.6pt;color:#222}h1{font-size:14pt;color:#1f5f8b;margin:0 0 3mm}",
             "h2{font-size:10pt;color:#1f5f8b;margin:3mm 0 1mm}ul{margin:0;padding-left:5mm}",
             "li{margin:0 0 .6mm}</style></head><body>",
             "<h1>Systembeschreibung passgenau (für die Folgenabschätzung)</h1>"]
    for title, items in _lines(d):
        parts.append(f"<h2>{escape(title)}</h2><ul>")
        parts += [f"<li>{escape(item)}</li>" for item in items]
        parts.append("</ul>")
    parts.append("</body></html>")
    return "".join(parts)
