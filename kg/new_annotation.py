"""``kg new``: a starter annotation for a new article, from what its text shows.

It reads what a program can read reliably — a printed date, a title line, the language from its
letters, web addresses, the registry's names — and leaves the rest to the annotator: fields it
cannot know are left empty (so ``kg validate`` points at each one) and the sections are shown as
commented examples. The same text and registry always give the same file.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import yaml

from kg import anchor, files
from kg.corpus import REGISTRY_DIR, read_registry
from kg.errors import InputError, Problem
from kg.json_schema import ANNOTATION, modeline
from kg.model import (
    AgreementKind,
    AgreementStatus,
    Certainty,
    EventKind,
    ParticipantRole,
    Registry,
    SourceRole,
)
from kg.yaml_input import read_input

_MONTHS = {
    # Ukrainian (genitive, as dates print them), Bulgarian, English
    **dict.fromkeys(("січня", "януари", "january"), 1),
    **dict.fromkeys(("лютого", "февруари", "february"), 2),
    **dict.fromkeys(("березня", "март", "march"), 3),
    **dict.fromkeys(("квітня", "април", "april"), 4),
    **dict.fromkeys(("травня", "май", "may"), 5),
    **dict.fromkeys(("червня", "юни", "june"), 6),
    **dict.fromkeys(("липня", "юли", "july"), 7),
    **dict.fromkeys(("серпня", "август", "august"), 8),
    **dict.fromkeys(("вересня", "септември", "september"), 9),
    **dict.fromkeys(("жовтня", "октомври", "october"), 10),
    **dict.fromkeys(("листопада", "ноември", "november"), 11),
    **dict.fromkeys(("грудня", "декември", "december"), 12),
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATES = [  # (pattern, group names in the order day, month, year)
    (re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)"), (3, 2, 1)),
    (re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)"), (1, 2, 3)),
    (re.compile(rf"(?<![\w\d])(\d{{1,2}})\s+({_MONTH})(?!\w),?\s+(\d{{4}})(?!\d)", re.IGNORECASE), (1, 2, 3)),
    (re.compile(rf"(?<!\w)({_MONTH})\s+(\d{{1,2}}),\s+(\d{{4}})(?!\d)", re.IGNORECASE), (2, 1, 3)),
]
_URL = re.compile(r"https?://[^\s<>\"'{}|\\^`«»]+")
_UKRAINIAN, _BULGARIAN, _RUSSIAN = set("іїєґІЇЄҐ"), set("ъЪ"), set("ыэёЫЭЁ")
_MENTION_FIELDS = ["  #   quote: the words that name them", "  #   title: the title the article gives them, if any"]
_ENDINGS = "аяоеиіїйьуюєъ"  # dropped to find inflected forms: Україна -> України, Зеленський -> Зеленським
TITLE_WORDS = 4  # a shorter first line is a rubric or an outlet's name, not a title


@dataclass(frozen=True, order=True)
class NamedEntry:
    """A registry entry whose name occurs in the text."""

    start: int
    section: str  # actors, places or topics
    id: str
    words: str
    line: int
    context: str


@dataclass(frozen=True)
class PrintedDate:
    iso: str
    words: str
    start: int


def language(text: str) -> str | None:
    """The article's language, told from its letters: Ukrainian і ї є ґ, Bulgarian ъ or none of those.

    >>> language("Київ і Париж"), language("Съединените щати"), language("Paris talks"), language("Москва")
    ('uk', 'bg', 'en', None)
    """
    cyrillic = sum("\u0400" <= c <= "\u04ff" for c in text)
    latin = sum(c.isascii() and c.isalpha() for c in text)
    if latin > cyrillic:
        return "en"
    uk, bg = sum(c in _UKRAINIAN for c in text), sum(c in _BULGARIAN for c in text)
    if uk != bg:
        return "uk" if uk > bg else "bg"
    if cyrillic >= 40 and not any(c in _RUSSIAN for c in text):
        return "bg"  # Ukrainian prose without one і, ї or є in 40 letters is rare; Bulgarian has none
    return None  # Russian, or too little text to tell


def printed_date(text: str) -> PrintedDate | None:
    """The first full date printed in the text, as ISO 8601 and as printed.

    >>> printed_date("Київ, 6 січня 2026 року. Минулого тижня, 30.12.2025")
    PrintedDate(iso='2026-01-06', words='6 січня 2026', start=6)
    """
    found: list[PrintedDate] = []
    for pattern, (day, month, year) in _DATES:
        for match in pattern.finditer(text):
            number = _MONTHS.get(match[month].lower()) or int(match[month])
            iso = f"{int(match[year]):04d}-{number:02d}-{int(match[day]):02d}"
            if _is_date(iso):
                found.append(PrintedDate(iso, match[0], match.start()))
    return min(found, key=lambda d: d.start, default=None)


def _is_date(iso: str) -> bool:
    try:
        datetime.date.fromisoformat(iso)
    except ValueError:
        return False
    return True


def title_line(text: str, date: PrintedDate | None) -> str | None:
    """The first line of at least ``TITLE_WORDS`` words, the printed date and what precedes it taken out.

    >>> title_line(" date 2026-01-06 Allies await a US signal\\nMore", printed_date(" date 2026-01-06"))
    'Allies await a US signal'
    """
    offset = 0
    for line in text.split("\n"):
        begin, offset = offset, offset + len(line) + 1
        if date and begin <= date.start < begin + len(line):
            line = line[date.start - begin + len(date.words) :]
        candidate = line.strip(" \t\r-–—:|")
        if len(candidate.split()) >= TITLE_WORDS:
            return candidate
    return None


def links(text: str) -> dict[str, int]:
    """The web addresses printed in the text, once each, in order, with where each first stands."""
    found: dict[str, int] = {}
    for match in _URL.finditer(text):
        found.setdefault(match[0].rstrip(".,;:!?)]"), match.start())
    return found


def named_entries(text: str, registry: Registry) -> list[NamedEntry]:
    """Registry entries named in the text (by a label or alias in any language), first mention each."""
    found: list[NamedEntry] = []
    for section in ("actors", "places", "topics"):
        for entry in getattr(registry, section):
            names = {n for lang in ("en", "uk", "bg") for n in _names(entry, lang)}
            hits = [h for h in (_first(text, n) for n in sorted(names)) if h is not None]
            if hits:
                start, words = min(hits, key=lambda h: (h[0], -len(h[1])))
                line = text.count("\n", 0, start) + 1
                found.append(NamedEntry(start, section, entry.id, words, line, _context(text, start, len(words))))
    return sorted(found)


def _names(entry: Any, lang: str) -> list[str]:
    label = getattr(entry.label, lang)
    aliases = getattr(getattr(entry, "aliases", None), lang, None) or []
    return [n for n in [label, *aliases] if n]


def _first(text: str, name: str) -> tuple[int, str] | None:
    """Where ``name`` first occurs in ``text``, inflected or not, and the words as printed there.

    >>> _first("зустрівся з Володимиром Зеленським у Києві", "Володимир Зеленський")
    (12, 'Володимиром Зеленським')
    """
    match = re.search(r"(?<![\w-])" + r"\s+".join(_stem(word) for word in name.split()), text)
    return (match.start(), match[0]) if match else None


def _stem(word: str) -> str:
    """A pattern for ``word`` with any ending; a short word (US, ЄС) must stand whole."""
    if len(word) <= 4 or not word.isalpha():
        return re.escape(word) + r"(?!\w)"
    return re.escape(word.rstrip(_ENDINGS) if len(word.rstrip(_ENDINGS)) >= 4 else word) + r"\w*"


def _context(text: str, start: int, length: int, width: int = 30) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    left = max(line_start, start - width)
    right = min(line_end, start + length + width)
    shown = "".join(c if c.isprintable() else " " for c in text[left:right]).strip()  # a YAML comment may not hold them
    return ("…" if left > line_start else "") + shown + ("…" if right < line_end else "")


def _scalar(value: str) -> str:
    """``value`` as a YAML scalar on one line, quoted only where YAML needs it."""
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1_000_000, default_flow_style=True)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def _quote(text: str, words: str, start: int) -> str:
    """A quote of ``words`` at ``start``; the offset only where the words occur more than once."""
    if len(anchor.occurrences(text, words)) > 1:  # overlapping ones count too
        return f"{{text: {_scalar(words)}, start: {start}}}"
    return _scalar(words)


def _choices(kinds: Any) -> str:
    return ", ".join(get_args(kinds))


def starter_annotation(text: str, registry: Registry, *, schema_line: str, source: str) -> str:
    """The starter annotation (YAML text) of the article ``text``."""
    text = anchor.normalise(text)
    lang, date = language(text), printed_date(text)
    title = title_line(text, date)
    found = named_entries(text, registry)
    actors = [k for k in found if k.section == "actors"]
    kinds = {a.id: a.kind for a in registry.actors}
    media = [k.id for k in actors if kinds[k.id] in ("outlet", "agency")]
    out = [
        schema_line,
        f"# Starter annotation of {source}, written by `kg new`: check every value against the text, fill in",
        "# the empty fields and uncomment the sections you need. `kg validate` lists what is still missing.",
        "article:",
        "  id:            # yours to choose: outlet-date-subject in English, like rbc-2026-01-06-paris-talks",
        "  outlet:        # the registry id of the outlet or agency that publishes it"
        + (f"; the text names {', '.join(media)}" if media else ""),
    ]
    if lang:
        out.append(f"  language: {lang}  # told from the letters; uk, bg or en")
    else:
        out.append("  language:      # uk, bg or en: the letters did not tell")
    if title:
        start = text.index(title)
        out.append(f"  title: {_quote(text, title, start)}  # the first line of {TITLE_WORDS}+ words: check it")
    else:
        out.append("  title:         # the title, copied from the text")
    out.append("  title_en:      # the title in English")
    if date:
        out.append(f"  date: {date.iso}  # as precise as printed: 2026, 2026-01, 2026-01-06, --04-22")
        out.append(f"  date_quote: {_quote(text, date.words, date.start)}  # the words that print it")
    else:
        out.append("  date:          # no date found: ISO 8601, as precise as printed (2026, 2026-01, 2026-01-06)")
        out.append("  date_quote:    # the words that print it")
    addresses = links(text)
    if addresses:
        out.append("  links:")
        out += [f"    - {_quote(text, url, start)}" for url, start in addresses.items()]
    out.append(f"  # cites: [{', '.join(media) or 'bloomberg'}]  # the agencies and outlets it reports from")
    out.append("")
    if actors:
        out.append("actors:  # registry actors the text names; widen each quote to the words that name them there")
        for k in actors:
            out.append(f"  - actor: {k.id}")
            out.append(f"    quote: {_quote(text, k.words, k.start)}  # line {k.line}: {k.context}")
        out += ["  # - actor: ID  # anyone else: add them to seeds/registry/actors.yaml first", *_MENTION_FIELDS]
    else:
        out += ["# actors:  # the actors the text names, each added to seeds/registry/actors.yaml first"]
        out += ["#   - actor: ID", *(f"#{line[1:]}" for line in _MENTION_FIELDS)]
    out.append("")
    for section, label in (("places", "Places"), ("topics", "Topics")):
        entries = [k for k in found if k.section == section]
        if entries:
            use = "an event's place:" if section == "places" else "topics: and about:"
            out.append(f"# {label} of the registry the text names (for {use}):")
            out += [f"#   {k.id}: {_scalar(k.words)} (line {k.line})" for k in entries]
            out.append("")
    out += _examples(lang or "uk")
    return "\n".join(out) + "\n"


def _examples(lang: str) -> list[str]:
    """Commented examples of the sections an annotator fills in by hand, vocabularies from the model."""
    return f"""\
