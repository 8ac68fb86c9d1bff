"""The progress bar of ``match --dask``: parts solved, a bar filling up, the time so far."""

from passgenau.presentation.matching import parts_progress_line


def test_the_bar_fills_with_the_parts_solved_and_shows_the_time() -> None:
    assert parts_progress_line(0, 16, 0.4) == "Teile gelöst: 0/16 [" + "·" * 24 + "] 0:00"
    assert parts_progress_line(4, 16, 187.9) == (
        "Teile gelöst: 4/16 [" + "█" * 6 + "·" * 18 + "] 3:07")
    assert parts_progress_line(16, 16, 3725) == "Teile gelöst: 16/16 [" + "█" * 24 + "] 1:02:05"
