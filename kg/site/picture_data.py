"""What the pictures show, read from the graph: the dated things of the timeline, and the
meetings, events and agreements of the network with the actors linked to each."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from rdflib import Literal, URIRef

from kg.site import pictures
from kg.site.graph_view import Site
from kg.vocab import DCTERMS, KG, RDF, SCHEMA

UNDATED = "undated"


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


def network_things(site: Site) -> list[NetworkThing]:
    """Every meeting, event and agreement with a page and at least one actor with a page."""
    by_thing: dict[str, list[pictures.Link]] = defaultdict(list)
    for link in links(site):
        by_thing[link.thing_href].append(link)
    things = []
    for href, found in sorted(by_thing.items()):
        iri = site.iri_of[href]
        article = site.one(iri, KG.reportedIn)
        issued = site.one(article, DCTERMS.issued) if article is not None else None
        own = site.one(iri, KG.date) or site.one(iri, KG.statusAsOf)
        date = str(own) if own is not None else ""
        dated = date if re.match(r"[0-9]{4}-[0-9]{2}", date) else str(issued or "")
        things.append(
            NetworkThing(
                label=found[0].thing,
                href=href,
                kind=found[0].kind,
                date=date or str(issued or ""),
                when=dated,
                month=dated[:7] if re.match(r"[0-9]{4}-[0-9]{2}", dated) else UNDATED,
                article=site.label(article).text if article is not None else "",
                article_href=site.pages.get(URIRef(str(article)), "") if article is not None else "",
                actors=tuple(sorted({(link.actor, link.actor_href) for link in found})),
            )
        )
    return things


def dated(site: Site) -> list[pictures.Dated]:
    """The timeline's rows: every event, claim and article with a date, as precise as it is."""
    rows = []
    for prop, kinds in ((KG.date, "event"), (KG.claimDate, "claim"), (DCTERMS.issued, "article")):
        for subject, value in site.graph.subject_objects(prop):
            if subject in site.pages and isinstance(value, Literal) and subject not in site.described:
                precision = site.one(subject, KG.datePrecision)
                rows.append(
                    pictures.Dated(
                        label=site.label(subject).text,
                        href=site.pages[URIRef(str(subject))],
                        value=str(value),
                        datatype=str(value.datatype or ""),
                        precision=site.label(precision).text if precision else "",
                        year_from_article=(subject, KG.yearFromArticle, Literal(True)) in site.graph,
                        kind=kinds,
                    )
                )
    return sorted(rows)


def links(site: Site) -> list[pictures.Link]:
    """A line of the network: a participant of an event, or a party to an agreement."""
    found = []
    for prop, kind in ((SCHEMA.participant, "meeting"), (KG.party, "agreement")):
        for thing, actor in site.graph.subject_objects(prop):
            if thing in site.pages and actor in site.pages:
                event_kind = "meeting" if (thing, RDF.type, KG.Meeting) in site.graph else kind
                if prop == SCHEMA.participant and event_kind != "meeting":
                    event_kind = "event"
                found.append(
                    pictures.Link(
                        thing=site.label(thing).text,
                        thing_href=site.pages[URIRef(str(thing))],
                        kind=event_kind,
                        actor=site.label(actor).text,
                        actor_href=site.pages[URIRef(str(actor))],
                    )
                )
    return sorted(set(found))
