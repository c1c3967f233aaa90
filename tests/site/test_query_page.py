"""The query page in a real headless Chromium (issue 16, part 2): every saved query, run in the
browser by Oxigraph's WebAssembly build over the site's dump, gives the rows ``kg query`` gives
on the same build; parameters are bound exactly as kg.query.bind binds them; with
--sparql-endpoint the same page asks a real Oxigraph server; without the engine or without
JavaScript the page says what it needs, and no page but this one runs a script."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO_ROOT, in_ci, publish_site
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node
from servers import free_port, kg_serve, running
from test_browser import ARTIFACTS, browser, visit

from kg.query import QueryError, bind, read_queries
from kg.site import query_engine, server_rules
from kg.vocab import DEFAULT_BASE

__all__ = ["browser"]  # the Chromium fixture, shared with test_browser
QUERIES = read_queries(REPO_ROOT / "queries")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@pytest.fixture(scope="module")
def engine_cached() -> None:
    """The engine must be there (kg publish fetched it); CI must not pass without it."""
    try:
        query_engine.tarball()
    except query_engine.EngineUnavailable as error:
        if in_ci():
            pytest.fail(str(error), pytrace=False)
        pytest.skip(str(error))


def key(term: Node | None) -> str:
    """A term as the page's ``data-term`` writes it (N-Triples, unescaped)."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return "_:"
    assert isinstance(term, Literal)
    if term.language:
        return f'"{term}"@{term.language}'
    if term.datatype and str(term.datatype) != XSD_STRING:
        return f'"{term}"^^<{term.datatype}>'
    return f'"{term}"'


def binding_key(binding: dict[str, str] | None) -> str:
    if binding is None:
        return ""
    if binding["type"] == "uri":
        return key(URIRef(binding["value"]))
    if binding["type"] == "bnode":
        return "_:"
    if "xml:lang" in binding:
        return key(Literal(binding["value"], lang=binding["xml:lang"]))
    return key(Literal(binding["value"], datatype=URIRef(binding.get("datatype", XSD_STRING))))


def kg_query(name: str, data: Path) -> list[list[str]] | str:
    """``kg query NAME`` on ``data``, as a user runs it: its rows as term keys, or ASK's answer."""
    command = [sys.executable, "-m", "kg", "query", name, "--format", "json", "--data", str(data)]
    env = {k: v for k, v in os.environ.items() if k != "KG_BASE_IRI"}
    done = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=True)
    if QUERIES[name].form in ("CONSTRUCT", "DESCRIBE"):
        graph = Graph().parse(data=done.stdout, format="turtle")
        return sorted([key(s), key(p), key(o)] for s, p, o in graph)
    answer = json.loads(done.stdout)
    if "boolean" in answer:
        return str(answer["boolean"]).lower()
    names = answer["head"]["vars"]
    return [[binding_key(row.get(v)) for v in names] for row in answer["results"]["bindings"]]


def open_page(driver: object, url: str) -> None:
    said = visit(driver, url + server_rules.QUERY_PAGE)
    assert said == []
    for _ in range(600):
        ready = driver.execute_script("return document.body.dataset.ready")  # type: ignore[attr-defined]
        if ready:
            assert ready == "true", driver.find_element("id", "status").text  # type: ignore[attr-defined]
            return
        time.sleep(0.1)
    raise AssertionError("the query page did not get ready in 60 s")


