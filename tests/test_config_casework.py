"""The casework settings: follow-up interval and retention period, from the TOML file."""

from pathlib import Path

import pytest

from passgenau.config import load_settings
from passgenau.domain import InvalidInput


def _load(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    config = tmp_path / "passgenau.toml"
    config.write_text(text, encoding="utf-8")
    return load_settings({"PASSGENAU_CONFIG": str(config), "PASSGENAU_DATA_DIR": str(tmp_path)})


def test_defaults_are_six_weeks_and_36_months(tmp_path: Path) -> None:
    """Without settings: a contact every six weeks, a week after a course, 36 months."""
    cfg = _load(tmp_path, "")
    assert (cfg.followups.weeks, cfg.followups.after_course_days) == (6, 7)
    assert cfg.retention_months == 36


def test_settings_from_the_file(tmp_path: Path) -> None:
    cfg = _load(tmp_path, "followup_weeks = 4\nfollowup_after_course_days = 3\n"
                          "retention_months = 24\n")
    assert (cfg.followups.weeks, cfg.followups.after_course_days) == (4, 3)
    assert cfg.retention_months == 24


@pytest.mark.parametrize("line", ['followup_weeks = "six"', "followup_weeks = 0",
                                  "retention_months = true", "retention_months = 0"])
def test_bad_values_name_the_setting(tmp_path: Path, line: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        _load(tmp_path, line + "\n")
    assert line.split(" = ")[0] in str(refused.value)
