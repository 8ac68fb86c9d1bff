"""The reports' commands as scripts and people use them, on the hand-counted workflow of
``workflow.py`` (stored through the services in the test's own database)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from passgenau.store import SqlUnitOfWork

from .workflow import Clock, build

WINDOW = ("--from", "2026-09-01", "--to", "2026-12-31")


@pytest.fixture
def stored(engine: Engine) -> None:
    clock = pytest.MonkeyPatch()
    try:
        build(lambda: SqlUnitOfWork(engine), Clock(clock))
    finally:
        clock.undo()  # the commands below run on the real clock


def test_report_json_has_months_and_funnels(run, stored) -> None:  # type: ignore[no-untyped-def]
    result = run("report", *WINDOW, "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    november = next(m for m in doc["months"] if m["month"] == "2026-11")
    assert (november["hires"], november["still_employed_6m"], november["trial_work"]) == (2, 1, 2)
    assert november["course_to_job_median_days"] == 65.5
    shortlist = doc["funnels"][0]
    assert shortlist["format"] == "shortlist"
    assert [(s["step"], s["count"]) for s in shortlist["steps"]] == [
        ("contact", 6), ("consented", 3), ("sent", 3), ("interview", 2), ("hired", 2)]
    assert shortlist["steps"][1]["rate"] == 0.5 and shortlist["steps"][0]["rate"] is None
    assert {f["format"] for f in doc["funnels"]} == {"shortlist", "job_fair",
                                                     "speed_dating", "info_session"}


def test_report_csv_with_semicolons_and_decimal_commas(run, stored) -> None:  # type: ignore[no-untyped-def]
    result = run("report", *WINDOW, "--team", "iba", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout), delimiter=";"))
    assert rows[0][:3] == ["month", "team", "proposals_made"]
    november = next(r for r in rows if r[:2] == ["2026-11", "alle"])
    header = rows[0]
    assert november[header.index("hires")] == "2"
    assert november[header.index("course_to_job_median_days")] == "65,5"


def test_report_xlsx_and_pdf(run, stored, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook
    from pypdf import PdfReader

    xlsx, pdf = tmp_path / "bericht.xlsx", tmp_path / "bericht.pdf"
    assert run("report", *WINDOW, "--format", "xlsx", "--out", str(xlsx)).exit_code == 0
    book = load_workbook(xlsx)
    assert book.sheetnames == ["Monate", "Trichter", "Fachkräfte"]
    months = list(book["Monate"].iter_rows(values_only=True))
    assert months[0][:2] == ("month", "team") and months[1][:3] == ("2026-09", "alle", 6)
    result = run("report", *WINDOW, "--format", "pdf", "--out", str(pdf))
    assert result.exit_code == 0, result.stderr
    reader = PdfReader(pdf)
    text = "".join(page.extract_text() for page in reader.pages)
    assert 1 <= len(reader.pages) <= 3
    assert "Kennzahlen je Monat" in text and "Trichter je Format" in text
    assert "Passgenaue" in text and "Gruppeninformation" in text


def test_report_refuses_bad_options(run, stored) -> None:  # type: ignore[no-untyped-def]
    no_file = run("report", "--format", "pdf")
    assert no_file.exit_code == 2 and "--out" in no_file.stderr
    team = run("report", "--team", "vertrieb")
    assert team.exit_code == 2 and "vertrieb" in team.stderr
    window = run("report", "--from", "2026-12-01", "--to", "2026-11-01")
    assert window.exit_code == 2 and "--from" in window.stderr


def test_pseudonymised_statistics_carry_no_names(run, stored) -> None:  # type: ignore[no-untyped-def]
    """One row per proposal; no name, no birth year, no id: a pseudonym and an age band."""
    result = run("report", "--format", "csv", "--pseudonymised")
    assert result.exit_code == 0, result.stderr
    assert "Olena" not in result.stdout and "1990" not in result.stdout
    rows = list(csv.DictReader(io.StringIO(result.stdout), delimiter=";"))
    assert len(rows) == 6
    assert {r["age_band"] for r in rows} >= {"25_34", "under_25"}
    assert not any(r["pseudonym"].startswith("C") and len(r["pseudonym"]) == 2 for r in rows)
    hired = [r for r in rows if r["state"] == "hired"]
    assert {r["hired_on"] for r in hired} == {"2026-11-20"}
    assert len({r["pseudonym"] for r in rows}) == 6
    same = run("statistics-export")
    assert same.exit_code == 0 and same.stdout.splitlines()[0] == result.stdout.splitlines()[0]


def test_fairness_on_the_stored_workflow(run, stored) -> None:  # type: ignore[no-untyped-def]
    result = run("fairness", "--db", "--on", "2026-11-24", "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["min_group"] == 30
    bands = {g["group"]: g for g in doc["groups"] if g["attribute"] == "age_band"}
    assert (bands["35_44"]["candidates"], bands["35_44"]["proposed"]) == (3, 3)  # C1 C2 C5
    assert not any(g["flag"] for g in doc["groups"])  # six people: too few to say
    hired = {(g["attribute"], g["group"]): g["count"] for g in doc["outcomes"]
             if g["outcome"] == "hired"}
    assert hired[("household", "household_together")] == 2
    assert hired[("gender", "f")] == 1 and hired[("gender", "m")] == 1
    assert hired[("citizenship", "UA")] == 2 and hired[("citizenship", "SY")] == 0
    genders = {g["group"]: g["candidates"] for g in doc["groups"] if g["attribute"] == "gender"}
    assert genders == {"f": 2, "m": 2, "unknown": 2}  # C5 "" and C6 not given: unknown
    table = run("fairness", "--db")
    assert "Verhältnis zur besten" in table.stdout and "ab 30 Personen" in table.stdout


def _unequal_document(path: Path) -> Path:
    """40 men with B1 and 40 women with A1 (their gender and citizenship recorded) for 20
    vacancies needing A2 next door: the LANGUAGE rule leaves the women out."""
    place = {"lat": 48.8309, "lon": 9.317}
    doc = {
        "format": "passgenau/1", "reference_date": "2026-11-24",
        "settings": {"max_proposals_per_candidate": 1},
        "employers": [{"id": "E1", "name": "Markt", "location": place}],
        "vacancies": [{"id": f"V{i}", "employer_id": "E1", "title": "Verkauf",
                       "kldb": "62102", "hours": 20, "german_level_min": "A2"}
                      for i in range(20)],
        "candidates": [{"id": f"C{i}", "home": place, "birth_year": 1990,
                        "occupations": [{"kldb": "62102", "years": 2}],
                        "german_level": "B1" if i < 40 else "A1",
                        "gender": "m" if i < 40 else "f",
                        "citizenship": "SY" if i % 2 else "UA"}
                       for i in range(80)],
    }
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_fairness_of_a_document_flags_the_unequal_group(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Men: 40 of 40 proposed (one shortlist place each: 20 × 4 = 80 places); women: 0 of
    40. The ratio is 0 < 0.8: flagged. Citizenship is balanced: not flagged."""
    source = _unequal_document(tmp_path / "input.json")
    result = run("fairness", str(source), "--travel", "reference", "--format", "json")
    assert result.exit_code == 0, result.stderr
    groups = {(g["attribute"], g["group"]): g for g in json.loads(result.stdout)["groups"]}
    women, men = groups[("gender", "f")], groups[("gender", "m")]
    assert (women["candidates"], women["proposed"], women["rate"]) == (40, 0, 0.0)
    assert (men["candidates"], men["proposed"], men["rate"]) == (40, 40, 1.0)
    assert women["flag"] is True and women["ratio_to_best"] == 0.0
    assert men["flag"] is False and men["ratio_to_best"] == 1.0
    assert not groups[("citizenship", "SY")]["flag"] and not groups[("citizenship", "UA")]["flag"]
    assert set(json.loads(result.stdout)["groups"][0]) >= {
        "attribute", "group", "candidates", "proposed", "rate", "ratio_to_best", "flag"}
    assert run("fairness").exit_code == 2


