"""The decision log's retention setting: twelve months by default, never below six (the
AI Act's floor for a high-risk system's logs)."""

from pathlib import Path

import pytest

from passgenau.config import load_settings
from passgenau.domain import InvalidInput


def _load(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    config = tmp_path / "passgenau.toml"
    config.write_text(text, encoding="utf-8")
    return load_settings({"PASSGENAU_CONFIG": str(config), "PASSGENAU_DATA_DIR": str(tmp_path)})


def test_twelve_months_by_default_and_as_set(tmp_path: Path) -> None:
    assert _load(tmp_path, "").decision_log_months == 12
    assert _load(tmp_path, "decision_log_months = 6\n").decision_log_months == 6


@pytest.mark.parametrize("value", ["5", "0", '"zwölf"'])
def test_below_six_months_is_refused(tmp_path: Path, value: str) -> None:
    with pytest.raises(InvalidInput, match="decision_log_months"):
        _load(tmp_path, f"decision_log_months = {value}\n")
