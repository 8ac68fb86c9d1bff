"""Places on the command line: `reference import-places`, and CSV bundles without
coordinates through `validate`, `import` and `match --db`. Real files in, output checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED_PLACES = ROOT.parent / "shared" / "data" / "places"

EMPLOYERS = (
    "id;name;postcode;municipality;sector\n"
    "E1;Frischmarkt Remstal GmbH;71332;Waiblingen;Lebensmitteleinzelhandel\n"
    "E2;Lager Winnenden;71361;;Logistik\n"
    "E3;Backhaus Plüderhausen;;Plüderhausen;Lebensmittelherstellung\n"
)
VACANCIES = (
    "id;employer_id;title;kldb;hours;german_level_min;shifts\n"
    "V1;E1;Verkaufshilfe Frischetheke;62102;20;A2;Früh=mon-fri 08:00-12:00\n"
    "V2;E2;Helfer Lager;51311;30;A2;\n"
    "V3;E3;Helfer Backstube;29301;25;A1;\n"
)
CANDIDATES_HEADER = (
    "id;name;birth_year;postcode;municipality;german_level;occupations;max_commute_minutes\n"
)
CANDIDATES = CANDIDATES_HEADER + (
    "C1;Olena Prykladenko;1988;71334;;A2;62102:4:pending;60\n"
    "C2;Ahmad Beispiel;1990;;Fellbach;B1;51311:2;60\n"
    "C3;Mariam Muster;1995;;Pluederhausen;A1;29301;60\n"
    "C4;Dawit Test;1985;73614;Schorndorf;A2;51311;90\n"
)


def shared(name: str) -> Path:
    path = SHARED_PLACES / name
    if not path.exists():
        pytest.skip(f"shared test data not here: {path}")
    return path


def bundle(directory: Path, candidates: str = CANDIDATES) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in (("employers", EMPLOYERS), ("vacancies", VACANCIES),
                       ("candidates", candidates)):
        (directory / f"{name}.csv").write_text(text, encoding="utf-8-sig")
    return directory


def exported(run) -> dict:
    result = run("export", "-")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# -- reference import-places ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("gv_auszug_31122021.csv", [
            "Ortsverzeichnis eingelesen: Destatis Gemeindeverzeichnis-Auszug",
            "  Gemeinden:      10.994 neu, 0 geändert, 0 unverändert",
            "  Übersprungen:   3 Gemeinden ohne Koordinaten",
        ]),
        ("opengeodb_PLZ.tab", [
            "Ortsverzeichnis eingelesen: OpenGeoDB PLZ.tab",
            "  Postleitzahlen: 8.289 neu, 0 geändert, 0 unverändert",
        ]),
        ("plz_bw_geonames.csv", [
            "Ortsverzeichnis eingelesen: GeoNames Postleitzahlen",
            "  Postleitzahlen: 1.559 neu, 0 geändert, 0 unverändert, davon 350 Großkunden-PLZ",
        ]),
    ],
)
def test_import_places_from_each_real_file(run, name: str, lines: list[str]) -> None:
    """Each real format imports with a German summary; the second run changes nothing."""
    path = shared(name)
    first = run("reference", "import-places", str(path))
    assert first.exit_code == 0, first.stderr
    for line in lines:
        assert line in first.stdout.splitlines()
    again = run("reference", "import-places", str(path))
    assert again.exit_code == 0
    assert "0 neu, 0 geändert" in again.stdout
    assert "Keine Änderungen: alle Orte waren schon aktuell." in again.stdout


def test_broken_register_exits_2_naming_file_line_and_field(run, tmp_path: Path) -> None:
    """One broken latitude in the real register: exit 2, one message, nothing stored."""
    text = shared("gv_auszug_31122021.csv").read_text(encoding="utf-8-sig")
    lines = text.split("\n")
    waiblingen = next(i for i, line in enumerate(lines) if ";Waiblingen, Stadt;42,75;" in line)
    lines[waiblingen] = lines[waiblingen].replace(";48,83001;", ";48,83.001;")
    broken = tmp_path / "gv_kaputt.csv"
    broken.write_text("\ufeff" + "\n".join(lines), encoding="utf-8")
    result = run("reference", "import-places", str(broken))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"gv_kaputt.csv line {waiblingen + 1}: Breitengrad: '48,83.001' is not a number"
    )
    bundle(tmp_path / "b", CANDIDATES_HEADER + "C9;X;1990;;Neustadt (Hessen);A2;;60\n")
    assert "not found" in run("validate", str(tmp_path / "b")).stderr  # nothing imported


def test_unknown_format_exits_2(run) -> None:
    """The README is no places file: exit 2 with the file's name, no traceback."""
    result = run("reference", "import-places", str(ROOT / "README.md"))
    assert result.exit_code == 2
    assert result.stderr.startswith("README.md line 1: not a known places file")


# -- CSV bundles without coordinates -------------------------------------------------


