"""Find a quote in its article: the W3C Web Annotation text-quote and text-position selectors.

Offsets count Unicode code points of the NFC-normalised article text, which is what Python's
``str`` indexing gives; the ontology states the same unit.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from kg.model import Article, QuoteSpec
from kg.yaml_input import FieldPath

AFFIX_LENGTH = 32  # code points of the prefix and suffix kept with a quote: enough to re-find it in an edited copy

_QUOTE_MARKS = str.maketrans({c: '"' for c in "«»“”„‟″"} | {c: "'" for c in "’‘ʼ`′"})


@dataclass(frozen=True)
class Anchor:
    """Where a quote stands: ``text[start:end] == exact``."""

    exact: str
    start: int
    end: int
    prefix: str
    suffix: str


class AnchorError(ValueError):
    """A quote is missing, ambiguous or not where its ``start`` says; the message says which."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def normalise(text: str) -> str:
    """NFC, the form offsets are counted in."""
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=4096)  # the corpus checks every quote, the mapper anchors it: located once (an Anchor is immutable)
def locate(text: str, quote: str, start: int | None = None, *, limit: int | None = None) -> Anchor:
    """Anchor ``quote`` in ``text`` (both NFC); ``start`` picks one of several occurrences.

    ``limit`` is where the article's body ends: a quote past it is not the article's.

    >>> locate("a cat and a cat", "cat", 12)
    Anchor(exact='cat', start=12, end=15, prefix='a cat and a ', suffix='')
    """
    quote = normalise(quote)
    found = occurrences(text, quote)
    if limit is not None:
        outside = [at for at in found if at + len(quote) > limit]
        found = [at for at in found if at + len(quote) <= limit]
        if outside and not found:
            raise AnchorError(
                "quote occurs only after the end of the article's body",
                "related headlines and page furniture are not the article; quote the body",
            )
    if not found:
        raise AnchorError("quote does not occur verbatim in the article", _near_miss(text, quote))
    if start is None:
        if len(found) > 1:
            places = ", ".join(map(str, found))
            raise AnchorError(
                f"quote occurs {len(found)} times in the article (at {places})",
                f"add 'start: {found[0]}' (or another of those offsets) to say which",
            )
        start = found[0]
    elif start not in found:
        places = ", ".join(map(str, found))
        raise AnchorError(
            f"quote does not start at offset {start} (it occurs at {places})",
            "offsets count code points of the NFC-normalised text from 0",
        )
    end = start + len(quote)
    return Anchor(quote, start, end, text[max(0, start - AFFIX_LENGTH) : start], text[end : end + AFFIX_LENGTH])


def quotes(value: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, QuoteSpec]]:
    """Every quote in an annotation, with its path: the things that must occur in the text."""
    if isinstance(value, QuoteSpec):
        yield path, value
    elif isinstance(value, BaseModel):
        for name, field in type(value).model_fields.items():
            yield from quotes(getattr(value, name), (*path, field.alias or name))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from quotes(item, (*path, i))


def body_limit(article: Article) -> int | None:
    """Where the article's own text ends (related headlines and page furniture follow)."""
    end = article.annotation.article.body_ends_before
    return locate(article.text, end.text, end.start).start if end else None


def occurrences(text: str, quote: str) -> list[int]:
    """Every offset where ``quote`` starts in ``text``, overlapping ones included.

    >>> occurrences("ha ha ha", "ha ha")
    [0, 3]
    """
    found: list[int] = []
    at = text.find(quote) if quote else -1
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def _near_miss(text: str, quote: str) -> str:
    folded_quote = " ".join(quote.translate(_QUOTE_MARKS).split())
    folded_text = " ".join(text.translate(_QUOTE_MARKS).split())
    if folded_quote in folded_text:
        return "it occurs with other quotation marks, apostrophes or spacing: copy it exactly"
    return "copy the words exactly as printed, in the article's language"
