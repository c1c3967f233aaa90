"""The annotation and registry formats as typed, immutable models (no I/O here).

Field names are the YAML keys an annotator writes; ``extra="forbid"`` makes a misspelt key an
error instead of silently dropped data. Controlled values (kinds, statuses, certainty…) are
``Literal``s whose members are also the SKOS concepts of the ontology.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date as _date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# an id names files of the site (article/ID/claim/ID.jsonld): every file system takes 100 bytes
ID_MAX = 100
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=ID_MAX)]
REFERENCE = "reference"  # marks the fields that name an id (kg.references walks them; its test finds them by it)
Ref = Annotated[Id, REFERENCE]  # an id defined in a registry or in the same annotation
Language = Literal["uk", "bg", "en"]
WikidataId = Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$")]

ActorKind = Literal[
    "person",
    "organisation",
    "state",
    "coalition",
    "outlet",
    "agency",
    "government-body",
    "military-command",
    "group",
]
PlaceKind = Literal["city", "country", "region", "continent"]
UnnamedKind = Literal["anonymous-source", "group"]
EventKind = Literal[
    "meeting",
    "visit",
    "phone-call",
    "conversation",
    "talks",
    "decision",
    "suspension",
]
ParticipantRole = Literal[
    "host",
    "envoy",
    "attendee",
    "visitor",
    "participant",
    "negotiator",
    "caller",
    "callee",
]
AgreementKind = Literal[
    "security-agreement",
    "peace-plan",
    "peace-initiative",
    "military-dialogue",
    "support-commitment",
    "troop-deployment",
    "arms-agreement",
    "peace-agreement",
    "proposal",
]
AgreementStatus = Literal[
    "prospective",
    "proposed",
    "negotiating",
    "being-finalised",
    "agreed",
    "signed",
    "ratified",
    "not-agreed",
    "denied",
]
Certainty = Literal["certain", "probable", "possible", "uncertain"]
Polarity = Literal["affirm", "deny"]
SourceRole = Literal[
    "analyst",
    "official",
    "spokesperson",
    "anonymous-source",
    "news-agency",
    "outlet",
    "head-of-state",
    "government-body",
]

# [0-9], never \d: in Python and in pydantic's Rust regexes \d is any Unicode digit ('٢٠٢٦'),
# and int() would read those as a year
_DATE_FORMATS = {
    r"[0-9]{4}": "year",
    r"[0-9]{4}-[0-9]{2}": "month",
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}": "day",
    r"--[0-9]{2}-[0-9]{2}": "month-day",
}


def date_precision(value: str) -> str:
    """The precision of an ISO 8601 date as written: ``day``, ``month``, ``year`` or ``month-day``.

    >>> date_precision("2026-02"), date_precision("--04-22")
    ('month', 'month-day')
    """
    for pattern, precision in _DATE_FORMATS.items():
        if re.fullmatch(pattern, value):
            return precision
    raise ValueError(value)


def _check_date(value: Any) -> Any:
    if not isinstance(value, str):
        return value  # the str type check reports it
    try:
        precision = date_precision(value)
        year, month, day = (value.replace("--", "2000-") + "-01-01").split("-")[:3]
        _date(int(year), int(month), int(day))
        if precision == "month-day" and (month, day) == ("02", "29"):
            raise ValueError(value)
    except ValueError:
        raise PydanticCustomError(
            "date",
            "invalid date '{value}' (expected YYYY-MM-DD, YYYY-MM, YYYY or --MM-DD, as precise as the article is)",
            {"value": value},
        ) from None
    return value


DURATION_PATTERN = r"^P[0-9]+[YMD]$"
# for editors; _check_date has the last word
DATE_PATTERN = r"^(?:[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?|--[0-9]{2}-[0-9]{2})$"
DateValue = Annotated[
    str,
    BeforeValidator(_check_date, json_schema_input_type=Annotated[str, StringConstraints(pattern=DATE_PATTERN)]),
]


# Bidirectional embeddings, overrides, isolates and marks: invisible, they reorder what a reader
# sees of the text around them (the "Trojan Source" attack), on the site and in every RDF viewer.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_BIDI_CLASS = r"\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"  # escapes, so that the schema shows them
# for editors (no bidi control, one character that is not a space); _check_text has the last word
TEXT_PATTERN = rf"^[^{_BIDI_CLASS}]*[^\s{_BIDI_CLASS}\u200b\u2060\ufeff][^{_BIDI_CLASS}]*$"


def bidi_control(text: str) -> str | None:
    """The first bidirectional control character in ``text``, if any.

    >>> bidi_control("abc\u202edcba")
    '\u202e'
    """
    return next((c for c in text if c in BIDI_CONTROLS), None)


def _check_text(value: str) -> str:
    control = bidi_control(value)
    if control is not None:
        raise PydanticCustomError(
            "bidi_control",
            "bidirectional control U+{code} in text (expected plain text: it reorders what a reader sees)",
            {"code": f"{ord(control):04X}"},
        )
    if not any(not c.isspace() and unicodedata.category(c) != "Cf" for c in value):
        what = "empty text" if not value else "text of only spaces or invisible characters"
        raise PydanticCustomError("blank_text", f"{what} (expected words)")
    return value


# Words a reader sees: never empty or blank, never a bidirectional control.
Text = Annotated[str, AfterValidator(_check_text), Field(json_schema_extra={"pattern": TEXT_PATTERN})]


def _quote_from_string(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


class QuoteSpec(_Model):
    """Words copied verbatim from the article; ``start`` pins which occurrence is meant."""

    text: Text
    start: Annotated[int, Field(ge=0)] | None = None


# The JSON Schema says what an annotator may write: the words alone, or the words with an offset.
Quote = Annotated[
    QuoteSpec,
    BeforeValidator(
        _quote_from_string, json_schema_input_type=Text | QuoteSpec
    ),
]


class Labels(_Model):
    """A name in each language; English is required so every reader gets one."""

    en: Text
    uk: Text | None = None
    bg: Text | None = None


class Aliases(_Model):
    en: list[Text] = []
    uk: list[Text] = []
    bg: list[Text] = []


# --- registries -----------------------------------------------------------------------


class Actor(_Model):
    id: Id
    kind: ActorKind
    label: Labels
    aliases: Aliases = Aliases()
    wikidata: WikidataId | None = None
    homepage: Text | None = None
    member_of: list[Ref] = []
    note: Text | None = None


class Place(_Model):
    id: Id
    kind: PlaceKind
    label: Labels
    aliases: Aliases = Aliases()
    wikidata: WikidataId | None = None
    country: Ref | None = None  # the state it lies in


class Topic(_Model):
    id: Id
    label: Labels
    definition: Text | None = None


class Registry(_Model):
    actors: list[Actor] = []
    places: list[Place] = []
    topics: list[Topic] = []


# --- one article's annotation ---------------------------------------------------------


class DateConflict(_Model):
    id: Id
    description: Text
    events: list[Ref] = Field(min_length=1)
    quote: Quote


class ArticleMeta(_Model):
    id: Id
    outlet: Ref
    language: Language
    title: Quote
    title_en: Text
    date: DateValue
    date_quote: Quote
    author: Ref | None = None
    links: list[Quote] = []
    cites: list[Ref] = []
    keywords: list[Quote] = []
    body_ends_before: Quote | None = None
    date_conflicts: list[DateConflict] = []


class Mention(_Model):
    """An actor the article names, with the title or role it gives them there."""

    actor: Ref
    quote: Quote
    title: Text | None = None
    title_en: Text | None = None
    of: Ref | None = None
    former: bool = False


class Unnamed(_Model):
    """An actor the article does not name: an anonymous source, unnamed officials."""

    id: Id
    kind: UnnamedKind
    label: Labels
    quote: Quote
    affiliation: Ref | None = None


class Participant(_Model):
    actor: Ref
    role: ParticipantRole = "participant"
    on_behalf_of: Ref | None = None
    quote: Quote | None = None  # the words that give this role, where the event's quote does not


MEETING_KINDS = frozenset({"meeting", "visit", "phone-call", "conversation", "talks"})  # mapped to kg:Meeting


class Event(_Model):
    id: Id
    kind: EventKind
    label: Labels
    quote: Quote
    place: Ref | None = None
    date: DateValue | None = None
    date_quote: Quote | None = None
    year_from_article: bool = False
    planned: bool = False
    participants: list[Participant] = []
    topics: list[Ref] = []


class Agreement(_Model):
    id: Id
    kind: AgreementKind
    label: Labels
    quote: Quote
    status: AgreementStatus
    parties: list[Ref] = []
    term: Annotated[str, StringConstraints(pattern=DURATION_PATTERN)] | None = None
    topics: list[Ref] = []


class RelayReason(_Model):
    """Why a claim's relay chain lacks an agency the article cites as the source of its report."""

    why: Text
    quote: Quote | None = None  # the article's words that show it ("Нагадаємо", "в інтерв'ю Главреду")


