"""The command line: extract (table/jsonl/csv, manifest, stdin), convert, burden, exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from moneyx.cli import _ProgressBar, main

ROOT = Path(__file__).resolve().parents[1]
SENTENCE = "Traders in Sinuiju said a sack of corn sold for 300 yuan last week."


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    cap = capsys.readouterr()
    return code, cap.out, cap.err


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(SENTENCE, encoding="utf-8")
    return path


def test_extract_table_shows_mention_and_conversion(
    doc: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["extract", str(doc), "--date", "2015-09-30"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"== {doc}  (2015-09-30, 1 mention)")
    header = lines[1].split()
    assert header == ["#", "text", "value", "cur", "per", "approx", "usd", "kpw", "reason"]
    row = lines[3]
    assert "300 yuan" in row
    assert " CNY " in row
    # the USD column is filled with a rounded figure (two decimals)
    usd = row[lines[1].index("usd") - 8 : lines[1].index("usd") + 3].strip()
    assert usd.replace(".", "").isdigit()
    assert len(usd.split(".")[1]) == 2


def test_extract_columns_are_aligned(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "two.txt"
    path.write_text("It cost 300 yuan, then 12,500 yuan a month later.", encoding="utf-8")
    _, out, _ = run(["extract", str(path), "--date", "2015-09-30"], capsys)
    lines = out.splitlines()[1:5]
    ends = {line.index("CNY") for line in lines[2:]}
    assert len(ends) == 1  # the currency column starts at the same place on every row


def test_extract_jsonl(doc: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["extract", str(doc), "--format", "jsonl", "--date", "2015-09-30"], capsys)
    recs = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [(r["text"], r["currency"], r["value"]) for r in recs] == [("300 yuan", "CNY", "300")]
    assert SENTENCE[recs[0]["start"] : recs[0]["end"]] == "300 yuan"
    assert recs[0]["usd"] is not None


def test_extract_csv_keeps_files_without_mentions(
    doc: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("The weather was mild.", encoding="utf-8")
    code, out, _ = run(["extract", str(doc), str(empty), "--format", "csv"], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert [(r["doc_id"], r["status"]) for r in rows] == [
        (str(doc), "ok"),
        (str(empty), "no_mentions"),
    ]


def test_extract_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SENTENCE.encode("utf-8"))))
    code, out, _ = run(["extract", "-", "--format", "jsonl"], capsys)
    assert code == 0
    assert json.loads(out.splitlines()[0])["doc_id"] == "-"


def test_extract_unknown_file_fails_clearly(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["extract", "no/such/file.txt"], capsys)
    assert code == 1
    assert out == ""
    assert "no such file: 'no/such/file.txt'" in err


def test_extract_undecodable_file_warns_and_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(b"Caf\xe9 prices: 300 yuan.")
    code, out, err = run(["extract", str(path), "--format", "jsonl"], capsys)
    assert code == 0
    assert "undecodable byte 0xe9" in err
    assert json.loads(out.splitlines()[0])["text"] == "300 yuan"


def test_extract_needs_an_input(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["extract"], capsys)
    assert code == 2  # a usage error, as in convert
    assert "--manifest" in err


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        pytest.param(["--lang", "xx"], "unsupported language 'xx'", id="lang"),
        pytest.param(["--default-currency", "won=XYZ"], "'XYZ' is not an ISO", id="default-iso"),
        pytest.param(["--default-currency", "blah=KPW"], "'blah' is not a currency", id="surface"),
        pytest.param(["--date", "2019-13-01"], "expected a date", id="date"),
    ],
)
@pytest.mark.parametrize("command", ["extract", "convert"])
def test_usage_errors_exit_2_before_any_work(
    command: str,
    args: list[str],
    needle: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    src = tmp_path / "in.csv"
    src.write_text("text\nIt cost $5.\n", encoding="utf-8")
    base = (
        ["extract", str(src)]
        if command == "extract"
        else ["convert", str(src), "-o", str(tmp_path / "o.csv"), "--text-col", "text"]
    )
    try:
        code, _, err = run([*base, *args], capsys)
    except SystemExit as exc:  # argparse's own usage errors
        code, err = int(str(exc.code)), capsys.readouterr().err
    assert code == 2
    assert needle in err
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.parametrize("args", [["--chunksize", "0"], ["--jobs", "-1"], ["--jobs", "two"]])
def test_convert_refuses_counts_below_their_range(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.csv"
    src.write_text("text\nIt cost $5.\n", encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["convert", str(src), "-o", str(tmp_path / "o.csv"), "--text-col", "text", *args])
    assert info.value.code == 2


def test_default_currency_must_look_like_surface_iso(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["extract", "-", "--default-currency", "won"])
    assert info.value.code == 2
    assert "SURFACE=ISO" in capsys.readouterr().err


def test_manifest_is_what_make_demo_runs(capsys: pytest.CaptureFixture[str]) -> None:
    manifest = ROOT / "seeds" / "gold.jsonl"
    gold = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    code, out, _ = run(["extract", "--manifest", str(manifest), "--format", "table"], capsys)
    assert code == 0
    headers = [line for line in out.splitlines() if line.startswith("== ")]
    assert [h.split()[1] for h in headers] == [g["file"] for g in gold]
    assert [h.split("(")[1].split(",")[0] for h in headers] == [g["doc_date"] for g in gold]


def test_manifest_bad_line_names_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = tmp_path / "m.jsonl"
    manifest.write_text('{"file": "a.txt"}\nnot json\n', encoding="utf-8")
    code, _, err = run(["extract", "--manifest", str(manifest)], capsys)
    assert code == 1
    assert "m.jsonl:2" in err


@pytest.fixture
def corpus_csv(tmp_path: Path) -> Path:
    path = tmp_path / "in.csv"
    pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "body": [SENTENCE, "Nothing about money.", ""],
            "day": ["2015-09-30", "2015-09-30", "2015-09-30"],
        }
    ).to_csv(path, index=False)
    return path


def test_convert_prints_the_three_counts(
    corpus_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.csv"
    code, stdout, err = run(
        [
            "convert",
            str(corpus_csv),
            "-o",
            str(out),
            "--text-col",
            "body",
            "--date-col",
            "day",
            "--id-col",
            "id",
        ],
        capsys,
    )
    assert code == 0
    assert "3 rows: 1 with mentions (1 mentions), 1 without mentions, 1 failed" in stdout
    assert "\r" not in err  # not a terminal: no progress bar
    assert pd.read_csv(out)["doc_id"].tolist() == ["a", "b", "c"]


def test_convert_to_parquet(
    corpus_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.parquet"
    code, _, _ = run(
        [
            "convert",
            str(corpus_csv),
            "-o",
            str(out),
            "--text-col",
            "body",
            "--date",
            "2015-09-30",
            "--quiet",
        ],
        capsys,
    )
    assert code == 0
    assert pd.read_parquet(out)["status"].tolist() == ["ok", "no_mentions", "error"]


def test_convert_missing_column_exit_1_lists_columns(
    corpus_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        ["convert", str(corpus_csv), "-o", str(tmp_path / "o.csv"), "--text-col", "text"], capsys
    )
    assert code == 1
    assert "columns present: 'id', 'body', 'day'" in err


def test_convert_strict_exit_1_names_the_row(
    corpus_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        [
            "convert",
            str(corpus_csv),
            "-o",
            str(tmp_path / "o.csv"),
            "--text-col",
            "body",
            "--strict",
        ],
        capsys,
    )
    assert code == 1
    assert "row 2, column 'body': empty text" in err


def test_convert_missing_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        ["convert", str(tmp_path / "nope.csv"), "-o", str(tmp_path / "o.csv"), "--text-col", "t"],
        capsys,
    )
    assert code == 1
    assert "does not exist" in err


def test_progress_bar_on_a_terminal(
    corpus_csv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = _Tty()
    monkeypatch.setattr(sys, "stderr", fake)
    code = main(
        [
            "convert",
            str(corpus_csv),
            "-o",
            str(tmp_path / "o.csv"),
            "--text-col",
            "body",
            "--chunksize",
            "1",
        ]
    )
    assert code == 0
    shown = fake.getvalue()
    assert "\u2501" in shown  # rich.progress's bar
    assert "100%" in shown
    assert "3 rows" in shown
    assert "rows/s" in shown
    assert "ETA" in shown
    assert shown.replace("\x1b[?25h", "").endswith("\n")  # the bar line is finished


def test_quiet_silences_the_bar_on_a_terminal(
    corpus_csv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = _Tty()
    monkeypatch.setattr(sys, "stderr", fake)
    main(
        ["convert", str(corpus_csv), "-o", str(tmp_path / "o.csv"), "--text-col", "body", "--quiet"]
    )
    assert fake.getvalue() == ""


def test_progress_bar_line_without_known_total() -> None:
    from moneyx.batch import BatchProgress

    stream = _Tty()
    bar = _ProgressBar(stream)
    bar(BatchProgress(rows_done=500, rows_total=None, fraction=None, elapsed=2.0))
    bar.close()
    assert "500 rows" in stream.getvalue()
    assert "250 rows/s" in stream.getvalue()


def test_progress_bar_shows_the_row_total_when_known() -> None:
    from moneyx.batch import BatchProgress

    stream = _Tty()
    bar = _ProgressBar(stream)
    bar(BatchProgress(rows_done=250, rows_total=1000, fraction=0.25, elapsed=1.0))
    bar.close()
    shown = stream.getvalue()
    assert "250/1,000 rows" in shown
    assert "25%" in shown


def test_scheduler_needs_dask_engine(
    corpus_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        [
            "convert",
            str(corpus_csv),
            "-o",
            str(tmp_path / "o.csv"),
            "--text-col",
            "body",
            "--scheduler",
            "tcp://127.0.0.1:1",
        ],
        capsys,
    )
    assert code == 2
    assert "--engine dask" in err


def test_burden_subcommand_prints_the_figure_and_its_sources(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(
        ["burden", "5,000,000 won", "--wage", "3,000 won a month", "--date", "2007-02-06"], capsys
    )
    assert code == 0, err
    first = out.splitlines()[0]
    assert first.startswith("5,000,000 won (5,000,000 KPW) = 138.89 years (1,666.67 months)")
    assert "month = year/12" in out


def test_burden_needs_wage_or_basis(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["burden", "5 million won"], capsys)
    assert code == 1
    assert "--wage" in err


def test_python_dash_m_runs_the_cli(doc: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "moneyx", "extract", str(doc), "--format", "jsonl"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.splitlines()[0])["text"] == "300 yuan"
