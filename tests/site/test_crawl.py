"""A crawler that reads only the site's RDF reaches every resource: each resource's ``.ttl``
holds the triples it is the object of as well as those it is the subject of."""

from __future__ import annotations

from collections import deque
from pathlib import Path

import pyoxigraph
import pytest

from kg.vocab import DEFAULT_BASE, KG


def described(site: Path) -> set[str]:
    """Every resource that has a page, by its path under the base (``actor/zelensky``)."""
    pages = {p.relative_to(site).with_suffix("").as_posix() for p in site.rglob("*.html")}
    return {p for p in pages if (site / f"{p}.ttl").is_file()}


def crawl(site: Path, start: str) -> set[str]:
    """The resources reached from ``start`` by following, in Turtle alone, every IRI under the
    base to its ``.ttl`` file, as a linked-data crawler does (the ontology's terms aside)."""
    seen, queue = {start}, deque([start])
    while queue:
        path = queue.popleft()
        for quad in pyoxigraph.parse(path=str(site / f"{path}.ttl"), format=pyoxigraph.RdfFormat.TURTLE):
            for term in (quad.subject, quad.predicate, quad.object):
                if not isinstance(term, pyoxigraph.NamedNode) or not term.value.startswith(DEFAULT_BASE):
                    continue
                if term.value.startswith(str(KG)):
                    continue
                found = term.value.removeprefix(DEFAULT_BASE)
                if found not in seen and (site / f"{found}.ttl").is_file():
                    seen.add(found)
                    queue.append(found)
    return seen


@pytest.mark.parametrize("start", ["actor/zelensky", "dataset"])
def test_a_crawl_over_the_rdf_alone_reaches_every_resource(site: Path, start: str) -> None:
    everything = described(site)
    assert len(everything) > 1000 and start in everything
    assert crawl(site, start) == everything


def test_an_actors_description_links_to_the_claims_attributed_to_it(site: Path) -> None:
    zelensky = pyoxigraph.NamedNode(f"{DEFAULT_BASE}actor/zelensky")
    quads = list(pyoxigraph.parse(path=str(site / "actor" / "zelensky.ttl"), format=pyoxigraph.RdfFormat.TURTLE))
    attributed = pyoxigraph.NamedNode("http://www.w3.org/ns/prov#wasAttributedTo")
    claims = {q.subject.value for q in quads if q.predicate == attributed and q.object == zelensky}
    assert any("/claim/" in c and "/relay/" not in c for c in claims)
    assert all(zelensky in (q.subject, q.object) for q in quads)