def test_bundle_without_coordinates_imports_and_matches(run, tmp_path: Path) -> None:
    """Postcodes and names only: `validate`, `import`, then `match --db` proposes; the
    stored locations are the shipped centroids and centres; re-import changes nothing."""
    directory = bundle(tmp_path / "bundle")
    checked = run("validate", str(directory))
    assert checked.exit_code == 0, checked.stderr
    assert checked.stdout.startswith("ok: 3 employers, 3 vacancies, 4 candidates")
    imported = run("import", str(directory))
    assert imported.exit_code == 0, imported.stderr
    assert "Bewerber:innen  4 neu" in imported.stdout
    doc = exported(run)
    homes = {c["id"]: c["home"] for c in doc["candidates"]}
    assert homes["C1"] == {"lat": 48.843, "lon": 9.31, "postcode": "71334", "municipality": ""}
    assert (homes["C2"]["lat"], homes["C2"]["lon"]) == (48.80685, 9.278375)  # Fellbach
    assert (homes["C3"]["lat"], homes["C3"]["lon"]) == (48.795519, 9.599182)  # Plüderhausen
    assert homes["C3"]["municipality"] == "Pluederhausen"  # as typed
    locations = {e["id"]: e["location"] for e in doc["employers"]}
    assert (locations["E1"]["lat"], locations["E1"]["lon"]) == (48.8285, 9.3131)
    assert "Keine Änderungen" in run("import", str(directory)).stdout

    matched = run("match", "--db", "--on", "2026-11-24")
    assert matched.exit_code == 0, matched.stderr
    result = json.loads(matched.stdout)
    proposed = {s["vacancy_id"]: [p["candidate_id"] for p in s["proposals"]]
                for s in result["shortlists"]}
    assert "C1" in proposed["V1"]  # the saleswoman from Waiblingen, 20 h at the counter
    assert "C3" in proposed["V3"]


def test_unresolvable_place_fails_naming_the_record_and_writes_nothing(
    run, tmp_path: Path
) -> None:
    """A misspelt municipality: exit 2, the record and the columns named, the advice to
    import the register given, no name or birth year echoed, and nothing stored."""
    candidates = CANDIDATES + "C7;Olga Geheim;1977;;Neustat;A2;;60\n"
    result = run("import", str(bundle(tmp_path / "bad", candidates)))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        'candidates.csv line 6 (id "C7"): municipality: "Neustat" not found — import the '
        "municipality register with 'passgenau reference import-places'"
    )
    assert "Olga" not in result.stderr and "1977" not in result.stderr
    doc = exported(run)
    assert doc["candidates"] == doc["employers"] == doc["vacancies"] == []


def test_street_address_in_the_municipality_cell_is_not_echoed(run, tmp_path: Path) -> None:
    """A home address typed into `municipality` is personal data: named, not repeated."""
    candidates = CANDIDATES_HEADER + "C8;X;1990;;Hauptstraße 12, Weinstadt;A2;;60\n"
    result = run("validate", str(bundle(tmp_path / "addr", candidates)))
    assert result.exit_code == 2
    assert "Hauptstraße" not in result.stderr
    assert 'candidates.csv line 2 (id "C8"): municipality: the given place' in result.stderr


def test_imported_register_resolves_outside_the_land(run, tmp_path: Path) -> None:
    """Neustadt (Hessen) is unknown to the shipped tables; after `import-places` of the
    register, `validate` and `import` find it, and a bare "Neustadt" is ambiguous with
    the candidates' Kreis and AGS."""
    hessen = bundle(tmp_path / "hessen",
                    CANDIDATES_HEADER + "C9;X;1990;;Neustadt (Hessen);A2;;60\n")
    assert run("validate", str(hessen)).exit_code == 2
    assert run("reference", "import-places",
               str(shared("gv_auszug_31122021.csv"))).exit_code == 0
    assert run("validate", str(hessen)).exit_code == 0
    assert run("import", str(hessen)).exit_code == 0
    home = next(c["home"] for c in exported(run)["candidates"] if c["id"] == "C9")
    assert (home["lat"], home["lon"]) == (50.852589, 9.114982)

    bare = bundle(tmp_path / "bare", CANDIDATES_HEADER + "C10;X;1990;;Neustadt;A2;;60\n")
    result = run("import", str(bare))
    assert result.exit_code == 2
    assert 'candidates.csv line 2 (id "C10"): municipality: "Neustadt" is ambiguous: ' in (
        result.stderr
    )
    assert "Neustadt (Hessen), Stadt (Kreis Marburg-Biedenkopf, AGS 06534016)" in result.stderr
    assert result.stderr.strip().endswith("; add the postcode to tell them apart")


def test_json_keeps_coordinates_required(run, tmp_path: Path) -> None:
    """The exchange format requires lat/lon in this version: a JSON location with only a
    postcode is refused by `validate` and `import` alike."""
    doc = {
        "format": "passgenau/1",
        "employers": [{"id": "E1", "name": "F", "location": {"postcode": "71332"}}],
        "vacancies": [],
        "candidates": [],
    }
    path = tmp_path / "ohne_koordinaten.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    for command in ("validate", "import"):
        result = run(command, str(path))
        assert result.exit_code == 2
        assert 'employers[0] (id "E1"): location.lat: missing required field' in result.stderr
