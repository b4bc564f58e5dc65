"""Command-line front end: ``extract``, ``convert``, ``explain``, ``rules``, ``burden``, ``rates``.

Also ``serve``. Only argument parsing, input/output and presentation live here (terminal tables
and the progress bar through ``rich``); the work is done by ``moneyx.batch``, ``moneyx.dask``,
``moneyx.burden`` and ``moneyx.typed``, the HTML by ``moneyx.render``, the charts by
``moneyx.plot`` and the web app by ``moneyx.web``. Exit codes: 0 success, 1 a run that could not
be done (missing file or column, strict failure, ...), 2 bad usage, 130 interrupted.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from moneyx.errors import MoneyxError

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

    from moneyx.batch import BatchProgress, BatchReport
    from moneyx.model import Explanation
    from moneyx.typed import Weighing

__all__ = ["main"]

logger = logging.getLogger("moneyx.cli")


class CliError(Exception):
    """A user-facing failure: printed as ``moneyx <cmd>: error: <message>``, exit code 1."""


class UsageError(CliError):
    """Bad usage (a missing argument, an option value moneyx refuses): exit code 2."""


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
    """Check a ``--date`` value: ISO or any style moneyx.dates reads ("2019", "March 12, 2019")."""
    from moneyx.dates import parse_doc_date

    try:
        parse_doc_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date such as 2019-03-12 (or March 2019, 2019), got {text!r}"
        ) from None
    return text.strip()


def _iso_date_arg(text: str) -> str:
    """Check a date that must be a day in ISO form (explain, burden, the --from/--to of plots)."""
    from datetime import date

    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def _jobs_arg(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected 0 (one per CPU) or more, got {text!r}")
    return value


def _check_extraction_args(args: argparse.Namespace) -> dict[str, str]:
    """Refuse a bad ``--lang``/``--locale``/``--default-currency`` before any work (exit 2).

    Returns:
        The ``--default-currency`` mapping.

    Raises:
        UsageError: ``extract_amounts`` refuses the options; its message names them.

    """
    from moneyx.extract import extract_amounts

    defaults = dict(args.default_currency or [])
    try:
        extract_amounts("", lang=args.lang, locale=args.locale, default_currency=defaults or None)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return defaults


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


_LEGEND = {  # not-lexicon: the table's mark names
    "gloss": "\u21b3#N  a gloss: the text's own conversion of mention #N",
    "approx": "~     approximate: a hedge such as 'about' qualifies the amount",
    "bound": "> \u2265 < \u2264  a bound: more than, at least, less than, up to",
    "old": "old   old won: before the 2009-11-30 redenomination (100 old won = 1 new won)",
    "unresolved": "?     currency not decided by the text (candidates kept, nothing converted)",
}


def _console(out: TextIO) -> Console:
    """Return a rich console on ``out``: the terminal's width, or 120 columns into a file/pipe."""
    from rich.console import Console

    tty = out.isatty()
    width = None if tty else int(os.environ.get("COLUMNS", "0") or 0) or 120
    return Console(file=out, width=width, highlight=False, emoji=False, soft_wrap=False)


