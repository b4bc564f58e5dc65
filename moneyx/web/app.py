"""The local web app: paste a text and see it highlighted, browse rate histories, a JSON API.

``create_app(Settings(...))`` returns a FastAPI application:

* ``GET /`` and ``POST /``: a form (text, date, place, language) and the highlighted document with
  a table of mentions, conversions and burdens (:func:`moneyx.render`); ``POST /download`` returns
  the same as CSV or JSON.
* ``GET /rates``: the rate history of a currency between two dates (KPW by city, market and
  official apart) as an SVG chart whose points carry their source.
* ``POST /v1/extract``, ``POST /v1/normalize``, ``POST /v1/burden``, ``GET /v1/rates``: the JSON
  API, described by the OpenAPI schema at ``/openapi.json`` (``/docs`` shows it).

Errors are JSON (``{"status": ..., "message": ..., "errors": [...]}``) with the status that fits:
422 for a bad date or value, 404 for a rate series the tables lack, 413 for a body over
``Settings.max_body_bytes`` or a text over ``Settings.max_text_chars``; an unexpected failure is
logged and answered with a 500 that carries no stack trace. Every response carries a
Content-Security-Policy that allows scripts from the app itself only.
"""

from __future__ import annotations

import csv
import inspect
import io
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Form, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from starlette.exceptions import HTTPException as StarletteHTTPException

from moneyx import __version__
from moneyx.errors import MoneyxError, RateNotFoundError
from moneyx.rates import RateStore

__all__ = ["ApiError", "Settings", "create_app"]

logger = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# the text columns of RateStore.history() an observation carries as strings
_OBSERVATION_TEXT_COLUMNS = (  # not-lexicon: RateStore.history() columns
    "kind",
    "provider",
    "source",
    "place",
    "precision",
)
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
_DOCS_CSP = (  # FastAPI's /docs page loads Swagger UI from its CDN
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: "
    "https://fastapi.tiangolo.com; object-src 'none'; frame-ancestors 'none'"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """What an app instance accepts.

    Attributes:
        max_body_bytes: Largest request body (413 beyond).
        max_text_chars: Largest text in a request (413 beyond).
        rates: The rate store (default: the shipped tables).

    """

    max_body_bytes: int = 1_000_000
    max_text_chars: int = 200_000
    rates: RateStore | None = None

    def __post_init__(self) -> None:
        if self.max_body_bytes <= 0 or self.max_text_chars <= 0:
            raise ValueError("max_body_bytes and max_text_chars must be positive")


class ApiError(Exception):
    """An error the API answers with its status and a message (never a stack trace)."""

    def __init__(self, status: int, message: str, where: str | None = None) -> None:
        super().__init__(status, message, where)
        self.status, self.message, self.where = status, message, where


def _error_body(status: int, message: str, errors: list[dict[str, str]] | None = None) -> bytes:
    return json.dumps(
        dict(status=status, message=message, errors=errors or []), ensure_ascii=False
    ).encode("utf-8")


class _Guard:
    """ASGI middleware: refuse bodies over the limit (413) and add the security headers."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app, self.max_body = app, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_large = f"request body over the limit of {self.max_body:,} bytes"
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.max_body:
                    await _send_json(send, 413, too_large)
                    return
        if not any(name == b"content-length" for name, _ in scope.get("headers", [])):
            # a streamed body: read it here, up to the limit, and hand the app a replay
            chunks: list[bytes] = []
            size = 0
            while True:
                message = await receive()
                if message["type"] != "http.request":
                    break
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
                if size > self.max_body:
                    await _send_json(send, 413, too_large)
                    return
                if not message.get("more_body", False):
                    break
            body = b"".join(chunks)
            upstream = receive
            replayed = False

            async def replay() -> Message:
                nonlocal replayed
                if not replayed:
                    replayed = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await upstream()  # after the body: wait for the disconnect

            receive = replay

        path = scope.get("path", "")
        csp = _DOCS_CSP if path.endswith(("/docs", "/redoc")) else CSP

        async def guarded_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", csp.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, guarded_send)


async def _send_json(send: Send, status: int, message: str) -> None:
    body = _error_body(status, message)
    await send(
        dict(
            type="http.response.start",
            status=status,
            headers=[
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"content-security-policy", CSP.encode()),
                (b"x-content-type-options", b"nosniff"),
            ],
        )
    )
    await send({"type": "http.response.body", "body": body})


# --------------------------------------------------------------------------------------------
# API models


def _iso_date(value: object) -> object:
    """Accept only ISO text (YYYY-MM-DD) or a date: no timestamps, no other formats."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}") from None


