"""Dask engine on a real multi-process LocalCluster: identical rows to the local engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

from moneyx.batch import convert_file  # noqa: E402
from moneyx.cli import main  # noqa: E402
from moneyx.errors import BatchError  # noqa: E402

pytestmark = pytest.mark.slow


def _corpus(n: int) -> pd.DataFrame:
    texts = []
    for i in range(n):
        if i % 5 == 0:
            texts.append(f"Bulletin {i} carried no prices.")
        elif i % 11 == 0:
            texts.append("")
        else:
            texts.append(
                f"Bulletin {i}: corn sold for {200 + i} yuan a sack and a phone for "
                f"US${90 + i % 13} in the Rason market."
            )
    dates = ["2016-05-02" if i % 17 else "not a date" for i in range(n)]
    return pd.DataFrame({"doc": [f"b{i:04d}" for i in range(n)], "text": texts, "date": dates})


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with distributed.LocalCluster(
        n_workers=3, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as lc:
        yield lc.scheduler_address


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Parquet dataset folder of several files (several Dask partitions)."""
    folder = tmp_path_factory.mktemp("dask") / "docs"
    folder.mkdir()
    frame = _corpus(150)
    for k, start in enumerate(range(0, 150, 40)):
        frame.iloc[start : start + 40].to_parquet(folder / f"part-{k}.parquet", index=False)
    return folder


def _local(dataset: Path, tmp: Path) -> pd.DataFrame:
    out = tmp / "local.parquet"
    convert_file(dataset, out, text_col="text", date_col="date", id_col="doc", chunksize=25)
    return pd.read_parquet(out)


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(["row", "idx"], na_position="first").reset_index(drop=True)


def test_dask_matches_local_on_a_multiprocess_cluster(
    cluster: str, dataset: Path, tmp_path: Path
) -> None:
    from moneyx.dask import convert_parquet

    dst = tmp_path / "dask_out"
    report = convert_parquet(
        dataset, dst, text_col="text", date_col="date", id_col="doc", scheduler=cluster
    )
    got = pd.read_parquet(dst)
    want = _local(dataset, tmp_path)
    assert report.chunks == 4
    assert report.rows == 150
    assert (
        report.rows == report.rows_with_mentions + report.rows_without_mentions + report.rows_failed
    )
    pd.testing.assert_frame_equal(_sorted(got), _sorted(want), check_dtype=False)
    # the output is already in input order: nothing to sort
    assert got["row"].is_monotonic_increasing


def test_dask_work_ran_on_several_worker_processes(cluster: str, dataset: Path) -> None:
    import os

    import dask.dataframe as dd

    from moneyx.dask import convert_dataframe

    with distributed.Client(cluster) as client:
        out = convert_dataframe(dd.read_parquet(str(dataset)), text_col="text", date="2016-05-02")
        pids = out.map_partitions(
            lambda f: pd.DataFrame({"pid": [os.getpid()]}), meta={"pid": "int64"}
        ).compute()
        assert client.scheduler_info()["workers"]
    assert os.getpid() not in set(pids["pid"])
    assert len(set(pids["pid"])) >= 2


def test_cli_engine_dask_with_scheduler(
    cluster: str, dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dst = tmp_path / "cli_out.parquet"
    code = main(
        [
            "convert",
            str(dataset),
            "-o",
            str(dst),
            "--text-col",
            "text",
            "--date-col",
            "date",
            "--id-col",
            "doc",
            "--engine",
            "dask",
            "--scheduler",
            cluster,
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("150 rows:")
    want = _local(dataset, tmp_path)
    pd.testing.assert_frame_equal(_sorted(pd.read_parquet(dst)), _sorted(want), check_dtype=False)


def test_dask_missing_column_fails_before_work(cluster: str, dataset: Path, tmp_path: Path) -> None:
    from moneyx.dask import convert_parquet

    with pytest.raises(BatchError, match="columns present: 'doc', 'text', 'date'"):
        convert_parquet(dataset, tmp_path / "o", text_col="body", scheduler=cluster)
    assert not (tmp_path / "o").exists()


def test_dask_refuses_csv_output(dataset: Path, tmp_path: Path) -> None:
    from moneyx.dask import convert_parquet

    with pytest.raises(BatchError, match="Parquet dataset"):
        convert_parquet(dataset, tmp_path / "o.csv", text_col="text", scheduler="tcp://x:1")


def test_cli_engine_dask_starts_its_own_local_cluster(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dst = tmp_path / "own.parquet"
    code = main(
        [
            "convert",
            str(dataset),
            "-o",
            str(dst),
            "--text-col",
            "text",
            "--date",
            "2016-05-02",
            "--engine",
            "dask",
            "--jobs",
            "2",
            "--chunksize",
            "50",
        ]
    )
    assert code == 0
    assert capsys.readouterr().out.startswith("150 rows:")
    got = pd.read_parquet(dst)
    assert got["row"].drop_duplicates().tolist() == list(range(150))
    assert len(list(dst.glob("*.parquet"))) == 3  # --chunksize 50 -> three partitions


def test_dask_reads_a_malformed_csv_as_the_local_engine_does(cluster: str, tmp_path: Path) -> None:
    """A CSV is cut at record boundaries and read by the local reader: same rows, same errors."""
    from moneyx.dask import convert_parquet

    frame = _corpus(90)
    src = tmp_path / "docs.csv"
    frame.to_csv(src, index=False)
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = 'b0004,"a stray "quote" in 30 yuan",2016-05-02\n'
    lines[40] = "b0039,one,field,too,many\n"
    src.write_text("".join(lines), encoding="utf-8")
    dst = tmp_path / "dask_out"
    report = convert_parquet(
        src, dst, text_col="text", date_col="date", id_col="doc", scheduler=cluster, chunksize=20
    )
    local = tmp_path / "local.parquet"
    want_report = convert_file(src, local, text_col="text", date_col="date", id_col="doc")
    got, want = _sorted(pd.read_parquet(dst)), _sorted(pd.read_parquet(local))
    assert report.chunks == 5
    assert (report.rows, report.rows_failed) == (want_report.rows, want_report.rows_failed)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    errors = want[want["status"] == "error"]["error"].tolist()
    assert any(e.startswith("line 6: malformed CSV record") for e in errors)
    assert any(e.startswith("line 41: malformed CSV record") for e in errors)
