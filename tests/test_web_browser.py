"""The pages in a real headless browser (Debian's chromium through Playwright), as a reader uses them."""

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from .test_web_api import HOSTILE_TITLE, build_store

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
# Screenshots go here when set (for looking at the pages); tests never need them.
SHOTS = os.environ.get("NEWSLOOM_SCREENSHOTS")

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists() or shutil.which("chromium") is None,
                                reason="browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium; .ci/run does)")


@pytest.fixture(scope="module")
def site(seeds_dir, tmp_path_factory):
    import uvicorn

    from newsloom.web.app import create_app

    db = build_store(seeds_dir, tmp_path_factory.mktemp("browser"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = ctx.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    yield pg
    ctx.close()


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_home_follow_links_to_every_kind_of_page(site, page):
    page.goto(site + "/")
    shot(page, "home")
    assert "articles" in page.locator(".status").inner_text()
    page.locator("section ol.list li.event a.title").first.click()
    assert "/events/" in page.url
    shot(page, "event")
    assert page.locator("section.lang-group").count() >= 1
    page.locator(".crumb a").first.click()
    assert "/stories/" in page.url and page.locator("ol.timeline li").count() >= 1
    shot(page, "story")
    page.locator("ol.timeline a").first.click()
    page.locator("section.lang-group a").first.click()
    assert "/articles/" in page.url
    shot(page, "article")
    assert page.locator("article a.ent").count() > 0
    page.locator("article a.ent").first.click()
    assert "/entities/" in page.url
    assert page.locator("table.names tbody tr").count() >= 1
    shot(page, "entity")
    assert not page.errors


def test_search_in_persian_finds_the_kazakh_articles(site, page):
    page.goto(site + "/")
    page.fill("input[name=q]", "تاکایف")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/search?**")
    shot(page, "search-fa")
    langs = page.locator("ol.list li.article .lang").all_inner_texts()
    assert langs.count("kk") >= 3 and "fa" in langs and "ar" in langs
    assert page.locator("ul.entities li").first.inner_text().startswith("Қасым-Жомарт Тоқаев")
    # A facet narrows to Kazakh only.
    page.locator(".facets a", has_text="kk").first.click()
    assert set(page.locator("ol.list li.article .lang").all_inner_texts()) == {"kk"}
    assert not page.errors


def test_rtl_article_reads_right_to_left(site, page):
    page.goto(site + "/search?q=تاکایف&lang=fa")
    page.locator("ol.list li.article a.title").first.click()
    assert page.locator("article").get_attribute("dir") == "rtl"
    assert page.locator("article .text").evaluate("e => getComputedStyle(e).direction") == "rtl"
    shot(page, "article-fa")
    page.goto(site + "/search?q=تاکایف&lang=ar")
    page.locator("ol.list li.article a.title").first.click()
    assert page.locator("article").get_attribute("dir") == "rtl"
    assert page.locator("mark.date").count() + page.locator("a.ent").count() > 0
    shot(page, "article-ar")


def test_hostile_title_is_shown_as_text(site, page):
    page.goto(site + "/articles/hostile-1")
    shot(page, "hostile")
    assert page.locator("#title").inner_text() == HOSTILE_TITLE
    assert page.title() != "pwned" and page.locator("article img, article script, article iframe").count() == 0
    page.goto(site + "/search?q=Kazakhstan")
    assert page.title() != "pwned"
    assert page.locator("ol.list a.title", has_text="<script>").count() == 1


def test_bad_address_is_a_readable_page(site, page):
    r = page.goto(site + "/events/ev-does-not-exist")
    assert r.status == 404 and "no event" in page.locator(".error").inner_text()
    r = page.goto(site + "/search?q=x&from=not-a-date")
    assert r.status == 400 and "YYYY-MM-DD" in page.locator(".error").inner_text()
