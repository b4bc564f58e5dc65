"""Highlighted documents: a text's mentions with their evidence, conversions and burdens, as HTML.

``render(text, doc_date=..., place=...)`` extracts the amounts of a text (through
:func:`moneyx.explain`, so the vetoed candidates are at hand too), converts each one to USD and
KPW on the document's date (:func:`moneyx.normalize`) and weighs it against the wages the text
states and the reference series (:func:`moneyx.document_burdens`). The result, a
:class:`Rendered`, shows itself in Jupyter (``_repr_html_``) and writes a standalone HTML file
(:meth:`Rendered.save`).

What the HTML holds, for every mention: the span highlighted in its currency's colour (the text
itself is never rewritten: the highlighted block's text content is the input, character for
character), its value, range, ``per``, hedge and bound, the reason for the currency and the rule
trace, the gloss it converts (a link to the glossed mention), the USD and KPW figures with each
rate observation used (value, date, kind, provider, place, source), and the burdens in years of
wages and kilograms of rice where the tables allow, with what stopped the others. With
``why_not=True`` the candidates that named vetoes rejected are struck through and listed with the
veto's id and reason.

Everything from the text is escaped (a ``<script>`` in a text is shown, never run); ids are stable
(``{doc_id}-m{i}`` for mention ``i``, ``{doc_id}-r{i}`` for its table row, ``{doc_id}-v{j}`` for
veto ``j``), so the same input gives the same bytes.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import html
import re
import zlib
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from moneyx.errors import MoneyxError
from moneyx.extract import explain, gloss_pairs
from moneyx.model import Burden, Conversion, Mention, RateQuote, ReferenceRow, Vetoed

if TYPE_CHECKING:  # pragma: no cover
    from moneyx.rates import RateStore

__all__ = [
    "CSS",
    "RECORD_COLUMNS",
    "MentionView",
    "Rendered",
    "html_page",
    "jsonable",
    "render",
]

# Mention.bound -> (sign, the English of the page)
_BOUNDS = {  # not-lexicon: the values of Mention.bound
    "gt": (">", "more than"),
    "ge": ("\u2265", "at least"),
    "lt": ("<", "less than"),
    "le": ("\u2264", "up to"),
}
BOUND_SIGNS = {k: sign for k, (sign, _) in _BOUNDS.items()}
_BOUND_WORDS = {k: words for k, (_, words) in _BOUNDS.items()}
# Colours of the currencies met most often; others take one of the fallback colours by a
# stable hash of their code (crc32, not hash(): the same code gets the same colour every run).
_COLOURS = {
    "KPW": "#d1495b",
    "KRW": "#2e78c7",
    "CNY": "#e09f1f",
    "USD": "#2f9e44",
    "JPY": "#8e44ad",
    "EUR": "#138d90",
    "RUB": "#8d6e63",
    "GBP": "#c0560f",
}
_FALLBACK_COLOURS = ("#5c7cfa", "#c2255c", "#0b7285", "#5f3dc4", "#a61e4d", "#2b8a3e", "#e67700")
_UNRESOLVED_COLOUR = "#868e96"
_DOT = " \u00b7 "

RECORD_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "doc_date",
    "index",
    "start",
    "end",
    "text",
    "value",
    "high",
    "currency",
    "candidates",
    "reason",
    "trace",
    "per",
    "approx",
    "hedge",
    "bound",
    "gloss_of",
    "role",
    "usd",
    "usd_high",
    "kpw",
    "kpw_high",
    "kpw_unit",
    "kpw_current",
    "quotes",
    "conversion_note",
    "burdens",
    "burden_problems",
)
"""Columns of :meth:`Rendered.to_records` (the CSV download of the web app)."""


# --------------------------------------------------------------------------------------------
# records


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class MentionView:
    """One mention with everything shown for it.

    Attributes:
        index: Index of the mention in ``extract_amounts``' list.
        mention: The mention.
        conversion: Its conversion on the document date, or None (see ``conversion_note``).
        conversion_note: Why there is no conversion, or a fallback taken (a city without quotes).
        burdens: Burdens against the text's wages and the reference bases.
        burden_problems: Why a wage or basis gave nothing, or why the mention was not weighed.

    """

    index: int
    mention: Mention
    conversion: Conversion | None = None
    conversion_note: str = ""
    burdens: tuple[Burden, ...] = ()
    burden_problems: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Rendered:
    """A document with its mentions, conversions and burdens, ready to show as HTML.

    Attributes:
        text: The text rendered.
        doc_date: Its date (None: mentions are found, not converted).
        place: The place used for KPW market quotes and price bases, if any.
        title: Heading of the document.
        doc_id: Prefix of every element id (stable for the same input).
        views: One MentionView per mention, in text order.
        vetoed: Candidates that named vetoes rejected.
        why_not: Whether the HTML shows the vetoed candidates.

    """

    text: str
    doc_date: date | None
    place: str | None
    title: str
    doc_id: str
    views: tuple[MentionView, ...]
    vetoed: tuple[Vetoed, ...] = ()
    why_not: bool = False

    @property
    def mentions(self) -> tuple[Mention, ...]:
        """The mentions, as ``extract_amounts`` returns them."""
        return tuple(v.mention for v in self.views)

    def fragment(self, *, style: bool = True) -> str:
        """Return the document as an HTML fragment (a ``div``, with its CSS unless ``style``).

        Args:
            style: Include the ``<style>`` element (a page holding several documents includes it
                once itself).

        Returns:
            The HTML.

        """
        return _fragment(self, style=style)

    def _repr_html_(self) -> str:
        """Show the document in Jupyter."""
        return self.fragment()

    def to_html(self) -> str:
        """Return a standalone HTML page of the document (UTF-8, no external resources)."""
        return html_page([self], title=self.title)

    def save(self, path: str | Path) -> Path:
        """Write the standalone HTML page to ``path`` and return the path.

        Raises:
            OSError: The file cannot be written.

        """
        out = Path(path)
        out.write_text(self.to_html(), encoding="utf-8")
        return out

    def to_records(self) -> list[dict[str, object]]:
        """Return one flat record per mention (keys: :data:`RECORD_COLUMNS`); exact decimals."""
        return [_record(self, v) for v in self.views]

    def to_dict(self) -> dict[str, object]:
        """Return everything as JSON-safe data.

        The text, each mention with its conversion and burdens, and the vetoed candidates.
        """
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "doc_date": None if self.doc_date is None else self.doc_date.isoformat(),
            "place": self.place,
            "text": self.text,
            "mentions": [
                {
                    "index": v.index,
                    "mention": v.mention.to_dict(),
                    "conversion": jsonable(v.conversion),
                    "conversion_note": v.conversion_note or None,
                    "burdens": [jsonable(b) for b in v.burdens],
                    "burden_problems": list(v.burden_problems),
                }
                for v in self.views
            ],
            "vetoed": [v.to_dict() for v in self.vetoed],
        }


def jsonable(obj: object) -> object:
    """Turn moneyx records into JSON-safe data: Decimals and dates as strings, records as dicts.

    Records are walked field by field, so a field added to a record later is exported without a
    change here. A Mention inside a Conversion or Burden is exported with ``Mention.to_dict``;
    anything else unknown (a pint Quantity) becomes its ``str``.

    Example:
        >>> from decimal import Decimal
        >>> from moneyx.model import Money
        >>> jsonable(Money(value=Decimal("2.50"), currency="USD"))
        {'value': '2.50', 'currency': 'USD', 'high': None, 'per': None}

    """
    if obj is None or isinstance(obj, bool | int | str):
        return obj
    if isinstance(obj, Decimal | date):
        return str(obj) if isinstance(obj, Decimal) else obj.isoformat()
    if isinstance(obj, float):
        return obj
    if isinstance(obj, Mention | Vetoed):
        return obj.to_dict()
    if isinstance(obj, enum.Enum):
        return jsonable(obj.value)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Mapping):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set | frozenset):
        return [jsonable(v) for v in obj]
    return str(obj)


# --------------------------------------------------------------------------------------------
# computing


def render(
    text: str,
    *,
    doc_date: str | date | None = None,
    place: str | None = None,
    lang: str | None = None,
    locale: str | None = None,
    default_currency: Mapping[str, str] | None = None,
    why_not: bool = False,
    title: str | None = None,
    doc_id: str | None = None,
    rates: RateStore | None = None,
) -> Rendered:
    """Extract, convert and weigh the amounts of a text, and return them ready to show as HTML.

    Conversions and burdens that cannot be computed (no date, no rate, an unresolved currency)
    never raise: the mention is shown with the reason.

    Args:
        text: The document.
        doc_date: Its date (ISO text or ``date``); None shows the mentions without conversions.
        place: A city for KPW market quotes ("Hyesan") and for rice prices; when the city has no
            KPW quote within the policy the default city order is used and the row says so.
        lang: Extraction language (None: from ``locale``, else English).
        locale: Locale for ambiguous symbols ("en-AU": ``$`` is AUD).
        default_currency: Defaults for ambiguous surfaces, e.g. ``{"won": "KPW"}``.
        why_not: Show the candidates that named vetoes rejected.
        title: Heading (default: the first line of the text, shortened).
        doc_id: Prefix of element ids (default: a hash of the text and date); letters, digits,
            ``-`` and ``_`` are kept.
        rates: A RateStore (default: the shipped tables).

    Returns:
        The Rendered document.

    Raises:
        TypeError: ``text`` is not a str.
        ValueError: An invalid ``doc_date``, ``lang``, ``locale`` or ``default_currency``.

    Example:
        >>> r = render("Families paid 300 yuan (U.S. $47) each.", doc_date="2015-09-30",
        ...            doc_id="ex")
        >>> [(v.mention.text, str(v.conversion.usd.quantize(Decimal("0.01")))) for v in r.views]
        [('300 yuan', '47.20'), ('U.S. $47', '47.00')]
        >>> 'id="ex-m0"' in r.fragment() and "<script" not in r.fragment()
        True

    """
    ex = explain(
        text, lang=lang, doc_date=doc_date, default_currency=default_currency, locale=locale
    )
    day = _as_day(doc_date)
    mentions = list(ex.mentions)
    views: list[MentionView] = []
    per_mention: dict[int, tuple[tuple[Burden, ...], tuple[str, ...]]] = {}
    if day is not None and mentions:
        from moneyx.burden import document_burdens

        for entry in document_burdens(
            text, day, place=place, rates=rates, mentions=mentions, default_currency=None
        ):
            per_mention[entry.index] = (entry.burdens, entry.problems)
    for i, m in enumerate(mentions):
        conv, note = _convert(m, day, place, rates)
        burdens, problems = per_mention.get(i, ((), ()))
        if day is None:
            problems = ("no document date: nothing converted or weighed",)
        views.append(
            MentionView(
                index=i,
                mention=m,
                conversion=conv,
                conversion_note=note,
                burdens=burdens,
                burden_problems=problems,
            )
        )
    return Rendered(
        text=text,
        doc_date=day,
        place=place or None,
        title=title if title is not None else _default_title(text),
        doc_id=_doc_id(doc_id, text, day),
        views=tuple(views),
        vetoed=ex.vetoed,
        why_not=why_not,
    )


def _as_day(doc_date: str | date | None) -> date | None:
    if doc_date is None:
        return None
    if isinstance(doc_date, date):
        return doc_date
    return date.fromisoformat(doc_date[:10])  # already validated by explain()


def _convert(
    m: Mention, day: date | None, place: str | None, rates: RateStore | None
) -> tuple[Conversion | None, str]:
    if day is None:
        return None, "no document date"
    if m.currency is None:
        cands = "/".join(m.candidates) or "none"
        return None, f"currency unresolved (candidates {cands}): not converted"
    from moneyx.normalize import normalize

    try:
        conv = normalize(m, doc_date=day, rates=rates, place=place)
    except MoneyxError as exc:
        if not place:
            return None, str(exc)
        conv = None
    if place and (conv is None or (conv.kpw is None and m.currency != "KPW")):
        try:
            fallback = normalize(m, doc_date=day, rates=rates)
        except MoneyxError as exc:
            return conv, str(exc)
        return fallback, f"no KPW quote for {place} within the policy: the default city order used"
    return conv, ""


def _default_title(text: str) -> str:
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= 80 else line[:79] + "\u2026"
    return "(empty document)"


def _doc_id(doc_id: str | None, text: str, day: date | None) -> str:
    if doc_id is not None:
        clean = re.sub(r"[^A-Za-z0-9_-]+", "-", doc_id).strip("-")
        if clean:
            return clean if clean[0].isalpha() else "d" + clean
    digest = hashlib.sha256(f"{day}\n{text}".encode()).hexdigest()[:10]
    return "mx" + digest


# --------------------------------------------------------------------------------------------
# formatting


def _q(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)


def _num(value: Decimal, places: int | None = None) -> str:
    """Format a Decimal with thousands separators (``places`` None: as exact as given)."""
    if places is None:
        return f"{value.normalize() if value == value.to_integral() else value:,f}"
    return f"{_q(value, places):,.{places}f}"


def _span(low: Decimal | None, high: Decimal | None, places: int | None) -> str:
    if low is None:
        return "\u2014"
    text = _num(low, places)
    if high is not None and high != low:
        text += "\u2013" + _num(high, places)
    return text


def _colour(code: str | None) -> str:
    if code is None:
        return _UNRESOLVED_COLOUR
    known = _COLOURS.get(code)
    if known is not None:
        return known
    return _FALLBACK_COLOURS[zlib.crc32(code.encode("ascii")) % len(_FALLBACK_COLOURS)]


def _tint(hex_colour: str, keep: float = 0.22) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    mix = [round(255 - (255 - c) * keep) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _link(source: str) -> str:
    """Return a source citation, as a link when it is a web address."""
    match = re.match(r"(https?://\S+)(.*)$", source, flags=re.S)
    if match is None:
        return f'<span class="mx-src">{_e(source)}</span>'
    url, rest = match.groups()
    return (
        f'<a class="mx-src" href="{_e(url)}" rel="noopener noreferrer" target="_blank">'
        f"{_e(url)}</a>{_e(rest)}"
    )


def _quote_text(q: RateQuote) -> str:
    when = q.observed.isoformat()
    if q.observed_end is not None:
        when += f"..{q.observed_end.isoformat()}"
    bits = [q.kind, q.provider or "", q.place or ""]
    return (
        f"{q.units_per_base} {q.currency} per {q.base}, {when} "
        f"({', '.join(b for b in bits if b)}; {q.policy})"
    )


def _reference_text(ref: ReferenceRow) -> str:
    return ref.describe()


def _burden_figure(b: Burden) -> str:
    if b.kg is not None:
        return f"{_span(b.kg, b.kg_high, 2)} kg"
    return f"{_span(b.years, b.years_high, 2)} years"


def _burden_against(b: Burden, mentions: Sequence[Mention]) -> str:
    from moneyx.burden import BASES

    if b.basis == "wage":
        wage = b.wage
        if isinstance(wage, Mention):
            j = next((k for k, m in enumerate(mentions) if m is wage), None)
            where = f" #{j}" if j is not None else ""
            return f"of the wage the text states{where} ({wage.text}, per {b.period})"
        return f"of the wage per {b.period}"
    spec = BASES.get(b.basis)
    label = spec.label if spec is not None else b.basis
    if b.kg is not None and spec is not None:
        return f"of {spec.series} at the {label.split(' per ')[0]}"
    return f"of the {label}"


def _describe_mention(m: Mention) -> str:
    value = _span(m.value, m.high, None)
    parts = [f"{value} {m.currency or '?'}"]
    if m.per:
        parts.append(f"per {m.per}")
    if m.approx:
        parts.append(f"approx. ({m.hedge or '~'})")
    if m.bound:
        parts.append(_BOUND_WORDS[m.bound])
    return " ".join(parts)


# --------------------------------------------------------------------------------------------
# records for download


def _record(r: Rendered, v: MentionView) -> dict[str, object]:
    m, conv = v.mention, v.conversion

    def dec(x: Decimal | None) -> str | None:
        return None if x is None else str(x)

    rec: dict[str, object] = {
        "doc_id": r.doc_id,
        "doc_date": None if r.doc_date is None else r.doc_date.isoformat(),
        "index": v.index,
        "start": m.start,
        "end": m.end,
        "text": m.text,
        "value": str(m.value),
        "high": dec(m.high),
        "currency": m.currency,
        "candidates": "|".join(m.candidates) or None,
        "reason": m.reason or None,
        "trace": " ".join(m.trace) or None,
        "per": m.per,
        "approx": m.approx,
        "hedge": m.hedge,
        "bound": m.bound,
        "gloss_of": m.gloss_of,
        "role": m.role,
        "usd": dec(conv.usd) if conv else None,
        "usd_high": dec(conv.usd_high) if conv else None,
        "kpw": dec(conv.kpw) if conv else None,
        "kpw_high": dec(conv.kpw_high) if conv else None,
        "kpw_unit": conv.kpw_unit if conv and conv.kpw is not None else None,
        "kpw_current": dec(conv.kpw_current) if conv else None,
        "quotes": " | ".join(f"{_quote_text(q)}; {q.source}" for q in (conv.quotes if conv else ()))
        or None,
        "conversion_note": "; ".join(x for x in (v.conversion_note, conv.note if conv else "") if x)
        or None,
        "burdens": " | ".join(f"{b.basis}: {_burden_exact(b)}" for b in v.burdens) or None,
        "burden_problems": " | ".join(v.burden_problems) or None,
    }
    return rec


def _burden_exact(b: Burden) -> str:
    if b.kg is not None:
        return f"{b.kg}" + ("" if b.kg_high is None else f"-{b.kg_high}") + " kg"
    return f"{b.years}" + ("" if b.years_high is None else f"-{b.years_high}") + " years"


# --------------------------------------------------------------------------------------------
# HTML

CSS = """
.moneyx-doc{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#212529;
  line-height:1.5;max-width:72rem;margin:0 0 2.5rem 0}
