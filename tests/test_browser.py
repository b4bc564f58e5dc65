"""The web app in a real browser: headless Chromium driven by Playwright.

Chromium is the system's (the Debian ``chromium`` package; ``MONEYX_CHROMIUM`` names another
binary); Playwright never downloads a browser here. Without a chromium binary these tests skip
with the reason, except where ``MONEYX_REQUIRE_BROWSER=1`` (set by ``.ci/run``): there a missing
browser fails the run. Screenshots of each page go to ``.ci/artifacts/browser/`` (not committed).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / ".ci" / "artifacts" / "browser"
GOLD = [json.loads(line) for line in (ROOT / "seeds" / "gold.jsonl").read_text().splitlines()]
REQUIRED = os.environ.get("MONEYX_REQUIRE_BROWSER") == "1"


def _unavailable(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"MONEYX_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


def _chromium() -> str:
    named = os.environ.get("MONEYX_CHROMIUM")
    if named:
        return named
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    _unavailable("no chromium binary (apt-get install chromium, or set MONEYX_CHROMIUM)")
    raise AssertionError("unreachable")


def seed(i: int) -> tuple[str, str]:
    rec = GOLD[i]
    return (ROOT / "seeds" / rec["file"]).read_text(encoding="utf-8"), rec["doc_date"]


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    try:
        import uvicorn

        from moneyx.web import create_app
    except ImportError as exc:
        _unavailable(f"the web extra is not installed ({exc})")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the app server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (it is in the test dependency group)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)  # type: ignore[attr-defined]
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    ctx.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def shot(pg: object, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def paste(pg: object, base_url: str, text: str, day: str) -> None:
    pg.goto(base_url + "/")  # type: ignore[attr-defined]
    pg.fill("#text", text)  # type: ignore[attr-defined]
    pg.fill("#doc_date", day)  # type: ignore[attr-defined]
    pg.click("#show")  # type: ignore[attr-defined]
    pg.wait_for_selector("#result")  # type: ignore[attr-defined]


def test_paste_seed_000_shows_300_yuan_with_its_usd(page: object, base_url: str) -> None:
    from playwright.sync_api import expect

    text, day = seed(0)
    paste(page, base_url, text, day)
    mark = page.locator("mark#doc-m0")  # type: ignore[attr-defined]
    expect(mark).to_have_text("300 yuan")
    expect(mark).to_be_visible()
    expect(page.locator("#doc-r0 td.mx-usd")).to_have_text("$47.20")  # type: ignore[attr-defined]
    expect(page.locator("#doc-r0")).to_contain_text("Federal Reserve H.10")  # type: ignore[attr-defined]
    shot(page, "paste-seed-000")


def test_paste_seed_004_shows_138_89_years(page: object, base_url: str) -> None:
    from playwright.sync_api import expect

    text, day = seed(4)
    paste(page, base_url, text, day)
    burdens = page.locator("#doc-r0 td.mx-burdens")  # type: ignore[attr-defined]
    expect(burdens).to_contain_text("138.89 years of the wage the text states #2")
    expect(page.locator("mark#doc-m0")).to_have_text("five million won")  # type: ignore[attr-defined]
    shot(page, "paste-seed-004")


def test_gloss_link_leads_to_what_it_glosses(page: object, base_url: str) -> None:
    text, day = seed(0)
    paste(page, base_url, text, day)
    page.click("mark#doc-m1 a")  # type: ignore[attr-defined]
    assert page.url.endswith("#doc-m0")  # type: ignore[attr-defined]


def test_script_in_a_text_is_shown_not_run(page: object, base_url: str) -> None:
    from playwright.sync_api import expect

    text = (
        '<script>window.__mx_pwned = 1</script> <img src=x onerror="window.__mx_pwned = 2"> '
        "Traders paid 300 yuan."
    )
    paste(page, base_url, text, "2015-09-30")
    assert page.evaluate("() => window.__mx_pwned") is None  # type: ignore[attr-defined]
    expect(page.locator("div.mx-text")).to_have_text(text)  # type: ignore[attr-defined]
    assert page.locator("div.mx-text img").count() == 0  # type: ignore[attr-defined]


def test_download_csv(page: object, base_url: str) -> None:
    text, day = seed(0)
    paste(page, base_url, text, day)
    with page.expect_download() as info:  # type: ignore[attr-defined]
        page.click("#download-csv")  # type: ignore[attr-defined]
    body = Path(info.value.path()).read_text(encoding="utf-8")
    assert body.splitlines()[1].split(",")[5] == "300 yuan"


def test_rates_page_draws_points_with_their_sources(page: object, base_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(base_url + "/rates?currency=KPW&from=2009-01-01&to=2026-09-30")  # type: ignore[attr-defined]
    points = page.locator("svg.mx-chart circle.pt")  # type: ignore[attr-defined]
    assert points.count() > 1000
    cities = page.locator("svg.mx-chart g.series").evaluate_all(  # type: ignore[attr-defined]
        "gs => gs.map(g => g.dataset.label)"
    )
    assert cities[:3] == ["Pyongyang, market", "Sinuiju, market", "Hyesan, market"]
    assert "official" in cities
    box = page.locator("svg.mx-chart").bounding_box()  # type: ignore[attr-defined]
    assert box["width"] > 600
    assert box["height"] > 200
    last = page.locator("svg.mx-chart g.series").last.locator("circle.pt").first  # type: ignore[attr-defined]
    last.hover()
    tip = page.locator("#tip")  # type: ignore[attr-defined]
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("source: ")
    assert last.get_attribute("data-source") in tip.inner_text()
    shot(page, "rates-kpw")


def test_rates_page_for_one_city(page: object, base_url: str) -> None:
    page.goto(base_url + "/rates?currency=KPW&from=2015-01-01&to=2016-12-31&place=Hyesan")  # type: ignore[attr-defined]
    places = page.locator("circle.pt").evaluate_all(
        "cs => [...new Set(cs.map(c => c.dataset.place))]"
    )  # type: ignore[attr-defined]
    assert places == ["Hyesan"]


def test_api_from_the_browser_matches_extract_amounts(page: object, base_url: str) -> None:
    import moneyx

    text, day = seed(4)
    page.goto(base_url + "/")  # type: ignore[attr-defined]
    got = page.evaluate(  # type: ignore[attr-defined]
        """async ([text, day]) => {
            const r = await fetch('/v1/extract', {method: 'POST',
                headers: {'content-type': 'application/json'},
                body: JSON.stringify({text: text, doc_date: day})});
            return [r.status, await r.json()];
        }""",
        [text, day],
    )
    assert got[0] == 200
    assert got[1]["mentions"] == [m.to_dict() for m in moneyx.extract_amounts(text, doc_date=day)]
