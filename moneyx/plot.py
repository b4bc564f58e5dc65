"""Charts of rate histories and of burdens over time, drawn with matplotlib (``moneyx-news[plot]``).

``rate_figure`` draws every observation of a currency between two dates (KPW: one series per city
and kind, market and official apart), and ``burden_series`` + ``burden_figure`` weigh one amount
against a wage or a reference basis on each date of a range. Both return a
``matplotlib.figure.Figure`` built without pyplot (no global state, safe in a server) and
``save_figure`` writes it in the format its extension names, with no timestamp in the file, so the
same data gives the same bytes. The series a chart needs are computed first
(:class:`RateSeries`, :class:`BurdenSeries`), so a caller can inspect or test them without
matplotlib. Floats appear here only, at the drawing boundary.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from moneyx.errors import MoneyxError
from moneyx.model import Burden, Mention, Money

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from moneyx.rates import RateStore

__all__ = [
    "MAIN_CITIES",
    "BurdenSeries",
    "QuotePoint",
    "RatePoint",
    "RateSeries",
    "Step",
    "burden_figure",
    "burden_series",
    "rate_figure",
    "rate_series",
    "read_quotes",
    "save_figure",
]

MAIN_CITIES = ("Pyongyang", "Sinuiju", "Hyesan")
# spacing of burden_series dates -> months between them (0: a week); the CLI's --step choices
STEPS: dict[str, int] = {"week": 0, "month": 1, "quarter": 3, "year": 12}  # not-lexicon: Step
# the value axis of a rate chart -> rate_figure's log (None: log when the values span > x20)
SCALES: dict[str, bool | None] = {  # not-lexicon: axis scale names (CLI and web choices)
    "auto": None,
    "log": True,
    "linear": False,
}
"""The cities of the Daily NK survey: each gets a line of its own; other places are grouped."""

Step = Literal["week", "month", "quarter", "year"]
_REDENOMINATION = date(2009, 11, 30)


def _matplotlib() -> None:
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:  # pragma: no cover - exercised without the extra
        raise ImportError(
            "charts need matplotlib: pip install 'moneyx-news[plot]' (or pip install matplotlib)"
        ) from exc


# --------------------------------------------------------------------------------------------
# rate histories


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class RatePoint:
    """One observation on a chart (its own row of the tables, with its source).

    Attributes:
        day: First day the observation covers.
        day_end: Last day it covers (equal to ``day`` for a day observation).
        value: Units of the currency per unit of the base.
        value_high: High end of a stated range, else None.
        kind: "market", "official", ...
        provider: Who published it.
        place: City as the table writes it ("" when none is named).
        source: Citation (URL or series id).

    """

    day: date
    day_end: date
    value: Decimal
    value_high: Decimal | None
    kind: str
    provider: str
    place: str
    source: str


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class RateSeries:
    """The observations of one line of a rate chart.

    Attributes:
        label: Legend label ("Hyesan, market", "official").
        kind: Kind of its observations.
        place: The city of a city line, else None.
        points: The observations, by date.

    """

    label: str
    kind: str
    place: str | None
    points: tuple[RatePoint, ...]


def _group_place(place: str) -> str | None:
    for city in MAIN_CITIES:
        if place.casefold() == city.casefold():
            return city
    return None


def rate_series(
    currency: str,
    start: date | str | None = None,
    end: date | str | None = None,
    *,
    base: str = "USD",
    place: str | None = None,
    kind: str | None = None,
    rates: RateStore | None = None,
) -> list[RateSeries]:
    """Group every observation of a currency between two dates into chart series.

    Market observations of the survey cities (Pyongyang, Sinuiju, Hyesan) get a series per city;
    other market observations ("no city named", a region, a pair of cities) one series; every
    other kind ("official", "semi-official", "reference") one series per kind.

    Args:
        currency: ISO code ("KPW").
        start: First day (inclusive); None = the first observation.
        end: Last day (inclusive); None = the last observation.
        base: The base currency ("USD", "CNY").
        place: Keep only observations naming this place.
        kind: Keep only this kind (None = every kind).
        rates: A RateStore (default: the shipped tables).

    Returns:
        The series, market city lines first, then the rest; empty series are left out.

    Raises:
        RateNotFoundError: The tables have no such currency pair.
        ValueError: A bad date, or ``start`` after ``end``.

    Example:
        >>> [s.label for s in rate_series("KPW", "2015-09-01", "2015-09-30")]
        ['Pyongyang, market', 'Sinuiju, market', 'Hyesan, market']

    """
    from moneyx.rates import RateStore

    store = rates or RateStore.default()
    frame = store.history(currency, start, end, base=base, kind=kind, place=place)
    groups: dict[tuple[int, str, str | None], list[RatePoint]] = {}
    for row in frame.to_dict("records"):
        point = RatePoint(
            day=row["date"],
            day_end=row["date_end"],
            value=row["units_per_base"],
            value_high=row["units_per_base_high"],
            kind=str(row["kind"]),
            provider=str(row["provider"]),
            place=str(row["place"]),
            source=str(row["source"]),
        )
        city = _group_place(point.place) if point.kind == "market" else None
        key: tuple[int, str, str | None]
        if city is not None:
            key = (MAIN_CITIES.index(city), point.kind, city)
        elif point.kind == "market":
            key = (len(MAIN_CITIES), point.kind, None)
        else:
            key = (len(MAIN_CITIES) + 1, point.kind, None)
        groups.setdefault(key, []).append(point)
    out = []
    for (_, k, city), points in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        if city is not None:
            label = f"{city}, {k}"
        elif k == "market":
            label = "market, other places or none named"
        else:
            label = k
        out.append(RateSeries(label=label, kind=k, place=city, points=tuple(points)))
    return out


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class QuotePoint:
    """One exchange-rate quote mined from text (a row ``moneyx rates from-text`` wrote).

    Attributes:
        day: The quote's date (the text's, else its document's).
        value: Units of the currency per unit of the base.
        value_high: High end of a stated range, else None.
        kind: "quote" (stated) or "implied" (a gloss pair).
        place: The place named nearest it ("" when none).
        doc_id: The document it comes from.
        record: Its record in the file (1: the first after the header).

    """

    day: date
    value: Decimal
    value_high: Decimal | None
    kind: str
    place: str
    doc_id: str
    record: int


_QUOTE_NEEDS = ("base", "quote", "rate", "rate_high", "date", "kind", "place", "status")


def read_quotes(
    path: str | Path,
    currency: str,
    start: date | str | None = None,
    end: date | str | None = None,
    *,
    base: str = "USD",
    place: str | None = None,
) -> list[QuotePoint]:
    """Read the quotes of a ``rates from-text`` file (CSV, CSV.gz or Parquet) for one pair.

    Keeps the ``ok`` rows quoting ``currency`` per ``base`` (a row quoting ``base`` per
    ``currency`` is inverted) dated within ``start``..``end``; a row without a date cannot be
    placed on a chart and is left out.

    Args:
        path: The file ``moneyx rates from-text`` (``convert_file(records="quotes")``) wrote.
        currency: ISO code ("KPW").
        start: First day (inclusive); None = no bound.
        end: Last day (inclusive); None = no bound.
        base: The base currency ("USD").
        place: Keep only quotes naming this place (case-insensitive).

    Returns:
        The quotes, by date then line.

    Raises:
        FileNotFoundError: ``path`` does not exist.
        ValueError: The file lacks a column of the quotes layout, or an ``ok`` row has a rate
            or date that is not one (the message names the file, record and document); a bad
            window.

    """
    import pandas as pd

    from moneyx.rates import parse_day

    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"quotes file {str(p)!r} does not exist")
    first = None if start is None else parse_day(start)
    last = None if end is None else parse_day(end)
    if first is not None and last is not None and first > last:
        raise ValueError(f"start {first} is after end {last}")
    if p.suffix.lower() == ".parquet" or p.is_dir():
        frame = pd.read_parquet(p).astype(object).where(lambda f: f.notna(), "")
    else:
        frame = pd.read_csv(p, dtype=str, keep_default_na=False)
    missing = [c for c in _QUOTE_NEEDS if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{p}: not a quotes file of `moneyx rates from-text` (no column "
            f"{', '.join(repr(c) for c in missing)})"
        )
    want, wanted_place = (base.upper(), currency.upper()), (place or "").casefold()
    out: list[QuotePoint] = []
    for n, row in enumerate(frame.to_dict("records"), start=1):
        pair = (str(row["base"]), str(row["quote"]))
        if row["status"] != "ok" or pair not in (want, want[::-1]) or not row["date"]:
            continue
        if wanted_place and str(row["place"]).casefold() != wanted_place:
            continue
        try:
            day = parse_day(str(row["date"]))
            low = Decimal(str(row["rate"]))
            high = Decimal(str(row["rate_high"])) if row["rate_high"] else None
            if low <= 0 or (high is not None and high <= 0):
                raise ArithmeticError
        except (ValueError, ArithmeticError):
            raise ValueError(
                f"{p}, record {n} (doc_id {row.get('doc_id', '')!r}): rate {row['rate']!r} on "
                f"{row['date']!r} is not a positive rate on a date"
            ) from None
        if (first is not None and day < first) or (last is not None and day > last):
            continue
        if pair != want:  # base per currency: the chart's unit is the inverse
            low, high = 1 / (high or low), (None if high is None else 1 / low)
        out.append(
            QuotePoint(
                day=day,
                value=low,
                value_high=high,
                kind=str(row["kind"]),
                place=str(row["place"]),
                doc_id=str(row.get("doc_id", "")),
                record=n,
            )
        )
    return sorted(out, key=lambda q: (q.day, q.record))


def _x(days: Sequence[date]) -> list[float]:
    """Dates as matplotlib's day numbers (floats: the drawing boundary)."""
    from matplotlib.dates import date2num

    return [float(date2num(d)) for d in days]  # type: ignore[no-untyped-call]