.moneyx-doc h2.mx-title{font-size:1.2rem;margin:.2rem 0}
.moneyx-doc .mx-meta{color:#495057;font-size:.9rem;margin:.2rem 0 .6rem 0}
.moneyx-doc .mx-legend{font-size:.85rem;color:#495057;margin:.3rem 0 .8rem 0}
.moneyx-doc .mx-legend .mx-key{display:inline-block;padding:0 .35rem;margin-right:.3rem;
  border-radius:3px;border-bottom:2px solid var(--mx-c);background:var(--mx-bg)}
.moneyx-doc .mx-text{white-space:pre-wrap;font-family:Georgia,"Times New Roman",serif;
  font-size:1rem;border:1px solid #dee2e6;border-radius:6px;padding:.8rem 1rem;
  background:#fff;overflow-wrap:anywhere}
.moneyx-doc mark.mx-m{background:var(--mx-bg);border-bottom:3px solid var(--mx-c);
  border-radius:3px;padding:0 1px;color:inherit}
.moneyx-doc mark.mx-m a{color:inherit;text-decoration:none}
.moneyx-doc mark.mx-m::after{content:attr(data-label);font:600 .68em system-ui,sans-serif;
  color:var(--mx-c);margin-left:.25em;vertical-align:super}
.moneyx-doc mark.mx-gloss{border-bottom-style:dotted}
.moneyx-doc mark.mx-unresolved{border-bottom-style:dashed}
.moneyx-doc mark.mx-m:target,.moneyx-doc tr:target{outline:2px solid var(--mx-c,#495057)}
.moneyx-doc s.mx-v{text-decoration:line-through #868e96 2px;background:#f1f3f5}
.moneyx-doc s.mx-v::after{content:attr(data-label);font:600 .68em system-ui,sans-serif;
  color:#868e96;margin-left:.25em;vertical-align:super}
.moneyx-doc table{border-collapse:collapse;margin-top:1rem;font-size:.85rem;width:100%}
.moneyx-doc th,.moneyx-doc td{border-top:1px solid #dee2e6;padding:.3rem .45rem;
  vertical-align:top;text-align:left}
.moneyx-doc th{background:#f8f9fa;font-weight:600}
.moneyx-doc td.mx-num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.moneyx-doc .mx-code{display:inline-block;font-weight:700;padding:0 .3rem;border-radius:3px;
  background:var(--mx-bg);border-bottom:2px solid var(--mx-c)}
.moneyx-doc .mx-why,.moneyx-doc .mx-note,.moneyx-doc .mx-problem{color:#495057}
.moneyx-doc .mx-problem{font-style:italic}
.moneyx-doc code{font-size:.8em;color:#5f3dc4;overflow-wrap:anywhere}
.moneyx-doc ul{margin:0;padding-left:1rem}
.moneyx-doc details summary{cursor:pointer}
.moneyx-doc .mx-src{overflow-wrap:anywhere}
.moneyx-doc .mx-burden{font-weight:600}
.moneyx-doc .mx-thin{color:#c0560f;font-weight:400}
"""


def _mark(r: Rendered, v: MentionView) -> str:
    m = v.mention
    colour = _colour(m.currency)
    classes = ["mx-m"]
    if m.gloss_of is not None:
        classes.append("mx-gloss")
    if m.currency is None:
        classes.append("mx-unresolved")
    label = f"{v.index} {m.currency or '?'}"
    if m.gloss_of is not None:
        label += f" \u21a9{m.gloss_of}"
    tip = [f"#{v.index} {_describe_mention(m)}", f"currency: {m.reason or 'unresolved'}"]
    conv = v.conversion
    if conv is not None:
        tip.append(
            f"USD {_span(conv.usd, conv.usd_high, 2)}{_DOT}KPW {_span(conv.kpw, conv.kpw_high, 0)}"
            + (" (old won)" if conv.kpw is not None and conv.kpw_unit == "old" else "")
        )
    if m.gloss_of is not None:
        target = f"#{r.doc_id}-m{m.gloss_of}"
        tip.append(f"gloss of #{m.gloss_of}: follow the link")
    else:
        target = f"#{r.doc_id}-r{v.index}"
    return (
        f'<mark class="{" ".join(classes)}" id="{r.doc_id}-m{v.index}" data-index="{v.index}" '
        f'data-currency="{_e(m.currency or "")}" data-label="{_e(label)}" '
        f'style="--mx-c:{colour};--mx-bg:{_tint(colour)}" title="{_e(chr(10).join(tip))}">'
        f'<a href="{target}">{_e(m.text)}</a></mark>'
    )


def _veto_mark(r: Rendered, j: int, v: Vetoed) -> str:
    return (
        f'<s class="mx-v" id="{r.doc_id}-v{j}" data-rule="{_e(v.rule)}" data-label="\u2717{j}" '
        f'title="{_e(f"not money: {v.rule}: {v.reason}")}">{_e(v.text)}</s>'
    )


def _text_html(r: Rendered) -> str:
    spans: list[tuple[int, int, str]] = [
        (v.mention.start, v.mention.end, _mark(r, v)) for v in r.views
    ]
    if r.why_not:
        taken = [(s, e) for s, e, _ in spans]
        for j, veto in enumerate(r.vetoed):
            if veto.start >= veto.end or r.text[veto.start : veto.end] != veto.text:
                continue
            if any(veto.start < e and s < veto.end for s, e in taken):
                continue  # overlaps a mention or an earlier veto: listed in the table only
            taken.append((veto.start, veto.end))
            spans.append((veto.start, veto.end, _veto_mark(r, j, veto)))
    spans.sort()
    out: list[str] = []
    pos = 0
    for start, end, markup in spans:
        out.append(_e(r.text[pos:start]))
        out.append(markup)
        pos = end
    out.append(_e(r.text[pos:]))
    return "".join(out)


def _currency_cell(m: Mention) -> str:
    colour = _colour(m.currency)
    code = (
        f'<span class="mx-code" style="--mx-c:{colour};--mx-bg:{_tint(colour)}">'
        f"{_e(m.currency or '?')}</span>"
    )
    if len(m.candidates) > 1:
        code += f' <span class="mx-note">of {_e("/".join(m.candidates))}</span>'
    why = f'<div class="mx-why">{_e(m.reason or "no evidence decided it")}</div>'
    arrow = " \u2192 "
    trace = f"<div><code>{_e(arrow.join(m.trace))}</code></div>" if m.trace else ""
    return code + why + trace


def _amount_cell(r: Rendered, v: MentionView, pairs: Mapping[int, Decimal | None]) -> str:
    m = v.mention
    out = f'<a href="#{r.doc_id}-m{v.index}">{_e(m.text)}</a>'
    if m.role:
        out += f' <span class="mx-note">({_e(m.role)})</span>'
    if m.gloss_of is not None:
        src = r.views[m.gloss_of].mention if 0 <= m.gloss_of < len(r.views) else None
        src_text = f" {_e(src.text)}" if src is not None else ""
        out += (
            f'<div class="mx-gloss-of">\u21a9 gloss of <a href="#{r.doc_id}-m{m.gloss_of}">'
            f"#{m.gloss_of}{src_text}</a></div>"
        )
        rate = pairs.get(v.index)
        if rate is not None and src is not None:
            out += (
                f'<div class="mx-note">implies {_num(_q(rate, 6))} {_e(m.currency or "?")} '
                f"per {_e(src.currency or '?')}</div>"
            )
    return out


def _qualifier_cell(m: Mention) -> str:
    bits = [f"per {_e(m.per)}"] if m.per else []
    if m.approx:
        bits.append(f"~ {_e(m.hedge or 'approximate')}")
    if m.bound:
        bits.append(f"{BOUND_SIGNS[m.bound]} {_BOUND_WORDS[m.bound]}")
    return "<br>".join(bits)


def _conversion_cells(v: MentionView) -> tuple[str, str, str]:
    conv = v.conversion
    notes = [x for x in (v.conversion_note, conv.note if conv else "") if x]
    note_html = "".join(f'<div class="mx-note">{_e(n)}</div>' for n in notes)
    if conv is None:
        return "\u2014", "\u2014", note_html or '<span class="mx-note">not converted</span>'
    usd = _span(conv.usd, conv.usd_high, 2)
    usd_cell = "\u2014" if conv.usd is None else f"${usd}"
    kpw_cell = _span(conv.kpw, conv.kpw_high, 0)
    if conv.kpw is not None and conv.kpw_unit == "old":
        kpw_cell += (
            f' <span class="mx-note">old</span><div class="mx-note">= '
            f"{_span(conv.kpw_current, conv.kpw_current_high, 0)} new won</div>"
        )
    quotes = "".join(f"<li>{_e(_quote_text(q))}<br>{_link(q.source)}</li>" for q in conv.quotes)
    rates = (f"<ul>{quotes}</ul>" if quotes else "") + note_html
    return usd_cell, kpw_cell, rates


def _burden_cell(r: Rendered, v: MentionView) -> str:
    mentions = r.mentions
    items = []
    for b in v.burdens:
        thin = ' <span class="mx-thin">(thin data)</span>' if b.thin else ""
        refs = "".join(f"<li>{_link(_reference_text(ref))}</li>" for ref in b.references)
        notes = "".join(f"<li>{_e(n)}</li>" for n in b.notes)
        detail = ""
        if refs or notes:
            detail = (
                f"<details><summary>rows and conventions</summary><ul>{refs}{notes}</ul></details>"
            )
        items.append(
            f'<li><span class="mx-burden">{_e(_burden_figure(b))}</span> '
            f"{_e(_burden_against(b, mentions))}{thin}{detail}</li>"
        )
    problems = "".join(f'<li class="mx-problem">{_e(p)}</li>' for p in v.burden_problems)
    if not items and not problems:
        return ""
    return f"<ul>{''.join(items)}{problems}</ul>"


def _table_html(r: Rendered) -> str:
    if not r.views:
        return '<p class="mx-note">No money amounts found.</p>'
    pairs = {p.gloss: p.implied_rate for p in gloss_pairs(list(r.mentions))}
    head = (
        "<tr><th>#</th><th>amount</th><th>value</th><th>currency and why</th>"
        "<th>per, approx, bound</th><th>USD</th><th>KPW</th><th>rates used</th><th>burden</th></tr>"
    )
    rows = []
    for v in r.views:
        m = v.mention
        usd, kpw, rates = _conversion_cells(v)
        colour = _colour(m.currency)
        rows.append(
            f'<tr id="{r.doc_id}-r{v.index}" style="--mx-c:{colour}" data-index="{v.index}">'
            f'<td class="mx-num"><a href="#{r.doc_id}-m{v.index}">{v.index}</a></td>'
            f"<td>{_amount_cell(r, v, pairs)}</td>"
            f'<td class="mx-num">{_e(_span(m.value, m.high, None))}</td>'
            f"<td>{_currency_cell(m)}</td>"
            f"<td>{_qualifier_cell(m)}</td>"
            f'<td class="mx-num mx-usd">{_e(usd)}</td>'
            f'<td class="mx-num mx-kpw">{kpw if "<" in kpw else _e(kpw)}</td>'
            f"<td>{rates}</td>"
            f'<td class="mx-burdens">{_burden_cell(r, v)}</td>'
            "</tr>"
        )
    return f'<table class="mx-table"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def _why_not_html(r: Rendered) -> str:
    if not r.why_not:
        return ""
    if not r.vetoed:
        return '<p class="mx-note">Why not: no candidate was vetoed.</p>'
    rows = "".join(
        f'<tr id="{r.doc_id}-vr{j}"><td class="mx-num">\u2717{j}</td><td>{_e(v.text)}</td>'
        f"<td><code>{_e(v.rule)}</code></td><td>{_e(v.reason)}</td>"
        f'<td class="mx-num">{v.start}\u2013{v.end}</td></tr>'
        for j, v in enumerate(r.vetoed)
    )
    return (
        '<table class="mx-why-not"><thead><tr><th>#</th><th>candidate</th><th>veto</th>'
        f"<th>why not money</th><th>offsets</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _legend(r: Rendered) -> str:
    codes = sorted({v.mention.currency or "?" for v in r.views})
    keys = []
    for code in codes:
        colour = _colour(None if code == "?" else code)
        name = "unresolved" if code == "?" else code
        style = f"--mx-c:{colour};--mx-bg:{_tint(colour)}"
        keys.append(f'<span class="mx-key" style="{style}">{_e(name)}</span>')
    marks = [
        "superscript: mention number and currency",
        "\u21a9N: a gloss (the text's own conversion) of mention N, dotted",
        "dashed: currency unresolved",
    ]
    if r.why_not:
        marks.append("\u2717N struck through: a candidate a veto rejected")
    return (
        f'<p class="mx-legend">{"".join(keys)} {_e("; ".join(marks))}</p>'
        if keys or r.why_not
        else ""
    )


def _fragment(r: Rendered, *, style: bool) -> str:
    n = len(r.views)
    meta = [
        r.doc_date.isoformat() if r.doc_date else "no date (nothing converted)",
        f"place: {r.place}" if r.place else "",
        f"{n} mention{'s' if n != 1 else ''}",
    ]
    if r.why_not:
        meta.append(f"{len(r.vetoed)} vetoed candidate{'s' if len(r.vetoed) != 1 else ''}")
    date_attr = r.doc_date.isoformat() if r.doc_date else ""
    return (
        f'<div class="moneyx-doc" id="{r.doc_id}" data-doc-date="{date_attr}">'
        + (f"<style>{CSS}</style>" if style else "")
        + f'<h2 class="mx-title">{_e(r.title)}</h2>'
        + f'<p class="mx-meta">{_e(_DOT.join(x for x in meta if x))}</p>'
        + _legend(r)
        + f'<div class="mx-text">{_text_html(r)}</div>'
        + _table_html(r)
        + _why_not_html(r)
        + "</div>"
    )


def html_page(docs: Sequence[Rendered], *, title: str = "moneyx") -> str:
    """Return one standalone HTML page holding several rendered documents (with a contents list).

    Args:
        docs: The documents (their ``doc_id`` values must differ).
        title: The page title.

    Returns:
        The page (UTF-8, no external resources, no scripts).

    Raises:
        ValueError: Two documents share a ``doc_id``.

    """
    ids = [d.doc_id for d in docs]
    if len(set(ids)) != len(ids):
        dup = sorted({i for i in ids if ids.count(i) > 1})
        raise ValueError(f"documents share doc_id {', '.join(dup)}: element ids would clash")
    toc = ""
    if len(docs) > 1:
        items = "".join(
            f'<li><a href="#{d.doc_id}">{_e(d.title)}</a> '
            f"({_e(d.doc_date.isoformat() if d.doc_date else 'no date')}, "
            f"{len(d.views)} mention{'s' if len(d.views) != 1 else ''})</li>"
            for d in docs
        )
        toc = f'<nav class="mx-toc"><ul>{items}</ul></nav>'
    body = "".join(d.fragment(style=False) for d in docs)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{CSS}"
        "body{margin:1.5rem auto;max-width:74rem;padding:0 1rem}</style></head>"
        f"<body>{toc}{body}</body></html>\n"
    )