ISODate = Annotated[
    date,
    BeforeValidator(_iso_date),
    WithJsonSchema(dict(type="string", format="date", description="ISO date YYYY-MM-DD")),
]
Code = Annotated[str, Field(pattern=r"^[A-Za-z]{3}$", description="ISO 4217 code")]
Kind = Literal["market", "official", "semi-official"]
BasisName = Literal["nk_state_wage", "nk_market_wage", "rice_kg", "corn_kg"]


class ErrorOut(BaseModel):
    """An error: the HTTP status, a message for a person, and each field at fault."""

    status: int
    message: str
    errors: list[dict[str, str]] = []


class MentionOut(BaseModel):
    """A mention as ``Mention.to_dict()`` gives it (decimals as strings)."""

    model_config = ConfigDict(extra="allow")

    start: int
    end: int
    text: str
    value: str
    high: str | None = None
    currency: str | None = None
    candidates: list[str] = []
    reason: str = ""
    approx: bool = False
    hedge: str | None = None
    bound: str | None = None
    per: str | None = None
    gloss_of: int | None = None
    role: str | None = None
    rule: str = ""
    lang: str = "en"
    unit: str = ""
    trace: list[str] = []


class VetoedOut(BaseModel):
    """A candidate a named veto rejected."""

    start: int
    end: int
    text: str
    rule: str
    reason: str


class _TextOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lang: str | None = Field(
        None, description="extraction language (en, ko, zh, auto); default auto: the text's"
    )
    locale: str | None = Field(None, description="locale for ambiguous symbols, e.g. en-AU")
    default_currency: dict[str, str] | None = Field(
        None, description='defaults for ambiguous surfaces, e.g. {"won": "KPW"}'
    )


class ExtractIn(_TextOptions):
    """Find the money amounts of a text."""

    text: str
    doc_date: ISODate | None = None
    explain: bool = Field(False, description="also list the candidates vetoes rejected")


class ExtractOut(BaseModel):
    """The mentions, in text order, as ``moneyx.extract_amounts`` returns them."""

    mentions: list[MentionOut]
    vetoed: list[VetoedOut] | None = None


class AmountIn(BaseModel):
    """An amount given directly: ``{"value": "300", "currency": "CNY"}``."""

    model_config = ConfigDict(extra="forbid")

    value: Decimal
    currency: Code
    high: Decimal | None = None
    per: str | None = None


class NormalizeIn(_TextOptions):
    """Convert amounts (given, or found in a text) to USD and KPW on a date."""

    doc_date: ISODate
    text: str | None = Field(None, description="convert every amount found in this text")
    amounts: list[AmountIn] | None = Field(None, description="or convert these amounts")
    place: str | None = Field(None, description="city for KPW market quotes, e.g. Hyesan")
    kind: Kind | None = Field(None, description="kind of KPW rate (default market)")
    to: list[Code] | None = Field(
        None,
        description="target currencies besides USD and KPW; accepted when this version's "
        "moneyx.normalize takes to=, else 422",
    )


class ConversionOut(BaseModel):
    """One amount and its conversion (or why there is none)."""

    input: dict[str, Any]
    conversion: dict[str, Any] | None = None
    error: str | None = None


class NormalizeOut(BaseModel):
    """Every amount asked, each converted or with its error (nothing dropped)."""

    doc_date: str
    conversions: list[ConversionOut]


class BurdenIn(BaseModel):
    """Weigh an amount against a wage or a reference basis, or every amount of a text."""

    model_config = ConfigDict(extra="forbid")

    amount: str | None = Field(None, description='an amount as typed, e.g. "5 million won"')
    wage: str | None = Field(None, description='a wage as typed, e.g. "3,000 won a month"')
    basis: BasisName | None = Field(None, description="a reference series instead of a wage")
    text: str | None = Field(
        None, description="or a whole document: each amount against its wages and the bases"
    )
    doc_date: ISODate | None = None
    place: str | None = None
    convention: Literal["julian", "common", "weeks_52"] | None = None
    lang: str | None = None