class Claim(_Model):
    id: Id
    by: Ref
    quote: Quote
    en: Text
    about: list[Ref] = Field(min_length=1)
    certainty: Certainty
    hedge: Quote | None = None  # the words that carry a certainty other than certain ("може", "ймовірно")
    polarity: Polarity = "affirm"
    as_: SourceRole | None = Field(default=None, alias="as")
    via: list[Ref] = []
    via_reason: RelayReason | None = None
    date: DateValue | None = None
    date_quote: Quote | None = None
    year_from_article: bool = False


class Annotation(_Model):
    article: ArticleMeta
    actors: list[Mention] = []
    unnamed: list[Unnamed] = []
    events: list[Event] = []
    agreements: list[Agreement] = []
    claims: list[Claim] = []

    def actor_ids(self) -> set[str]:
        """The actors the article names: registry ids, and its own unnamed ones as ``ARTICLE/ID``."""
        return {m.actor for m in self.actors} | {f"{self.article.id}/{u.id}" for u in self.unnamed}

    def counts(self) -> tuple[int, int, int, int, int]:
        """Actors, meetings, events, agreements and claims: what the article adds, as ``kg build``
        and ``kg stats`` count it."""
        meetings = sum(event.kind in MEETING_KINDS for event in self.events)
        return len(self.actor_ids()), meetings, len(self.events), len(self.agreements), len(self.claims)


# An article's annotation together with the text it annotates (NFC-normalised).
class Article(_Model):
    annotation: Annotation
    text: str
    source_file: str
    sha256: str
