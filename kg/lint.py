"""``kg lint``: what is valid but weak in the annotations and registries, as warnings.

``kg validate`` refuses what is wrong; this module points at what a reviewer would query: a
claim with no relay chain, a meeting with no date, an entry nothing uses, a label missing in an
article's language, an event dated after the article, two entries that may be one. Every
warning is a fact about the input; whether it needs fixing is the annotator's call. (A claim
without a certainty is not among them: the model requires one, so ``kg validate`` refuses it.)
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.corpus import Corpus, Origin, read_corpus
from kg.load import read_document
from kg.mapping import MEETING_KINDS
from kg.model import Annotation, Article, Labels, date_precision
from kg.translit import latin

LANGUAGES = ("en", "uk", "bg")
MEDIA = {"outlet", "agency"}
SIMILAR = 0.88  # difflib ratio of two romanised names above which entries may be one
SHORTEST_NAME = 5  # shorter names (US, EU, NATO) are alike by chance


@dataclass(frozen=True, order=True)
class Warning:
    """A weakness at a place in the input.

    >>> str(Warning("seeds/a.yaml", 3, 5, "meeting 'x' has no date"))
    "seeds/a.yaml:3:5: warning: meeting 'x' has no date"
    """

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: warning: {self.message}"


def lint(seeds: Path) -> list[Warning]:
    """Every warning about the valid corpus in ``seeds``, sorted by place.

    Raises :class:`kg.errors.InputError` if the corpus is not valid (lint what validates).
    """
    corpus = read_corpus(seeds)
    checks = (_claims, _meetings, _dates, _wikidata, _unused, _labels, _look_alikes)
    return sorted({w for check in checks for w in check(corpus)})


def _at(origin: Origin | None, message: str) -> Warning:
    path, line, column = origin or ("<unknown>", 1, 1)
    return Warning(path, line, column, message)


def _local(corpus: Corpus, article: Article, kind: str, item_id: str) -> Origin | None:
    return corpus.origin(f"article/{article.annotation.article.id}/{kind}/{item_id}")


def _claims(corpus: Corpus) -> Iterator[Warning]:
    kinds = {a.id: a.kind for a in corpus.registry.actors}
    for article in corpus.articles:
        meta = article.annotation.article
        path = corpus.origin(f"article/{meta.id}")
        written = read_document(Path(path[0]), path[0]).data.get("claims") or [] if path else []
        for i, claim in enumerate(article.annotation.claims):
            at = _local(corpus, article, "claim", claim.id)
            if claim.as_ is None:
                yield _at(at, f"claim '{claim.id}' does not say in what role '{claim.by}' speaks (add 'as:')")
            # A source that is not itself a medium reached the outlet somehow; an explicit `via: []`
            # is the annotator saying it was told to the outlet directly.
            said_directly = i < len(written) and isinstance(written[i], dict) and "via" in written[i]
            if not claim.via and meta.cites and kinds.get(claim.by) not in MEDIA and not said_directly:
                yield _at(
                    at,
                    f"claim '{claim.id}' has no relay chain ('via') though the article cites {', '.join(meta.cites)}"
                    f" (if it came through them, add 'via: [{meta.cites[0]}]'; if '{claim.by}' told it to"
                    f" {meta.outlet} directly, write 'via: []')",
                )


def _meetings(corpus: Corpus) -> Iterator[Warning]:
    for article in corpus.articles:
        for event in article.annotation.events:
            if event.kind not in MEETING_KINDS:
                continue
            missing = [] if event.date else ["a date"]
            if event.place is None and event.kind != "phone-call":  # a call happens in two places
                missing.append("a place")
            if missing:
                yield _at(
                    _local(corpus, article, "event", event.id),
                    f"{event.kind} '{event.id}' has no {' and no '.join(m.removeprefix('a ') for m in missing)}"
                    " (add it if the article gives it)",
                )


def _dates(corpus: Corpus) -> Iterator[Warning]:
    """Events and claims dated after the article that reports them, unless flagged as a conflict."""
    for article in corpus.articles:
        meta = article.annotation.article
        flagged = {ref for conflict in meta.date_conflicts for ref in conflict.events}
        dated: list[tuple[str, str, str | None, bool]] = [
            ("event", e.id, e.date, e.planned) for e in article.annotation.events
        ]
        dated += [("claim", c.id, c.date, False) for c in article.annotation.claims]
        for kind, item_id, date, planned in dated:
            if date is None or planned or item_id in flagged:
                continue
            at = _local(corpus, article, kind, item_id)
            if date_precision(date) == "month-day":
                if date_precision(meta.date) == "day" and date[2:] > meta.date[4:]:
                    yield _at(
                        at,
                        f"{kind} '{item_id}' is dated {date}, after the article's {meta.date} in its year: "
                        "it must be of an earlier year (flag it under the article's date_conflicts)",
                    )
            elif _after(date, meta.date):
                yield _at(
                    at,
                    f"{kind} '{item_id}' is dated {date}, after the article's date {meta.date} "
                    "(mark it planned, correct a date, or flag it under the article's date_conflicts)",
                )


def _after(date: str, article_date: str) -> bool:
    """True when ``date`` lies wholly after ``article_date`` (ISO dates of any precision but month-day).

    >>> _after("2026-02", "2026-01-06"), _after("2026", "2026-01-06"), _after("2026-01-07", "2026-01")
    (True, False, False)
    """
    if date_precision(article_date) == "month-day":
        return False
    common = min(len(date), len(article_date))
    return date[:common] > article_date[:common]


def _wikidata(corpus: Corpus) -> Iterator[Warning]:
    for section, kind in (("actors", "actor"), ("places", "place")):
        for entry in getattr(corpus.registry, section):
            if entry.wikidata is None:
                yield _at(corpus.origin(f"{kind}/{entry.id}"), f"{kind} '{entry.id}' has no Wikidata id")


def references(note: Annotation) -> set[str]:
    """Every id an annotation refers to (registry or local)."""
    meta = note.article
    found = {meta.outlet, *meta.cites, *(ref for c in meta.date_conflicts for ref in c.events)}
    found |= {meta.author} if meta.author else set()
    for mention in note.actors:
        found |= {mention.actor} | ({mention.of} if mention.of else set())
    found |= {u.affiliation for u in note.unnamed if u.affiliation}
    for event in note.events:
        found |= {event.place} if event.place else set()
        found |= {p.actor for p in event.participants} | {p.on_behalf_of for p in event.participants if p.on_behalf_of}
        found |= set(event.topics)
    for agreement in note.agreements:
        found |= {*agreement.parties, *agreement.topics}
    for claim in note.claims:
        found |= {claim.by, *claim.via, *claim.about}
    return found


def _unused(corpus: Corpus) -> Iterator[Warning]:
    used = {ref for article in corpus.articles for ref in references(article.annotation)}
    used |= {ref for actor in corpus.registry.actors for ref in actor.member_of}
    used |= {place.country for place in corpus.registry.places if place.country}
    for section, kind in (("actors", "actor"), ("places", "place"), ("topics", "topic")):
        for entry in getattr(corpus.registry, section):
            if entry.id not in used:
                yield _at(corpus.origin(f"{kind}/{entry.id}"), f"{kind} '{entry.id}' is used by no article")


def _labels(corpus: Corpus) -> Iterator[Warning]:
    """A label in each language of the articles that name the entry; local labels in their article's."""
    named_in: dict[str, set[str]] = {}
    for article in corpus.articles:
        for ref in references(article.annotation):
            named_in.setdefault(ref, set()).add(article.annotation.article.language)
    for section, kind in (("actors", "actor"), ("places", "place"), ("topics", "topic")):
        for entry in getattr(corpus.registry, section):
            missing = sorted(lang for lang in named_in.get(entry.id, ()) if getattr(entry.label, lang) is None)
            if missing:
                languages = " and ".join(missing)
                yield _at(
                    corpus.origin(f"{kind}/{entry.id}"),
                    f"{kind} '{entry.id}' has no {languages} label, though an article in {languages} names it",
                )
    for article in corpus.articles:
        lang = article.annotation.article.language
        note = article.annotation
        local: list[tuple[str, str, Labels]] = [("actor", u.id, u.label) for u in note.unnamed]
        local += [("event", e.id, e.label) for e in note.events]
        local += [("agreement", a.id, a.label) for a in note.agreements]
        for kind, item_id, label in local:
            if getattr(label, lang) is None:
                yield _at(
                    _local(corpus, article, kind, item_id),
                    f"{'unnamed actor' if kind == 'actor' else kind} '{item_id}' has no {lang} label, "
                    f"the language of its article",
                )