def _print_doc_table(
    doc: _Doc, records: list[dict[str, object]], console: Console, used: set[str]
) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from moneyx.render import BOUND_SIGNS

    date_text = doc.doc_date or "no date"
    n = len(records)
    console.print(Text(f"== {doc.label}  ({date_text}, {n} mention{'s' if n != 1 else ''})"))
    if not records:
        console.print(Text("   (no money mentions)"))
        console.print()
        return
    table = Table(
        box=box.SIMPLE_HEAD, padding=(0, 1), collapse_padding=True, pad_edge=False, show_edge=False
    )
    for name, just in (
        ("#", "right"),
        ("text", "left"),
        ("value", "right"),
        ("cur", "left"),
        ("per", "left"),
        ("approx", "left"),
        ("usd", "right"),
        ("kpw", "right"),
        ("reason", "left"),
    ):
        table.add_column(
            name,
            justify=just,  # type: ignore[arg-type]
            overflow="fold",
            no_wrap=name in ("#", "value", "usd", "kpw", "cur"),
        )
    notes: list[str] = []
    for i, r in enumerate(records):
        gloss = r.get("gloss_of")
        text = " ".join(str(r["text"]).split())
        if gloss is not None:
            text = f"\u21b3#{gloss} {text}"
            used.add("gloss")
        kpw = _display_decimal(r.get("kpw"), 0, r.get("kpw_high"))
        if r.get("kpw_unit") == "old" and kpw != "-":
            kpw += " old"
            used.add("old")
        marks = []
        if r.get("approx"):
            marks.append("~")
            used.add("approx")
        bound = r.get("bound")
        if isinstance(bound, str) and bound in BOUND_SIGNS:
            marks.append(BOUND_SIGNS[bound])
            used.add("bound")
        currency = str(r.get("currency") or "?")
        if currency == "?":
            used.add("unresolved")
        table.add_row(
            *(
                Text(cell)
                for cell in (
                    str(i),
                    text,
                    _value_text(r.get("value"), r.get("high")),
                    currency,
                    str(r.get("per") or ""),
                    " ".join(marks),
                    _display_decimal(r.get("usd"), 2, r.get("usd_high")),
                    kpw,
                    " ".join(str(r.get("reason") or "").split()),
                )
            )
        )
        if r.get("note") and r.get("usd") is None and doc.doc_date:
            notes.append(f"   [{i}] {r['note']}")
    from rich.padding import Padding

    with console.capture() as captured:
        console.print(Padding(table, (0, 0, 0, 3)))
    for line in captured.get().splitlines():  # rich pads every line to the table's width
        console.file.write(line.rstrip() + "\n")
    for line in notes:
        console.print(Text(line))
    if not doc.doc_date:
        console.print(Text("   (no document date: pass --date to convert to USD/KPW)"))
    console.print()


def _print_legend(console: Console, used: set[str]) -> None:
    from rich.text import Text

    if not used:
        return
    console.print(Text("Legend:", style="bold"))
    for key, line in _LEGEND.items():
        if key in used:
            console.print(Text("  " + line))


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
        raise UsageError("give FILE..., '-' for standard input, or --manifest PATH")
    defaults = _check_extraction_args(args)
    missing = [d.label for d in docs if d.path is not None and not d.path.is_file()]
    if missing:
        raise CliError("no such file: " + ", ".join(repr(m) for m in missing))
    if args.format == "html":
        return _extract_html(docs, args, defaults, out, err)
    if args.why_not or args.place:
        raise UsageError("--why-not and --place are for --format html")
    writer: csv.DictWriter[str] | None = None
    if args.format == "csv":
        writer = csv.DictWriter(out, fieldnames=list(OUTPUT_COLUMNS), lineterminator="\n")
        writer.writeheader()
    console = _console(out) if args.format == "table" else None
    used: set[str] = set()
    for n, doc in enumerate(docs):
        text = _doc_text(doc, err)
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
        if console is not None:
            _print_doc_table(doc, records, console, used)
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
    if console is not None:
        _print_legend(console, used)
    return 0


def _doc_text(doc: _Doc, err: TextIO) -> str:
    if doc.path is not None:
        return _read_text(doc.path, doc.label, err)
    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        print("moneyx extract: warning: <stdin>: undecodable bytes replaced", file=err)
        return data.decode("utf-8-sig", errors="replace")


def _extract_html(
    docs: list[_Doc],
    args: argparse.Namespace,
    defaults: dict[str, str],
    out: TextIO,
    err: TextIO,
) -> int:
    """Write one standalone HTML page with every document highlighted (``--format html``)."""
    from moneyx.render import html_page, render

    rendered = []
    for n, doc in enumerate(docs):
        text = _doc_text(doc, err)
        stem = Path(doc.label).stem if doc.path is not None else "stdin"
        try:
            rendered.append(
                render(
                    text,
                    doc_date=doc.doc_date,
                    place=args.place,
                    lang=args.lang,
                    locale=args.locale,
                    default_currency=defaults,
                    why_not=args.why_not,
                    title=doc.label,
                    doc_id=f"d{n}-{stem}",
                )
            )
        except ValueError as exc:
            raise CliError(f"{doc.label}: {exc}") from None
    title = rendered[0].title if len(rendered) == 1 else f"moneyx: {len(rendered)} documents"
    out.write(html_page(rendered, title=f"{title}"))
    return 0


# --------------------------------------------------------------------------------------------
# convert
# --------------------------------------------------------------------------------------------


