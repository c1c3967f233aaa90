"""Describe the published dataset in VoID and DCAT, and list its pages in a sitemap.

The description is itself linked data under the base (``BASE/dataset``), so it gets a page
like any resource; its counts are of the data alone, not of the description.
"""

from __future__ import annotations

import datetime
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from xml.sax.saxutils import escape

from rdflib import Graph, Literal, Namespace, URIRef

from kg.errors import SetupError
from kg.formats import DUMPS
from kg.vocab import DCTERMS, KG, PREFIXES, RDF, new_graph

XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
SPARQL_TITLES = {"en": "SPARQL endpoint", "uk": "Точка доступу SPARQL", "bg": "SPARQL крайна точка"}
DUMP_TYPES = {name: f.media_type for name, f in DUMPS.items()}  # the build's files and their media types (IANA)


@dataclass(frozen=True)
class DatasetInfo:
    """What a publisher says about the dataset; the data cannot tell these itself."""

    title: str = "kg: who met whom, who agreed to what, who claimed what, according to whom"
    description: str = (
        "Meetings, agreements and claims annotated by hand in news articles, each with its "
        "source, its relay chain, its certainty and the exact words it rests on."
    )
    # the title and description in the site's other languages, by language tag
    titles: Mapping[str, str] = field(
        default_factory=lambda: {
            "uk": "kg: хто з ким зустрічався, хто про що домовився, хто що стверджував і з чиїх слів",
            "bg": "kg: кой с кого се срещна, кой за какво се договори, кой какво твърди и според кого",
        }
    )
    descriptions: Mapping[str, str] = field(
        default_factory=lambda: {
            "uk": "Зустрічі, домовленості та твердження, вручну анотовані в новинних статтях, кожне зі своїм "
            "джерелом, ланцюгом передачі, ступенем певності та точними словами, на яких воно ґрунтується.",
            "bg": "Срещи, споразумения и твърдения, анотирани ръчно в новинарски статии, всяко със своя "
            "източник, веригата на предаване, степента на сигурност и точните думи, на които се основава.",
        }
    )
    license: str = "https://creativecommons.org/licenses/by/4.0/"
    rights: str = "The quoted article texts remain the work of their publishers; they are quoted as evidence."
    publisher: str = "the kg project"
    issued: str = ""
    sparql_endpoint: str | None = None
    site_url: str | None = None

    def title_in(self, lang: str) -> str:
        """The title in ``lang``, else in English.

        >>> DatasetInfo().title_in("uk")
        'kg: хто з ким зустрічався, хто про що домовився, хто що стверджував і з чиїх слів'
        >>> DatasetInfo().title_in("de") == DatasetInfo().title
        True
        """
        return self.titles.get(lang, self.title)

    def in_language(self, lang: str) -> DatasetInfo:
        """This description with its title and description in ``lang`` (else English)."""
        return replace(self, title=self.title_in(lang), description=self.descriptions.get(lang, self.description))


def publication_date(environ: Mapping[str, str] = os.environ) -> str:
    """Today, or the day of ``$SOURCE_DATE_EPOCH`` so that a rebuild gives the same bytes.

    >>> publication_date({"SOURCE_DATE_EPOCH": "0"})
    '1970-01-01'
    """
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return datetime.datetime.now(datetime.UTC).date().isoformat()
    try:  # [0-9]: int() would take '٣' and ' 3 ', and a year past 9999 overflows
        if not re.fullmatch(r"[0-9]{1,12}", epoch):
            raise ValueError(epoch)
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date().isoformat()
    except (ValueError, OverflowError, OSError):
        raise SetupError(
            f"SOURCE_DATE_EPOCH={epoch!r} is not a time kg can date (expected seconds since 1970 up to year 9999)"
        ) from None


