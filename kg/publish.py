"""Publish the checked graph as a static linked-data site.

Every resource whose IRI lies under the base gets a page at the same path (``actor/zelensky``
→ ``actor/zelensky.html``) and, beside it, its own triples as ``.ttl``, ``.jsonld`` and ``.nt``;
the ontology's terms share one documentation page. Links between pages are relative, so the
site works from any folder, behind ``kg serve``, or under the base IRI on a real web server
(whose content-negotiation rules :mod:`kg.webconf` writes). Every text taken from the data
reaches HTML through Jinja2's autoescaping, never by string pasting.
"""

from __future__ import annotations

import itertools
import json
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
from markupsafe import Markup
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg import anchor, formats, pictures, webconf
from kg.build import CheckedGraph
from kg.describe import DatasetInfo, describe, sitemap
from kg.errors import SetupError
from kg.files import check_replaceable, publish_folder
from kg.iri import SHORT_IRI_PATHS
from kg.mapping import SUPERCLASSES
from kg.query import SavedQuery
from kg.serialize import FORMATS, files_of, jsonld_bytes, ntriples, turtle
from kg.ui import NETWORK_INTRO, QUERY_MISSING, QUERY_NEEDS, TIMELINE_INTRO, translator
from kg.vocab import DCTERMS, KG, OA, ONTOLOGY_IRI, OWL, PREFIXES, PROV, RDF, RDFS, SCHEMA, SKOS

LANGUAGES = ("en", "uk", "bg")
LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label, DCTERMS.title, SCHEMA.name)
RESOURCE_FORMATS = {f.suffix: (f.media_type, f.rdflib) for f in formats.RESOURCE}  # suffix: (media type, rdflib name)
# The browse lists: article-local things by type, registry entries by where they are kept.
BROWSE: tuple[tuple[str, str, URIRef | str], ...] = (
    ("claims", "Claims", KG.Claim),
    ("meetings", "Meetings", KG.Meeting),
    ("events", "Other events", KG.Event),
    ("agreements", "Agreements", KG.Agreement),
    ("articles", "Articles", KG.Article),
    ("actors", "Actors", "actor/"),
    ("places", "Places", "place/"),
    ("topics", "Topics", "topic/"),
)
STATIC_FILES = ("style.css", "favicon.svg")
QUERY_DUMP = "dump/kg.nq"  # what the query page loads: N-Quads, the format Oxigraph reads fastest
QUERY_EXAMPLE = """SELECT ?type (COUNT(?thing) AS ?count) WHERE {
  ?thing a ?type
}
GROUP BY ?type
ORDER BY DESC(?count) ?type
"""


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


@dataclass(frozen=True)
class Segment:
    """A run of article text, marked when evidence covers it."""

    text: str
    href: str | None = None
    anchor: str | None = None


