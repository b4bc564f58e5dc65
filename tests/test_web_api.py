"""The web app and JSON API through the framework's test client: every endpoint, every error."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra (moneyx-news[web]) is not installed")
pytest.importorskip("httpx", reason="the test client needs httpx")

from fastapi.testclient import TestClient  # noqa: E402

import moneyx  # noqa: E402
from moneyx.web import Settings, create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
GOLD = [json.loads(line) for line in (ROOT / "seeds" / "gold.jsonl").read_text().splitlines()]
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), raise_server_exceptions=False)


def seed(i: int) -> tuple[str, str]:
    rec = GOLD[i]
    return (ROOT / "seeds" / rec["file"]).read_text(encoding="utf-8"), rec["doc_date"]


def assert_error(r: object, status: int, where: str | None = None) -> dict[str, object]:
    assert r.status_code == status, r.text  # type: ignore[attr-defined]
    assert r.headers["content-type"].startswith("application/json")  # type: ignore[attr-defined]
    body = r.json()  # type: ignore[attr-defined]
    assert body["status"] == status
    assert body["message"]
    assert "Traceback" not in r.text  # type: ignore[attr-defined]
    if where is not None:
        assert where in [e["where"] for e in body["errors"]], body
    return body  # type: ignore[no-any-return]


# --- /v1/extract ---------------------------------------------------------------------------


@pytest.mark.parametrize("i", range(len(GOLD)), ids=[g["id"] for g in GOLD])
def test_extract_returns_what_extract_amounts_returns(client: TestClient, i: int) -> None:
    text, day = seed(i)
    r = client.post("/v1/extract", json={"text": text, "doc_date": day})
    assert r.status_code == 200
    expected = [m.to_dict() for m in moneyx.extract_amounts(text, doc_date=day)]
    assert r.json()["mentions"] == expected
    assert r.json()["vetoed"] is None


def test_extract_explain_lists_vetoes(client: TestClient) -> None:
    r = client.post(
        "/v1/extract", json={"text": "It weighs 200 pounds and cost 300 yuan.", "explain": True}
    )
    assert r.status_code == 200
    assert [v["text"] for v in r.json()["vetoed"]] == ["200 pounds"]


def test_extract_options_pass_through(client: TestClient) -> None:
    r = client.post(
        "/v1/extract",
        json={"text": "The fee was 2,000 won.", "default_currency": {"won": "KRW"}},
    )
    assert r.json()["mentions"][0]["currency"] == "KRW"


@pytest.mark.parametrize("bad", ["2015-13-01", "30/09/2015", 1443571200, "yesterday"])
def test_bad_date_is_422_naming_the_field(client: TestClient, bad: object) -> None:
    body = assert_error(
        client.post("/v1/extract", json={"text": "300 yuan", "doc_date": bad}), 422, "doc_date"
    )
    assert "YYYY-MM-DD" in str(body["message"])


def test_unknown_language_is_422(client: TestClient) -> None:
    assert_error(client.post("/v1/extract", json={"text": "300 yuan", "lang": "xx"}), 422)


def test_missing_text_and_unknown_field_are_422(client: TestClient) -> None:
    assert_error(client.post("/v1/extract", json={}), 422, "text")
    assert_error(client.post("/v1/extract", json={"text": "a", "colour": 1}), 422, "colour")


def test_malformed_json_is_422(client: TestClient) -> None:
    r = client.post(
        "/v1/extract", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert_error(r, 422)


def test_text_over_the_limit_is_413() -> None:
    small = TestClient(create_app(Settings(max_text_chars=100)), raise_server_exceptions=False)
    body = assert_error(small.post("/v1/extract", json={"text": "x" * 101}), 413, "text")
    assert "over the limit of 100" in str(body["message"])
    assert small.post("/v1/extract", json={"text": "x" * 100}).status_code == 200


def test_body_over_the_limit_is_413_declared_or_streamed() -> None:
    small = TestClient(create_app(Settings(max_body_bytes=1000)), raise_server_exceptions=False)
    body = json.dumps({"text": "x" * 2000}).encode()
    assert_error(
        small.post("/v1/extract", content=body, headers={"content-type": "application/json"}), 413
    )

    def chunks():  # no content-length: the limit is counted as the body arrives
        for k in range(0, len(body), 100):
            yield body[k : k + 100]

    r = small.post("/v1/extract", content=chunks(), headers={"content-type": "application/json"})
    assert_error(r, 413)


# --- /v1/normalize -------------------------------------------------------------------------


def test_normalize_amounts(client: TestClient) -> None:
    r = client.post(
        "/v1/normalize",
        json={"doc_date": "2015-09-30", "amounts": [{"value": "300", "currency": "CNY"}]},
    )
    assert r.status_code == 200
    (c,) = r.json()["conversions"]
    conv = moneyx.normalize(moneyx.Money(value=Decimal(300), currency="CNY"), doc_date="2015-09-30")
    assert c["conversion"]["usd"] == str(conv.usd)
    assert c["conversion"]["quotes"][0]["source"] == conv.quotes[0].source
    assert c["error"] is None


def test_normalize_text_keeps_every_mention_with_its_error(client: TestClient) -> None:
    r = client.post(
        "/v1/normalize",
        json={"doc_date": "2015-09-30", "text": "It cost 300 yuan and 2,000 won."},
    )
    out = r.json()["conversions"]
    assert [c["input"]["text"] for c in out] == ["300 yuan", "2,000 won"]
    assert out[0]["conversion"]["usd"].startswith("47.2")
    assert (out[1]["conversion"] is None) == (out[1]["error"] is not None)


def test_normalize_needs_a_date_and_one_input(client: TestClient) -> None:
    assert_error(client.post("/v1/normalize", json={"text": "300 yuan"}), 422, "doc_date")
    assert_error(client.post("/v1/normalize", json={"doc_date": "2015-09-30"}), 422, "text")


def test_normalize_bad_currency_code_is_422(client: TestClient) -> None:
    r = client.post(
        "/v1/normalize",
        json={"doc_date": "2015-09-30", "amounts": [{"value": "1", "currency": "dollars"}]},
    )
    assert_error(r, 422, "amounts.0.currency")


def test_normalize_rate_not_found_is_kept_as_the_items_error(client: TestClient) -> None:
    r = client.post(
        "/v1/normalize",
        json={"doc_date": "1950-01-01", "amounts": [{"value": "1", "currency": "EUR"}]},
    )
    assert r.status_code == 200
    assert "no EUR rate for 1950-01-01" in r.json()["conversions"][0]["error"]


def test_normalize_to_follows_the_library(client: TestClient) -> None:
    from moneyx.web.app import _normalize_accepts_to

    r = client.post(
        "/v1/normalize",
        json={
            "doc_date": "2015-09-30",
            "amounts": [{"value": "300", "currency": "CNY"}],
            "to": ["EUR"],
        },
    )
    if _normalize_accepts_to():
        assert r.status_code == 200
    else:
        assert_error(r, 422, "to")


# --- /v1/burden ----------------------------------------------------------------------------


def test_burden_amount_against_a_wage(client: TestClient) -> None:
    r = client.post("/v1/burden", json={"amount": "5 million won", "wage": "3,000 won a month"})
    assert r.status_code == 200
    body = r.json()
    assert body["mode"] == "amount"
    assert body["burden"]["years"].startswith("138.888")
    assert body["currency_defaulted"] == ["5 million won", "3,000 won"]


def test_burden_against_a_basis(client: TestClient) -> None:
    r = client.post(
        "/v1/burden",
        json={
            "amount": "300 yuan",
            "basis": "rice_kg",
            "doc_date": "2015-09-30",
            "place": "Chongjin",
        },
    )
    assert r.status_code == 200
    b = r.json()["burden"]
    assert b["kg"] is not None
    assert b["references"][0]["table"] == "nk_rice_prices.csv"


def test_burden_document_mode_seed_004(client: TestClient) -> None:
    text, day = seed(4)
    r = client.post("/v1/burden", json={"text": text, "doc_date": day})
    assert r.status_code == 200
    first = r.json()["burdens"][0]
    assert first["mention"]["text"] == "five million won"
    years = {b["basis"]: b["years"][:6] for b in first["burdens"]}
    assert years["wage"] == "138.88"


@pytest.mark.parametrize(
    ("payload", "where"),
    [
        ({"amount": "5 million won"}, "wage"),
        ({"amount": "5 million won", "wage": "3,000 won a month", "basis": "rice_kg"}, "wage"),
        ({}, "amount"),
        ({"text": "5 million won"}, "doc_date"),
        ({"amount": "5 million won", "basis": "gold_g"}, "basis"),
        (
            {"amount": "5 million won", "wage": "3,000 won a month", "doc_date": "2007-02-30"},
            "doc_date",
        ),
    ],
)
def test_burden_bad_input_is_422(client: TestClient, payload: dict[str, str], where: str) -> None:
    assert_error(client.post("/v1/burden", json=payload), 422, where)


def test_burden_no_reference_row_is_422_with_the_reason(client: TestClient) -> None:
    r = client.post(
        "/v1/burden", json={"amount": "300 yuan", "basis": "rice_kg", "doc_date": "1990-01-01"}
    )
    body = assert_error(r, 422)
    assert "1990-01-01" in str(body["message"])


# --- /v1/rates -----------------------------------------------------------------------------


def test_rates_every_observation_with_its_source(client: TestClient) -> None:
    r = client.get(
        "/v1/rates", params={"currency": "KPW", "from": "2015-09-01", "to": "2015-09-30"}
    )
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == len(body["observations"]) == 3
    assert {o["place"] for o in body["observations"]} == {"Pyongyang", "Sinuiju", "Hyesan"}
    assert all(o["source"] for o in body["observations"])


def test_rates_filters(client: TestClient) -> None:
    r = client.get("/v1/rates", params={"currency": "kpw", "place": "Hyesan", "to": "2010-12-31"})
    assert {o["place"] for o in r.json()["observations"]} == {"Hyesan"}
    r = client.get("/v1/rates", params={"currency": "KPW", "kind": "official"})
    assert {o["kind"] for o in r.json()["observations"]} == {"official"}


def test_rates_errors(client: TestClient) -> None:
    assert_error(client.get("/v1/rates", params={"currency": "XYZ"}), 404, "currency")
    assert_error(
        client.get("/v1/rates", params={"currency": "KPW", "from": "2015-02-30"}), 422, "from"
    )
    assert_error(client.get("/v1/rates", params={"currency": "dollar"}), 422, "currency")
    assert_error(
        client.get(
            "/v1/rates", params={"currency": "KPW", "from": "2016-01-01", "to": "2015-01-01"}
        ),
        422,
    )
    assert_error(client.get("/v1/rates"), 422, "currency")


# --- schema, pages, failures ---------------------------------------------------------------


def test_openapi_schema_lists_the_api(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert set(schema["paths"]) == {"/v1/extract", "/v1/normalize", "/v1/burden", "/v1/rates"}
    assert "413" in schema["paths"]["/v1/extract"]["post"]["responses"]
    date_schema = schema["components"]["schemas"]["ExtractIn"]["properties"]["doc_date"]
    assert "date" in json.dumps(date_schema)


def test_unknown_api_path_is_json_404(client: TestClient) -> None:
    assert_error(client.get("/v1/nothing"), 404)
    assert_error(client.get("/v1/extract"), 405)


def test_unexpected_failure_is_a_500_without_a_stack_trace(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import moneyx.extract

    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(moneyx.extract, "explain", boom)
    body = assert_error(client.post("/v1/extract", json={"text": "300 yuan"}), 500)
    assert "secret" not in json.dumps(body)


def test_pages_and_security_headers(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert client.get("/rates").status_code == 200
    assert client.get("/static/moneyx.js").status_code == 200
    r = client.get("/no-such-page")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")


def test_paste_form_renders_seed_004(client: TestClient) -> None:
    text, day = seed(4)
    r = client.post("/", data={"text": text, "doc_date": day})
    assert r.status_code == 200
    assert "138.89 years" in r.text
    assert 'id="doc-m0"' in r.text


def test_paste_form_errors_are_shown(client: TestClient) -> None:
    r = client.post("/", data={"text": "300 yuan", "doc_date": "2015-13-01"})
    assert r.status_code == 422
    assert "is not a date" in r.text
    r = client.post("/", data={"text": "  "})
    assert r.status_code == 422


def test_paste_form_escapes_a_script(client: TestClient) -> None:
    r = client.post("/", data={"text": "<script>alert(1)</script> cost 300 yuan"})
    assert "<script>alert(1)</script>" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text


def test_downloads(client: TestClient) -> None:
    text, day = seed(0)
    form = {"text": text, "doc_date": day, "format": "csv"}
    r = client.post("/download", data=form)
    assert r.status_code == 200
    assert r.headers["content-disposition"].endswith('moneyx-mentions.csv"')
    lines = r.text.splitlines()
    assert lines[0].startswith("doc_id,doc_date,index,start,end,text,value")
    assert len(lines) == 1 + len(moneyx.extract_amounts(text, doc_date=day))
    r = client.post("/download", data={**form, "format": "json"})
    assert r.json()["mentions"][0]["mention"]["text"] == "300 yuan"
    assert client.post("/download", data={**form, "format": "xml"}).status_code == 422


def test_rates_page_errors(client: TestClient) -> None:
    assert client.get("/rates", params={"currency": "XYZ"}).status_code == 404
    assert client.get("/rates", params={"from": "2015-99-01"}).status_code == 422
    assert client.get("/rates", params={"from": "2030-01-01"}).status_code == 404


def test_settings_validate() -> None:
    with pytest.raises(ValueError, match="positive"):
        Settings(max_body_bytes=0)
