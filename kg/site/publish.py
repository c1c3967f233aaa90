"""Publish the checked graph as a static linked-data site: every file of it, and the output
folder swapped in whole.

Beside each resource's page lie its own triples as ``.ttl``, ``.jsonld`` and ``.nt``; the site
also carries the dumps, the ontology, the VoID/DCAT description, the sitemap and the web
servers' content-negotiation rules (:mod:`kg.site.server_rules`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from rdflib import URIRef

from kg.build import CheckedGraph
from kg.errors import SetupError
from kg.files import check_replaceable, publish_folder
from kg.query import SavedQuery
from kg.serialize import files_of, jsonld_bytes, ntriples, turtle
from kg.site import server_rules
from kg.site.dataset_description import DatasetInfo, sitemap
from kg.site.graph_view import Site, graph_of
from kg.site.pages import BROWSE, Pages
from kg.site.picture_pages import network_pages, timeline_page
from kg.site.query_page import query_files

STATIC_FILES = ("style.css", "favicon.svg")
# what an unmarked site of an older kg may hold at its top: such a folder may still be replaced
SITE_NAMES = frozenset(
    {
        ".htaccess", ".well-known", "actor", "article", "browse", "dataset", "dataset.html", "dataset.jsonld",
        "dataset.nt", "dataset.ttl", "dump", "favicon.svg", "index.html", "network.html", "nginx.conf", "ontology.html",
        "ontology.jsonld", "ontology.nt", "ontology.ttl", "place", "sitemap.xml", "style.css", "timeline.html", "topic",
        "topics.html", "topics.jsonld", "topics.nt", "topics.ttl", "void.ttl", "query", "query.html", "network",
    }
)


def publish(
    result: CheckedGraph,
    out: Path,
    *,
    base: str,
    lang: str,
    info: DatasetInfo,
    queries: Iterable[SavedQuery] = (),
    engine: dict[str, bytes] | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the whole site to ``out`` (replacing it only when complete); return the page count.

    ``queries`` are the query page's saved queries; ``engine`` the files of Oxigraph's browser
    build (:func:`kg.site.query_engine.engine_files`), without which that page says how to get it;
    ``progress`` is told of each resource page written.
    """
    check_replaceable(out, "site", legacy=SITE_NAMES)  # before the work, not after it
    if info.sparql_endpoint is not None:
        try:
            server_rules.origin(info.sparql_endpoint)
        except ValueError as error:
            raise SetupError(f"--sparql-endpoint: {error} (expected http:// or https://host/path)") from None
    dumps = files_of(result.dataset, base=base)
    site = Site(result, base=base, lang=lang, info=info, dumps=dumps, queries=queries, engine=engine)
    files = _files(Pages(site), progress)
    _replace_folder(files, out)
    return sum(1 for name in files if name.endswith(".html"))


def _files(pages: Pages, progress: Callable[[int], None] | None = None) -> dict[str, bytes]:
    """The static files, the dumps, each resource's page and RDF, the ontology, the browse lists,
    the pictures, the index, the query page, VoID, the sitemap and the servers' rules."""
    site = pages.site
    files: dict[str, bytes] = {}
    for name in STATIC_FILES:
        files[name] = pages.source(name)
    for name, data in site.dumps.items():
        files[f"dump/{name}"] = data
    for iri, page in site.pages.items():
        files[page] = pages.resource_page(iri, page)
        files.update(_resource_rdf(site, iri, page.removesuffix(".html")))
        if progress:
            progress(1)
    files["ontology.html"] = pages.ontology_page()
    files["ontology.ttl"] = turtle(site.ontology, site.base)
    files["ontology.nt"] = ntriples(site.ontology)
    files["ontology.jsonld"] = jsonld_bytes(site.ontology, site.base)
    for slug, title, _ in BROWSE:
        files[f"browse/{slug}.html"] = pages.browse_page(slug, title)
    files["timeline.html"] = timeline_page(pages)
    files.update(network_pages(pages))
    files["index.html"] = pages.index_page()
    files.update(query_files(pages))
    files["void.ttl"] = turtle(graph_of(site.description, site.graph), site.base)
    files[".well-known/void"] = files["void.ttl"]
    files["sitemap.xml"] = sitemap(site.info.site_url or site.base, sorted(_pages_of(files)))
    files.update(server_rules.configs(site.base, site.info.sparql_endpoint))
    return files


def _resource_rdf(site: Site, iri: URIRef, stem: str) -> dict[str, bytes]:
    """The resource's symmetric description: every triple it is the subject or the object of.

    The incoming triples are the page's "Referred to by" links, so a crawler that reads
    only RDF gets from an actor to the claims attributed to it, as a reader of the page does.
    """
    triples = itertools.chain(site.graph.triples((iri, None, None)), site.graph.triples((None, None, iri)))
    graph = graph_of(triples, site.graph)
    return {
        f"{stem}.ttl": turtle(graph, site.base),
        f"{stem}.jsonld": jsonld_bytes(graph, site.base),
        f"{stem}.nt": ntriples(graph),
    }


def _pages_of(files: dict[str, bytes]) -> Iterator[str]:
    return (name for name in files if name.endswith(".html"))


def _replace_folder(files: dict[str, bytes], out: Path) -> None:
    """Swap the whole site in at once: readers never see half a site, and no folder that is
    not a site kg wrote is ever replaced."""

    def write(staging: Path) -> None:
        for name, data in sorted(files.items()):
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    publish_folder(out, "site", write, legacy=SITE_NAMES)


__all__ = ["publish"]
