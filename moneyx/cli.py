"""Command-line front end: ``moneyx extract``, ``moneyx convert`` and ``moneyx burden``.

Only argument parsing, input/output and presentation live here; the work is done by
``moneyx.batch``, ``moneyx.dask`` and ``moneyx.burden``. Exit codes: 0 success, 1 a run that
could not be done (missing file or column, strict failure, ...), 2 bad usage, 130 interrupted.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from moneyx.errors import MoneyxError

if TYPE_CHECKING:  # pragma: no cover
    from moneyx.batch import BatchProgress, BatchReport
    from moneyx.model import Explanation

__all__ = ["main"]

logger = logging.getLogger("moneyx.cli")


class CliError(Exception):
    """A user-facing failure: printed as ``moneyx <cmd>: error: <message>``, exit code 1."""


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def _default_currency_arg(text: str) -> tuple[str, str]:
    surface, sep, code = text.partition("=")
    code = code.strip().upper()
    if not sep or not surface.strip() or len(code) != 3 or not code.isalpha():
        raise argparse.ArgumentTypeError(f"expected SURFACE=ISO such as won=KPW, got {text!r}")
    return surface.strip(), code


def _targets_arg(text: str) -> tuple[str, ...]:
    from moneyx.lexicon import known_codes

    codes = tuple(dict.fromkeys(c.strip().upper() for c in text.split(",") if c.strip()))
    unknown = [c for c in codes if c not in known_codes()]
    if not codes or unknown:
        raise argparse.ArgumentTypeError(
            f"expected ISO codes such as USD,KPW,KRW, got {text!r}"
            + (f" (unknown: {', '.join(unknown)})" if unknown else "")
        )
    return codes


def _date_arg(text: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def _read_text(path: Path, label: str, stderr: TextIO) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        print(
            f"moneyx extract: warning: {label}: undecodable byte 0x{data[exc.start]:02x} at byte "
            f"{exc.start}; bad bytes replaced by U+FFFD",
            file=stderr,
        )
        return data.decode("utf-8-sig", errors="replace")


@dataclass(frozen=True, slots=True)
class _Doc:
    label: str
    doc_id: str
    doc_date: str | None
    path: Path | None  # None for stdin


def _manifest_docs(manifest: Path, fallback_date: str | None) -> list[_Doc]:
    if not manifest.is_file():
        raise CliError(f"manifest {str(manifest)!r} does not exist")
    docs: list[_Doc] = []
    base = manifest.parent
    for lineno, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            name = rec["file"]
        except (ValueError, KeyError, TypeError) as exc:
            raise CliError(
                f'{manifest}:{lineno}: expected a JSON object with a "file" key ({exc})'
            ) from None
        doc_date = rec.get("doc_date") or fallback_date
        docs.append(
            _Doc(
                label=str(name),
                doc_id=str(rec.get("id", name)),
                doc_date=None if doc_date is None else str(doc_date),
                path=base / str(name),
            )
        )
    return docs


def _display_decimal(raw: object, places: int, high: object = None) -> str:
    """Format exact decimal text for the terminal (rounded, thousands separators)."""
    if raw is None or raw == "":
        return "-"
    try:
        q = Decimal(1).scaleb(-places)
        low = Decimal(str(raw)).quantize(q, rounding=ROUND_HALF_EVEN)
        text = f"{low:,.{places}f}"
        if high not in (None, ""):
            hi = Decimal(str(high)).quantize(q, rounding=ROUND_HALF_EVEN)
            text += f"-{hi:,.{places}f}"
    except (InvalidOperation, ValueError):
        return str(raw)
    return text


def _value_text(raw: object, high: object) -> str:
    if raw is None:
        return "-"
    text = f"{Decimal(str(raw)):,f}"
    if high is not None:
        text += f"-{Decimal(str(high)):,f}"
    return text


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _table(rows: list[list[str]], header: list[str], right: set[int]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]

    def fmt(cells: list[str]) -> str:
        parts = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    return [fmt(header), fmt(["-" * w for w in widths]), *(fmt(r) for r in rows)]


def _print_doc_table(doc: _Doc, records: list[dict[str, object]], out: TextIO) -> None:
    date_text = doc.doc_date or "no date"
    n = len(records)
    print(f"== {doc.label}  ({date_text}, {n} mention{'s' if n != 1 else ''})", file=out)
    if not records:
        print("   (no money mentions)", file=out)
        print(file=out)
        return
    header = ["#", "text", "value", "cur", "per", "approx", "usd", "kpw", "reason"]
    rows: list[list[str]] = []
    notes: list[str] = []
    for i, r in enumerate(records):
        gloss = r.get("gloss_of")
        text = _clip(str(r["text"]), 34)
        if gloss is not None:
            text = f"({text}) of #{gloss}"
        kpw = _display_decimal(r.get("kpw"), 0, r.get("kpw_high"))
        if r.get("kpw_unit") == "old" and kpw != "-":
            kpw += " old"
        rows.append(
            [
                str(i),
                text,
                _value_text(r.get("value"), r.get("high")),
                str(r.get("currency") or "?"),
                str(r.get("per") or ""),
                "~" if r.get("approx") else "",
                _display_decimal(r.get("usd"), 2, r.get("usd_high")),
                kpw,
                _clip(str(r.get("reason") or ""), 48),
            ]
        )
        if r.get("note") and r.get("usd") is None and doc.doc_date:
            notes.append(f"   [{i}] {r['note']}")
    for line in _table(rows, header, right={0, 2, 6, 7}):
        print("   " + line, file=out)
    for line in notes:
        print(line, file=out)
    if not doc.doc_date:
        print("   (no document date: pass --date to convert to USD/KPW)", file=out)
    print(file=out)


# --------------------------------------------------------------------------------------------
# extract
# --------------------------------------------------------------------------------------------


def _cmd_extract(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from moneyx.batch import OUTPUT_COLUMNS, document_rows

    docs: list[_Doc] = []
    if args.manifest:
        docs.extend(_manifest_docs(Path(args.manifest), args.date))
    for name in args.files:
        if name == "-":
            docs.append(_Doc(label="<stdin>", doc_id="-", doc_date=args.date, path=None))
        else:
            docs.append(_Doc(label=name, doc_id=name, doc_date=args.date, path=Path(name)))
    if not docs:
        raise CliError("give FILE..., '-' for standard input, or --manifest PATH")
    missing = [d.label for d in docs if d.path is not None and not d.path.is_file()]
    if missing:
        raise CliError("no such file: " + ", ".join(repr(m) for m in missing))
    defaults = dict(args.default_currency or [])
    writer: csv.DictWriter[str] | None = None
    if args.format == "csv":
        writer = csv.DictWriter(out, fieldnames=list(OUTPUT_COLUMNS), lineterminator="\n")
        writer.writeheader()
    for n, doc in enumerate(docs):
        if doc.path is None:
            data = sys.stdin.buffer.read()
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                print("moneyx extract: warning: <stdin>: undecodable bytes replaced", file=err)
                text = data.decode("utf-8-sig", errors="replace")
        else:
            text = _read_text(doc.path, doc.label, err)
        try:
            records = document_rows(
                text,
                doc_date=doc.doc_date,
                lang=args.lang,
                default_currency=defaults,
                locale=args.locale,
            )
        except ValueError as exc:
            raise CliError(f"{doc.label}: {exc}") from None
        if args.format == "table":
            _print_doc_table(doc, records, out)
            continue
        base = {"doc_id": doc.doc_id, "row": n, "doc_date": doc.doc_date}
        full = [{**base, **r} for r in records] or [{**base, "status": "no_mentions"}]
        for rec in full:
            if writer is not None:
                writer.writerow(
                    {k: "" if rec.get(k) is None else rec.get(k) for k in OUTPUT_COLUMNS}
                )
            else:
                out.write(json.dumps({k: rec.get(k) for k in OUTPUT_COLUMNS}, ensure_ascii=False))
                out.write("\n")
    return 0


# --------------------------------------------------------------------------------------------
# convert
# --------------------------------------------------------------------------------------------


class _ProgressBar:
    """A one-line progress bar on a terminal: bar, percent, rows, rows/s, ETA."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.last = 0.0
        self.shown = False

    def __call__(self, p: BatchProgress) -> None:
        now = time.monotonic()
        if now - self.last < 0.1 and p.fraction not in (1.0,):
            return
        self.last = now
        worked = p.rows_done - p.rows_resumed
        rate = worked / p.elapsed if p.elapsed > 0 else 0.0
        width = max(10, min(30, shutil.get_terminal_size((80, 20)).columns - 60))
        if p.fraction is not None:
            filled = int(width * min(p.fraction, 1.0))
            bar = "#" * filled + "." * (width - filled)
            left = (p.elapsed / max(p.fraction, 1e-9)) - p.elapsed if p.fraction > 0 else 0.0
            eta = f"ETA {int(left) // 60}:{int(left) % 60:02d}"
            pct = f"{100 * p.fraction:5.1f}%"
        else:
            bar, eta, pct = "?" * width, "ETA ?", "  ?  "
        total = f"/{p.rows_total:,}" if p.rows_total else ""
        line = f"\r[{bar}] {pct} {p.rows_done:,}{total} rows  {rate:,.0f} rows/s  {eta}"
        self.stream.write(line + "\x1b[K")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def _cmd_convert(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    src, dst = Path(args.input), Path(args.output)
    if not src.exists():
        raise CliError(f"input {str(src)!r} does not exist")
    bar: _ProgressBar | None = None
    if not args.quiet and err.isatty():
        bar = _ProgressBar(err)
    common = {
        "text_col": args.text_col,
        "date_col": args.date_col,
        "id_col": args.id_col,
        "date": args.date,
        "strict": args.strict,
        "lang": args.lang,
        "default_currency": dict(args.default_currency or []),
        "locale": args.locale,
        "to": args.to,
    }
    report: BatchReport
    try:
        if args.engine == "dask":
            from moneyx.dask import convert_parquet

            if args.resume:
                raise CliError("--resume is for --engine local (Dask reruns failed tasks itself)")
            report = convert_parquet(
                src,
                dst,
                scheduler=args.scheduler,
                n_workers=args.jobs if args.jobs > 1 else None,
                chunksize=args.chunksize,
                **common,
            )
        else:
            if args.scheduler:
                raise CliError("--scheduler needs --engine dask")
            from moneyx.batch import convert_file

            progress: Callable[[BatchProgress], None] | None = bar
            report = convert_file(
                src,
                dst,
                jobs=args.jobs,
                chunksize=args.chunksize or 1000,
                resume=args.resume,
                progress=progress,
                **common,
            )
    finally:
        if bar is not None:
            bar.close()
    print(report.summary(), file=out)
    return 0


def _cmd_rates_from_text(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Mine the exchange-rate quotes of a corpus (``convert_file(records="quotes")``)."""
    from moneyx.batch import convert_file

    src, dst = Path(args.input), Path(args.output)
    if not src.exists():
        raise CliError(f"input {str(src)!r} does not exist")
    bar = _ProgressBar(err) if not args.quiet and err.isatty() else None
    try:
        report = convert_file(
            src,
            dst,
            text_col=args.text_col,
            date_col=args.date_col,
            id_col=args.id_col,
            date=args.date,
            strict=args.strict,
            lang=args.lang,
            default_currency=dict(args.default_currency or []),
            locale=args.locale,
            jobs=args.jobs,
            chunksize=args.chunksize or 1000,
            resume=args.resume,
            progress=bar,
            records="quotes",
        )
    finally:
        if bar is not None:
            bar.close()
    print(report.summary(), file=out)
    return 0


def _add_rates_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``moneyx rates``: commands about exchange rates (``from-text``: mine a corpus)."""
    rt = sub.add_parser(
        "rates",
        help="exchange rates: mine the quotes of a corpus (from-text)",
        description="Commands about exchange rates.",
    )
    rsub = rt.add_subparsers(dest="rates_command", metavar="RATES_COMMAND", required=True)
    ft = rsub.add_parser(
        "from-text",
        help="write every exchange-rate quote of a CSV/Parquet corpus, against the tables",
        description="One output row per quote (base, quote, rate, place, date, the tables' "
        "rate for the same pair, day and place and the deviation in percent; gloss pairs give "
        "implied rates) plus one status row per input row without quotes or with an error; "
        "the same accounting and --resume as `moneyx convert`.",
    )
    ft.add_argument("input", metavar="CORPUS", help="input .csv/.parquet (or Parquet folder)")
    ft.add_argument("-o", "--output", required=True, help="output .csv/.parquet")
    ft.add_argument("--text-col", required=True, help="column holding the text")
    ft.add_argument("--date-col", help="column holding each document's date")
    ft.add_argument("--id-col", help="column holding a document id (copied to doc_id)")
    ft.add_argument("--date", type=_date_arg, help="fixed date (fills empty --date-col cells)")
    ft.add_argument("--jobs", type=int, default=1, help="processes (default 1; 0: one per CPU)")
    ft.add_argument("--chunksize", type=int, help="rows per chunk (default 1000)")
    ft.add_argument("--quiet", action="store_true", help="no progress bar")
    ft.add_argument("--resume", action="store_true", help="continue an interrupted run")
    ft.add_argument("--strict", action="store_true", help="stop at the first bad row")
    _add_extraction_options(ft)
    ft.set_defaults(func=_cmd_rates_from_text)


# --------------------------------------------------------------------------------------------
# burden
# --------------------------------------------------------------------------------------------


def _explain_lines(ex: Explanation) -> list[str]:
    """Render an explanation as text: every candidate, kept or vetoed, with what decided it."""
    rows: list[tuple[int, int, list[str]]] = []
    for i, m in enumerate(ex.mentions):
        value = f"{m.value}" if m.high is None else f"{m.value} .. {m.high}"
        facts = [f"value {value}"]
        for label, field in (("per", m.per), ("role", m.role), ("bound", m.bound)):
            if field:
                facts.append(f"{label} {field}")
        if m.approx:
            facts.append(f"approx ({m.hedge})" if m.hedge else "approx")
        if m.gloss_of is not None:
            facts.append(f"converts #{m.gloss_of}")
        lines = [
            f"#{i} {m.start}-{m.end} {m.text!r}: KEPT, {m.currency or 'currency undecided'}",
            "    " + "; ".join(facts),
            f"    currency: {m.reason}"
            + (f" (candidates {'/'.join(m.candidates)})" if len(m.candidates) > 1 else ""),
            "    trace: " + " > ".join(m.trace),
        ]
        rows.append((m.start, 0, lines))
    for v in ex.vetoed:
        rows.append(
            (v.start, 1, [f"   {v.start}-{v.end} {v.text!r}: VETOED by {v.rule}: {v.reason}"])
        )
    rows.sort(key=lambda r: (r[0], r[1]))
    out = [line for _, _, lines in rows for line in lines]
    return out or ["no candidate amounts in this text"]


def _cmd_explain(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from moneyx.extract import explain

    text = args.text
    if text == "-":
        text = sys.stdin.read()
    ex = explain(
        text,
        lang=args.lang,
        doc_date=args.date,
        locale=args.locale,
        disable=tuple(args.disable or ()),
    )
    if args.format == "json":
        record = {
            "mentions": [m.to_dict() for m in ex.mentions],
            "vetoed": [v.to_dict() for v in ex.vetoed],
        }
        print(json.dumps(record, ensure_ascii=False, indent=2), file=out)
        return 0
    for line in _explain_lines(ex):
        print(line, file=out)
    return 0


def _cmd_rules(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from moneyx.rules import STAGES, all_rules, rule_data

    data = rule_data(args.lang)
    stages = [args.stage] if args.stage else list(STAGES)
    for stage in stages:
        if stage not in STAGES:
            raise CliError(f"unknown stage {stage!r}; stages: {', '.join(STAGES)}")
        print(f"{stage}: {STAGES[stage]}", file=out)
        for r in all_rules():
            if r.stage != stage:
                continue
            off = r.switch is not None and not data[r.id][r.switch]
            mark = f" [off for {args.lang}: no {r.switch}]" if off else ""
            print(f"  {r.id}{mark}\n      {r.summary}", file=out)
    return 0


def _cmd_burden(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from moneyx.burden import run_burden_cli

    if args.wage is None and args.basis is None:
        raise CliError("give --wage TEXT or --basis NAME to weigh the amount against")
    result = run_burden_cli(
        args.amount, wage_text=args.wage, basis=args.basis, date=args.date, place=args.place
    )
    print(result, file=out)
    return 0


# --------------------------------------------------------------------------------------------
# Parser and entry point
# --------------------------------------------------------------------------------------------


def _add_extraction_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--default-currency",
        metavar="SURFACE=ISO",
        type=_default_currency_arg,
        action="append",
        help="currency for an ambiguous surface without evidence, e.g. won=KPW (repeatable)",
    )
    p.add_argument("--lang", default="en", help="extraction language (default: en)")
    p.add_argument("--locale", help="locale for ambiguous symbols, e.g. en-AU ($ -> AUD)")


def build_parser() -> argparse.ArgumentParser:
    """Return the ``moneyx`` argument parser.

    Returns:
        The parser with the ``extract``, ``convert`` and ``burden`` subcommands.

    """
    from moneyx import __version__

    parser = argparse.ArgumentParser(
        prog="moneyx",
        description="Find money amounts in news text, convert them to USD and KPW on their date.",
    )
    parser.add_argument("--version", action="version", version=f"moneyx {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="log more (-vv: debug)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    ex = sub.add_parser(
        "extract",
        help="print the money mentions of text files",
        description="Print the money mentions of text files (or standard input), normalized "
        "to USD and KPW when a date is known.",
    )
    ex.add_argument("files", nargs="*", metavar="FILE", help="text files (UTF-8); '-' for stdin")
    ex.add_argument("--date", type=_date_arg, help="document date YYYY-MM-DD (for conversion)")
    ex.add_argument(
        "--format",
        choices=("table", "jsonl", "csv"),  # not-lexicon: output formats
        default="table",
        help="output format",
    )
    ex.add_argument(
        "--manifest",
        metavar="PATH.jsonl",
        help='JSONL records with "file" (relative to the manifest) and "doc_date"',
    )
    _add_extraction_options(ex)
    ex.set_defaults(func=_cmd_extract)

    cv = sub.add_parser(
        "convert",
        help="convert a CSV/Parquet corpus into a table of mentions",
        description="One output row per mention plus one status row per input row without "
        "mentions or with an error; formats follow the extensions (.csv, .parquet).",
    )
    cv.add_argument("input", metavar="INPUT", help="input .csv/.parquet (or Parquet folder)")
    cv.add_argument("-o", "--output", required=True, help="output .csv/.parquet")
    cv.add_argument("--text-col", required=True, help="column holding the text")
    cv.add_argument("--date-col", help="column holding each document's date")
    cv.add_argument("--id-col", help="column holding a document id (copied to doc_id)")
    cv.add_argument("--date", type=_date_arg, help="fixed date (fills empty --date-col cells)")
    cv.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="processes converting chunks (default 1; 0: one per CPU); with --engine dask and "
        "no --scheduler, the workers of the local cluster (default: one per CPU)",
    )
    cv.add_argument(
        "--chunksize",
        type=int,
        help="rows per chunk (default 1000); with --engine dask, rows per partition "
        "(default: keep the input's partitions)",
    )
    cv.add_argument(
        "--to",
        metavar="CODES",
        type=_targets_arg,
        default=("USD", "KPW"),
        help="target currencies, comma-separated (default USD,KPW; e.g. USD,KPW,KRW,CNY): usd "
        "and kpw have columns, the others go to targets/targets_high as CODE:amount pairs",
    )
    cv.add_argument("--quiet", action="store_true", help="no progress bar")
    cv.add_argument("--resume", action="store_true", help="continue an interrupted run")
    cv.add_argument("--strict", action="store_true", help="stop at the first bad row")
    cv.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local processes (default) or a Dask cluster (Parquet dataset output)",
    )
    cv.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler (tcp://host:8786)")
    _add_extraction_options(cv)
    cv.set_defaults(func=_cmd_convert)

    xp = sub.add_parser(
        "explain",
        help="show every candidate amount of a text, kept or vetoed, and the rules that decided",
        description="Show why moneyx reads a text as it does: each candidate amount, kept (with "
        "its value, per, currency, the reason and the ids of the rules that fired) or vetoed "
        "(with the veto's id and reason).",
    )
    xp.add_argument("text", metavar="TEXT", help="the text ('-' reads standard input)")
    xp.add_argument("--date", type=_date_arg, help="document date YYYY-MM-DD")
    xp.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    xp.add_argument(
        "--disable", nargs="*", metavar="RULE", help="rule ids to switch off (see `moneyx rules`)"
    )
    _add_extraction_options(xp)
    xp.set_defaults(func=_cmd_explain)

    rl = sub.add_parser(
        "rules",
        help="list the extraction rules by stage",
        description="List every rule id with what it does, stage by stage; rules with no data "
        "for the language are marked off.",
    )
    rl.add_argument("stage", nargs="?", help="one stage (veto, per, rung, ...)")
    rl.add_argument("--lang", default="en", help="language whose data to check (default: en)")
    rl.set_defaults(func=_cmd_rules)

    bd = sub.add_parser(
        "burden",
        help="weigh an amount against a wage or a reference series",
        description="Express an amount as time of work at a wage (or a reference basis).",
    )
    bd.add_argument("amount", metavar="AMOUNT", help='the amount, e.g. "5 million won"')
    bd.add_argument("--wage", help='the wage, e.g. "3,000 won a month"')
    bd.add_argument("--basis", help="a reference series instead of --wage (nk_state_wage, ...)")
    bd.add_argument("--date", type=_date_arg, help="date of the amount YYYY-MM-DD")
    bd.add_argument("--place", help="place for market references (e.g. Pyongyang)")
    bd.set_defaults(func=_cmd_burden)
    _add_rates_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: Arguments (``sys.argv[1:]`` when None).

    Returns:
        The exit code: 0 success, 1 failure (message on stderr), 2 bad usage, 130 interrupted.

    """
    parser = build_parser()
    args = parser.parse_args(argv)
    out, err = sys.stdout, sys.stderr
    handler = logging.StreamHandler(err)
    handler.setFormatter(logging.Formatter("moneyx: %(levelname)s: %(message)s"))
    root = logging.getLogger("moneyx")
    root.addHandler(handler)
    root.setLevel({0: logging.WARNING, 1: logging.INFO}.get(args.verbose, logging.DEBUG))
    try:
        code: int = args.func(args, out, err)
        return code
    except BrokenPipeError:  # the reader went away (``moneyx extract ... | head``): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        hint = (
            " (finished chunks are kept: rerun with --resume)" if args.command == "convert" else ""
        )
        print(f"moneyx {args.command}: interrupted{hint}", file=err)
        return 130
    except (CliError, MoneyxError, FileNotFoundError, ValueError, OSError) as exc:
        print(f"moneyx {args.command}: error: {exc}", file=err)
        return 1
    finally:
        root.removeHandler(handler)