def _names(entry: Any) -> dict[str, str]:
    """The entry's labels and aliases in every language, romanised, each with one original spelling."""
    aliases = getattr(entry, "aliases", None)
    names = [getattr(entry.label, lang) for lang in LANGUAGES]
    names += [n for lang in LANGUAGES for n in (getattr(aliases, lang) if aliases else [])]
    return {latin(n): n for n in reversed(names) if n and len(n) >= SHORTEST_NAME}


def _look_alikes(corpus: Corpus) -> Iterator[Warning]:
    """Entries of one registry section whose names, romanised, are nearly the same."""
    for section, kind in (("actors", "actor"), ("places", "place"), ("topics", "topic")):
        entries = [(e.id, _names(e)) for e in getattr(corpus.registry, section)]
        for (first, names_a), (second, names_b) in itertools.combinations(entries, 2):
            pairs = itertools.product(sorted(names_a), sorted(names_b))
            scores = ((difflib.SequenceMatcher(None, x, y).ratio(), x, y) for x, y in pairs)
            score, name_a, name_b = max(scores, default=(0.0, "", ""))
            if score < SIMILAR:
                continue
            at_a, at_b = corpus.origin(f"{kind}/{first}"), corpus.origin(f"{kind}/{second}")
            if (at_a or ("", 0, 0)) > (at_b or ("", 0, 0)):  # warn at the one written later
                first, second, name_a, name_b, at_b = second, first, name_b, name_a, at_a
                names_a, names_b = names_b, names_a
            yield _at(
                at_b,
                f"{kind} '{second}' may be the same as '{first}': their names '{names_b[name_b]}' and "
                f"'{names_a[name_a]}' are alike (merge them if they are one)",
            )
