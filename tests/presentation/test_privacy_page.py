"""The Art. 15 page: German, every section, every value escaped."""

from __future__ import annotations

from datetime import UTC, datetime

from passgenau.domain.personal_data import StoredRows
from passgenau.presentation.privacy import information_html, information_json
from passgenau.services.privacy import CandidateInformation


def _info() -> CandidateInformation:
    return CandidateInformation(
        candidate_id="C1", tenant="default", generated_at=datetime(2026, 5, 1, 9, 30, tzinfo=UTC),
        records=(
            StoredRows("follow_ups", ({"due": "2026-05-04", "note": "Anruf"},)),
            StoredRows("candidates", ({"name": "<script>alert(1)</script> & Co",
                                       "languages": ["ar", "fa"], "driving_licence": False},)),
        ))


def test_values_are_escaped_and_headings_german() -> None:
    page = information_html(_info())
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in page
    assert page.index("Stammdaten") < page.index("Wiedervorlagen")  # record first
    assert "Sprachen" in page and "nein" in page and "01.05.2026 09:30 UTC" in page


def test_json_keeps_tables_and_values() -> None:
    import json

    doc = json.loads(information_json(_info()))
    assert doc["records"]["candidates"][0]["languages"] == ["ar", "fa"]
    assert doc["generated_at"] == "2026-05-01T09:30:00+00:00"