def _log_scale(values: Sequence[float]) -> bool:
    positive = [v for v in values if v > 0]
    return bool(positive) and max(positive) / min(positive) > 20


def rate_figure(
    currency: str,
    start: date | str | None = None,
    end: date | str | None = None,
    *,
    base: str = "USD",
    place: str | None = None,
    kind: str | None = None,
    rates: RateStore | None = None,
    log: bool | None = None,
    quotes: Sequence[QuotePoint] = (),
) -> Figure:
    """Draw the rate history of a currency (every observation, a line per city and kind).

    ``quotes`` (:func:`read_quotes`: rates mined from text by ``moneyx rates from-text``) are
    drawn over the tables' series, stated and implied quotes apart, a range as a bar.

    Args:
        currency: ISO code ("KPW").
        start: First day; None = the first observation.
        end: Last day; None = the last observation.
        base: The base currency ("USD", "CNY").
        place: Keep only observations naming this place.
        kind: Keep only this kind (None = every kind).
        rates: A RateStore (default: the shipped tables).
        log: Logarithmic value axis (None: when the values span more than a factor of 20, as
            KPW market and official rates do).
        quotes: Quotes mined from text to draw over the series (the caller picks the pair and
            window: :func:`read_quotes`).

    Returns:
        The figure.

    Raises:
        RateNotFoundError: The tables have no such currency pair.
        ValueError: A bad date, ``start`` after ``end``, or neither an observation nor a quote
            in the window.
        ImportError: matplotlib is not installed.

    """
    _matplotlib()
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure

    series = rate_series(currency, start, end, base=base, place=place, kind=kind, rates=rates)
    if not series and not quotes:
        where = f" for {place}" if place else ""
        raise ValueError(
            f"no {currency} per {base} observation{where} between {start or 'the start'} and "
            f"{end or 'the end'}"
        )
    fig = Figure(figsize=(10, 5.2), layout="constrained")
    ax = fig.subplots()
    values: list[float] = []
    for s in series:
        xs = _x([p.day for p in s.points])
        ys = [float(p.value) for p in s.points]
        values.extend(ys)
        if s.place is not None:
            ax.plot(xs, ys, marker="o", markersize=2.2, linewidth=1.0, label=s.label)
        else:
            marker = "s" if s.kind != "market" else "^"
            ax.plot(xs, ys, linestyle="none", marker=marker, markersize=4.5, label=s.label)
    values.extend(_draw_quotes(ax, quotes))
    use_log = _log_scale(values) if log is None else log
    if use_log:
        ax.set_yscale("log")
    first = min([p.day for s in series for p in s.points] + [q.day for q in quotes])
    last = max([p.day_end for s in series for p in s.points] + [q.day for q in quotes])
    if currency == "KPW" and first < _REDENOMINATION <= last:
        ax.axvline(_x([_REDENOMINATION])[0], color="#868e96", linewidth=0.8, linestyle="--")
        ax.annotate(
            "2009-11-30 redenomination\n(earlier figures in new won)",
            xy=(_x([_REDENOMINATION])[0], 0.98),
            xycoords=("data", "axes fraction"),
            ha="left",
            va="top",
            fontsize=8,
            color="#495057",
            xytext=(4, 0),
            textcoords="offset points",
        )
    locator = AutoDateLocator()  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    ax.grid(True, which="major", linewidth=0.4, color="#dee2e6")
    ax.set_ylabel(f"{currency} per {base}" + (" (log scale)" if use_log else ""))
    where = f", {place}" if place else ""
    mined = f", {len(quotes)} quotes from text" if quotes else ""
    ax.set_title(
        f"{currency} per {base}{where}: {first.isoformat()} to {last.isoformat()} "
        f"({sum(len(s.points) for s in series)} observations{mined})",
        fontsize=11,
    )
    ax.legend(fontsize=8, loc="best", frameon=False)
    ax.set_xlabel(
        "Sources: moneyx rate tables (rates/SOURCES.toml; KPW: Daily NK survey and dated "
        "reports, cited row by row)",
        fontsize=7,
        color="#868e96",
        loc="left",
    )
    return fig