# unnamed:  # actors the article does not name
#   - id: unnamed-officials
#     kind: anonymous-source  # anonymous-source or group
#     label: {{en: Unnamed officials, {lang}: …}}
#     quote: the words that refer to them

# events:
#   - id: paris-meeting
#     kind: meeting  # {_choices(EventKind)}
#     label: {{en: Meeting in Paris, {lang}: …}}
#     quote: the words that report it
#     place: paris  # a registry place
#     date: 2026-01-06  # with date_quote; year_from_article: true if the text prints no year
#     date_quote: 6 січня
#     participants:
#       - {{actor: macron, role: host, on_behalf_of: france}}  # role: {_choices(ParticipantRole)}
#     topics: [security-guarantees]

# agreements:
#   - id: security-agreement
#     kind: security-agreement  # {_choices(AgreementKind)}
#     label: {{en: Security agreement, {lang}: …}}
#     quote: the words that report it
#     status: negotiating  # {_choices(AgreementStatus)}
#     parties: [usa, ukraine]

# claims:
#   - id: official-says-talks-went-well
#     by: european-officials  # who claims it
#     as: anonymous-source  # {_choices(SourceRole)}
#     via: [bloomberg]  # who relayed it; the article's outlet is the last step
#     quote: the claim's exact words
#     en: The claim in English.
#     about: [security-agreement]
#     certainty: probable  # {_choices(Certainty)}
#     polarity: affirm  # affirm or deny""".split("\n")


