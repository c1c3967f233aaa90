"""The graph as the site sees it: which resources get a page and at what path, the label of any
node in the site's language, and the relative link from any page to any node.

Every resource whose IRI lies under the base gets a page at the same path (``actor/zelensky``
→ ``actor/zelensky.html``); the ontology's terms share ``ontology.html``. Links between pages
are relative, so the site works from any folder, behind ``kg serve``, or under the base IRI on a
real web server.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg import anchor
from kg.build import CheckedGraph
from kg.query import SavedQuery
from kg.site.dataset_description import DatasetInfo, describe
from kg.vocab import DCTERMS, KG, ONTOLOGY_IRI, PREFIXES, RDF, RDFS, SCHEMA, SKOS, new_graph

LANGUAGES = ("en", "uk", "bg")
LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label, DCTERMS.title, SCHEMA.name)
# the site's own files and folders at its top: no resource page may take their place
RESERVED = {
    "index",
    "query",
    "browse",
    "dump",
    "ontology",
    "timeline",
    "network",
    "void",
    "sitemap",
    "style",
    "favicon",
    ".well-known",
}


class Label(NamedTuple):
    """A text to show and its language tag (None when untagged)."""

    text: str
    lang: str | None


@dataclass(frozen=True)
class Value:
    """One object of a triple as a page shows it: a link, an outside IRI or a literal."""

    label: Label
    href: str | None = None
    iri: str | None = None
    datatype: str | None = None


class Site:
    """The graph seen as pages: labels in one language, and the relative link to any node."""

    def __init__(
        self,
        result: CheckedGraph,
        *,
        base: str,
        lang: str,
        info: DatasetInfo,
        dumps: dict[str, bytes],
        queries: Iterable[SavedQuery] = (),
        engine: dict[str, bytes] | None = None,
    ) -> None:
        self.base, self.lang, self.info, self.dumps = base, lang, info, dumps
        self.queries, self.engine = sorted(queries, key=lambda q: q.name), engine
        self.graph = new_graph((s, p, o) for s, p, o, _ in result.dataset.quads())
        self.data_triples = len(self.graph)
        self.description = describe(self.graph, base=base, info=info, articles=self.articles())
        for triple in self.description:
            self.graph.add(triple)
        self.described = set(self.description.subjects())
        self.ontology = ontology_graph(result.dataset, base)
        self.texts = {a.source_file: anchor.normalise(a.text) for a in result.corpus.articles}
        self.pages = {s: self._page_path(s) for s in sorted(self._resources())}
        self.iri_of = {page: iri for iri, page in self.pages.items()}

    # -- what gets a page, and where ------------------------------------------------------------

    def _resources(self) -> Iterator[URIRef]:
        for subject in set(self.graph.subjects()):
            if isinstance(subject, URIRef) and str(subject).startswith(self.base) and not in_ontology(subject):
                yield subject

    def _page_path(self, iri: URIRef) -> str:
        path = str(iri)[len(self.base) :]
        if not path or path.split("/")[0] in RESERVED:
            raise ValueError(f"the IRI {iri} would overwrite the site's own file '{path}'")
        return f"{path}.html"

    def href(self, node: Node, here: str) -> str | None:
        """The relative link from page ``here`` to ``node``'s page, or None if it has none."""
        if in_ontology(node):
            term = str(node).partition("#")[2]
            target = "ontology.html" + (f"#{term}" if term else "")
        elif node in self.pages:
            target = self.pages[URIRef(str(node))]
        else:
            return None
        return relative(target, here)

    # -- labels and values ----------------------------------------------------------------------

    def label(self, node: Node) -> Label:
        """The node's label in the site's language, else English, Ukrainian, Bulgarian, any."""
        if isinstance(node, Literal):
            return Label(str(node), node.language)
        found: dict[str | None, str] = {}
        for prop in LABEL_PROPERTIES:
            for value in ordered(self.graph.objects(node, prop)):
                if isinstance(value, Literal):
                    found.setdefault(value.language, str(value))
            if found:
                break
        for language in (self.lang, *LANGUAGES, None):
            if language in found:
                return Label(found[language], language)
        if found:
            language = sorted(found, key=str)[0]
            return Label(found[language], language)
        return Label(self.short(node), None)

    def short(self, node: Node) -> str:
        """A compact name for an IRI: a CURIE for known vocabularies, the path under the base."""
        text = str(node)
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(str(item[1]))):
            if text.startswith(str(namespace)) and len(text) > len(str(namespace)):
                return f"{prefix}:{text[len(str(namespace)) :]}"
        return text.removeprefix(self.base) or text

    def value(self, node: Node, here: str) -> Value:
        if isinstance(node, Literal):
            datatype = self.short(node.datatype) if node.datatype else None
            return Value(Label(str(node), node.language), datatype=datatype)
        href = self.href(node, here)
        linkable = str(node).startswith(("http://", "https://"))  # never a javascript: or data: link
        return Value(self.label(node), href=href, iri=None if href or not linkable else str(node))

    def values(self, subject: Node, prop: URIRef, here: str) -> list[Value]:
        return [self.value(o, here) for o in ordered(self.graph.objects(subject, prop))]

    def one(self, subject: Node, prop: URIRef) -> Node | None:
        return next(iter(ordered(self.graph.objects(subject, prop))), None)

    def language_of(self, article: Node) -> str | None:
        found = self.one(article, SCHEMA.inLanguage)
        return str(found) if found is not None else None

    def text_of(self, article: URIRef) -> str | None:
        """The article's text as its quotes were located in (normalised), if the corpus has it."""
        source = self.one(article, KG.sourceFile)
        return self.texts.get(str(source)) if source is not None else None

    def articles(self) -> list[URIRef]:
        return sorted(s for s in self.graph.subjects(RDF.type, KG.Article) if isinstance(s, URIRef))


def relative(target: str, here: str) -> str:
    """The link from page ``here`` to ``target`` (both relative to the site root).

    >>> relative("actor/zelensky.html", "article/a/claim/c.html")
    '../../../actor/zelensky.html'
    >>> relative("", "index.html")
    ''
    """
    folder = posixpath.dirname(here)
    if not target:
        return posixpath.relpath(".", folder or ".") + "/" if folder else ""
    return posixpath.relpath(target, folder or ".")


def natural(text: str) -> tuple[tuple[int, str], ...]:
    """A sort key that puts "Person 2" before "Person 10".

    >>> sorted(["Person 10", "person 2", "Person 1"], key=natural)
    ['Person 1', 'person 2', 'Person 10']
    """
    return tuple((int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"([0-9]+)", text.casefold()))


def ordered(nodes: Iterable[Node]) -> list[Node]:
    """Nodes in a fixed order (rdflib's own ordering is not typed as one)."""
    return sorted(nodes, key=lambda node: (type(node).__name__, str(node)))


def in_ontology(node: Node) -> bool:
    return isinstance(node, URIRef) and (str(node).startswith(str(KG)) or str(node) == ONTOLOGY_IRI)


def ontology_graph(dataset: Dataset, base: str) -> Graph:
    return new_graph(dataset.graph(URIRef(f"{base}graph/ontology")))


def graph_of(triples: Iterable[tuple[Node, Node, Node]], prefixes_from: Graph) -> Graph:
    return new_graph(triples, prefixes_from.namespaces())