def _draw_quotes(ax: Axes, quotes: Sequence[QuotePoint]) -> list[float]:
    """Draw mined quotes (stated: crosses, implied: pluses; a range: a bar); return the values."""
    values: list[float] = []
    for kind, marker, color in (("quote", "x", "#212529"), ("implied", "+", "#c92a2a")):
        group = [q for q in quotes if (q.kind == "implied") == (kind == "implied")]
        if not group:
            continue
        xs = _x([q.day for q in group])
        ys = [float(q.value) for q in group]
        values.extend(ys)
        label = "quoted in text" if kind == "quote" else "implied by gloss pairs in text"
        ax.plot(
            xs, ys, linestyle="none", marker=marker, markersize=6, color=color,
            label=f"{label} ({len(group)})", zorder=5,
        )  # fmt: skip
        ranged = [(x, q) for x, q in zip(xs, group, strict=True) if q.value_high is not None]
        for x, q in ranged:
            high = float(q.value_high or q.value)
            ax.vlines(x, float(q.value), high, color=color, linewidth=1.0, zorder=5)
            values.append(high)
    return values


# --------------------------------------------------------------------------------------------
# burdens over time


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class BurdenSeries:
    """One amount weighed on each date of a range.

    Attributes:
        amount: What was weighed.
        against: What it was weighed against ("wage", "nk_state_wage", "rice_kg", ...).
        label: Description of the yardstick for a legend.
        points: (date, Burden) for every date that gave a figure.
        gaps: (date, reason) for every date that did not (no rate, no reference row).

    """

    amount: Mention | Money
    against: str
    label: str
    points: tuple[tuple[date, Burden], ...]
    gaps: tuple[tuple[date, str], ...]

    @property
    def unit(self) -> str:
        """Return the unit of the figures: "kg" for a goods basis, else "years"."""
        return "kg" if self.points and self.points[0][1].kg is not None else "years"