class _ProgressBar:
    """The progress of ``convert`` on a terminal through ``rich.progress``.

    Bar, percent, rows done out of the total where the input's row count is known, rows/s
    (rows resumed from an earlier run are not counted as speed) and the time left. Refreshed by
    the batch callbacks only (no refresh thread: worker processes may be forked meanwhile).
    """

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )

        self.console = Console(file=stream, force_terminal=True, highlight=False)
        self.progress = Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rows]} rows"),
            TextColumn("{task.fields[rate]} rows/s"),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=self.console,
            auto_refresh=False,
            transient=False,
        )
        self.task = self.progress.add_task("convert", total=None, rows="0", rate="0")
        self.last = 0.0
        self.shown = False

    def __call__(self, p: BatchProgress) -> None:
        now = time.monotonic()
        if now - self.last < 0.1 and p.fraction != 1.0:
            return
        self.last = now
        if not self.shown:
            self.progress.start()
            self.shown = True
        worked = p.rows_done - p.rows_resumed
        rate = worked / p.elapsed if p.elapsed > 0 else 0.0
        rows = f"{p.rows_done:,}" + (f"/{p.rows_total:,}" if p.rows_total else "")
        if p.rows_total:
            total, done = float(p.rows_total), float(p.rows_done)
        elif p.fraction is not None:
            total, done = 1000.0, 1000.0 * min(p.fraction, 1.0)
        else:
            total, done = None, float(p.rows_done)
        self.progress.update(self.task, total=total, completed=done, rows=rows, rate=f"{rate:,.0f}")
        self.progress.refresh()

    def close(self) -> None:
        if self.shown:
            self.progress.refresh()
            self.progress.stop()


def _cmd_convert(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    src, dst = Path(args.input), Path(args.output)
    defaults = _check_extraction_args(args)
    if args.date_format is not None and "%" not in args.date_format:
        raise UsageError(
            f"--date-format takes strftime directives such as %d/%m/%Y, got {args.date_format!r}"
        )
    if args.engine == "dask" and args.resume:
        raise UsageError("--resume is for --engine local (Dask reruns failed tasks itself)")
    if args.engine != "dask" and args.scheduler:
        raise UsageError("--scheduler needs --engine dask")
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
        "date_format": args.date_format,
        "dayfirst": args.dayfirst,
        "strict": args.strict,
        "lang": args.lang,
        "default_currency": defaults,
        "locale": args.locale,
        "to": args.to,
    }
    report: BatchReport
    try:
        if args.engine == "dask":
            from moneyx.dask import convert_parquet

            report = convert_parquet(
                src,
                dst,
                scheduler=args.scheduler,
                n_workers=args.jobs if args.jobs > 1 else None,
                chunksize=args.chunksize,
                **common,
            )
        else:
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
    defaults = _check_extraction_args(args)
    if args.date_format is not None and "%" not in args.date_format:
        raise UsageError(
            f"--date-format takes strftime directives such as %d/%m/%Y, got {args.date_format!r}"
        )
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
            date_format=args.date_format,
            dayfirst=args.dayfirst,
            strict=args.strict,
            lang=args.lang,
            default_currency=defaults,
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
    """Add ``moneyx rates``: ``plot`` a table's history, ``from-text`` mine a corpus's quotes."""
    from moneyx.plot import SCALES

    rt = sub.add_parser(
        "rates",
        help="exchange rates: plot a rate history (plot), mine the quotes of a corpus (from-text)",
        description="Commands about exchange rates.",
    )
    rsub = rt.add_subparsers(dest="rates_command", metavar="ACTION", required=True)
    rp = rsub.add_parser(
        "plot",
        help="draw every observation of a currency between two dates",
        description="Draw a rate history from the shipped tables: for KPW a line per survey "
        "city, other places and official rates apart (needs moneyx-news[plot]).",
    )
    rp.add_argument("currency", metavar="CURRENCY", help="ISO code, e.g. KPW")
    rp.add_argument("--from", dest="start", type=_iso_date_arg, help="first date YYYY-MM-DD")
    rp.add_argument("--to", dest="end", type=_iso_date_arg, help="last date YYYY-MM-DD")
    rp.add_argument("--base", default="USD", help="quoted per this currency (default USD)")
    rp.add_argument("--place", help="only observations naming this place (e.g. Hyesan)")
    rp.add_argument(
        "--kind",
        choices=("all", "market", "official", "semi-official", "reference"),
        default="all",
        help="kind of rate (default: all)",
    )
    rp.add_argument(
        "--scale",
        choices=tuple(SCALES),
        default="auto",
        help="value axis (auto: log when the values span more than x20)",
    )
    rp.add_argument(
        "--quotes",
        metavar="FILE",
        help="also draw the quotes of this pair that `moneyx rates from-text` mined into FILE "
        "(.csv, .csv.gz, .parquet), within the dates and --place",
    )
    rp.add_argument("-o", "--output", required=True, help="image file (.svg, .png, .pdf)")
    rp.set_defaults(func=_cmd_rates_plot)

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
    ft.add_argument(
        "--date-format",
        metavar="FORMAT",
        help="strftime format of the date cells, e.g. %%d/%%m/%%Y (default: any style)",
    )
    ft.add_argument(
        "--dayfirst",
        action="store_true",
        help="read ambiguous numeric dates day first: 12/03/2019 is 12 March",
    )
    ft.add_argument(
        "--jobs", type=_jobs_arg, default=1, help="processes (default 1; 0: one per CPU)"
    )
    ft.add_argument("--chunksize", type=_positive_int, help="rows per chunk (default 1000)")
    ft.add_argument("--quiet", action="store_true", help="no progress bar")
    ft.add_argument("--resume", action="store_true", help="continue an interrupted run")
    ft.add_argument("--strict", action="store_true", help="stop at the first bad row")
    _add_extraction_options(ft)
    ft.set_defaults(func=_cmd_rates_from_text)


