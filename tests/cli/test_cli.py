"""The command line as a Jobcenter's IT staff use it: real files in, real output checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from passgenau.cli import app

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"
VALID = ROOT / "tests" / "exchange" / "data" / "valid.json"


def _by_id(doc: dict) -> dict:
    return {key: {r["id"]: r for r in doc.get(key, [])}
            for key in ("employers", "vacancies", "candidates", "households")}


def test_help_lists_every_command() -> None:
    """`passgenau --help` names each command a newcomer needs."""
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("demo", "import", "export", "validate", "summary", "db", "reference"):
        assert command in result.stdout


def test_import_export_round_trip(run, tmp_path: Path) -> None:
    """Import, export and re-import give the same records; the second import changes nothing."""
    first = run("import", str(VALID))
    assert first.exit_code == 0, first.stderr
    exported = run("export", "-")
    assert exported.exit_code == 0
    original, back = json.loads(VALID.read_text("utf-8")), json.loads(exported.stdout)
    assert back["format"] == "passgenau/1"
    assert _by_id(back).keys() == _by_id(original).keys()
    for key, records in _by_id(original).items():
        assert set(_by_id(back)[key]) == set(records), key
    out = tmp_path / "again.json"
    assert run("export", str(out)).exit_code == 0
    again = run("import", str(out))
    assert again.exit_code == 0
    assert "Keine Änderungen" in again.stdout
    assert " 0 neu, 0 geändert" in again.stdout
    assert run("export", "-").stdout == exported.stdout


def test_broken_file_exits_2_and_changes_nothing(run, tmp_path: Path) -> None:
    """A file with one bad record is refused whole, with record and field named."""
    assert run("import", str(VALID)).exit_code == 0
    before = run("export", "-").stdout
    doc = json.loads(VALID.read_text("utf-8"))
    doc["vacancies"][0]["german_level_min"] = "B3"
    doc["candidates"].append({"id": "NEW1", "home": {"lat": 48.8, "lon": 9.3},
                              "german_level": "B1"})
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    result = run("import", str(bad))
    assert result.exit_code == 2
    vid = doc["vacancies"][0]["id"]
    assert f'vacancies[0] (id "{vid}"): german_level_min: \'B3\' is not one of A0..C2' in (
        result.stderr
    )
    assert "Traceback" not in result.stderr + result.stdout
    assert run("export", "-").stdout == before


def test_not_json_is_one_clear_message(run, tmp_path: Path) -> None:
    """A file that is not JSON is named with the place of the syntax error."""
    bad = tmp_path / "broken.json"
    bad.write_text('{"format": "passgenau/1", ', encoding="utf-8")
    result = run("validate", str(bad))
    assert result.exit_code == 2
    assert "broken.json" in result.stderr and "JSON" in result.stderr


def test_validate_reports_every_problem(run, tmp_path: Path) -> None:
    """`validate` lists all problems at once, one per line."""
    doc = json.loads(VALID.read_text("utf-8"))
    doc["vacancies"][0]["hours"] = 0
    doc["candidates"][0]["german_level"] = "X"
    bad = tmp_path / "two.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    result = run("validate", str(bad))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert any("hours" in line for line in lines)
    assert any("german_level" in line for line in lines)


def test_csv_export_and_import(run, tmp_path: Path) -> None:
    """A CSV bundle exported from one tenant imports into another with the same records."""
    assert run("import", str(VALID)).exit_code == 0
    folder = tmp_path / "bundle"
    assert run("export", "--csv", str(folder)).exit_code == 0
    assert (folder / "candidates.csv").exists()
    assert run("db", "add-tenant", "other", "--name", "Jobcenter Test").exit_code == 0
    assert run("--tenant", "other", "import", str(folder)).exit_code == 0
    assert (run("--tenant", "other", "export", "-").stdout
            == run("export", "-").stdout)


def test_demo_builds_and_summarises(run) -> None:
    """`passgenau demo --no-serve` stores the synthetic Jobcenter and prints the teams."""
    result = run("demo", "--no-serve", "--candidates", "300", "--employers", "20",
                 "--vacancies", "50")
    assert result.exit_code == 0, result.stderr
    for team in ("IBA-Team", "Regelteam", "Projektteam", "U25-Team"):
        assert team in result.stdout
    exported = json.loads(run("--tenant", "demo", "export", "-").stdout)
    assert len(exported["candidates"]) == 300
    assert len(exported["vacancies"]) == 50
    assert run("export", "-").stdout.count('"id"') == 0  # the default tenant stays empty


def test_import_official_kldb_list(run) -> None:
    """The official KldB 2010 list (BOM, lost leading zeros) imports completely."""
    official = SHARED / "kldb" / "KldB_2010_V2020_Gliederung_mit_Erlaeuterung.csv"
    if not official.exists():
        pytest.skip(f"shared test data not here: {official}")
    result = run("reference", "import-kldb", str(official))
    assert result.exit_code == 0, result.stderr
    assert "2195" in result.stdout


def test_unknown_tenant_is_refused(run) -> None:
    """A typo in --tenant does not start an empty caseload: exit 2 naming the tenant."""
    result = run("--tenant", "remsmur", "import", str(VALID))
    assert result.exit_code == 2
    assert "remsmur" in result.stderr


def test_match_db_stores_suggested_proposals(run) -> None:
    """`match --db` keeps the shortlists as proposals; a second run replaces them."""
    assert run("import", str(VALID)).exit_code == 0
    first = run("match", "--db", "--on", "2023-11-15")
    assert first.exit_code == 0, first.stderr
    doc = json.loads(first.stdout)
    proposed = sum(len(s["proposals"]) for s in doc["shortlists"])
    assert proposed > 0
    second = run("match", "--db", "--on", "2023-11-15")
    assert second.stdout == first.stdout


def test_db_upgrade_and_status(run_unmigrated) -> None:
    """`db upgrade` migrates an empty database; `db status` then says it is current."""
    run = run_unmigrated
    assert run("db", "upgrade").exit_code == 0
    status = run("db", "status")
    assert status.exit_code == 0
    assert "passgenau db upgrade" not in status.stdout


def test_an_unreadable_feed_is_named_in_german(tmp_path: Path) -> None:
    """`transit import` of a missing file or of no ZIP: exit 2, the file named, the
    reason in German like the feed reader's other problems."""
    runner = CliRunner()
    missing = runner.invoke(app, ["transit", "import", str(tmp_path / "fehlt.zip")])
    assert missing.exit_code == 2
    assert missing.stderr.strip() == f"{tmp_path / 'fehlt.zip'}: Datei nicht gefunden"
    (tmp_path / "kaputt.zip").write_text("kein zip", encoding="utf-8")
    broken = runner.invoke(app, ["transit", "import", str(tmp_path / "kaputt.zip"),
                                 "--cache-dir", str(tmp_path / "c")])
    assert broken.exit_code == 2
    assert broken.stderr.strip().endswith("kaputt.zip: ist keine ZIP-Datei (GTFS-Feed erwartet)")