def run_in_page(driver: object, target: str, fields: dict[str, str] | None = None) -> list[list[str]] | str:
    """Fill ``fields``, press the form's Run button; its rows as term keys, or ASK's answer."""
    script = """
        const [target, fields] = arguments;
        const form = document.querySelector(`form[data-results="${target}"]`);
        for (const [name, value] of Object.entries(fields)) form.elements[name].value = value;
        document.getElementById(target).dataset.state = "";
        form.querySelector("button").click();
    """
    driver.execute_script(script, target, fields or {})  # type: ignore[attr-defined]
    for _ in range(600):
        state = driver.execute_script(f"return document.getElementById('{target}').dataset.state")  # type: ignore[attr-defined]
        if state in ("done", "error"):
            break
        time.sleep(0.1)
    results = driver.find_element("id", target)  # type: ignore[attr-defined]
    if state == "error":
        return "error: " + results.text
    assert state == "done", f"{target}: no answer in 60 s"
    found = driver.execute_script(  # type: ignore[attr-defined]
        """const r = document.getElementById(arguments[0]);
           const b = r.querySelector('.boolean');
           return b ? b.dataset.term
                    : [...r.querySelectorAll('tbody tr')].map(tr => [...tr.cells].map(td => td.dataset.term));""",
        target,
    )
    return found if isinstance(found, str) else [list(row) for row in found]


def bound_in_page(driver: object, target: str) -> str:
    return str(driver.execute_script(f"return document.querySelector('#{target} pre.bound').textContent"))  # type: ignore[attr-defined]


def test_every_saved_query_gives_in_the_page_the_rows_kg_query_gives(
    browser: object, site: Path, built: Path, engine_cached: None
) -> None:
    assert len(QUERIES) >= 18
    differ = []
    with kg_serve(site) as url:
        open_page(browser, url)
        for name, query in sorted(QUERIES.items()):
            expected = kg_query(name, built / "kg.nq")
            shown = run_in_page(browser, f"r-{name}")
            if query.form == "SELECT" and isinstance(shown, list) and isinstance(expected, list):
                shown, expected = sorted(shown), sorted(expected)  # ties in ORDER BY may fall either way
            if shown != expected or not expected:
                differ.append(f"{name}: page {str(shown)[:300]}\n    kg query {str(expected)[:300]}")
        ARTIFACTS.mkdir(exist_ok=True)
        assert browser.save_screenshot(str(ARTIFACTS / "query.png"))  # type: ignore[attr-defined]
    assert differ == []


def test_the_page_binds_parameters_as_kg_query_does_and_refuses_what_it_refuses(
    browser: object, site: Path, engine_cached: None
) -> None:
    hostile = 'en" } DROP ALL # \\u0022 \\'  # a text field holds no line break
    query = QUERIES["representatives"]
    with kg_serve(site) as url:
        open_page(browser, url)
        assert isinstance(run_in_page(browser, "r-representatives", {"lang": hostile, "state": "usa"}), list)
        assert bound_in_page(browser, "r-representatives") == bind(
            query, {"lang": hostile, "state": "usa"}, base=DEFAULT_BASE
        )
        shown = run_in_page(browser, "r-representatives", {"state": "x> } <y"})
        with pytest.raises(QueryError) as refused:
            bind(query, {"state": "x> } <y"}, base=DEFAULT_BASE)
        assert shown == f"error: {refused.value}"
        # an empty field is the default, as if the option were not given
        run_in_page(browser, "r-claims-by-actor", {"actor": ""})
        assert bound_in_page(browser, "r-claims-by-actor") == bind(QUERIES["claims-by-actor"], {}, base=DEFAULT_BASE)


