"""The rates page's chart: an SVG drawn on the server, one point per observation with its source.

No chart library and no network: the page works offline, the points are plain SVG ``circle``
elements carrying their date, value, place, kind, provider and source as ``data-`` attributes and a
``<title>`` (the browser's own tooltip; ``static/moneyx.js`` adds a richer one on hover and focus).
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from datetime import date

from moneyx.plot import RateSeries

__all__ = ["PALETTE", "svg_chart"]

PALETTE = ("#2e78c7", "#e09f1f", "#2f9e44", "#d1495b", "#8e44ad", "#8d6e63", "#138d90")
_W, _H = 960, 420
_LEFT, _RIGHT, _TOP, _BOTTOM = 72, 16, 16, 36


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _nice_step(span: float, target: int) -> float:
    raw = span / max(target, 1)
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def _fmt_value(v: float) -> str:
    if v >= 100:
        return f"{v:,.0f}"
    if v >= 1:
        return f"{v:,.2f}".rstrip("0").rstrip(".")
    return f"{v:.4g}"


def svg_chart(
    series: Sequence[RateSeries],
    *,
    currency: str,
    base: str,
    log: bool | None = None,
) -> str:
    """Draw rate series as an SVG chart (lines for city series, points for every observation).

    Args:
        series: From :func:`moneyx.plot.rate_series` (non-empty).
        currency: The quoted currency, for labels.
        base: The base currency, for labels.
        log: Logarithmic value axis (None: when the values span more than a factor of 20).

    Returns:
        The ``<svg>`` element.

    Raises:
        ValueError: No series or no point.

    """
    points = [p for s in series for p in s.points]
    if not points:
        raise ValueError("nothing to draw: no observation")
    values = [float(p.value) for p in points]
    lo_v, hi_v = min(values), max(values)
    use_log = (hi_v / lo_v > 20) if log is None else log
    x0 = min(p.day for p in points).toordinal()
    x1 = max(p.day for p in points).toordinal()
    if x1 == x0:
        x0, x1 = x0 - 15, x1 + 15
    plot_w, plot_h = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM

    if use_log:
        y_lo, y_hi = math.floor(math.log10(lo_v)), math.ceil(math.log10(hi_v))
        if y_hi == y_lo:
            y_hi += 1

        def fy(v: float) -> float:
            return _TOP + plot_h * (1 - (math.log10(v) - y_lo) / (y_hi - y_lo))

        ticks = [10.0**k for k in range(y_lo, y_hi + 1)]
    else:
        step = _nice_step(hi_v - min(0.0, lo_v) or hi_v or 1.0, 6)
        y_lo_f = 0.0 if lo_v >= 0 else math.floor(lo_v / step) * step
        y_hi_f = math.ceil(hi_v / step) * step or step

        def fy(v: float) -> float:
            return _TOP + plot_h * (1 - (v - y_lo_f) / (y_hi_f - y_lo_f))

        ticks = [y_lo_f + k * step for k in range(int(round((y_hi_f - y_lo_f) / step)) + 1)]

    def fx(day: date) -> float:
        return _LEFT + plot_w * (day.toordinal() - x0) / (x1 - x0)

    parts: list[str] = []
    # value axis
    for t in ticks:
        y = fy(t)
        parts.append(
            f'<line class="grid" x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{_e(_fmt_value(t))}</text>"
        )
    # date axis: years (or months for a short window)
    first, last = date.fromordinal(x0), date.fromordinal(x1)
    years = last.year - first.year
    if years >= 2:
        every = max(1, math.ceil(years / 12))
        marks = [date(y, 1, 1) for y in range(first.year + 1, last.year + 1) if y % every == 0]
        label = "%Y"
    else:
        marks = []
        y, m = first.year, first.month
        while True:
            m += 1
            if m > 12:
                y, m = y + 1, 1
            d = date(y, m, 1)
            if d > last:
                break
            marks.append(d)
        if len(marks) > 12:
            marks = marks[:: math.ceil(len(marks) / 12)]
        label = "%Y-%m"
    for d in marks:
        x = fx(d)
        parts.append(
            f'<line class="grid" x1="{x:.1f}" x2="{x:.1f}" y1="{_TOP}" y2="{_H - _BOTTOM}"/>'
            f'<text class="tick" x="{x:.1f}" y="{_H - _BOTTOM + 16}" text-anchor="middle">'
            f"{d.strftime(label)}</text>"
        )
    parts.append(f'<rect class="frame" x="{_LEFT}" y="{_TOP}" width="{plot_w}" height="{plot_h}"/>')
    # series
    for k, s in enumerate(series):
        colour = PALETTE[k % len(PALETTE)]
        if s.place is not None and len(s.points) > 1:
            coords = " ".join(f"{fx(p.day):.1f},{fy(float(p.value)):.1f}" for p in s.points)
            parts.append(
                f'<polyline class="line" data-series="{k}" stroke="{colour}" points="{coords}"/>'
            )
        dots = []
        for p in s.points:
            when = p.day.isoformat() + (f"..{p.day_end.isoformat()}" if p.day_end != p.day else "")
            value = f"{p.value:,}" + (f"\u2013{p.value_high:,}" if p.value_high else "")
            place = p.place or "no city named"
            tip = (
                f"{when}: {value} {currency} per {base}\n{place}, {p.kind}, {p.provider}\n"
                f"source: {p.source}"
            )
            radius = 2.6 if s.place is not None else 4.2
            dots.append(
                f'<circle class="pt" data-series="{k}" cx="{fx(p.day):.1f}" '
                f'cy="{fy(float(p.value)):.1f}" r="{radius}" fill="{colour}" tabindex="0" '
                f'data-date="{_e(when)}" data-value="{_e(value)}" data-place="{_e(place)}" '
                f'data-kind="{_e(p.kind)}" data-provider="{_e(p.provider)}" '
                f'data-source="{_e(p.source)}"><title>{_e(tip)}</title></circle>'
            )
        parts.append(f'<g class="series" data-label="{_e(s.label)}">{"".join(dots)}</g>')
    axis = f"{currency} per {base}" + (" (log scale)" if use_log else "")
    parts.append(
        f'<text class="axis" transform="translate(14 {_TOP + plot_h / 2:.0f}) rotate(-90)" '
        f'text-anchor="middle">{_e(axis)}</text>'
    )
    return (
        f'<svg class="mx-chart" viewBox="0 0 {_W} {_H}" role="img" '
        f'aria-label="{_e(axis)}: {len(points)} observations" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>'
    )
