"""`passgenau match` and `passgenau explain` as the exchange-format contract describes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from passgenau.cli import app

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "tests" / "exchange" / "data" / "valid.json"
RULES = {"WORK_PERMIT", "LANGUAGE", "HOURS", "COMMUTE", "SCHEDULE", "DRIVING_LICENCE",
         "RECOGNITION", "QUALIFICATION", "START"}


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_match_writes_the_result_document(tmp_path: Path) -> None:
    """Every vacancy appears in input order with ranked proposals and a shortfall field."""
    out = tmp_path / "result.json"
    result = run("match", str(VALID), "--out", str(out), "--travel", "reference")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(out.read_text("utf-8"))
    source = json.loads(VALID.read_text("utf-8"))
    assert doc["format"] == "passgenau/1-result"
    assert doc["reference_date"] == source["reference_date"]
    assert [s["vacancy_id"] for s in doc["shortlists"]] == [v["id"] for v in source["vacancies"]]
    for shortlist in doc["shortlists"]:
        ranks = [p["rank"] for p in shortlist["proposals"]]
        assert ranks == list(range(1, len(ranks) + 1))
        scores = [p["score"] for p in shortlist["proposals"]]
        assert scores == sorted(scores, reverse=True)
        assert all(0 <= s <= 1 for s in scores)
        candidates = [p["candidate_id"] for p in shortlist["proposals"]]
        assert len(candidates) == len(set(candidates))
    proposed = {p["candidate_id"] for s in doc["shortlists"] for p in s["proposals"]}
    unproposed = {u["candidate_id"] for u in doc["unproposed_candidates"]}
    assert proposed | unproposed == {c["id"] for c in source["candidates"]}
    assert not proposed & unproposed


def test_the_couple_is_proposed_together(tmp_path: Path) -> None:
    """The seed's spouses get a joint proposal at the food retailer, one per shift."""
    doc = json.loads(run("match", str(VALID)).stdout)
    joint = doc["household_proposals"]
    assert joint, "no joint household proposal"
    shifts = [p["shift"] for p in joint[0]["proposals"]]
    assert len(set(shifts)) == len(shifts) == 2


def test_match_is_deterministic() -> None:
    """The same input gives the same output, byte for byte."""
    assert run("match", str(VALID)).stdout == run("match", str(VALID)).stdout


def test_bad_input_writes_nothing(tmp_path: Path) -> None:
    """Exit 2, one message per problem naming record and field, --out untouched."""
    doc = json.loads(VALID.read_text("utf-8"))
    doc["vacancies"][1]["kldb"] = "123"
    doc["candidates"][0]["german_level"] = "B3"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "result.json"
    out.write_text("previous", encoding="utf-8")
    result = run("match", str(bad), "--out", str(out))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f'vacancies[1] (id "{doc["vacancies"][1]["id"]}"): kldb')
    assert lines[1].startswith(f'candidates[0] (id "{doc["candidates"][0]["id"]}"): german_level')
    assert out.read_text("utf-8") == "previous"
    assert "Traceback" not in result.output


def test_unknown_travel_model_is_refused() -> None:
    """A travel model passgenau does not have is a clear error, exit 2."""
    result = run("match", str(VALID), "--travel", "teleport")
    assert result.exit_code == 2
    assert "teleport" in result.stderr


def test_table_and_csv_formats() -> None:
    """A German table for people and a ;-separated CSV for spreadsheets."""
    table = run("match", str(VALID), "--format", "table").stdout
    assert "Vorschläge" in table and "Passung" in table
    csv_text = run("match", str(VALID), "--format", "csv").stdout
    header = csv_text.lstrip("\ufeff").splitlines()[0]
    assert header.split(";")[:4] == ["vacancy_id", "employer_id", "rank", "candidate_id"]


def test_explain_names_every_rule() -> None:
    """`explain` prints each of the nine rules with ok and the compared values."""
    source = json.loads(VALID.read_text("utf-8"))
    cid, vid = source["candidates"][0]["id"], source["vacancies"][0]["id"]
    result = run("explain", str(VALID), "--candidate", cid, "--vacancy", vid)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert {r["code"] for r in doc["rules"]} == RULES
    assert all(isinstance(r["ok"], bool) for r in doc["rules"])
    assert set(doc["score"]["components"]) >= {"occupation", "commute", "motivation"}


def test_explain_unknown_candidate() -> None:
    """An unknown id is named in the error, exit 2."""
    source = json.loads(VALID.read_text("utf-8"))
    result = run("explain", str(VALID), "--candidate", "NOPE", "--vacancy",
                 source["vacancies"][0]["id"])
    assert result.exit_code == 2
    assert "NOPE" in result.stderr


def test_unknown_format_is_refused_before_matching(tmp_path: Path) -> None:
    """A format passgenau does not write is named in the error, exit 2, --out untouched."""
    out = tmp_path / "result.xml"
    out.write_text("previous", encoding="utf-8")
    result = run("match", str(VALID), "--format", "xml", "--out", str(out))
    assert result.exit_code == 2
    assert "'xml'" in result.stderr
    assert out.read_text("utf-8") == "previous"


def _document_rows(doc: dict) -> list[list[str]]:
    """The document's proposals as the CSV's columns would hold them."""
    return [
        [s["vacancy_id"], s["employer_id"], str(p["rank"]), p["candidate_id"],
         f"{p['score']:.4f}".replace(".", ","), str(p["commute_minutes"]), p["mode"],
         p["shift"] or "", p["household_id"] or "", "|".join(p["flags"])]
        for s in doc["shortlists"] for p in s["proposals"]
    ]


def test_csv_and_table_show_the_documents_proposals() -> None:
    """CSV rows are the document's proposals in its order; the table lists each vacancy
    with its ranked candidates and the summary's counts."""
    doc = json.loads(run("match", str(VALID)).stdout)
    csv_lines = run("match", str(VALID), "--format", "csv").stdout.lstrip("\ufeff")
    rows = [line.split(";") for line in csv_lines.splitlines() if line]
    assert rows[1:] == _document_rows(doc)
    table = run("match", str(VALID), "--format", "table").stdout
    proposals = sum(len(s["proposals"]) for s in doc["shortlists"])
    assert table.startswith(f"Vorschläge: {proposals} für {len(doc['shortlists'])} Stellen;")
    for s in doc["shortlists"]:
        assert f"\n{s['vacancy_id']}  " in table
        for p in s["proposals"]:
            assert f"  {p['rank']}. {p['candidate_id']:<10} Passung " in table


@pytest.fixture
def cli(run):  # the conftest's ``run``: against this test's own database
    return run


def test_match_db_shows_the_stored_run_in_every_format(cli) -> None:
    """`match --db` prints the stored run as the document, a table and a CSV alike."""
    assert cli("import", str(VALID)).exit_code == 0
    doc = json.loads(cli("match", "--db", "--on", "2023-11-15").stdout)
    csv_text = cli("match", "--db", "--on", "2023-11-15", "--format", "csv").stdout
    rows = [line.split(";") for line in csv_text.lstrip("\ufeff").splitlines() if line]
    assert rows[1:] == _document_rows(doc)
    table = cli("match", "--db", "--on", "2023-11-15", "--format", "table").stdout
    assert table.startswith("Vorschläge: ")