def test_the_editor_runs_any_sparql_and_reports_a_syntax_error(
    browser: object, site: Path, built: Path, engine_cached: None
) -> None:
    with kg_serve(site) as url:
        open_page(browser, url)
        rows = run_in_page(browser, "r-editor", {"sparql": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
        quads = sum(1 for line in (built / "kg.nq").read_text(encoding="utf-8").splitlines() if line.strip())
        assert rows == [[f'"{quads}"^^<http://www.w3.org/2001/XMLSchema#integer>']]
        said = run_in_page(browser, "r-editor", {"sparql": "SELECT ?s WHERE { ?s"})
        assert isinstance(said, str) and said.startswith("error: ")
        status = browser.find_element("id", "status")  # type: ignore[attr-defined]
        assert int(status.get_attribute("data-quads")) == quads


@pytest.fixture(scope="module")
def endpoint(built: Path) -> Iterator[str]:
    """A real Oxigraph server holding the build, which answers pages of other origins (--cors)."""
    beside = Path(sys.executable).parent / "oxigraph"
    port = free_port()
    command = [str(beside), "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph", "--cors"]
    base = f"http://127.0.0.1:{port}"
    with running(command, ready=f"{base}/query?query=ASK%7B%7D"):
        load = subprocess.run(
            [sys.executable, "-m", "kg", "load", "--endpoint", f"{base}/store", "--data", str(built / "kg.nq")],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert load.returncode == 0, load.stderr
        yield f"{base}/query"


def test_with_an_endpoint_the_same_page_asks_the_store_and_may_fetch_only_from_it(
    browser: object, built: Path, endpoint: str, tmp_path: Path, engine_cached: None
) -> None:
    site = publish_site(REPO_ROOT / "seeds", tmp_path / "site", "--sparql-endpoint", endpoint)
    policy = server_rules.query_page_policy(endpoint)
    assert f"connect-src 'self' {server_rules.origin(endpoint)};" in policy
    meta = f'<meta http-equiv="Content-Security-Policy" content="{server_rules.meta_policy(policy)}">'
    assert meta in html.unescape((site / server_rules.QUERY_PAGE).read_text(encoding="utf-8"))
    assert policy in (site / "nginx.conf").read_text(encoding="utf-8")
    assert policy in (site / ".htaccess").read_text(encoding="utf-8")
    with kg_serve(site) as url:
        open_page(browser, url)
        browser.find_element("css selector", 'input[name="where"][value="endpoint"]').click()  # type: ignore[attr-defined]
        for name in ("meetings", "sanity-check", "article-subgraph"):
            shown, expected = run_in_page(browser, f"r-{name}"), kg_query(name, built / "kg.nq")
            assert (sorted(shown) if isinstance(shown, list) else shown) == (
                sorted(expected) if isinstance(expected, list) else expected
            ), name


def test_without_the_engine_the_page_says_how_to_get_it_and_runs_nothing(tmp_path: Path) -> None:
    env = os.environ | {"KG_CACHE": str(tmp_path / "cache"), "PATH": str(Path(sys.executable).parent)}
    command = [sys.executable, "-m", "kg", "publish", "--out", str(tmp_path / "site"), "--no-cache"]
    done = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    warning = [line for line in done.stderr.splitlines() if line.startswith("kg publish:")]
    assert len(warning) == 1 and "npm" in warning[0] and "oxigraph-0.5.11.tgz" in warning[0], done.stderr
    page = (tmp_path / "site" / server_rules.QUERY_PAGE).read_text(encoding="utf-8")
    assert "<script" not in page and "scripts/fetch-oxigraph-wasm" in page
    assert not (tmp_path / "site" / "query").exists()


def test_without_javascript_the_page_says_what_it_needs(site: Path, engine_cached: None) -> None:
    page = (site / server_rules.QUERY_PAGE).read_text(encoding="utf-8")
    assert '<p id="needs" class="needs">' in page and "JavaScript" in page
    assert page.count("<button type=\"submit\" disabled>") == len(QUERIES) + 1  # nothing to press before the script
    for name in QUERIES:
        assert f'id="q-{name}"' in page
    scripts = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "<script" in p.read_text("utf-8"))
    assert scripts == [server_rules.QUERY_PAGE]


def test_a_tampered_tarball_is_refused(tmp_path: Path) -> None:
    (tmp_path / query_engine.TARBALL).write_bytes(b"not the package")
    with pytest.raises(query_engine.EngineUnavailable, match="checksum mismatch"):
        query_engine.engine_files(tmp_path)


def test_a_cache_that_cannot_be_written_is_one_reason_not_a_failed_publish(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(query_engine.EngineUnavailable, match="a-file/oxigraph"):
        query_engine.engine_files(blocker / "oxigraph")