def describe(data: Graph, *, base: str, info: DatasetInfo, articles: Iterable[URIRef]) -> Graph:
    """The VoID + DCAT description of ``data`` (the union of the built graph)."""
    g = new_graph(prefixes=[*PREFIXES.items(), ("void", VOID), ("dcat", DCAT)])
    dataset = URIRef(f"{base}dataset")
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, RDF.type, DCAT.Dataset))
    for lang, title in {"en": info.title, **info.titles}.items():
        g.add((dataset, DCTERMS.title, Literal(title, lang=lang)))
    for lang, description in {"en": info.description, **info.descriptions}.items():
        g.add((dataset, DCTERMS.description, Literal(description, lang=lang)))
    g.add((dataset, DCTERMS.license, URIRef(info.license)))
    g.add((dataset, DCTERMS.rights, Literal(info.rights, lang="en")))
    publisher = URIRef(f"{base}dataset/publisher")
    g.add((dataset, DCTERMS.publisher, publisher))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(info.publisher)))
    issued = info.issued or publication_date()
    for prop in (DCTERMS.issued, DCTERMS.modified):
        g.add((dataset, prop, Literal(issued, datatype=XSD_DATE)))
    g.add((dataset, VOID.uriSpace, Literal(base)))
    g.add((dataset, DCAT.landingPage, URIRef(info.site_url or base)))
    if info.sparql_endpoint:  # a service that answers queries, not a file one downloads (DCAT 2, §6.9)
        g.add((dataset, VOID.sparqlEndpoint, URIRef(info.sparql_endpoint)))
        service = URIRef(f"{base}dataset/sparql")
        g.add((service, RDF.type, DCAT.DataService))
        g.add((service, DCAT.endpointURL, URIRef(info.sparql_endpoint)))
        g.add((service, DCAT.servesDataset, dataset))
        g.add((service, DCTERMS.conformsTo, SPARQL_PROTOCOL))
        for lang, title in SPARQL_TITLES.items():
            g.add((service, DCTERMS.title, Literal(title, lang=lang)))
    for name, media in DUMP_TYPES.items():
        dump = URIRef(f"{info.site_url or base}dump/{name}")
        g.add((dataset, VOID.dataDump, dump))
        distribution = URIRef(f"{base}dataset/{name.replace('.', '-')}")
        g.add((dataset, DCAT.distribution, distribution))
        g.add((distribution, RDF.type, DCAT.Distribution))
        g.add((distribution, DCAT.downloadURL, dump))
        g.add((distribution, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{media}")))
        g.add((distribution, DCTERMS.format, Literal(media)))
        g.add((distribution, DCTERMS.title, Literal(name)))
    subjects = {s for s in data.subjects() if str(s).startswith(base)}
    g.add((dataset, VOID.triples, Literal(len(data))))
    g.add((dataset, VOID.entities, Literal(len(subjects))))
    g.add((dataset, VOID.distinctSubjects, Literal(len(set(data.subjects())))))
    g.add((dataset, VOID.properties, Literal(len(set(data.predicates())))))
    classes = Counter(o for s, o in data.subject_objects(RDF.type) if s in subjects)
    for number, (cls, count) in enumerate(sorted(classes.items()), start=1):
        partition = URIRef(f"{base}dataset/class/{number}")
        g.add((dataset, VOID.classPartition, partition))
        g.add((partition, VOID["class"], cls))
        g.add((partition, VOID.entities, Literal(count)))
    used = {str(p) for p in data.predicates()} | {str(o) for o in classes}
    for namespace in sorted({str(ns) for ns in PREFIXES.values()}):
        if any(term.startswith(namespace) for term in used):
            g.add((dataset, VOID.vocabulary, URIRef(namespace)))
    for article in articles:
        g.add((dataset, DCTERMS.source, article))
    for theme in sorted({str(s) for s in data.subjects(RDF.type, KG.Topic)}):  # concepts, not their scheme
        if theme.startswith(base):
            g.add((dataset, DCAT.theme, URIRef(theme)))
    g.add((dataset, DCTERMS.conformsTo, URIRef(str(KG).rstrip("#"))))
    return g


def sitemap(site_url: str, pages: Iterable[str]) -> bytes:
    """A sitemaps.org list of the pages, under the URL the site is served from.

    >>> print(sitemap("https://example.org/kg/", ["index.html"]).decode())  # doctest: +ELLIPSIS
    <?xml version="1.0" encoding="UTF-8"?>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url><loc>https://example.org/kg/index.html</loc></url>
    </urlset>
    <BLANKLINE>
    """
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"<url><loc>{escape(site_url + page)}</loc></url>" for page in pages]
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")
