"""Kill a real ``moneyx convert`` process mid-run, resume it, and compare with a clean run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHUNK = 25

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def _write_corpus(path: Path, n: int) -> None:
    texts = [
        f"Dispatch {i}: in Hyesan a kilogram of rice cost {4000 + 13 * i:,} won, "
        f"while a bicycle went for {150 + i % 40} yuan and fuel for US${(i % 7) + 1}.50 a litre."
        if i % 4
        else f"Dispatch {i}: no prices today."
        for i in range(n)
    ]
    pd.DataFrame({"id": range(n), "text": texts, "date": "2017-06-15"}).to_csv(path, index=False)


def _cmd(src: Path, dst: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "moneyx",
        "convert",
        str(src),
        "-o",
        str(dst),
        "--text-col",
        "text",
        "--date-col",
        "date",
        "--id-col",
        "id",
        "--chunksize",
        str(CHUNK),
        "--quiet",
        *extra,
    ]


def _start_and_stop(
    src: Path, dst: Path, sig: int, *extra: str
) -> subprocess.CompletedProcess[str] | None:
    """Start a conversion, send ``sig`` once a chunk is done; None if it finished first."""
    workdir = dst.parent / f".{dst.name}.moneyx-partial"
    proc = subprocess.Popen(
        _cmd(src, dst, *extra),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a process group, to clean up on failure
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if any(workdir.glob("chunk-*.json")):  # the first chunk: leaves the most margin
            proc.send_signal(sig)
            break
        time.sleep(0.005)
    try:
        # the pipes close only once the worker processes (--jobs) have exited too
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        raise
    if dst.exists():
        return None
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus large enough that a run lasts well beyond two chunks."""
    src = tmp_path_factory.mktemp("resume") / "in.csv"
    _write_corpus(src, 800)
    return src


def _clean_run(src: Path, tmp_path: Path) -> bytes:
    """An uninterrupted run (made right after the resumed one: same code, same data)."""
    clean = tmp_path / "clean.csv"
    proc = subprocess.run(_cmd(src, clean), cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    return clean.read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [pytest.param("1", id="jobs1"), pytest.param("2", id="jobs2")])
def test_kill_then_resume_matches_an_uninterrupted_run(
    big: Path, tmp_path: Path, jobs: str
) -> None:
    dst = tmp_path / "out.csv"
    stopped = _start_and_stop(big, dst, signal.SIGKILL, "--jobs", jobs)
    if stopped is None:
        pytest.fail("the run finished before it could be killed; enlarge the corpus")
    assert stopped.returncode == -signal.SIGKILL
    assert not dst.exists()  # nothing half-written under the real name
    resumed = subprocess.run(
        _cmd(big, dst, "--resume", "--jobs", jobs),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert "resumed" in resumed.stdout
    assert dst.read_bytes() == _clean_run(big, tmp_path)


@pytest.mark.slow
def test_ctrl_c_exits_130_and_says_how_to_resume(big: Path, tmp_path: Path) -> None:
    dst = tmp_path / "out.csv"
    stopped = _start_and_stop(big, dst, signal.SIGINT)
    if stopped is None:
        pytest.fail("the run finished before it could be interrupted")
    assert stopped.returncode == 130
    assert "--resume" in stopped.stderr
    resumed = subprocess.run(
        _cmd(big, dst, "--resume"), cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert resumed.returncode == 0, resumed.stderr
    assert dst.read_bytes() == _clean_run(big, tmp_path)


def test_parquet_output_resumes_frame_equal(tmp_path: Path) -> None:
    from moneyx.batch import BatchProgress, convert_file

    src = tmp_path / "in.csv"
    _write_corpus(src, 60)
    whole, part = tmp_path / "whole.parquet", tmp_path / "part.parquet"
    convert_file(src, whole, text_col="text", date_col="date", chunksize=10)

    class Stop(KeyboardInterrupt):
        pass

    def stop(p: BatchProgress) -> None:
        if p.rows_done >= 30:
            raise Stop

    with pytest.raises(Stop):
        convert_file(src, part, text_col="text", date_col="date", chunksize=10, progress=stop)
    report = convert_file(src, part, text_col="text", date_col="date", chunksize=10, resume=True)
    assert report.chunks_resumed == 3
    pd.testing.assert_frame_equal(pd.read_parquet(whole), pd.read_parquet(part))
    assert os.path.getsize(whole) == os.path.getsize(part)
