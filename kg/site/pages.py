"""The site's HTML pages rendered from Jinja2 templates: a resource's page (with a claim's
chain, an event's participants and the evidence in the text), the browse lists, the ontology's
documentation and the index. Every text taken from the data reaches HTML through Jinja2's
autoescaping, never by string pasting.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import jinja2
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg import formats
from kg.mapping import SUPERCLASSES
from kg.site import evidence, picture_data, server_rules
from kg.site.graph_view import Label, Site, Value, in_ontology, ordered, relative
from kg.site.words import translator
from kg.vocab import DCTERMS, KG, ONTOLOGY_IRI, OWL, PROV, RDF, RDFS, SCHEMA, SKOS

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


class Pages:
    """The pages of one site, in its language: the templates, the site's words, and what every
    page shares (the navigation, the security policy)."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.env = environment()
        self.env.globals["_"] = self.translate = translator(site.lang)
        self.things = picture_data.network_things(site)
        # the pages with a network page of their own: each article and actor of a picture
        self.network_hrefs = {t.article_href for t in self.things} | {h for t in self.things for _, h in t.actors}

    def source(self, name: str) -> bytes:
        """A file of the templates folder as it is (the style sheet, the query page's script)."""
        return self.env.loader.get_source(self.env, name)[0].encode("utf-8")  # type: ignore[union-attr]

    def fill(self, template: str, values: dict[str, Any]) -> bytes:
        """The page ``template`` filled in with ``values``, as UTF-8 bytes."""
        return self.env.get_template(template).render(values).encode("utf-8")

    def common(self, here: str, title: Label) -> dict[str, Any]:
        """What every page's template is given: its title, the navigation, the security policy."""
        site = self.site
        policy = (
            server_rules.query_page_policy(site.info.sparql_endpoint)
            if here == server_rules.QUERY_PAGE
            else server_rules.CONTENT_SECURITY_POLICY
        )
        return {
            "lang": site.lang,
            "policy": server_rules.meta_policy(policy),
            "title": title,
            "site_title": site.info.title_in(site.lang),
            "root": relative("", here) or "./",
            "here": here,
            "browse": [(relative(f"browse/{slug}.html", here), name) for slug, name, _ in BROWSE],
            "nav": {
                name: relative(target, here)
                for name, target in (
                    ("index", "index.html"),
                    ("timeline", "timeline.html"),
                    ("network", "network.html"),
                    ("query", server_rules.QUERY_PAGE),
                    ("ontology", "ontology.html"),
                    ("dataset", "dataset.html"),
                )
            },
        }

    def resource_page(self, iri: URIRef, page: str) -> bytes:
        site = self.site
        stem = posixpath.basename(page.removesuffix(".html"))
        properties = defaultdict(list)
        for p, o in sorted(site.graph.predicate_objects(iri)):
            properties[p].append(site.value(o, page))
        incoming = defaultdict(list)
        for s, p in sorted(site.graph.subject_predicates(iri)):
            incoming[p].append(site.value(s, page))
        types = site.values(iri, RDF.type, page)
        found = (evidence.evidence(site, a, page) for a in ordered(site.graph.objects(iri, KG.evidence)))
        is_article = (iri, RDF.type, KG.Article) in site.graph
        context_ = self.common(page, site.label(iri)) | {
            "iri": str(iri),
            "types": types,
            "alternates": [(f"{stem}{suffix}", media) for suffix, (media, _) in RESOURCE_FORMATS.items()],
            "properties": [(site.value(p, page), properties[p]) for p in _by_label(properties, site)],
            "incoming": [(site.value(p, page), incoming[p]) for p in _by_label(incoming, site)],
            "claim": self._claim(iri, page) if (iri, RDF.type, KG.Claim) in site.graph else None,
            "participants": self._participants(iri, page),
            "evidence": [e for e in found if e],
            "article_text": evidence.article_text(site, iri, page) if is_article else None,
            "network": relative(f"network/{page}", page) if page in self.network_hrefs else None,
            "article_lang": site.language_of(iri),
        }
        return self.fill("resource.html", context_)

    def _claim(self, claim: URIRef, page: str) -> dict[str, Any]:
        site = self.site
        steps = sorted(site.graph.objects(claim, KG.relay), key=lambda s: int(str(site.one(s, SCHEMA.position) or 0)))
        roles = {
            site.one(a, PROV.agent): site.one(a, PROV.hadRole)
            for a in site.graph.objects(claim, PROV.qualifiedAttribution)
        }
        chain = []
        for step in steps:
            agent = site.one(step, PROV.wasAttributedTo)
            role = roles.get(agent)
            chain.append(
                {
                    "agent": site.value(agent, page) if agent else None,
                    "role": site.value(role, page) if role else None,
                    "outlet": (claim, KG.publishedAs, step) in site.graph,
                    "step": site.value(step, page),
                }
            )
        return {
            "said_by": site.values(claim, PROV.wasAttributedTo, page),
            "chain": chain,
            "certainty": site.values(claim, KG.certainty, page),
            "polarity": site.values(claim, KG.polarity, page),
            "quote": site.values(claim, KG.quote, page),
            "date": site.values(claim, KG.claimDate, page),
            "about": site.values(claim, SCHEMA.about, page),
            "article": site.values(claim, KG.reportedIn, page),
        }

    def _participants(self, iri: URIRef, page: str) -> list[dict[str, list[Value]]]:
        site = self.site
        rows = []
        for node in ordered(site.graph.objects(iri, KG.participation)):
            rows.append(
                {
                    "actor": site.values(node, KG.actor, page),
                    "role": site.values(node, KG.roleType, page),
                    "for": site.values(node, KG.onBehalfOf, page),
                }
            )
        return rows

    def browse_page(self, slug: str, title: str) -> bytes:
        site = self.site
        here = f"browse/{slug}.html"
        rows: list[dict[str, Any]] = sorted(
            (
                {
                    "value": site.value(m, here),
                    "types": site.values(m, RDF.type, here),
                    "where": site.values(m, KG.reportedIn, here),
                }
                for m in self._browse_members(slug)
            ),
            key=lambda row: (row["value"].label.text.casefold(), row["value"].href or ""),
        )
        return self.fill("browse.html", self.common(here, Label(self.translate(title), site.lang)) | {"rows": rows})

    def _browse_members(self, slug: str) -> Iterator[URIRef]:
        site = self.site
        selector = next(which for s, _, which in BROWSE if s == slug)
        # a meeting is a kg:Event too (the data carries every kg superclass): "Other events"
        # leaves out what a narrower class lists itself
        apart = [w for _, _, w in BROWSE if isinstance(w, URIRef) and str(selector) in SUPERCLASSES.get(str(w), ())]
        for iri in site.pages:
            if isinstance(selector, URIRef):
                if (iri, RDF.type, selector) in site.graph and not any((iri, RDF.type, w) in site.graph for w in apart):
                    yield iri
            elif str(iri).startswith(site.base + selector) and str(iri)[len(site.base) :].count("/") == 1:
                yield iri

    def ontology_page(self) -> bytes:
        site = self.site
        here = "ontology.html"
        g = site.ontology

        def terms(kinds: tuple[URIRef, ...]) -> list[dict[str, Any]]:
            found = ordered({s for k in kinds for s in g.subjects(RDF.type, k) if in_ontology(s) and "#" in str(s)})
            return [
                {
                    "id": str(s).partition("#")[2],
                    "iri": str(s),
                    "labels": _in_en_and_uk(g, s, RDFS.label, SKOS.prefLabel),
                    "comments": _in_en_and_uk(g, s, RDFS.comment, SKOS.definition),
                    "relations": [
                        (site.short(p), [site.value(o, here) for o in ordered(g.objects(s, p))])
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
        common = self.common(here, Label(self.translate("Ontology"), site.lang))
        return self.fill(
            "ontology.html",
            common
            | {
                "sections": sections,
                "ontology": header,
                "alternates": [(f"ontology{s}", m) for s, (m, _) in RESOURCE_FORMATS.items()],
            },
        )

    def index_page(self) -> bytes:
        site = self.site
        here = "index.html"
        counts = [
            (relative(f"browse/{slug}.html", here), title, sum(1 for _ in self._browse_members(slug)))
            for slug, title, _ in BROWSE
        ]
        articles = sorted(
            (site.value(a, here) for a in site.graph.subjects(RDF.type, KG.Article)), key=lambda v: v.label.text
        )
        dumps = [(relative(f"dump/{name}", here), name, len(data)) for name, data in sorted(site.dumps.items())]
        title_lang = site.lang if site.lang in site.info.titles else "en"
        values = {
            "counts": counts,
            "articles": articles,
            "dumps": dumps,
            "triples": site.data_triples,
            "info": site.info.in_language(site.lang),
        }
        return self.fill("index.html", self.common(here, Label(site.info.title_in(site.lang), title_lang)) | values)


def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("kg.site", "templates"),
        autoescape=True,  # every value from the data is text, never markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _by_label(groups: dict[Node, list[Value]], site: Site) -> list[Node]:
    return sorted(groups, key=lambda p: (p != RDF.type, site.label(p).text.casefold(), str(p)))


def _in_en_and_uk(graph: Graph, subject: Node, prop: URIRef, fallback: URIRef) -> dict[str, str]:
    """The ontology page's two languages: ``prop``'s texts, else ``fallback``'s."""
    return {lang: _texts(graph, subject, prop, lang) or _texts(graph, subject, fallback, lang) for lang in ("en", "uk")}


def _texts(graph: Graph, subject: Node, prop: URIRef, lang: str) -> str:
    return " / ".join(
        sorted(str(o) for o in graph.objects(subject, prop) if isinstance(o, Literal) and o.language == lang)
    )