def test_every_stored_matching_run_is_logged_and_exported(run, stored, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for _ in range(2):
        assert run("match", "--db", "--on", "2026-11-24").exit_code == 0
    out = tmp_path / "decisions.jsonl"
    assert run("decisions", "export", "--out", str(out)).exit_code == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 2
    first, second = lines
    assert first["input_sha256"] == second["input_sha256"] != first["result_sha256"]
    assert len(first["input_sha256"]) == 64 and first["travel_model"] == "reference"
    assert first["passgenau_version"] and first["reference_date"] == "2026-11-24"
    assert first["settings"]["weights"]["occupation"] == 0.35
    # what the matching saw: the couple C1/C2 was hired on V1 and V2 (one position each),
    # so the open market is C3..C6 and V3, V4
    assert first["summary"]["candidates"] == 4 and first["summary"]["vacancies"] == 2
    assert "Olena" not in out.read_text(encoding="utf-8")
    kept = run("decisions", "purge", "--on", "2027-03-01")
    assert kept.exit_code == 0 and kept.stdout.startswith("0 ")
    purged = run("decisions", "purge", "--on", "2099-01-01")
    assert purged.stdout.startswith("2 ")


def test_success_story_needs_everyones_written_consent(run, stored, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    out = tmp_path / "geschichte.pdf"
    refused = run("story", "V1/C1", "V2/C2", "--out", str(out), "--on", "2027-01-01")
    assert refused.exit_code == 2 and "success story" in refused.stderr
    assert not out.exists()
    made = run("story", "V1/C1", "V2/C2", "--out", str(out), "--on", "2027-02-01")
    assert made.exit_code == 0, made.stderr
    reader = PdfReader(out)
    text = reader.pages[0].extract_text()
    assert len(reader.pages) == 1
    assert "Angekommen in Arbeit" in text and "Lebensmittel Kübler" in text
    assert "Знайшли роботу" in text  # Ukrainian: the couple's first language
    not_hired = run("story", "V3/C3", "--out", str(out), "--on", "2027-02-01")
    assert not_hired.exit_code == 2


def test_system_description_from_the_running_configuration(run, stored, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    run("match", "--db", "--on", "2026-11-24")
    md = run("system-description")
    assert md.exit_code == 0, md.stderr
    assert "Welche Gewichte" in md.stdout and "Berufsnähe (KldB): 0,35" in md.stdout
    assert "Wer entscheidet" in md.stdout and "1 Läufe protokolliert" in md.stdout
    pdf = tmp_path / "system.pdf"
    assert run("system-description", "--format", "pdf", "--out", str(pdf)).exit_code == 0
    assert len(PdfReader(pdf).pages) == 1


def test_gender_and_citizenship_are_kept_and_exported(run, stored, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Stored for the audit, written back by ``export`` as given (left out when not)."""
    out = tmp_path / "export.json"
    assert run("export", str(out)).exit_code == 0
    people = {c["id"]: c for c in json.loads(out.read_text(encoding="utf-8"))["candidates"]}
    assert (people["C1"]["gender"], people["C1"]["citizenship"]) == ("f", "UA")
    assert (people["C5"]["gender"], people["C5"]["citizenship"]) == ("", "")
    assert "gender" not in people["C6"]


def test_employment_is_recorded_only_after_a_hire(run, stored) -> None:  # type: ignore[no-untyped-def]
    refused = run("followups", "employment", "C3", "V3", "--left")
    assert refused.exit_code == 2 and "not hired" in refused.stderr
    done = run("followups", "employment", "C1", "V1", "--left", "--on", "2027-06-01")
    assert done.exit_code == 0 and "nicht mehr beschäftigt" in done.stdout