def _dates(start: date, end: date, step: Step) -> list[date]:
    out = []
    if step == "week":
        day = start
        while day <= end:
            out.append(day)
            day += timedelta(days=7)
        return out
    months = STEPS[step]
    k = 0
    while True:
        total = start.month - 1 + k * months
        y, mo = start.year + total // 12, total % 12 + 1
        day = date(y, mo, min(start.day, 28))
        if day > end:
            return out
        out.append(day)
        k += 1


def burden_series(
    amount: Mention | Money,
    *,
    wage: Mention | Money | None = None,
    basis: str | None = None,
    start: date,
    end: date,
    step: Step = "month",
    place: str | None = None,
    rates: RateStore | None = None,
    convention: str | None = None,
) -> BurdenSeries:
    """Weigh one amount against a wage or a reference basis on each date of a range.

    A date that gives no figure (no rate within the policy, no reference row) is a gap with its
    reason, never a guessed value. A KPW amount follows the won of each date: before the
    2009-11-30 redenomination it is read as old won (``moneyx.burden``'s rule).

    Args:
        amount: The amount.
        wage: A wage priced per period (or None with ``basis``).
        basis: A reference basis (or None with ``wage``).
        start: First date.
        end: Last date.
        step: Spacing of the dates: "week", "month" (default), "quarter" or "year".
        place: Place for a price basis.
        rates: A RateStore (default: the shipped tables).
        convention: Calendar convention name.

    Returns:
        The series.

    Raises:
        ValueError: ``start`` after ``end``, more than 2,000 dates, or not exactly one of
            ``wage`` and ``basis``.

    Example:
        >>> from decimal import Decimal
        >>> s = burden_series(Money(value=Decimal(300), currency="CNY"), basis="rice_kg",
        ...                   start=date(2015, 1, 1), end=date(2015, 12, 31), step="quarter")
        >>> [d.isoformat() for d, _ in s.points], s.unit
        (['2015-01-01', '2015-07-01', '2015-10-01'], 'kg')
        >>> [(d.isoformat(), why[:24]) for d, why in s.gaps]
        [('2015-04-01', 'no rice_kg reference row')]

    """
    from moneyx.burden import BASES, burden

    if (wage is None) == (basis is None):
        raise ValueError("give exactly one of wage and basis")
    if start > end:
        raise ValueError(f"start {start.isoformat()} is after end {end.isoformat()}")
    days = _dates(start, end, step)
    if len(days) > 2000:
        raise ValueError(f"{len(days)} dates: use a longer step (at most 2,000 dates)")
    points: list[tuple[date, Burden]] = []
    gaps: list[tuple[date, str]] = []
    for day in days:
        try:
            b = burden(
                amount, wage, basis=basis, doc_date=day, place=place, rates=rates,
                convention=convention,
            )  # fmt: skip
        except MoneyxError as exc:
            gaps.append((day, str(exc)))
            continue
        points.append((day, b))
    if basis is not None:
        spec = BASES[basis]
        label = f"{spec.series} at market prices" if spec.kind == "good" else f"the {spec.label}"
    else:
        assert wage is not None
        text = wage.text if isinstance(wage, Mention) else f"{wage.value} {wage.currency}"
        label = f"a wage of {text} per {wage.per}"
    return BurdenSeries(
        amount=amount,
        against=basis or "wage",
        label=label,
        points=tuple(points),
        gaps=tuple(gaps),
    )


