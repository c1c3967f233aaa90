"""kg serve over real HTTP: content negotiation answers, security headers, and a crawl of the
whole site from its index that finds no broken link."""

from __future__ import annotations

import http.client
import json
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pyoxigraph
import pytest
from conftest import in_ci
from rdflib import Graph, URIRef
from servers import kg_serve
from support import assert_same_graph

from kg.site import server_rules
from kg.site.server_rules import CONTENT_SECURITY_POLICY
from kg.vocab import DEFAULT_BASE

RESOURCES = (
    "actor/zelensky",
    "article/bgnes-2026-02-12-us-ukraine-security-talks/claim/zelensky-talks-began",
    "article/bgnes-2026-02-12-us-ukraine-security-talks",
    "place/paris",
    "dataset",
)
ACCEPTS = {  # Accept header → the document it must be answered with
    "text/html": ("html", "text/html; charset=utf-8"),
    "text/turtle": ("ttl", "text/turtle; charset=utf-8"),
    "application/ld+json": ("jsonld", "application/ld+json"),
    "application/n-triples": ("nt", "application/n-triples"),
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8": ("html", "text/html; charset=utf-8"),
    "text/turtle;q=0.5, application/ld+json;q=0.9": ("jsonld", "application/ld+json"),
    "application/rdf+xml;q=1.0, text/turtle;q=0.2": ("ttl", "text/turtle; charset=utf-8"),
    "*/*": ("html", "text/html; charset=utf-8"),
}

# The production rules match Accept by substring in a fixed order (no q-values): these they must get right.
WEB_SERVER_CASES = [
    ("text/html,application/xhtml+xml,*/*;q=0.8", "html", "text/html"),
    ("text/turtle", "ttl", "text/turtle"),
    ("application/ld+json", "jsonld", "application/ld+json"),
    ("application/n-triples", "nt", "application/n-triples"),
    ("*/*", "html", "text/html"),
]


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    with kg_serve(site) as url:
        yield url


def request(url: str, method: str = "GET", accept: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """One request, redirects not followed."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request(method, parts.path or "/", headers={"Accept": accept} if accept else {})
    answer = connection.getresponse()
    body = answer.read()
    connection.close()
    return answer.status, {k.lower(): v for k, v in answer.getheaders()}, body


def assert_negotiates(root: str, site: Path, path: str, accept: str, suffix: str, media_type: str) -> None:
    """``root + path`` answers 303 to ``path.suffix``, which is ``media_type`` and, for RDF,
    exactly the resource's triples, incoming and outgoing; for kg serve and for the nginx and Apache rules alike."""
    source = site / "void.ttl" if path == "dataset" else site / "dump" / "kg.nt"  # the description is no data
    expected = Graph()
    graph, iri = Graph().parse(source) + Graph().parse(site / "void.ttl"), URIRef(DEFAULT_BASE + path)
    for triple in [*graph.triples((iri, None, None)), *graph.triples((None, None, iri))]:
        expected.add(triple)  # the resource's symmetric description
    assert len(expected) > 3
    status, headers, body = request(root + path, accept=accept)
    assert status == 303, (path, accept, status)
    assert headers["location"].endswith(f"/{path}.{suffix}") and headers["vary"] == "Accept", headers
    status, headers, body = request(root + f"{path}.{suffix}")
    assert status == 200 and headers["content-type"].split(";")[0] == media_type.split(";")[0], (path, accept)
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    if suffix == "html":
        assert b"<title>" in body
        return
    rdf_format = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt"}[suffix]
    assert_same_graph(Graph().parse(data=body, format=rdf_format, publicID=root), expected)
    if suffix == "nt":
        assert len(list(pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES))) == len(expected)


@pytest.mark.parametrize("path", RESOURCES)
def test_a_resource_iri_answers_303_to_the_format_asked_for(served: str, site: Path, path: str) -> None:
    for accept, (suffix, media_type) in ACCEPTS.items():
        assert_negotiates(served, site, path, accept, suffix, media_type)
        status, headers, body = request(served + path, accept=accept)
        assert headers["location"] == f"/{path}.{suffix}" and body == b""  # kg serve: the path alone, no body
        _, headers, _ = request(served + f"{path}.{suffix}")
        assert headers["content-type"] == media_type  # charset included where the type has one


def test_an_unacceptable_type_gets_406_and_head_gets_no_body(served: str) -> None:
    status, headers, body = request(served + RESOURCES[0], accept="image/png")
    assert status == 406 and headers["vary"] == "Accept" and b"text/turtle" in body
    status, headers, body = request(served + RESOURCES[0], method="HEAD", accept="text/turtle")
    assert status == 303 and headers["location"].endswith(".ttl") and body == b""
    status, _, _ = request(served + "actor/no-such-actor", accept="text/turtle")
    assert status == 404


def assert_serves_the_index_and_plain_files(root: str, plain: str, media_type: str) -> None:
    """The index as HTML, a plain file of the site with its type, and 404 for a resource that is not."""
    status, headers, body = request(root)
    assert status == 200 and b"<h1>" in body and headers["content-type"].startswith("text/html")
    status, headers, _ = request(root + plain)
    assert status == 200 and headers["content-type"].startswith(media_type), plain
    status, _, _ = request(root + "actor/no-such-actor", accept="text/turtle")
    assert status == 404


def assert_only_the_query_page_may_run_a_script(root: str) -> None:
    """The query page's policy adds the site's own script and WebAssembly; every other answer
    keeps the page policy; the engine's files come with their types."""
    _, headers, _ = request(root + server_rules.QUERY_PAGE)
    assert headers["content-security-policy"] == server_rules.query_page_policy(), root
    if request(root + "query/query.js")[0] == 404 and not in_ci():
        pytest.skip("the site was published without the query engine (no npm here): run scripts/fetch-oxigraph-wasm")
    for path in ("index.html", "query/query.js"):
        _, headers, _ = request(root + path)
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
    for path, media_type in (("query/oxigraph/web_bg.wasm", "application/wasm"), ("query/query.js", "text/javascript")):
        status, headers, _ = request(root + path)
        assert status == 200 and headers["content-type"].split(";")[0] == media_type, path


def test_only_the_query_page_may_run_a_script(served: str) -> None:
    assert_only_the_query_page_may_run_a_script(served)


def test_every_answer_carries_the_security_headers(served: str) -> None:
    for path in ("", "index.html", "style.css", "actor/zelensky.ttl", "actor/zelensky", "no-such-page"):
        _, headers, _ = request(served + path)
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        assert headers["x-content-type-options"] == "nosniff"


def test_the_ontology_iri_negotiates_too(served: str) -> None:
    status, headers, _ = request(served + "ontology", accept="text/turtle")
    assert status == 303 and headers["location"] == "/ontology.ttl"
    _, _, body = request(served + "ontology.jsonld")
    types = [node.get("@type") for node in json.loads(body)["@graph"]]
    assert types.count("owl:Class") > 10


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append(value)


def test_a_crawl_from_the_index_finds_no_broken_link(served: str, site: Path) -> None:
    seen: set[str] = set()
    queue = [served]
    broken = []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urllib.request.urlopen(url, timeout=30) as answer:  # follows the 303s
                body = answer.read()
                media = answer.headers.get_content_type()
        except OSError as error:
            broken.append(f"{url}: {error}")
            continue
        if media != "text/html":
            continue
        parser = Links()
        parser.feed(body.decode("utf-8"))
        for link in parser.found:
            target = urljoin(url, link).split("#")[0]
            if target.startswith(served):
                queue.append(target)
    assert broken == []
    pages = {served + p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert pages - seen == set()  # every page is reachable from the index