class BurdenOut(BaseModel):
    """A burden (``mode`` "amount") or a document's burdens (``mode`` "document")."""

    mode: Literal["amount", "document"]
    amount: MentionOut | None = None
    wage: MentionOut | None = None
    burden: dict[str, Any] | None = None
    currency_defaulted: list[str] = []
    burdens: list[dict[str, Any]] | None = None


class RateObservationOut(BaseModel):
    """One row of the rate tables."""

    date: str
    date_end: str
    units_per_base: str
    units_per_base_high: str | None
    kind: str
    provider: str
    source: str
    place: str
    precision: str
    flag: str


class RatesOut(BaseModel):
    """Every observation of a currency per a base between two dates."""

    currency: str
    base: str
    start: str | None
    end: str | None
    count: int
    observations: list[RateObservationOut]


_ERRORS: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorOut, "description": "body or text over the configured limit"},
    422: {"model": ErrorOut, "description": "invalid input (a bad date, an unknown option, ...)"},
}


# --------------------------------------------------------------------------------------------
# helpers


def _check_text(settings: Settings, text: str | None, where: str) -> None:
    if text is not None and len(text) > settings.max_text_chars:
        raise ApiError(
            413,
            f"{where}: {len(text):,} characters, over the limit of {settings.max_text_chars:,}",
            where,
        )


def _strip_mention(d: object) -> dict[str, Any]:
    out = dict(d) if isinstance(d, dict) else {}
    out.pop("mention", None)
    out.pop("amount", None)
    return out


def _normalize_accepts_to() -> bool:
    from moneyx.normalize import normalize

    return "to" in inspect.signature(normalize).parameters


def _where(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(x) for x in loc if x not in ("body", "query")]
    return ".".join(parts) or "request"