def burden_figure(series: BurdenSeries, *, title: str | None = None) -> Figure:
    """Draw a burden series: the figure on each date (a band for ranges), gaps left empty.

    Args:
        series: From :func:`burden_series`.
        title: Chart title (default: the amount and what it is weighed against).

    Returns:
        The figure.

    Raises:
        ValueError: The series has no point at all (every date was a gap).
        ImportError: matplotlib is not installed.

    """
    _matplotlib()
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure

    if not series.points:
        reason = series.gaps[0][1] if series.gaps else "no dates"
        raise ValueError(f"no date in the range gave a figure (first reason: {reason})")
    unit = series.unit
    xs = [d for d, _ in series.points]

    def low(b: Burden) -> float:
        v = b.kg if unit == "kg" else b.years
        return float(v) if v is not None else float("nan")

    def high(b: Burden) -> float:
        v = (b.kg_high or b.kg) if unit == "kg" else (b.years_high or b.years)
        return float(v) if v is not None else float("nan")

    lows = [low(b) for _, b in series.points]
    highs = [high(b) for _, b in series.points]
    fig = Figure(figsize=(10, 4.8), layout="constrained")
    ax = fig.subplots()
    # break the line where dates are missing so a gap never looks like data
    step_days = min((b - a).days for a, b in zip(xs, xs[1:], strict=False)) if len(xs) > 1 else 1
    seg_x: list[date] = []
    seg_lo: list[float] = []
    seg_hi: list[float] = []

    def flush() -> None:
        if seg_x:
            ax.plot(_x(seg_x), seg_lo, color="#d1495b", marker="o", markersize=2.5, linewidth=1.2)
            if any(h != lo for h, lo in zip(seg_hi, seg_lo, strict=True)):
                ax.fill_between(_x(seg_x), seg_lo, seg_hi, color="#d1495b", alpha=0.18, linewidth=0)

    for i, x in enumerate(xs):
        if seg_x and (x - seg_x[-1]).days > step_days * 2:
            flush()
            seg_x, seg_lo, seg_hi = [], [], []
        seg_x.append(x)
        seg_lo.append(lows[i])
        seg_hi.append(highs[i])
    flush()
    if series.gaps:
        ax.plot(
            _x([d for d, _ in series.gaps]),
            [0] * len(series.gaps),
            linestyle="none",
            marker="|",
            color="#868e96",
            markersize=8,
            label=f"no figure ({len(series.gaps)} dates: no rate or reference row)",
        )
        ax.legend(fontsize=8, frameon=False, loc="best")
    if (
        isinstance(series.amount, Mention | Money)
        and series.amount.currency == "KPW"
        and xs[0] < _REDENOMINATION <= xs[-1]
    ):
        ax.axvline(_x([_REDENOMINATION])[0], color="#868e96", linewidth=0.8, linestyle="--")
    locator = AutoDateLocator()  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    ax.grid(True, linewidth=0.4, color="#dee2e6")
    ax.set_ylim(bottom=0)
    amt = series.amount
    amount_text = amt.text if isinstance(amt, Mention) else f"{amt.value} {amt.currency}"
    ax.set_ylabel("kilograms" if unit == "kg" else "years of work")
    measure = "kilograms" if unit == "kg" else "years"
    ax.set_title(title or f"{amount_text} in {measure} of {series.label}", fontsize=11)
    return fig


def save_figure(fig: Figure, path: str | Path) -> Path:
    """Write a figure in the format of the path's extension (.svg, .png, .pdf), reproducibly.

    Raises:
        ValueError: An extension matplotlib cannot write.
        OSError: The file cannot be written.

    """
    _matplotlib()
    import matplotlib

    out = Path(path)
    fmt = out.suffix.lower().lstrip(".") or "svg"
    metadata: dict[str, str | None] = {}
    if fmt == "svg":
        metadata = {"Date": None, "Creator": "moneyx"}
    elif fmt == "pdf":
        metadata = {"CreationDate": None, "Creator": "moneyx"}
    elif fmt == "png":
        metadata = {"Software": "moneyx"}
    with matplotlib.rc_context({"svg.hashsalt": "moneyx", "svg.fonttype": "none"}):
        fig.savefig(out, format=fmt, metadata=metadata, dpi=120)
    return out