# --------------------------------------------------------------------------------------------
# explain, rules
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
    out = [line for _, _, lines in rows for line in lines] or ["no candidate amounts in this text"]
    if ex.context:
        out.append("document context: " + ", ".join(ex.context))
    return out


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
        record = {  # not-lexicon: JSON keys
            "mentions": [m.to_dict() for m in ex.mentions],
            "vetoed": [v.to_dict() for v in ex.vetoed],
            "context": list(ex.context),
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


# --------------------------------------------------------------------------------------------
# burden
# --------------------------------------------------------------------------------------------


def _fmt2(value: Decimal, places: int = 2) -> str:
    q = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN) if places else value
    return f"{q:,}"


def _burden_text(w: Weighing) -> str:
    """Render a typed burden: the figure, its range, the conventions, the rows, rates, sources.

    Example:
        >>> from moneyx.typed import weigh
        >>> w = weigh("5 million won", wage_text="3,000 won a month")
        >>> print(_burden_text(w).splitlines()[0])  # doctest: +NORMALIZE_WHITESPACE
        5 million won (5,000,000 KPW) = 138.89 years (1,666.67 months)
        of a wage of 3,000 won per month

    """
    from moneyx.burden import BASES

    amount, wage, b, day = w.amount, w.wage, w.burden, w.day
    high = "" if amount.high is None else "-" + _fmt2(amount.high, 0)
    a_lbl = f"{amount.text} ({_fmt2(amount.value, 0)}{high} {amount.currency})"
    when = f" on {day.isoformat()}" if day else ""

    def span(low: Decimal, top: Decimal | None) -> str:
        return _fmt2(low) if top is None else f"{_fmt2(low)} to {_fmt2(top)}"

    lines: list[str] = []
    if b.kg is not None:
        good = BASES[b.basis].series
        lines.append(f"{a_lbl} = {span(b.kg, b.kg_high)} kg of {good}{when}")
        for conv in b.conversions:
            if conv.kpw is not None:
                lines.append(
                    f"  amount in KPW: {span(conv.kpw, conv.kpw_high)} ({conv.kpw_unit} won)"
                )
    else:
        if b.years is None or b.months is None or b.period is None:
            raise CliError(f"the burden against {b.basis} gave no figure in years")
        if wage is not None:
            against = f"a wage of {wage.text} per {b.period}"
        else:
            against = f"the {BASES[b.basis].label}"
        lines.append(
            f"{a_lbl} = {span(b.years, b.years_high)} years "
            f"({span(b.months, b.months_high)} months) of {against}{when}"
        )
        if b.periods is not None:
            unit = "days' wages" if b.period == "day" else f"{b.period}ly wages"
            lines.append(f"  = {span(b.periods, b.periods_high)} {unit}")
    for m in (amount, wage):
        if m is not None:
            reason = f" ({m.reason})" if m.reason else ""
            lines.append(f"  currency: {m.text!r} read as {m.currency}{reason}")
    if w.defaulted:
        lines.append(
            "  note: 'won' was not decided by the text; read as KPW (North Korean won), the "
            "default for burden ratios against North Korean wages and prices"
        )
    for ref in b.references:
        lines.append(f"  reference: {ref.describe()}")
    for conv in b.conversions:
        for q in conv.quotes:
            lines.append(
                f"  rate: {q.units_per_base} {q.currency} per {q.base} observed "
                f"{q.observed.isoformat()} for {q.requested.isoformat()} ({q.kind}, "
                f"{q.provider or 'n/a'}{', ' + q.place if q.place else ''}; {q.source}; {q.policy})"
            )
        if conv.note:
            lines.append(f"  conversion note: {conv.note}")
    for n in b.notes:
        lines.append(f"  {n}")
    return "\n".join(lines)


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _cmd_burden(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from moneyx.typed import weigh

    if args.wage is None and args.basis is None:
        raise CliError("give --wage TEXT or --basis NAME to weigh the amount against")
    if args.wage is not None and args.basis is not None:
        raise CliError("give --wage TEXT or --basis NAME, not both")
    if args.plot is not None:
        return _burden_plot(args, out)
    if args.start or args.end:
        raise CliError("--from/--to draw a burden over time: add --plot PATH")
    w = weigh(
        args.amount,
        wage_text=args.wage,
        basis=args.basis,
        day=_day(args.date),
        place=args.place,
        date_flag="--date",
    )
    print(_burden_text(w), file=out)
    return 0


def _burden_plot(args: argparse.Namespace, out: TextIO) -> int:
    """``moneyx burden AMOUNT (--wage W | --basis B) --from D --to D --plot PATH``."""
    from moneyx.plot import burden_figure, burden_series, save_figure
    from moneyx.typed import read_amount

    if not args.start or not args.end:
        raise CliError("--plot draws the burden over time: give --from and --to (YYYY-MM-DD)")
    if args.date:
        raise CliError("--date is for one figure; --plot uses --from/--to")
    start, end = date.fromisoformat(args.start), date.fromisoformat(args.end)
    amount = read_amount(args.amount, "amount", day=start)
    wage = read_amount(args.wage, "--wage", day=start) if args.wage else None
    try:
        series = burden_series(
            amount, wage=wage, basis=args.basis, start=start, end=end, step=args.step,
            place=args.place,
        )  # fmt: skip
        fig = burden_figure(series)
        path = save_figure(fig, args.plot)
    except ImportError as exc:
        raise CliError(str(exc)) from None
    first_gap = (
        f"; first: {series.gaps[0][0].isoformat()}: {series.gaps[0][1]}" if series.gaps else ""
    )
    counts = f"{len(series.points)} dates with a figure, {len(series.gaps)} without"
    print(f"{counts}{first_gap} -> {path}", file=out)
    return 0


# --------------------------------------------------------------------------------------------
# rates plot, serve


def _cmd_rates_plot(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from moneyx.plot import SCALES, rate_figure, rate_series, read_quotes, save_figure

    currency = args.currency.strip().upper()
    kind = None if args.kind == "all" else args.kind
    base = args.base.upper()
    quotes = []
    if args.quotes is not None:
        quotes = read_quotes(
            args.quotes, currency, args.start, args.end, base=base, place=args.place
        )
    try:
        fig = rate_figure(
            currency, args.start, args.end, base=base, place=args.place, kind=kind,
            log=SCALES[args.scale], quotes=quotes,
        )  # fmt: skip
        path = save_figure(fig, args.output)
    except ImportError as exc:
        raise CliError(str(exc)) from None
    series = rate_series(currency, args.start, args.end, base=base, place=args.place, kind=kind)
    parts = ", ".join(f"{s.label} {len(s.points)}" for s in series)
    mined = "" if args.quotes is None else f" + {len(quotes)} quotes from {args.quotes}"
    print(f"{sum(len(s.points) for s in series)} observations ({parts}){mined} -> {path}", file=out)
    return 0


def _cmd_serve(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        import uvicorn

        from moneyx.web import Settings, create_app
    except ImportError as exc:
        raise CliError(
            f"moneyx serve needs the web extra: pip install 'moneyx-news[web]' ({exc})"
        ) from None
    settings = Settings(max_body_bytes=args.max_body, max_text_chars=args.max_text)
    app = create_app(settings)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"moneyx serve: warning: listening on {args.host}, not only this machine; the app "
            "has no authentication (see the README: run it behind a proxy)",
            file=err,
        )
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        root_path=args.root_path,
        proxy_headers=args.proxy_headers,
        forwarded_allow_ips=args.forwarded_allow_ips,
        log_level="info" if args.verbose else "warning",
    )
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
    p.add_argument(
        "--lang",
        default="auto",
        help="extraction language: en, ko, zh, or auto (default: auto, the language whose "
        "letters the text holds most of, and amounts in another language's letters in theirs)",
    )
    p.add_argument("--locale", help="locale for ambiguous symbols, e.g. en-AU ($ -> AUD)")


def build_parser() -> argparse.ArgumentParser:
    """Return the ``moneyx`` argument parser.

    Returns:
        The parser with the ``extract``, ``convert``, ``explain``, ``rules``, ``burden``,
        ``rates`` and ``serve`` subcommands.

    """
    from moneyx import __version__
    from moneyx.plot import STEPS

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
    ex.add_argument(
        "--date",
        type=_date_arg,
        help="document date for conversion: 2019-03-12, or any style convert reads",
    )
    ex.add_argument(
        "--format",
        choices=("table", "jsonl", "csv", "html"),  # not-lexicon: output formats
        default="table",
        help="output format (html: one standalone page, every mention highlighted)",
    )
    ex.add_argument(
        "--why-not",
        action="store_true",
        help="html: also show the candidates that vetoes rejected, with the veto and its reason",
    )
    ex.add_argument("--place", help="html: city for KPW market quotes and rice prices")
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
        "--date-format",
        metavar="FORMAT",
        help="strftime format of the date cells, e.g. %%d/%%m/%%Y (default: any style: ISO, "
        "'March 12, 2019', RFC 2822, '03/12/2019' month first, '2019' a year)",
    )
    cv.add_argument(
        "--dayfirst",
        action="store_true",
        help="read ambiguous numeric dates day first: 12/03/2019 is 12 March",
    )
    cv.add_argument(
        "--jobs",
        type=_jobs_arg,
        default=1,
        help="processes converting chunks (default 1; 0: one per CPU); with --engine dask and "
        "no --scheduler, the workers of the local cluster (default: one per CPU)",
    )
    cv.add_argument(
        "--chunksize",
        type=_positive_int,
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
    xp.add_argument("--date", type=_iso_date_arg, help="document date YYYY-MM-DD")
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
    bd.add_argument("--date", type=_iso_date_arg, help="date of the amount YYYY-MM-DD")
    bd.add_argument("--place", help="place for market references (e.g. Pyongyang)")
    bd.add_argument(
        "--plot",
        metavar="PATH",
        help="draw the burden on every --step date from --from to --to (.svg, .png, .pdf)",
    )
    bd.add_argument("--from", dest="start", type=_iso_date_arg, help="first date of --plot")
    bd.add_argument("--to", dest="end", type=_iso_date_arg, help="last date of --plot")
    bd.add_argument(
        "--step",
        choices=tuple(STEPS),
        default="month",
        help="spacing of the --plot dates (default: month)",
    )
    bd.set_defaults(func=_cmd_burden)
    _add_rates_parser(sub)

    sv = sub.add_parser(
        "serve",
        help="run the local web app and JSON API (needs moneyx-news[web])",
        description="Serve the paste-and-see page, the rates page and the /v1 JSON API.",
    )
    sv.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    sv.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    sv.add_argument(
        "--max-body",
        type=int,
        default=1_000_000,
        metavar="BYTES",
        help="largest request body accepted (413 beyond; default 1,000,000)",
    )
    sv.add_argument(
        "--max-text",
        type=int,
        default=200_000,
        metavar="CHARS",
        help="largest text accepted (413 beyond; default 200,000 characters)",
    )
    sv.add_argument(
        "--root-path", default="", help="URL prefix when a proxy serves the app under a path"
    )
    sv.add_argument(
        "--proxy-headers",
        action="store_true",
        help="trust X-Forwarded-For/-Proto from --forwarded-allow-ips (behind a proxy)",
    )
    sv.add_argument(
        "--forwarded-allow-ips",
        default="127.0.0.1",
        help="proxies whose forwarded headers are trusted (default 127.0.0.1)",
    )
    sv.set_defaults(func=_cmd_serve)
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
            " (finished chunks are kept: rerun with --resume)"
            if args.command == "convert" or getattr(args, "rates_command", None) == "from-text"
            else ""
        )
        print(f"moneyx {args.command}: interrupted{hint}", file=err)
        return 130
    except UsageError as exc:
        print(f"moneyx {args.command}: error: {exc}", file=err)
        return 2
    except (CliError, MoneyxError, FileNotFoundError, ValueError, OSError) as exc:
        print(f"moneyx {args.command}: error: {exc}", file=err)
        return 1
    finally:
        root.removeHandler(handler)
