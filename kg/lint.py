"""``kg lint``: what is valid but weak in the annotations and registries, as warnings.

``kg validate`` refuses what is wrong; this module points at what a reviewer would query: a
claim whose relay chain skips the agency the article cites, a certainty the words do not carry
(a hedged claim with no ``hedge``, a certain one beside "може"), a role or status no word of its
quote supports (the cue words are data, in ``lint_cues.yaml``), a meeting with no date, an entry
nothing uses, a label missing in an article's language, an event dated after the article, two
entries that may be one. Every
warning is a fact about the input; whether it needs fixing is the annotator's call. (A claim
without a certainty is not among them: the model requires one, so ``kg validate`` refuses it.)
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from kg import anchor
from kg.anchor import body_limit
from kg.corpus import Corpus, Origin, read_corpus
from kg.iri import article_path
from kg.model import MEETING_KINDS, Article, Labels, QuoteSpec, date_precision
from kg.references import references, registry_references
from kg.translit import latin

LANGUAGES = ("en", "uk", "bg")
CUES_FILE = "lint_cues.yaml"  # the hedge, role and status cue words, per language
SIMILAR = 0.88  # difflib ratio of two romanised names above which entries may be one
SHORTEST_NAME = 5  # shorter names (US, EU, NATO) are alike by chance


@dataclass(frozen=True, order=True)
class Finding:
    """A weakness at a place in the input.

    >>> str(Finding("seeds/a.yaml", 3, 5, "meeting 'x' has no date"))
    "seeds/a.yaml:3:5: warning: meeting 'x' has no date"
    """

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: warning: {self.message}"


def lint(seeds: Path) -> list[Finding]:
    """Every warning about the valid corpus in ``seeds``, sorted by place.

    Raises :class:`kg.errors.InputError` if the corpus is not valid (lint what validates).
    """
    corpus = read_corpus(seeds)
    checks = (
        _claims,
        _relays,
        _certainty,
        _roles_and_statuses,
        _meetings,
        _dates,
        _wikidata,
        _unused,
        _labels,
        _look_alikes,
    )
    return sorted({w for check in checks for w in check(corpus)})


def _at(origin: Origin | None, message: str) -> Finding:
    path, line, column = origin or ("<unknown>", 1, 1)
    return Finding(path, line, column, message)


def _local(corpus: Corpus, article: Article, kind: str, item_id: str) -> Origin | None:
    return corpus.origin(article_path(article.annotation.article.id, kind, item_id))


def _claims(corpus: Corpus) -> Iterator[Finding]:
    for article in corpus.articles:
        for claim in article.annotation.claims:
            if claim.as_ is None:
                yield _at(
                    _local(corpus, article, "claim", claim.id),
                    f"claim '{claim.id}' does not say in what role '{claim.by}' speaks (add 'as:')",
                )


def _relays(corpus: Corpus) -> Iterator[Finding]:
    """A claim whose chain skips an agency the article cites as the source of its report, unexplained.

    ``cites`` says the report came through those agencies ("з посиланням на Associated Press"), so
    a claim's chain holds them unless ``via_reason`` says why not (the outlet's own reminder of
    earlier news, an interview given to the outlet itself).
    """
    for article in corpus.articles:
        meta = article.annotation.article
        for claim in article.annotation.claims:
            at = _local(corpus, article, "claim", claim.id)
            chain = [claim.by, *claim.via]
            skipped = [agency for agency in meta.cites if agency not in chain]
            if skipped and claim.via_reason is None:
                names = ", ".join(skipped)
                yield _at(
                    at,
                    f"claim '{claim.id}' reached {meta.outlet} without {names}, though the article cites {names}"
                    f" as its source (if it came through them, add them to 'via'; if not, say why in"
                    f" 'via_reason: {{why: …, quote: …}}')",
                )
            elif not skipped and claim.via_reason is not None:
                yield _at(
                    at,
                    f"claim '{claim.id}' has a 'via_reason', but its chain holds every agency the article cites"
                    " (remove it)",
                )


def _certainty(corpus: Corpus) -> Iterator[Finding]:
    """Certainty grounded in words: a hedge for each claim that is not certain, none beside a certain one."""
    for article in corpus.articles:
        cues = _cue_list("hedges", article.annotation.article.language)
        text, limit = article.text, body_limit(article)
        sentences = _sentences(text)
        claims = article.annotation.claims
        hedged = [_span(text, c.hedge, limit) for c in claims if c.hedge and c.certainty != "certain"]
        for claim in claims:
            at = _local(corpus, article, "claim", claim.id)
            start, end = _span(text, claim.quote, limit)
            inside = [i for i, (a, b) in enumerate(sentences) if a < end and start < b] or [0]
            sentence = (sentences[inside[0]][0], sentences[inside[-1]][1])
            found = [
                (word, level, a, b)
                for level, words in cues.items()
                for word, a, b in _find(text, words, *sentence)
                if not any(h_start <= a and b <= h_end for h_start, h_end in hedged)
            ]
            if claim.certainty == "certain":
                if claim.hedge:
                    yield _at(at, f"claim '{claim.id}' is certain but names a hedge (remove it or lower the certainty)")
                for word, level, _, _ in sorted(found, key=lambda f: f[2])[:1]:
                    yield _at(
                        at,
                        f"claim '{claim.id}' is certain, but its sentence says '{word}', which marks a claim"
                        f" {level} (mark it {level} with 'hedge: {word}' if the word hedges this claim)",
                    )
                continue
            if claim.hedge is None:
                hint = f" such as '{found[0][0]}' in its sentence" if found else ""
                yield _at(
                    at,
                    f"claim '{claim.id}' is {claim.certainty}, but names no words that carry the hedge"
                    f" (add 'hedge:' with them{hint}, or mark it certain)",
                )
                continue
            near = (sentences[max(inside[0] - 1, 0)][0], sentences[min(inside[-1] + 1, len(sentences) - 1)][1])
            h_start, h_end = _span(text, claim.hedge, limit)
            if not (near[0] <= h_start and h_end <= near[1]):
                yield _at(
                    at,
                    f"claim '{claim.id}': its hedge '{claim.hedge.text}' is neither in the claim's sentence nor"
                    " next to it (quote the words that hedge this claim; 'start:' picks an occurrence)",
                )


def _roles_and_statuses(corpus: Corpus) -> Iterator[Finding]:
    """A role or status that a small cue list can check, with no word for it in its quote."""
    for article in corpus.articles:
        lang = article.annotation.article.language
        roles, statuses = _cue_list("roles", lang), _cue_list("statuses", lang)
        for event in article.annotation.events:
            for participant in event.participants:
                words = roles.get(participant.role)
                quote = participant.quote or event.quote
                if words and not _find(quote.text, words):
                    yield _at(
                        _local(corpus, article, "event", event.id),
                        f"participant '{participant.actor}' of {event.kind} '{event.id}' is '{participant.role}',"
                        f" but its quote has no word that says so (such as {_examples(words)}): quote the words"
                        " that give the role in the participant's 'quote', or use a role that says only what"
                        " is printed",
                    )
        for agreement in article.annotation.agreements:
            words = statuses.get(agreement.status)
            if words and not _find(agreement.quote.text, words):
                yield _at(
                    _local(corpus, article, "agreement", agreement.id),
                    f"agreement '{agreement.id}' is '{agreement.status}', but its quote has no word that says so"
                    f" (such as {_examples(words)}): quote the words that give the status, or use the status"
                    " they support",
                )


@functools.cache
def _cues() -> dict[str, Any]:
    data = yaml.safe_load(resources.files("kg").joinpath(CUES_FILE).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _cue_list(section: str, lang: str) -> dict[str, list[str]]:
    """The cue words of one section for one language, by value: ``{"possible": ["може", …], …}``.

    >>> _cue_list("statuses", "uk")["signed"]
    ['підписа*', 'підписан*']
    """
    table = _cues()[section]
    if section == "hedges":
        return {level: list(words) for level, words in table.get(lang, {}).items()}
    return {value: list(by_lang.get(lang, [])) for value, by_lang in table.items() if by_lang.get(lang)}


def _find(text: str, words: list[str], start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    """Each cue word found in ``text[start:end]`` as a whole word (``*`` ends a stem), with its place.

    >>> _find("Вони підписали угоду, а не може", ["підписа*", "може"])
    [('підписали', 5, 14), ('може', 27, 31)]
    """
    found = []
    for word in words:
        stem = re.escape(word.removesuffix("*")).replace(r"\ ", r"\s+")
        pattern = rf"(?<!\w){stem}\w*" if word.endswith("*") else rf"(?<!\w){stem}(?!\w)"
        for match in re.compile(pattern, re.IGNORECASE).finditer(text, start, len(text) if end is None else end):
            found.append((match.group(), match.start(), match.end()))
    return sorted(found, key=lambda f: f[1])


def _examples(words: list[str]) -> str:
    return ", ".join(f"'{w.removesuffix('*')}…'" if w.endswith("*") else f"'{w}'" for w in words[:3])


_SENTENCE_END = re.compile(r"\n+|(?<=[.!?…])[\"»“”']?\s*(?=[\"«„“A-ZА-ЯЁІЇЄҐ]|$)")


def _sentences(text: str) -> list[tuple[int, int]]:
    """The spans of the text's sentences: a sentence ends at a line break, or at . ! ? … before a capital.

    >>> text = "Перше речення.Друге, а. б! Третє"
    >>> [text[a:b] for a, b in _sentences(text)]
    ['Перше речення.', 'Друге, а. б!', 'Третє']
    """
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = max(start, match.end())
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _span(text: str, quote: QuoteSpec, limit: int | None) -> tuple[int, int]:
    found = anchor.locate(text, quote.text, quote.start, limit=limit)
    return found.start, found.end


def _meetings(corpus: Corpus) -> Iterator[Finding]:
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


def _dates(corpus: Corpus) -> Iterator[Finding]:
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


def _wikidata(corpus: Corpus) -> Iterator[Finding]:
    for section, kind in (("actors", "actor"), ("places", "place")):
        for entry in getattr(corpus.registry, section):
            if entry.wikidata is None:
                yield _at(corpus.origin(f"{kind}/{entry.id}"), f"{kind} '{entry.id}' has no Wikidata id")


def _unused(corpus: Corpus) -> Iterator[Finding]:
    used = {ref.id for article in corpus.articles for ref in references(article.annotation)}
    used |= {ref.id for ref in registry_references(corpus.registry)}
    for section, kind in (("actors", "actor"), ("places", "place"), ("topics", "topic")):
        for entry in getattr(corpus.registry, section):
            if entry.id not in used:
                yield _at(corpus.origin(f"{kind}/{entry.id}"), f"{kind} '{entry.id}' is used by no article")


def _labels(corpus: Corpus) -> Iterator[Finding]:
    """A label in each language of the articles that name the entry; local labels in their article's."""
    named_in: dict[str, set[str]] = {}
    for article in corpus.articles:
        for ref in references(article.annotation):
            named_in.setdefault(ref.id, set()).add(article.annotation.article.language)
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


def _look_alikes(corpus: Corpus) -> Iterator[Finding]:
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
