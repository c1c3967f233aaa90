"""The served site in a real headless Chromium: every page renders with its title and without a
console error, markup from the data stays text, and screenshots go to test-artifacts/."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import HOSTILE, REPO_ROOT, in_ci
from servers import kg_serve

ARTIFACTS = REPO_ROOT / "test-artifacts"
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
# As the machine's notes say: without these, Chromium keeps calling home and fills the log.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1200,1400",
)


def _selenium() -> Any:
    """selenium.webdriver; without it a skip here, a failure under CI (the test extras bring it)."""
    try:
        import selenium.webdriver
    except ImportError as error:
        message = f"selenium is not installed ({error}): make .venv/.installed-test"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return selenium.webdriver


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium driven through its chromedriver (``.ci/run`` installs both)."""
    webdriver = _selenium()
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        message = "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def visit(driver: object, url: str) -> list[str]:
    """Open ``url``; return the console's warnings and errors."""
    driver.get(url)  # type: ignore[attr-defined]
    return [f"{e['level']}: {e['message']}" for e in driver.get_log("browser") if e["level"] != "INFO"]  # type: ignore[attr-defined]


def test_every_page_renders_with_its_title_and_no_console_error(browser: object, site: Path) -> None:
    from selenium.webdriver.common.by import By

    every = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    # Every page of a thing a reader looks for (claims, events, actors…), and one in ten of the
    # parts they are made of (relay steps, selectors…), which share the same template; the HTTP
    # crawl in test_serve.py opens every page.
    pages = [page for i, page in enumerate(every) if page.count("/") <= 3 or i % 10 == 0]
    assert len(pages) > 200
    problems = []
    with kg_serve(site) as url:
        for page in pages:
            said = visit(browser, url + page)
            title = browser.title  # type: ignore[attr-defined]
            heading = browser.find_element(By.TAG_NAME, "h1").text  # type: ignore[attr-defined]
            if said or not title.endswith(" — kg") or not heading.strip():
                problems.append(f"{page}: title {title!r}, h1 {heading!r}, console {said}")
        ARTIFACTS.mkdir(exist_ok=True)
        claim = "article/bgnes-2026-02-12-us-ukraine-security-talks/claim/zelensky-talks-began.html"
        pictures = (
            ("timeline", "timeline.html"),
            ("network", "network.html"),
            ("network-actor", "network/actor/zelensky.html"),
        )
        for name, page in (("index", "index.html"), ("claim", claim), *pictures):
            visit(browser, url + page)
            assert browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))  # type: ignore[attr-defined]
    assert problems == []
    shots = ("index", "claim", "timeline", "network", "network-actor")
    assert all((ARTIFACTS / f"{name}.png").stat().st_size > 10_000 for name in shots)


def test_markup_from_the_data_is_shown_as_text_not_run(browser: object, hostile_site: Path) -> None:
    from selenium.webdriver.common.by import By

    with kg_serve(hostile_site) as url:
        said = visit(browser, url + "article/mini-2026-03-01/claim/testenko-agreed-plan.html")
        assert said == []
        assert browser.find_elements(By.TAG_NAME, "script") == []  # type: ignore[attr-defined]
        assert browser.find_elements(By.TAG_NAME, "b") == []  # type: ignore[attr-defined]
        assert HOSTILE in browser.find_element(By.TAG_NAME, "h1").text  # type: ignore[attr-defined]
        assert HOSTILE in browser.find_element(By.CSS_SELECTOR, "blockquote.quote").text  # type: ignore[attr-defined]
        ARTIFACTS.mkdir(exist_ok=True)
        assert browser.save_screenshot(str(ARTIFACTS / "escaped-claim.png"))  # type: ignore[attr-defined]