@dataclass(frozen=True)
class Evidence:
    """Where in which article a resource's statement is written."""

    article: Value
    start: int
    end: int
    supports: Value | None
    paragraph: tuple[Segment, ...]
    href: str
    lang: str | None = None  # the article's language: its words are in it, whatever the site's


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
    build (:func:`kg.wasm.engine_files`), without which that page says how to get it;
    ``progress`` is told of each resource page written.
    """
    check_replaceable(out, "site", legacy=SITE_NAMES)  # before the work, not after it
    files = site_files(result, base=base, lang=lang, info=info, queries=queries, engine=engine, progress=progress)
    _replace_folder(files, out)
    return sum(1 for name in files if name.endswith(".html"))


def site_files(
    result: CheckedGraph,
    *,
    base: str,
    lang: str,
    info: DatasetInfo,
    queries: Iterable[SavedQuery] = (),
    engine: dict[str, bytes] | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, bytes]:
    """Every file of the site, by path relative to its root."""
    if info.sparql_endpoint is not None:
        try:
            webconf.origin(info.sparql_endpoint)
        except ValueError as error:
            raise SetupError(f"--sparql-endpoint: {error} (expected http:// or https://host/path)") from None
    dumps = files_of(result.dataset, base=base)
    site = Site(result, base=base, lang=lang, info=info, dumps=dumps, queries=queries, engine=engine)
    return site.files(progress)


@dataclass(frozen=True)
class NetworkThing:
    """A meeting, event or agreement of the network, with what its pages are filtered by."""

    label: str
    href: str
    kind: str
    date: str  # its own date as written, else its article's
    when: str  # the date it is sorted by: its own when that has a year, else its article's
    month: str  # YYYY-MM, its own or its article's, or UNDATED
    article: str
    article_href: str
    actors: tuple[tuple[str, str], ...]


UNDATED = "undated"
NETWORK_ON_INDEX = 30  # more pictures than this, and the network page shows the latest month's


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
        self.graph = Graph()
        for prefix, namespace in PREFIXES.items():
            self.graph.bind(prefix, namespace)
        for s, p, o, _ in result.dataset.quads():
            self.graph.add((s, p, o))
        self.data_triples = len(self.graph)
        self.description = describe(self.graph, base=base, info=info, articles=self._articles())
        for triple in self.description:
            self.graph.add(triple)
        self.described = set(self.description.subjects())
        self.ontology = _ontology_graph(result.dataset, base)
        self.texts = {a.source_file: anchor.normalise(a.text) for a in result.corpus.articles}
        self.pages = {s: self._page_path(s) for s in sorted(self._resources())}
        self._iri_of = {page: iri for iri, page in self.pages.items()}
        self._things = self._network_things()
        # the pages with a network page of their own: each article and actor of a picture
        self._network_hrefs = {t.article_href for t in self._things} | {h for t in self._things for _, h in t.actors}
        self.env = _environment()
        self.env.globals["_"] = self._ = translator(lang)

    # -- what gets a page, and where ------------------------------------------------------------

    def _resources(self) -> Iterator[URIRef]:
        for subject in set(self.graph.subjects()):
            if isinstance(subject, URIRef) and str(subject).startswith(self.base) and not _in_ontology(subject):
                yield subject

    def _page_path(self, iri: URIRef) -> str:
        path = str(iri)[len(self.base) :]
        if not path or path.split("/")[0] in RESERVED:
            raise ValueError(f"the IRI {iri} would overwrite the site's own file '{path}'")
        return f"{path}.html"

    def href(self, node: Node, here: str) -> str | None:
        """The relative link from page ``here`` to ``node``'s page, or None if it has none."""
        if _in_ontology(node):
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
            for value in _ordered(self.graph.objects(node, prop)):
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
        return [self.value(o, here) for o in _ordered(self.graph.objects(subject, prop))]

    def one(self, subject: Node, prop: URIRef) -> Node | None:
        return next(iter(_ordered(self.graph.objects(subject, prop))), None)

    # -- the files ------------------------------------------------------------------------------

    def files(self, progress: Callable[[int], None] | None = None) -> dict[str, bytes]:
        files: dict[str, bytes] = {}
        for name in STATIC_FILES:
            files[name] = self.env.loader.get_source(self.env, name)[0].encode("utf-8")  # type: ignore[union-attr]
        for name, data in self.dumps.items():
            files[f"dump/{name}"] = data
        for iri, page in self.pages.items():
            files[page] = self.resource_page(iri, page)
            files.update(self.resource_rdf(iri, page.removesuffix(".html")))
            if progress:
                progress(1)
        files["ontology.html"] = self.ontology_page()
        files["ontology.ttl"] = turtle(self.ontology, self.base)
        files["ontology.nt"] = ntriples(self.ontology)
        files["ontology.jsonld"] = jsonld_bytes(self.ontology, self.base)
        for slug, title, _ in BROWSE:
            files[f"browse/{slug}.html"] = self.browse_page(slug, title)
        files["timeline.html"] = self._picture_page(
            "timeline.html", "Timeline", pictures.timeline(self._dated(), lang=self.lang), TIMELINE_INTRO, []
        )
        files.update(self.network_pages())
        files["index.html"] = self.index_page()
        files.update(self.query_files())
        files["void.ttl"] = turtle(_graph_of(self.description, self.graph), self.base)
        files[".well-known/void"] = files["void.ttl"]
        files["sitemap.xml"] = sitemap(self.info.site_url or self.base, sorted(_pages_of(files)))
        files.update(webconf.configs(self.base, self.info.sparql_endpoint))
        return files

    def resource_rdf(self, iri: URIRef, stem: str) -> dict[str, bytes]:
        """The resource's symmetric description: every triple it is the subject or the object of.

        The incoming triples are the page's "Referred to by" links, so a crawler that reads
        only RDF gets from an actor to the claims attributed to it, as a reader of the page does.
        """
        triples = itertools.chain(self.graph.triples((iri, None, None)), self.graph.triples((None, None, iri)))
        graph = _graph_of(triples, self.graph)
        return {
            f"{stem}.ttl": turtle(graph, self.base),
            f"{stem}.jsonld": jsonld_bytes(graph, self.base),
            f"{stem}.nt": ntriples(graph),
        }

    def _common(self, here: str, title: Label) -> dict[str, Any]:
        policy = (
            webconf.query_page_policy(self.info.sparql_endpoint)
            if here == webconf.QUERY_PAGE
            else webconf.CONTENT_SECURITY_POLICY
        )
        return {
            "lang": self.lang,
            "policy": webconf.meta_policy(policy),
            "title": title,
            "site_title": self.info.title_in(self.lang),
            "root": relative("", here) or "./",
            "here": here,
            "browse": [(relative(f"browse/{slug}.html", here), name) for slug, name, _ in BROWSE],
            "nav": {
                name: relative(target, here)
                for name, target in (
                    ("index", "index.html"),
                    ("timeline", "timeline.html"),
                    ("network", "network.html"),
                    ("query", webconf.QUERY_PAGE),
                    ("ontology", "ontology.html"),
                    ("dataset", "dataset.html"),
                )
            },
        }

    def resource_page(self, iri: URIRef, page: str) -> bytes:
        stem = posixpath.basename(page.removesuffix(".html"))
        properties = defaultdict(list)
        for p, o in sorted(self.graph.predicate_objects(iri)):
            properties[p].append(self.value(o, page))
        incoming = defaultdict(list)
        for s, p in sorted(self.graph.subject_predicates(iri)):
            incoming[p].append(self.value(s, page))
        types = self.values(iri, RDF.type, page)
        context_ = self._common(page, self.label(iri)) | {
            "iri": str(iri),
            "types": types,
            "alternates": [(f"{stem}{suffix}", media) for suffix, (media, _) in RESOURCE_FORMATS.items()],
            "properties": [(self.value(p, page), properties[p]) for p in _by_label(properties, self)],
            "incoming": [(self.value(p, page), incoming[p]) for p in _by_label(incoming, self)],
            "claim": self._claim(iri, page) if (iri, RDF.type, KG.Claim) in self.graph else None,
            "participants": self._participants(iri, page),
            "evidence": [
                e for e in (self._evidence(a, page) for a in _ordered(self.graph.objects(iri, KG.evidence))) if e
            ],
            "article_text": self._article_text(iri, page) if (iri, RDF.type, KG.Article) in self.graph else None,
            "network": relative(f"network/{page}", page) if page in self._network_hrefs else None,
            "article_lang": self._language_of(iri),
        }
        return self._render("resource.html", context_)

    def _claim(self, claim: URIRef, page: str) -> dict[str, Any]:
        steps = sorted(self.graph.objects(claim, KG.relay), key=lambda s: int(str(self.one(s, SCHEMA.position) or 0)))
        roles = {
            self.one(a, PROV.agent): self.one(a, PROV.hadRole)
            for a in self.graph.objects(claim, PROV.qualifiedAttribution)
        }
        chain = []
        for step in steps:
            agent = self.one(step, PROV.wasAttributedTo)
            role = roles.get(agent)
            chain.append(
                {
                    "agent": self.value(agent, page) if agent else None,
                    "role": self.value(role, page) if role else None,
                    "outlet": (claim, KG.publishedAs, step) in self.graph,
                    "step": self.value(step, page),
                }
            )
        return {
            "said_by": self.values(claim, PROV.wasAttributedTo, page),
            "chain": chain,
            "certainty": self.values(claim, KG.certainty, page),
            "polarity": self.values(claim, KG.polarity, page),
            "quote": self.values(claim, KG.quote, page),
            "date": self.values(claim, KG.claimDate, page),
            "about": self.values(claim, SCHEMA.about, page),
            "article": self.values(claim, KG.reportedIn, page),
        }

    def _participants(self, iri: URIRef, page: str) -> list[dict[str, list[Value]]]:
        rows = []
        for node in _ordered(self.graph.objects(iri, KG.participation)):
            rows.append(
                {
                    "actor": self.values(node, KG.actor, page),
                    "role": self.values(node, KG.roleType, page),
                    "as": self.values(node, SCHEMA.roleName, page),
                    "for": self.values(node, KG.onBehalfOf, page),
                }
            )
        return rows

    def _selection(self, annotation: Node) -> tuple[URIRef, int, int] | None:
        target = self.one(annotation, OA.hasTarget)
        source = self.one(target, OA.hasSource) if target else None
        for selector in _ordered(self.graph.objects(target, OA.hasSelector)) if target else ():
            start, end = self.one(selector, OA.start), self.one(selector, OA.end)
            if isinstance(start, Literal) and isinstance(end, Literal) and isinstance(source, URIRef):
                return source, int(start), int(end)
        return None

    def _text_of(self, article: URIRef) -> str | None:
        source = self.one(article, KG.sourceFile)
        return self.texts.get(str(source)) if source is not None else None

    def _evidence(self, annotation: Node, page: str) -> Evidence | None:
        selection = self._selection(annotation)
        if selection is None:
            return None
        article, start, end = selection
        text = self._text_of(article)
        if text is None:
            return None
        first, last = _paragraph_bounds(text, start, end)
        marks: list[tuple[int, int, str | None, str | None]] = [(start, end, None, None)]
        supports = self.one(annotation, KG.supportsProperty)
        article_page = self.href(article, page) or ""
        return Evidence(
            article=self.value(article, page),
            start=start,
            end=end,
            supports=self.value(supports, page) if supports else None,
            paragraph=tuple(_segments(text, first, last, marks)),
            href=f"{article_page}#{_anchor(start, end)}",
            lang=self._language_of(article),
        )

    def _language_of(self, article: Node) -> str | None:
        found = self.one(article, SCHEMA.inLanguage)
        return str(found) if found is not None else None

    def _article_text(self, article: URIRef, page: str) -> list[tuple[Segment, ...]]:
        text = self._text_of(article)
        if text is None:
            return []
        marks: list[tuple[int, int, str | None, str | None]] = []
        for target in _ordered(self.graph.subjects(OA.hasSource, article)):
            for annotation in _ordered(self.graph.subjects(OA.hasTarget, target)):
                selection = self._selection(annotation)
                body = self.one(annotation, OA.hasBody)
                if selection and body is not None:
                    marks.append((selection[1], selection[2], self.href(body, page), _anchor(*selection[1:])))
        paragraphs = []
        offset = 0
        for line in text.split("\n"):
            if line.strip():
                paragraphs.append(tuple(_segments(text, offset, offset + len(line), marks)))
            offset += len(line) + 1
        return paragraphs

    def browse_page(self, slug: str, title: str) -> bytes:
        here = f"browse/{slug}.html"
        rows: list[dict[str, Any]] = sorted(
            (
                {
                    "value": self.value(m, here),
                    "types": self.values(m, RDF.type, here),
                    "where": self.values(m, KG.reportedIn, here),
                }
                for m in self._browse_members(slug)
            ),
            key=lambda row: (row["value"].label.text.casefold(), row["value"].href or ""),
        )
        return self._render("browse.html", self._common(here, Label(self._(title), self.lang)) | {"rows": rows})

    def ontology_page(self) -> bytes:
        here = "ontology.html"
        g = self.ontology

        def terms(kinds: tuple[URIRef, ...]) -> list[dict[str, Any]]:
            found = _ordered({s for k in kinds for s in g.subjects(RDF.type, k) if _in_ontology(s) and "#" in str(s)})
            return [
                {
                    "id": str(s).partition("#")[2],
                    "iri": str(s),
                    "labels": _in_en_and_uk(g, s, RDFS.label, SKOS.prefLabel),
                    "comments": _in_en_and_uk(g, s, RDFS.comment, SKOS.definition),
                    "relations": [
                        (self.short(p), [self.value(o, here) for o in _ordered(g.objects(s, p))])
                        for p in (
                            RDFS.subClassOf,
                            RDFS.subPropertyOf,
                            RDFS.domain,
                            RDFS.range,
                            SKOS.inScheme,
                            SKOS.notation,
                            OWL.equivalentClass,
                            OWL.equivalentProperty,
                        )
                        if (s, p, None) in g
                    ],
                }
                for s in found
            ]

        sections = [
            ("classes", "Classes", terms((OWL.Class,))),
            ("object-properties", "Object properties", terms((OWL.ObjectProperty,))),
            ("datatype-properties", "Datatype properties", terms((OWL.DatatypeProperty, OWL.AnnotationProperty))),
            ("schemes", "Concept schemes", terms((SKOS.ConceptScheme,))),
            ("concepts", "Concepts", terms((SKOS.Concept,))),
        ]
        ontology = URIRef(ONTOLOGY_IRI)
        header = {
            "iri": ONTOLOGY_IRI,
            "labels": _in_en_and_uk(g, ontology, RDFS.label, DCTERMS.title),
            "comments": _in_en_and_uk(g, ontology, RDFS.comment, DCTERMS.description),
        }
        common = self._common(here, Label(self._("Ontology"), self.lang))
        return self._render(
            "ontology.html",
            common
            | {
                "sections": sections,
                "ontology": header,
                "alternates": [(f"ontology{s}", m) for s, (m, _) in RESOURCE_FORMATS.items()],
            },
        )

    def index_page(self) -> bytes:
        here = "index.html"
        counts = [(relative(f"browse/{slug}.html", here), title, self._count(slug)) for slug, title, _ in BROWSE]
        articles = sorted(
            (self.value(a, here) for a in self.graph.subjects(RDF.type, KG.Article)), key=lambda v: v.label.text
        )
        dumps = [(relative(f"dump/{name}", here), name, len(data)) for name, data in sorted(self.dumps.items())]
        title_lang = self.lang if self.lang in self.info.titles else "en"
        return self._render(
            "index.html",
            self._common(here, Label(self.info.title_in(self.lang), title_lang))
            | {"counts": counts, "articles": articles, "dumps": dumps, "triples": self.data_triples,
               "info": self.info.in_language(self.lang)},
        )

    def query_files(self) -> dict[str, bytes]:
        """The query page, and with the engine its script, its configuration and Oxigraph's files."""
        here = webconf.QUERY_PAGE
        queries = [
            {
                "name": q.name,
                "summary": q.summary,
                "form": q.form,
                "text": q.text,
                "parameters": [
                    {
                        "name": p.name,
                        "kind": p.kind,
                        "required": p.required,
                        # labels in the site's language, as 'kg query --lang' gives them
                        "default": self.lang if p.name == "lang" and p.default else p.default,
                    }
                    for p in q.parameters
                ],
            }
            for q in self.queries
        ]
        values = {
            "engine": self.engine is not None,
            "endpoint": self.info.sparql_endpoint,
            "dump": QUERY_DUMP,
            "queries": queries,
            "example": QUERY_EXAMPLE,
            "needs": QUERY_NEEDS,
            "missing": QUERY_MISSING,
        }
        files = {here: self._render("query.html", self._common(here, Label(self._("Query"), self.lang)) | values)}
        if self.engine is None:
            return files
        config = {
            "base": self.base,
            "ontology": str(KG).rstrip("#"),
            "prefixes": {prefix: str(namespace) for prefix, namespace in PREFIXES.items()},
            "dump": QUERY_DUMP,
            "endpoint": self.info.sparql_endpoint,
            "shortIris": SHORT_IRI_PATHS,
            "queries": queries,
        }
        files["query/config.json"] = (json.dumps(config, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
        files["query/query.js"] = self.env.loader.get_source(self.env, "query.js")[0].encode("utf-8")  # type: ignore[union-attr]
        files.update({f"query/oxigraph/{name}": data for name, data in sorted(self.engine.items())})
        return files

    def _count(self, slug: str) -> int:
        return sum(1 for _ in self._browse_members(slug))

    def _browse_members(self, slug: str) -> Iterator[URIRef]:
        selector = next(which for s, _, which in BROWSE if s == slug)
        # a meeting is a kg:Event too (the data carries every kg superclass): "Other events"
        # leaves out what a narrower class lists itself
        apart = [w for _, _, w in BROWSE if isinstance(w, URIRef) and str(selector) in SUPERCLASSES.get(str(w), ())]
        for iri in self.pages:
            if isinstance(selector, URIRef):
                if (iri, RDF.type, selector) in self.graph and not any((iri, RDF.type, w) in self.graph for w in apart):
                    yield iri
            elif str(iri).startswith(self.base + selector) and str(iri)[len(self.base) :].count("/") == 1:
                yield iri

    def _picture_page(
        self, here: str, title: str, svg: str, intro: str, legend: list[tuple[int, str, str, str]]
    ) -> bytes:
        values = {"svg": Markup(svg), "intro": self._(intro), "legend": legend}  # ElementTree escaped the SVG
        return self._render("picture.html", self._common(here, Label(self._(title), self.lang)) | values)

    def network_pages(self) -> dict[str, bytes]:
        """The network: a picture per meeting, event or agreement, on pages by month, by actor
        and by article (plain pages, so the filters work without JavaScript)."""
        things = self._things
        groups: dict[tuple[str, str], list[NetworkThing]] = defaultdict(list)
        for thing in things:
            groups[("month", thing.month)].append(thing)
            if thing.article_href:
                groups[("article", thing.article_href)].append(thing)
            for _, actor_href in thing.actors:
                groups[("actor", actor_href)].append(thing)
        labels = {href: name for thing in things for name, href in thing.actors}
        labels |= {thing.article_href: thing.article for thing in things}

        def page_of(kind: str, key: str) -> str:
            return f"network/month/{key}.html" if kind == "month" else f"network/{key}"

        files: dict[str, bytes] = {}
        filters: dict[str, list[tuple[str, str, int]]] = {"month": [], "actor": [], "article": []}
        for (kind, key), members in sorted(groups.items()):
            here = page_of(kind, key)
            name = self._(UNDATED) if key == UNDATED else labels.get(key, key)
            filters[kind].append((here, name, len(members)))
            title = Label(f"{self._('Network')}: {name}", self.lang)
            focus = relative(key, here) if kind == "actor" else None
            files[here] = self._network_page(here, title, members, {}, None, focus)
        for kind in ("actor", "article"):
            filters[kind].sort(key=lambda item: (_natural(item[1]), item[0]))
        here = "network.html"
        months = sorted(month for kind, month in groups if kind == "month" and month != UNDATED)
        latest = None  # a small corpus shows every picture here; a large one its latest month's
        shown = things
        if len(things) > NETWORK_ON_INDEX:
            latest = months[-1] if months else UNDATED
            shown = groups[("month", latest)]
        links = {kind: [(relative(page, here), name, n) for page, name, n in found] for kind, found in filters.items()}
        title = Label(self._("Who met whom, who agreed with whom"), self.lang)
        files[here] = self._network_page(here, title, shown, links, latest)
        return files

    def _network_page(
        self,
        here: str,
        title: Label,
        things: list[NetworkThing],
        filters: dict[str, list[tuple[str, str, int]]],
        latest: str | None,
        focus: str | None = None,
    ) -> bytes:
        figures = []
        for thing in sorted(things, key=lambda t: (t.when or "~", t.label.casefold(), t.href)):
            links = [
                pictures.Link(thing.label, relative(thing.href, here), thing.kind, name, relative(href, here))
                for name, href in thing.actors
            ]
            figures.append(
                {
                    "id": "n-" + re.sub(r"[^A-Za-z0-9-]+", "-", thing.href.removesuffix(".html")),
                    "svg": Markup(pictures.network(links, lang=self.lang, focus=focus)),  # ElementTree escaped it
                    "label": thing.label,
                    "href": relative(thing.href, here),
                    "kind": thing.kind,
                    "date": thing.date,
                    "article": thing.article,
                    "article_href": relative(thing.article_href, here),
                }
            )
        values = {"intro": self._(NETWORK_INTRO), "figures": figures, "filters": filters, "latest": latest}
        return self._render("network.html", self._common(here, title) | values)

    def _network_things(self) -> list[NetworkThing]:
        by_thing: dict[str, list[pictures.Link]] = defaultdict(list)
        for link in self._links():
            by_thing[link.thing_href].append(link)
        things = []
        for href, links in sorted(by_thing.items()):
            iri = self._iri_of[href]
            article = self.one(iri, KG.reportedIn)
            issued = self.one(article, DCTERMS.issued) if article is not None else None
            own = self.one(iri, KG.date) or self.one(iri, KG.statusAsOf)
            date = str(own) if own is not None else ""
            dated = date if re.match(r"[0-9]{4}-[0-9]{2}", date) else str(issued or "")
            things.append(
                NetworkThing(
                    label=links[0].thing,
                    href=href,
                    kind=links[0].kind,
                    date=date or str(issued or ""),
                    when=dated,
                    month=dated[:7] if re.match(r"[0-9]{4}-[0-9]{2}", dated) else UNDATED,
                    article=self.label(article).text if article is not None else "",
                    article_href=self.pages.get(URIRef(str(article)), "") if article is not None else "",
                    actors=tuple(sorted({(link.actor, link.actor_href) for link in links})),
                )
            )
        return things

    def _dated(self) -> list[pictures.Dated]:
        dated = []
        for prop, kinds in ((KG.date, "event"), (KG.claimDate, "claim"), (DCTERMS.issued, "article")):
            for subject, value in self.graph.subject_objects(prop):
                if subject in self.pages and isinstance(value, Literal) and subject not in self.described:
                    precision = self.one(subject, KG.datePrecision)
                    dated.append(
                        pictures.Dated(
                            label=self.label(subject).text,
                            href=self.pages[URIRef(str(subject))],
                            value=str(value),
                            datatype=str(value.datatype or ""),
                            precision=self.label(precision).text if precision else "",
                            year_from_article=(subject, KG.yearFromArticle, Literal(True)) in self.graph,
                            kind=kinds,
                        )
                    )
        return sorted(dated)

    def _links(self) -> list[pictures.Link]:
        links = []
        for prop, kind in ((SCHEMA.participant, "meeting"), (KG.party, "agreement")):
            for thing, actor in self.graph.subject_objects(prop):
                if thing in self.pages and actor in self.pages:
                    event_kind = "meeting" if (thing, RDF.type, KG.Meeting) in self.graph else kind
                    if prop == SCHEMA.participant and event_kind != "meeting":
                        event_kind = "event"
                    links.append(
                        pictures.Link(
                            thing=self.label(thing).text,
                            thing_href=self.pages[URIRef(str(thing))],
                            kind=event_kind,
                            actor=self.label(actor).text,
                            actor_href=self.pages[URIRef(str(actor))],
                        )
                    )
        return sorted(set(links))

    def _articles(self) -> list[URIRef]:
        return sorted(s for s in self.graph.subjects(RDF.type, KG.Article) if isinstance(s, URIRef))

    def _render(self, template: str, values: dict[str, Any]) -> bytes:
        return self.env.get_template(template).render(values).encode("utf-8")


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


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("kg", "templates"),
        autoescape=True,  # every value from the data is text, never markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _anchor(start: int, end: int) -> str:
    return f"q{start}-{end}"


def _paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The lines of ``text`` that the span [start, end) touches."""
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    return first, len(text) if last < 0 else last


def _segments(
    text: str, first: int, last: int, marks: list[tuple[int, int, str | None, str | None]]
) -> Iterator[Segment]:
    """``text[first:last]`` cut where marks start or end; a covered run links to its shortest mark."""
    inside = [m for m in marks if m[0] < last and m[1] > first]
    cuts = sorted({first, last, *(max(first, m[0]) for m in inside), *(min(last, m[1]) for m in inside)})
    named: set[str] = set()
    for left, right in itertools.pairwise(cuts):
        covering = sorted((m for m in inside if m[0] <= left and m[1] >= right), key=lambda m: (m[1] - m[0], m[0]))
        if not covering:
            yield Segment(text[left:right])
            continue
        starting = [m[3] for m in inside if m[0] == left and m[3] and m[3] not in named]
        named.update(starting)
        yield Segment(text[left:right], href=covering[0][2] or "", anchor=starting[0] if starting else None)


def _natural(text: str) -> tuple[tuple[int, str], ...]:
    """A sort key that puts "Person 2" before "Person 10".

    >>> sorted(["Person 10", "person 2", "Person 1"], key=_natural)
    ['Person 1', 'person 2', 'Person 10']
    """
    return tuple((int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"([0-9]+)", text.casefold()))


def _ordered(nodes: Iterable[Node]) -> list[Node]:
    """Nodes in a fixed order (rdflib's own ordering is not typed as one)."""
    return sorted(nodes, key=lambda node: (type(node).__name__, str(node)))


def _by_label(groups: dict[Node, list[Value]], site: Site) -> list[Node]:
    return sorted(groups, key=lambda p: (p != RDF.type, site.label(p).text.casefold(), str(p)))


def _in_en_and_uk(graph: Graph, subject: Node, prop: URIRef, fallback: URIRef) -> dict[str, str]:
    """The ontology page's two languages: ``prop``'s texts, else ``fallback``'s."""
    return {lang: _texts(graph, subject, prop, lang) or _texts(graph, subject, fallback, lang) for lang in ("en", "uk")}


def _texts(graph: Graph, subject: Node, prop: URIRef, lang: str) -> str:
    return " / ".join(
        sorted(str(o) for o in graph.objects(subject, prop) if isinstance(o, Literal) and o.language == lang)
    )


def _in_ontology(node: Node) -> bool:
    return isinstance(node, URIRef) and (str(node).startswith(str(KG)) or str(node) == ONTOLOGY_IRI)


def _ontology_graph(dataset: Dataset, base: str) -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for s, p, o in dataset.graph(URIRef(f"{base}graph/ontology")):
        graph.add((s, p, o))
    return graph


def _graph_of(triples: Iterable[tuple[Node, Node, Node]], prefixes_from: Graph) -> Graph:
    graph = Graph()
    for prefix, namespace in prefixes_from.namespaces():
        graph.bind(prefix, namespace)
    for triple in triples:
        graph.add(triple)
    return graph


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


__all__ = ["DatasetInfo", "FORMATS", "publish", "relative", "site_files"]