def create_annotation(text_file: Path, *, seeds: Path, schema: Path) -> Path:
    """Write the starter annotation beside ``text_file``; never overwrite one.

    Raises :class:`InputError` when the text is missing or unreadable or the annotation exists.
    """
    target = text_file.with_suffix(".yaml")
    if text_file.suffix != ".txt":
        raise InputError([Problem(str(text_file), 1, 1, "expected the article's text file (NNN_hash.txt)")])
    if not text_file.exists() and not text_file.is_symlink():
        raise InputError([Problem(str(text_file), 1, 1, "no such file")])
    if target.exists():
        hint = "edit it, or remove it to start again"
        raise InputError([Problem(str(target), 1, 1, "annotation already exists; kg new never overwrites", hint)])
    raw = read_input(text_file, str(text_file))  # a pipe or a device named like a text is refused unread
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError([Problem(str(text_file), 1, 1, "article is not valid UTF-8 text")]) from None
    registry = read_registry(seeds) if (seeds / REGISTRY_DIR).is_dir() else Registry()
    source = text_file.name
    body = starter_annotation(text, registry, schema_line=modeline(schema / ANNOTATION, target), source=source)
    try:
        files.create(target, body.encode("utf-8"))
    except FileExistsError:  # written meanwhile by someone else
        raise InputError([Problem(str(target), 1, 1, "annotation already exists; kg new never overwrites")]) from None
    return target
