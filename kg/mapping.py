"""Map a checked corpus to RDF: pure, no I/O, stable readable IRIs, no blank nodes.

Each article's statements go in a named graph of their own, so a store can replace one
article; registry entities go in one shared graph. IRIs are built from ids the annotators
chose, under a configurable base, so they stay put when files are re-ordered.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable

from rdflib import URIRef

from kg import anchor
from kg.anchor import body_limit
from kg.corpus import Corpus
from kg.iri import DCTERMS, KG, OA, OWL, PROV, RDF, SCHEMA, SKOS, WD, XSD, article_path, graph_path
from kg.model import (
    MEETING_KINDS,
    Actor,
    Agreement,
    Article,
    Claim,
    Event,
    Labels,
    Place,
    QuoteSpec,
    Topic,
    date_precision,
)
from kg.ntriples import Lit, lit, term

ACTOR_CLASSES = {
    "person": KG.Person,
    "organisation": KG.Organization,
    "state": KG.State,
    "coalition": KG.Coalition,
    "outlet": KG.MediaOutlet,
    "agency": KG.NewsAgency,
    "government-body": KG.GovernmentBody,
    "military-command": KG.MilitaryCommand,
    "group": KG.Group,
    "anonymous-source": KG.AnonymousSource,
}
# Each kg class's kg superclasses, as the rdfs:subClassOf tree of ontology/kg.ttl has them
# (tests/test_model.py fails when the two disagree). They are written into the data beside the
# class itself, so `?e a kg:Event` finds meetings and `?x a kg:Actor` every actor without the
# ontology graph or a reasoner. Superclasses outside kg (schema:, prov:, foaf:, sem:, org:) are
# not: they are one `rdf:type/rdfs:subClassOf*` away in the ontology graph every dump carries.
SUPERCLASSES: dict[str, tuple[str, ...]] = {
    KG.Person: (KG.Actor,),
    KG.Organization: (KG.Actor,),
    KG.State: (KG.Actor,),
    KG.Coalition: (KG.Organization, KG.Actor),
    KG.GovernmentBody: (KG.Organization, KG.Actor),
    KG.MilitaryCommand: (KG.GovernmentBody, KG.Organization, KG.Actor),
    KG.MediaOutlet: (KG.Organization, KG.Actor),
    KG.NewsAgency: (KG.MediaOutlet, KG.Organization, KG.Actor),
    KG.Group: (KG.Actor,),
    KG.AnonymousSource: (KG.Actor,),
    KG.Meeting: (KG.Event,),
}
_DATATYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear, "month-day": XSD.gMonthDay}


def concept(scheme: str, value: str) -> str:
    """The SKOS concept for a controlled value, e.g. ``concept("status", "agreed")``.

    >>> concept("status", "being-finalised")
    rdflib.term.URIRef('https://example.org/kg/ontology#status-being-finalised')
    """
    return URIRef(_concept(scheme, value))


def _concept(scheme: str, value: str) -> str:
    return KG[f"{scheme}-{value}"]


def date_literal(value: str) -> Lit:
    """An ISO date typed by its precision: ``2026`` is an ``xsd:gYear``, ``--04-22`` a ``gMonthDay``."""
    return lit(value, datatype=_DATATYPES[date_precision(value)])


def date_interval(value: str) -> tuple[str, str] | None:
    """The first and last day a date stands for, as ISO dates; None without a year.

    >>> date_interval("2021"), date_interval("2024-02"), date_interval("2026-01-06")
    (('2021-01-01', '2021-12-31'), ('2024-02-01', '2024-02-29'), ('2026-01-06', '2026-01-06'))
    >>> date_interval("--04-22") is None
    True
    """
    precision = date_precision(value)
    if precision == "year":
        return f"{value}-01-01", f"{value}-12-31"
    if precision == "month":
        year, month = (int(part) for part in value.split("-"))
        return f"{value}-01", f"{value}-{calendar.monthrange(year, month)[1]:02d}"
    if precision == "day":
        return value, value
    return None  # a day and month whose year the article does not give: nothing to invent


def graph_iri(base: str, name: str) -> URIRef:
    return URIRef(base + graph_path(name))


def registry_lines(corpus: Corpus, *, base: str) -> list[str]:
    """The registry graph's triples as N-Triples lines (unsorted, no newline)."""
    mapper = _Mapper(base, registry_kinds(corpus))
    mapper.registry(corpus)
    return mapper.lines


