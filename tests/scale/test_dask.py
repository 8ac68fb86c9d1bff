"""The partitioned matching on Dask: parts as tasks give the same bytes as in one process,
and ``passgenau match --dask local`` writes a valid result document. Few and small: each
test starts a cluster."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from passgenau.cli import app
from passgenau.demo.generator import generate_demo
from passgenau.geo.travel import reference_model
from passgenau.matching.document import result_text
from passgenau.services.scale import match_partitioned
from tests.scale.support import assert_within_capacities, side_by_side

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.dask

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "tests" / "exchange" / "data" / "valid.json"


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A cluster in this process (threads, no worker processes): quick to start."""
    with distributed.LocalCluster(processes=False, n_workers=1, threads_per_worker=2,
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_parts_on_dask_give_the_bytes_of_parts_in_process(scheduler: str) -> None:
    both = side_by_side(generate_demo(5, candidates=300, employers=20, vacancies=60), 30.0)
    travel = reference_model()
    seen: list[tuple[int, int]] = []
    on_dask = match_partitioned(both, travel, parts=3, dask=scheduler,
                                progress=lambda done, total: seen.append((done, total)))
    here = match_partitioned(both, travel, parts=3)
    assert on_dask.figures == here.figures
    assert on_dask.figures.border_pairs > 0
    assert result_text(on_dask.run.outcome) == result_text(here.run.outcome)
    assert_within_capacities(on_dask.result)
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_near_misses_in_slices_on_dask_give_the_bytes_of_one_pass(
        scheduler: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The near misses of the candidates left without a proposal, worked out on the
    cluster in slices of 7 candidates against every vacancy, are those of one pass here:
    the same document."""
    from passgenau.services import scale

    monkeypatch.setattr(scale, "NEAR_MISS_CANDIDATES", 7)
    both = side_by_side(generate_demo(3, candidates=200, employers=10, vacancies=20), 25.0)
    travel = reference_model()
    on_dask = match_partitioned(both, travel, parts=2, dask=scheduler)
    here = match_partitioned(both, travel, parts=2)
    assert len(on_dask.result.unproposed) > 14  # three slices or more
    assert on_dask.result.helps.near_vac.max() >= 0  # some near misses
    assert result_text(on_dask.run.outcome) == result_text(here.run.outcome)


def test_match_dask_local_writes_the_one_process_document(tmp_path: Path) -> None:
    """A LocalCluster sized to the machine; the small document is one part, so the
    document is the one-process document byte for byte, and a progress line is shown."""
    runner = CliRunner()
    plain = runner.invoke(app, ["match", str(VALID)], catch_exceptions=False)
    out = tmp_path / "result.json"
    scaled = runner.invoke(app, ["match", str(VALID), "--dask", "local", "--out", str(out)],
                           catch_exceptions=False)
    assert scaled.exit_code == 0, scaled.stderr
    assert "Teile gelöst: 0/1 [" in scaled.stderr
    assert "Teile gelöst: 1/1 [████████████████████████] 0:" in scaled.stderr
    assert out.read_text("utf-8") == plain.stdout
    assert json.loads(plain.stdout)["format"] == "passgenau/1-result"


def test_a_bad_address_is_bad_input_and_no_scheduler_an_environment_failure() -> None:
    runner = CliRunner()
    bad = runner.invoke(app, ["match", str(VALID), "--dask", "nowhere"])
    assert bad.exit_code == 2
    assert "--dask" in bad.stderr
    gone = runner.invoke(app, ["match", str(VALID), "--dask", "tcp://127.0.0.1:9"])
    assert gone.exit_code == 1
    assert "no Dask scheduler" in gone.stderr


@pytest.mark.slow
def test_a_worker_killed_during_a_part_makes_the_part_run_again(tmp_path: Path) -> None:
    """Two worker processes; the first to run a part dies in it. Dask runs that part again
    on a worker alive, and the run gives the bytes of the run in this process."""
    from tests.scale.flaky import WorkerKillingModel

    flag = tmp_path / "killed"
    travel = WorkerKillingModel.of(flag)
    both = side_by_side(generate_demo(5, candidates=200, employers=15, vacancies=40), 30.0)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster:
        on_dask = match_partitioned(both, travel, parts=2, dask=cluster.scheduler_address,
                                    titles={})
    assert flag.exists()  # a worker did die
    here = match_partitioned(both, travel, parts=2, titles={})
    assert result_text(on_dask.run.outcome) == result_text(here.run.outcome)