# --------------------------------------------------------------------------------------------
# the app


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the web app.

    Args:
        settings: Limits and the rate store (defaults: 1,000,000-byte bodies, 200,000-character
            texts, the shipped tables).

    Returns:
        The FastAPI application (serve it with uvicorn: ``moneyx serve``).

    Example:
        >>> from fastapi.testclient import TestClient
        >>> client = TestClient(create_app())
        >>> r = client.post("/v1/extract", json={"text": "It cost 300 yuan."})
        >>> r.status_code, [m["text"] for m in r.json()["mentions"]]
        (200, ['300 yuan'])

    """
    cfg = settings or Settings()
    app = FastAPI(
        title="moneyx",
        version=__version__,
        description="Find money amounts in news text, convert them to USD and KPW on their "
        "date, and weigh them in wages and rice. Decimals are strings; dates are YYYY-MM-DD.",
    )
    env = Environment(
        loader=PackageLoader("moneyx.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    templates = Jinja2Templates(env=env)
    app.mount("/static", StaticFiles(packages=[("moneyx.web", "static")]), name="static")
    app.add_middleware(_Guard, max_body=cfg.max_body_bytes)

    def store() -> RateStore:
        return cfg.rates or RateStore.default()

    # -- errors --------------------------------------------------------------------------------

    def wants_html(request: Request) -> bool:
        return not request.url.path.startswith("/v1/") and request.method == "GET"

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        errors = [{"where": exc.where, "message": exc.message}] if exc.where else []
        return Response(
            _error_body(exc.status, exc.message, errors),
            status_code=exc.status,
            media_type="application/json",
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {
                "where": _where(e.get("loc", ())),
                "message": str(e.get("msg", "invalid")).removeprefix("Value error, "),
            }
            for e in exc.errors()
        ]
        message = "; ".join(f"{e['where']}: {e['message']}" for e in errors) or "invalid request"
        return Response(
            _error_body(422, message, errors), status_code=422, media_type="application/json"
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail)
        if wants_html(request):
            return templates.TemplateResponse(
                request,
                "error.html",
                {"status": exc.status_code, "message": message},
                status_code=exc.status_code,
            )
        return Response(
            _error_body(exc.status_code, message),
            status_code=exc.status_code,
            media_type="application/json",
        )

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        logger.exception("unexpected error on %s %s", request.method, request.url.path)
        return Response(
            _error_body(500, "internal error: the server logged it"),
            status_code=500,
            media_type="application/json",
        )

    # -- API -----------------------------------------------------------------------------------

    @app.post("/v1/extract", response_model=ExtractOut, responses=_ERRORS, tags=["api"])
    def api_extract(req: ExtractIn) -> dict[str, Any]:
        """Find the money amounts of a text (``moneyx.extract_amounts`` / ``moneyx.explain``)."""
        from moneyx.extract import explain

        _check_text(cfg, req.text, "text")
        try:
            ex = explain(
                req.text,
                lang=req.lang,
                doc_date=req.doc_date,
                default_currency=req.default_currency,
                locale=req.locale,
            )
        except ValueError as exc:
            raise ApiError(422, str(exc)) from None
        out: dict[str, Any] = {"mentions": [m.to_dict() for m in ex.mentions]}
        if req.explain:
            out["vetoed"] = [v.to_dict() for v in ex.vetoed]
        return out

    @app.post("/v1/normalize", response_model=NormalizeOut, responses=_ERRORS, tags=["api"])
    def api_normalize(req: NormalizeIn) -> dict[str, Any]:
        """Convert amounts to USD and KPW on ``doc_date`` with every rate row used.

        Give ``amounts`` or a ``text`` (each of its mentions is converted). An amount that cannot
        be converted keeps its place in the list with its ``error``.
        """
        from moneyx.extract import extract_amounts
        from moneyx.model import Mention, Money
        from moneyx.normalize import normalize
        from moneyx.render import jsonable

        if (req.text is None) == (req.amounts is None):
            raise ApiError(422, "give either text or amounts", "text")
        _check_text(cfg, req.text, "text")
        kwargs: dict[str, Any] = dict(rates=cfg.rates, place=req.place, kind=req.kind)
        if req.to is not None:
            if not _normalize_accepts_to():
                raise ApiError(
                    422, "target currencies (to) are not supported by this moneyx version", "to"
                )
            kwargs["to"] = tuple(c.upper() for c in req.to)
        items: list[Mention | Money] = []
        if req.text is not None:
            try:
                items.extend(
                    extract_amounts(
                        req.text,
                        lang=req.lang,
                        doc_date=req.doc_date,
                        default_currency=req.default_currency,
                        locale=req.locale,
                    )
                )
            except ValueError as exc:
                raise ApiError(422, str(exc)) from None
        else:
            for i, a in enumerate(req.amounts or []):
                try:
                    items.append(
                        Money(value=a.value, currency=a.currency.upper(), high=a.high, per=a.per)
                    )
                except ValueError as exc:
                    raise ApiError(422, f"amounts.{i}: {exc}", f"amounts.{i}") from None
        out = []
        for item in items:
            entry: dict[str, Any] = {
                "input": item.to_dict() if isinstance(item, Mention) else jsonable(item)
            }
            try:
                conv = normalize(item, doc_date=req.doc_date, **kwargs)
            except (MoneyxError, ValueError) as exc:
                entry["error"] = str(exc)
            else:
                entry["conversion"] = _strip_mention(jsonable(conv))
            out.append(entry)
        return {"doc_date": req.doc_date.isoformat(), "conversions": out}

    @app.post("/v1/burden", response_model=BurdenOut, responses=_ERRORS, tags=["api"])
    def api_burden(req: BurdenIn) -> dict[str, Any]:
        """Weigh an amount in years of a wage or kilograms of rice, or every amount of a text.

        ``amount`` with ``wage`` or ``basis``: "won" that the text does not decide is read as
        KPW and listed in ``currency_defaulted``. ``text`` with ``doc_date``: each amount against
        the wages the text states and the reference bases, with what stopped the others.
        """
        from moneyx.render import jsonable

        if (req.text is None) == (req.amount is None):
            raise ApiError(422, "give either amount (with wage or basis) or text", "amount")
        if req.text is not None:
            from moneyx.burden import document_burdens

            _check_text(cfg, req.text, "text")
            if req.doc_date is None:
                raise ApiError(422, "a document's burdens need doc_date", "doc_date")
            try:
                entries = document_burdens(
                    req.text,
                    req.doc_date,
                    lang=req.lang or "en",
                    place=req.place,
                    rates=cfg.rates,
                    convention=req.convention,
                )
            except (MoneyxError, ValueError) as exc:
                raise ApiError(422, str(exc)) from None
            burdens = [
                dict(
                    index=e.index,
                    mention=e.mention.to_dict(),
                    burdens=[_strip_mention(jsonable(b)) for b in e.burdens],
                    problems=list(e.problems),
                )
                for e in entries
            ]
            return {"mode": "document", "burdens": burdens}
        from moneyx.typed import weigh

        assert req.amount is not None
        _check_text(cfg, req.amount, "amount")
        _check_text(cfg, req.wage, "wage")
        if (req.wage is None) == (req.basis is None):
            raise ApiError(422, "give wage or basis (one of them) with amount", "wage")
        try:
            w = weigh(
                req.amount,
                wage_text=req.wage,
                basis=req.basis,
                day=req.doc_date,
                place=req.place,
                convention=req.convention,
            )
        except RateNotFoundError as exc:
            raise ApiError(422, str(exc)) from None
        except (MoneyxError, ValueError) as exc:
            raise ApiError(422, str(exc)) from None
        return {
            "mode": "amount",
            "amount": w.amount.to_dict(),
            "wage": None if w.wage is None else w.wage.to_dict(),
            "burden": _strip_mention(jsonable(w.burden)),
            "currency_defaulted": [m.text for m in w.defaulted],
        }

    @app.get("/v1/rates", response_model=RatesOut, responses=_ERRORS, tags=["api"])
    def api_rates(
        currency: Annotated[str, Query(pattern=r"^[A-Za-z]{3}$", description="ISO code")],
        start: Annotated[date | None, Query(alias="from", description="first day")] = None,
        end: Annotated[date | None, Query(alias="to", description="last day")] = None,
        base: Annotated[str, Query(pattern=r"^[A-Za-z]{3}$")] = "USD",
        kind: Annotated[str | None, Query(description="market, official, ...")] = None,
        place: Annotated[str | None, Query(description="e.g. Hyesan")] = None,
    ) -> dict[str, Any]:
        """Every observation of a currency per a base between two dates, each with its source."""
        cur, bse = currency.upper(), base.upper()
        try:
            frame = store().history(cur, start, end, base=bse, kind=kind or None, place=place)
        except RateNotFoundError:
            raise ApiError(
                404, f"the rate tables have no {cur} per {bse} series", "currency"
            ) from None
        except ValueError as exc:
            raise ApiError(422, str(exc), "from") from None
        rows = [
            {
                "date": r["date"].isoformat(),
                "date_end": r["date_end"].isoformat(),
                "units_per_base": str(r["units_per_base"]),
                "units_per_base_high": None
                if r["units_per_base_high"] is None
                else str(r["units_per_base_high"]),
                **{k: str(r[k]) for k in _OBSERVATION_TEXT_COLUMNS},
                "flag": str(r["flag"]),
            }
            for r in frame.to_dict("records")
        ]
        return dict(
            currency=cur,
            base=bse,
            start=None if start is None else start.isoformat(),
            end=None if end is None else end.isoformat(),
            count=len(rows),
            observations=rows,
        )

    # -- pages ---------------------------------------------------------------------------------

    def page_render(
        text: str, doc_date: str, place: str, lang: str, why_not: bool
    ) -> tuple[Any, str | None, int]:
        from moneyx.render import render

        if len(text) > cfg.max_text_chars:
            return (
                None,
                f"The text has {len(text):,} characters, over the limit of {cfg.max_text_chars:,}.",
                413,
            )
        if not text.strip():
            return None, "Paste a text first.", 422
        day: date | None = None
        if doc_date.strip():
            try:
                day = date.fromisoformat(doc_date.strip())
            except ValueError:
                return None, f"The date {doc_date!r} is not a date (YYYY-MM-DD).", 422
        try:
            rendered = render(
                text,
                doc_date=day,
                place=place.strip() or None,
                lang=lang or None,
                why_not=why_not,
                title="Your text",
                doc_id="doc",
                rates=cfg.rates,
            )
        except ValueError as exc:
            return None, str(exc), 422
        return rendered, None, 200

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request) -> Response:
        return templates.TemplateResponse(
            request, "index.html", dict(form={"lang": "auto"}, rendered=None, error=None)
        )

    @app.post("/", response_class=HTMLResponse, include_in_schema=False)
    def index_post(
        request: Request,
        text: Annotated[str, Form()] = "",
        doc_date: Annotated[str, Form()] = "",
        place: Annotated[str, Form()] = "",
        lang: Annotated[str, Form()] = "auto",
        why_not: Annotated[str, Form()] = "",
    ) -> Response:
        rendered, error, status = page_render(text, doc_date, place, lang, bool(why_not))
        form = {
            "text": text,
            "doc_date": doc_date,
            "place": place,
            "lang": lang,
            "why_not": bool(why_not),
        }
        return templates.TemplateResponse(
            request,
            "index.html",
            dict(
                form=form,
                rendered=rendered,
                fragment=rendered.fragment(style=True) if rendered else "",
                error=error,
            ),
            status_code=status,
        )

    @app.post("/download", include_in_schema=False)
    def download(
        text: Annotated[str, Form()] = "",
        doc_date: Annotated[str, Form()] = "",
        place: Annotated[str, Form()] = "",
        lang: Annotated[str, Form()] = "auto",
        fmt: Annotated[Literal["csv", "json"], Form(alias="format")] = "csv",
    ) -> Response:
        from moneyx.render import RECORD_COLUMNS

        rendered, error, status = page_render(text, doc_date, place, lang, True)
        if rendered is None:
            raise ApiError(status, error or "cannot render the text")
        if fmt == "json":
            body = json.dumps(rendered.to_dict(), ensure_ascii=False, indent=1)
            return Response(
                body,
                media_type="application/json",
                headers={"content-disposition": 'attachment; filename="moneyx-mentions.json"'},
            )
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(RECORD_COLUMNS), lineterminator="\n")
        writer.writeheader()
        for rec in rendered.to_records():
            writer.writerow({k: "" if rec.get(k) is None else rec.get(k) for k in RECORD_COLUMNS})
        return Response(
            buf.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": 'attachment; filename="moneyx-mentions.csv"'},
        )

    @app.get("/rates", response_class=HTMLResponse, include_in_schema=False)
    def rates_page(
        request: Request,
        currency: str = "KPW",
        start: Annotated[str, Query(alias="from")] = "2009-01-01",
        end: Annotated[str, Query(alias="to")] = "",
        base: str = "USD",
        kind: str = "",
        place: str = "",
        scale: Literal["auto", "log", "linear"] = "auto",
    ) -> Response:
        from moneyx.plot import SCALES, rate_series
        from moneyx.web.chart import PALETTE, svg_chart

        cur, bse = currency.strip().upper() or "KPW", base.strip().upper() or "USD"
        # "from" and "to" are Python keywords: given as a mapping
        form = dict(currency=cur, base=bse, kind=kind, place=place, scale=scale)
        form.update({"from": start, "to": end})
        ctx: dict[str, Any] = dict(form=form, chart=None, series=[], error=None)
        status = 200
        try:
            first = date.fromisoformat(start) if start.strip() else None
            last = date.fromisoformat(end) if end.strip() else None
            series = rate_series(
                cur, first, last, base=bse, kind=kind or None, place=place or None,
                rates=cfg.rates,
            )  # fmt: skip
            if not series:
                raise ApiError(404, f"no {cur} per {bse} observation in that window")
            log = SCALES[scale]
            ctx["chart"] = svg_chart(series, currency=cur, base=bse, log=log)
            ctx["series"] = [
                dict(
                    label=s.label,
                    count=len(s.points),
                    colour=PALETTE[k % len(PALETTE)],
                    first=s.points[0].day.isoformat(),
                    last=s.points[-1].day.isoformat(),
                )
                for k, s in enumerate(series)
            ]
            ctx["count"] = sum(len(s.points) for s in series)
        except RateNotFoundError:
            ctx["error"], status = f"The rate tables have no {cur} per {bse} series.", 404
        except ApiError as exc:
            ctx["error"], status = exc.message, exc.status
        except ValueError as exc:
            ctx["error"], status = f"Bad dates: {exc}", 422
        return templates.TemplateResponse(request, "rates.html", ctx, status_code=status)

    return app