def article_lines(article: Article, kinds: dict[str, str], *, base: str) -> list[str]:
    """One article's graph as N-Triples lines (unsorted, no newline); ``kinds`` from :func:`registry_kinds`."""
    mapper = _Mapper(base, kinds)
    mapper.article(article)
    return mapper.lines


def registry_kinds(corpus: Corpus) -> dict[str, str]:
    """Each registry id and the path its IRIs go under: ``actor``, ``place`` or ``topic``."""
    registry = corpus.registry
    kinds = {e.id: "actor" for e in registry.actors} | {e.id: "place" for e in registry.places}
    return kinds | {e.id: "topic" for e in registry.topics}


class _Mapper:
    def __init__(self, base: str, kinds: dict[str, str]) -> None:
        self.base = base
        self.lines: list[str] = []
        self.kinds = kinds  # registry id -> "actor", "place" or "topic"
        self.local: dict[str, str] = {}  # article-local id -> IRI path

    def add(self, subject: str, predicate: str, value: str | None) -> None:
        if value is not None:
            self.lines.append(f"<{subject}> <{predicate}> {term(value)} .")

    def typed(self, subject: str, cls: str) -> None:
        """``subject a cls``, and ``a`` each of its kg superclasses (:data:`SUPERCLASSES`)."""
        for each in (cls, *SUPERCLASSES.get(cls, ())):
            self.add(subject, RDF.type, each)

    def iri(self, path: str) -> str:
        return self.base + path

    # --- registry -----------------------------------------------------------------------

    def registry(self, corpus: Corpus) -> None:
        for actor in corpus.registry.actors:
            self.actor(actor)
        for place in corpus.registry.places:
            self.place(place)
        scheme = self.iri("topics")
        self.typed(scheme, SKOS.ConceptScheme)
        self.add(scheme, SKOS.prefLabel, lit("Topics of the news articles", lang="en"))
        self.add(scheme, SKOS.prefLabel, lit("Теми новинних статей", lang="uk"))
        for topic in corpus.registry.topics:
            self.topic(topic, scheme)

    def labels(self, subject: str, entry: Actor | Place | Topic) -> None:
        for lang in ("en", "uk", "bg"):
            text = getattr(entry.label, lang)
            self.add(subject, SKOS.prefLabel, lit(text, lang=lang) if text else None)
            for alias in getattr(getattr(entry, "aliases", None), lang, []) or []:
                self.add(subject, SKOS.altLabel, lit(alias, lang=lang))

    def actor(self, actor: Actor) -> None:
        subject = self.iri(f"actor/{actor.id}")
        self.typed(subject, ACTOR_CLASSES[actor.kind])
        self.labels(subject, actor)
        self.add(subject, OWL.sameAs, WD[actor.wikidata] if actor.wikidata else None)
        self.add(subject, SCHEMA.url, actor.homepage if actor.homepage else None)
        self.add(subject, SKOS.note, lit(actor.note, lang="en") if actor.note else None)
        for ref in actor.member_of:
            self.add(subject, KG.memberOf, self.iri(f"actor/{ref}"))

    def place(self, place: Place) -> None:
        subject = self.iri(f"place/{place.id}")
        self.typed(subject, KG.Place)
        self.add(subject, KG.placeKind, _concept("place", place.kind))
        self.labels(subject, place)
        self.add(subject, OWL.sameAs, WD[place.wikidata] if place.wikidata else None)
        self.add(subject, SCHEMA.containedInPlace, self.iri(f"actor/{place.country}") if place.country else None)

    def topic(self, topic: Topic, scheme: str) -> None:
        subject = self.iri(f"topic/{topic.id}")
        self.typed(subject, KG.Topic)
        self.add(subject, SKOS.inScheme, scheme)
        self.labels(subject, topic)
        self.add(subject, SKOS.definition, lit(topic.definition, lang="en") if topic.definition else None)

    # --- one article --------------------------------------------------------------------

    def article(self, article: Article) -> None:
        note = article.annotation
        meta = note.article
        lang = meta.language
        self.lang = lang
        self.text = article.text
        self.limit = body_limit(article)
        self.subject = self.iri(article_path(meta.id))
        self.local = {i.id: article_path(meta.id, "actor", i.id) for i in note.unnamed}
        self.local |= {i.id: article_path(meta.id, "event", i.id) for i in note.events}
        self.local |= {i.id: article_path(meta.id, "agreement", i.id) for i in note.agreements}
        self.local |= {i.id: article_path(meta.id, "claim", i.id) for i in note.claims}
        a = self.subject
        self.typed(a, KG.Article)
        self.add(a, DCTERMS.identifier, lit(meta.id))
        self.add(a, DCTERMS.title, lit(meta.title.text, lang=lang))
        self.add(a, DCTERMS.title, lit(meta.title_en, lang="en"))
        self.add(a, SCHEMA.inLanguage, lit(lang))
        self.add(a, DCTERMS.publisher, self.ref(meta.outlet))
        self.add(a, DCTERMS.creator, self.ref(meta.author) if meta.author else None)
        self.add(a, DCTERMS.issued, date_literal(meta.date))
        self.add(a, KG.datePrecision, _concept("precision", date_precision(meta.date)))
        self.interval(a, meta.date)
        self.add(a, KG.printedDate, lit(meta.date_quote.text))
        self.add(a, KG.sourceFile, lit(article.source_file))
        self.add(a, KG.sha256, lit(article.sha256))
        self.add(a, KG.textLength, lit(len(article.text)))
        self.add(a, KG.bodyEnd, lit(self.limit) if self.limit is not None else None)
        for ref in meta.cites:
            self.add(a, KG.cites, self.ref(ref))
        for link in meta.links:
            self.add(a, DCTERMS.references, link.text)
            self.evidence(a, link, f"{a}/evidence/link-{meta.links.index(link) + 1}", DCTERMS.references)
        for keyword in meta.keywords:
            self.add(a, SCHEMA.keywords, lit(keyword.text, lang=lang))
        self.evidence(a, meta.title, f"{a}/evidence/title", DCTERMS.title)
        self.evidence(a, meta.date_quote, f"{a}/evidence/date", DCTERMS.issued)
        for ref in sorted(self.mentioned(article)):
            self.add(a, SCHEMA.mentions, self.ref(ref))
        self.mentions(article)
        for unnamed in note.unnamed:
            subject = self.ref(unnamed.id)
            self.local_node(subject, ACTOR_CLASSES[unnamed.kind], unnamed.label)
            self.add(subject, KG.affiliation, self.ref(unnamed.affiliation) if unnamed.affiliation else None)
            self.evidence(subject, unnamed.quote)
        for event in note.events:
            self.event(event)
        for agreement in note.agreements:
            self.agreement(agreement, meta.date)
        for claim in note.claims:
            self.claim(claim, meta.outlet)
        for conflict in meta.date_conflicts:
            subject = self.iri(article_path(meta.id, "date-conflict", conflict.id))
            self.typed(subject, KG.DateConflict)
            self.add(a, KG.dateConflict, subject)
            self.add(subject, KG.conflictingArticleDate, date_literal(meta.date))
            self.add(subject, SKOS.definition, lit(" ".join(conflict.description.split()), lang="en"))
            for ref in conflict.events:
                self.add(subject, KG.conflictingEvent, self.ref(ref))
            self.evidence(subject, conflict.quote)

    def ref(self, ref: str) -> str:
        """The IRI an id stands for: article-local first, then the registry."""
        if ref in self.local:
            return self.iri(self.local[ref])
        return self.iri(f"{self.kinds[ref]}/{ref}")

    def mentioned(self, article: Article) -> set[str]:
        note = article.annotation
        return {m.actor for m in note.actors} | {u.id for u in note.unnamed}

    def mentions(self, article: Article) -> None:
        counts: Counter[str] = Counter()
        for mention in article.annotation.actors:
            counts[mention.actor] += 1
            name = f"{mention.actor}-{counts[mention.actor]}"
            body = self.ref(mention.actor)
            if mention.title:
                body = self.iri(article_path(article.annotation.article.id, "office", name))
                self.typed(body, KG.Office)
                self.add(body, KG.holder, self.ref(mention.actor))
                self.add(body, SCHEMA.roleName, lit(mention.title, lang=self.lang))
                self.add(body, SCHEMA.roleName, lit(mention.title_en, lang="en") if mention.title_en else None)
                self.add(body, KG.organization, self.ref(mention.of) if mention.of else None)
                self.add(body, KG.former, lit(True) if mention.former else None)
                self.add(body, KG.reportedIn, self.subject)
            self.evidence(body, mention.quote, f"{self.subject}/mention/{name}")

    def local_node(self, subject: str, cls: str, label: Labels) -> None:
        self.typed(subject, cls)
        self.add(subject, KG.reportedIn, self.subject)
        for lang in ("en", "uk", "bg"):
            text = getattr(label, lang)
            self.add(subject, SKOS.prefLabel, lit(text, lang=lang) if text else None)

    def dated(self, subject: str, item: Event | Claim, predicate: str) -> None:
        if item.date is None or item.date_quote is None:
            return
        self.add(subject, predicate, date_literal(item.date))
        self.add(subject, KG.datePrecision, _concept("precision", date_precision(item.date)))
        self.add(subject, KG.yearFromArticle, lit(True) if item.year_from_article else None)
        self.interval(subject, item.date)
        self.evidence(subject, item.date_quote, f"{subject}/evidence/date", predicate)

    def interval(self, subject: str, value: str) -> None:
        """The days a date may stand for, so that dates of every precision order together."""
        days = date_interval(value)
        if days is not None:
            self.add(subject, KG.earliestDate, lit(days[0], datatype=XSD.date))
            self.add(subject, KG.latestDate, lit(days[1], datatype=XSD.date))

    def event(self, event: Event) -> None:
        subject = self.ref(event.id)
        self.local_node(subject, KG.Meeting if event.kind in MEETING_KINDS else KG.Event, event.label)
        self.add(subject, KG.eventKind, _concept("event", event.kind))
        self.add(subject, KG.place, self.iri(f"place/{event.place}") if event.place else None)
        self.add(subject, KG.planned, lit(True) if event.planned else None)
        self.dated(subject, event, KG.date)
        for topic in event.topics:
            self.add(subject, KG.topic, self.iri(f"topic/{topic}"))
        for participant in event.participants:
            role = f"{subject}/participant/{participant.actor}"
            self.add(subject, SCHEMA.participant, self.ref(participant.actor))
            self.add(subject, KG.participation, role)
            self.typed(role, KG.Participation)
            self.add(role, KG.actor, self.ref(participant.actor))
            self.add(role, KG.roleType, _concept("role", participant.role))
            self.add(role, KG.onBehalfOf, self.ref(participant.on_behalf_of) if participant.on_behalf_of else None)
            if participant.quote:
                self.evidence(role, participant.quote, supports=KG.roleType)
        self.evidence(subject, event.quote)

    def agreement(self, agreement: Agreement, as_of: str) -> None:
        subject = self.ref(agreement.id)
        self.local_node(subject, KG.Agreement, agreement.label)
        self.add(subject, KG.agreementKind, _concept("agreement", agreement.kind))
        self.add(subject, KG.status, _concept("status", agreement.status))
        self.add(subject, KG.statusAsOf, date_literal(as_of))
        self.add(subject, KG["term"], lit(agreement.term, datatype=XSD.duration) if agreement.term else None)
        for party in agreement.parties:
            self.add(subject, KG.party, self.ref(party))
        for topic in agreement.topics:
            self.add(subject, KG.topic, self.iri(f"topic/{topic}"))
        self.evidence(subject, agreement.quote)

    def claim(self, claim: Claim, outlet: str) -> None:
        subject = self.ref(claim.id)
        self.typed(subject, KG.Claim)
        self.add(subject, KG.reportedIn, self.subject)
        self.add(subject, SKOS.prefLabel, lit(claim.en, lang="en"))
        self.add(subject, KG.quote, lit(anchor.normalise(claim.quote.text), lang=self.lang))
        self.add(subject, PROV.wasAttributedTo, self.ref(claim.by))
        attribution = f"{subject}/attribution"
        self.add(subject, PROV.qualifiedAttribution, attribution)
        self.typed(attribution, PROV.Attribution)
        self.add(attribution, PROV.agent, self.ref(claim.by))
        self.add(attribution, PROV.hadRole, _concept("source", claim.as_) if claim.as_ else None)
        self.add(subject, KG.certainty, _concept("certainty", claim.certainty))
        self.add(subject, KG.polarity, _concept("polarity", claim.polarity))
        for ref in claim.about:
            self.add(subject, SCHEMA.about, self.ref(ref))
        self.dated(subject, claim, KG.claimDate)
        self.relays(subject, [claim.by, *claim.via, outlet])
        self.evidence(subject, claim.quote)
        if claim.hedge:  # the words that make it less than certain
            self.evidence(subject, claim.hedge, f"{subject}/evidence/hedge", KG.certainty)
        if claim.via_reason and claim.via_reason.quote:  # the words that say how it reached the outlet
            self.evidence(subject, claim.via_reason.quote, f"{subject}/evidence/relay", KG.relay)

    def relays(self, claim: str, chain: Iterable[str]) -> None:
        """The claim's path to the reader: its source, each relay, and the outlet last."""
        steps = list(dict.fromkeys(chain))  # an outlet speaking for itself is one step, not two
        previous: str | None = None
        for position, agent in enumerate(steps):
            step = f"{claim}/relay/{position}"
            self.add(claim, KG.relay, step)
            self.typed(step, KG.Relay)
            self.add(step, SCHEMA.position, lit(position))
            self.add(step, PROV.wasAttributedTo, self.ref(agent))
            self.add(step, PROV.wasDerivedFrom, previous)
            previous = step
        if previous is not None:
            self.add(claim, KG.publishedAs, previous)
            self.add(previous, DCTERMS.isPartOf, self.subject)

    def evidence(
        self, body: str, quote: QuoteSpec, node: str | None = None, supports: str | None = None
    ) -> None:
        """A Web Annotation tying ``body`` to the exact words of the article that support it."""
        found = anchor.locate(self.text, quote.text, quote.start, limit=self.limit)
        node = node or f"{body}/evidence"
        target, by_quote, by_position = (f"{node}/{part}" for part in ("target", "quote", "position"))
        if str(body).startswith(str(self.subject)):  # a registry entity's graph is not the article's
            self.add(body, KG.evidence, node)
        self.typed(node, OA.Annotation)
        self.add(node, OA.motivatedBy, OA.describing)
        self.add(node, OA.hasBody, body)
        self.add(node, KG.supportsProperty, supports)
        self.add(node, OA.hasTarget, target)
        self.typed(target, OA.SpecificResource)
        self.add(target, OA.hasSource, self.subject)
        self.add(target, OA.hasSelector, by_quote)
        self.add(target, OA.hasSelector, by_position)
        self.typed(by_quote, OA.TextQuoteSelector)
        self.add(by_quote, OA.exact, lit(found.exact))
        self.add(by_quote, OA.prefix, lit(found.prefix))
        self.add(by_quote, OA.suffix, lit(found.suffix))
        self.typed(by_position, OA.TextPositionSelector)
        self.add(by_position, OA.start, lit(found.start))
        self.add(by_position, OA.end, lit(found.end))
