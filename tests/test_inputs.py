"""Nothing let in (issue 14): whatever an input is, kg answers with a located problem and exit 1
(or one ``kg:`` line and exit 2 for the setup), never a hang, a traceback or a crash later on.

Each class of input found to slip through is tried here across its whole class: every kind of
file that is not a regular one in every place kg reads, every digit that is not ASCII, every
overlap of a quote with itself, every text that is empty or carries bidirectional controls.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError
from support import ONTOLOGY, ROOT

from kg import anchor
from kg.anchor import AnchorError, locate
from kg.cli import main
from kg.errors import InputError, SetupError
from kg.json_schema import schema_files as schemas
from kg.model import Agreement, DateValue, Id
from kg.query import QueryError, SavedQuery, bind
from kg.site import pictures
from kg.site.dataset_description import publication_date
from kg.vocab import DEFAULT_BASE
from kg.yaml_input import MAX_BYTES

MINI = Path(__file__).parent / "fixtures" / "mini"
SCHEMAS = ROOT / "schema"
ID_MAX = 100  # the longest id: kg.model.ID_MAX
NOT_REGULAR = "not a file (expected a regular file)"


def seeds_in(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(MINI, seeds)
    return seeds


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """``kg ARGS`` in ``tmp_path``, in-process; the exit code and what it said on stderr."""
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        code = main(list(args))
    finally:
        os.chdir(cwd)
    return code, capsys.readouterr().err


def validate(tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str = "validate") -> tuple[int, str]:
    extra = ["--out", "out"] if command in ("build", "publish") else []
    return run(tmp_path, capsys, command, "--seeds", "seeds", "--ontology", str(ONTOLOGY), "--no-cache", *extra)


# --- item 6: only regular files are read, and never more than the limit ----------------------


def _socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the socket file stays


def _sparse(path: Path) -> None:
    with open(path, "wb") as file:
        file.truncate(3_000_000_000)  # claims 3 GB, holds none: reading it whole would need them


# what each kind of file is made with, and the problem kg must report for it
KINDS: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (os.mkfifo, f"is a named pipe (FIFO), {NOT_REGULAR}"),
    "folder": (lambda p: p.mkdir(), f"is a folder, {NOT_REGULAR}"),
    "dangling symlink": (
        lambda p: p.symlink_to("nowhere"),
        "is a symbolic link to 'nowhere', which does not exist (expected a regular file)",
    ),
    "symlink to /dev/zero": (lambda p: p.symlink_to("/dev/zero"), f"is a character device, {NOT_REGULAR}"),
    "symlink to a fifo": (
        lambda p: (os.mkfifo(p.with_name("pipe")), p.symlink_to("pipe")),
        f"is a named pipe (FIFO), {NOT_REGULAR}",
    ),
    "symlink loop": (
        lambda p: p.symlink_to(p.name),
        "cannot be read: Too many levels of symbolic links (expected a regular file kg may read)",
    ),
    "socket": (_socket, f"is a socket, {NOT_REGULAR}"),
    "3 GB file": (
        _sparse,
        f"file is 3,000,000,000 bytes (expected at most {MAX_BYTES:,})"
        " — split it, or check that it is the file you meant",
    ),
}
ROLES = {"annotation": "mini.yaml", "text": "mini.txt", "registry": "registry/more.yaml"}


@pytest.mark.timeout(60, method="signal")  # a read that blocks fails the test instead of hanging the run
@pytest.mark.parametrize("command", ["validate", "build"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", KINDS)
def test_an_input_that_is_not_a_regular_file_is_refused_unread(
    kind: str, role: str, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: a FIFO hung kg forever, /dev/zero was read until memory ran out, a folder or a
    dangling link was one unlocated line and exit 2."""
    seeds = seeds_in(tmp_path)
    target = seeds / ROLES[role]
    target.unlink(missing_ok=True)
    make, message = KINDS[kind]
    make(target)
    code, err = validate(tmp_path, capsys, command)
    assert err == f"seeds/{ROLES[role]}:1:1: {message}\nkg: 1 problem found; nothing written\n"
    assert code == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.timeout(60, method="signal")
@pytest.mark.parametrize("kind", ["fifo", "symlink to /dev/zero", "3 GB file"])
def test_kg_new_refuses_a_text_that_is_not_a_regular_file(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "new.txt"
    make, message = KINDS[kind]
    make(text)
    code, err = run(tmp_path, capsys, "new", "new.txt", "--seeds", str(MINI))
    assert (code, err) == (1, f"new.txt:1:1: {message}\nkg: 1 problem found; nothing written\n")
    assert not (tmp_path / "new.yaml").exists()


@pytest.mark.timeout(60, method="signal")
def test_a_saved_query_that_is_a_fifo_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "queries").mkdir()
    os.mkfifo(tmp_path / "queries" / "stuck.rq")
    code, err = run(tmp_path, capsys, "queries", "--queries", "queries")
    assert (code, err) == (1, f"kg: queries/stuck.rq:1:1: is a named pipe (FIFO), {NOT_REGULAR}\n")


@pytest.mark.timeout(60, method="signal")
def test_an_ontology_file_that_is_a_fifo_is_a_setup_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds_in(tmp_path)
    shutil.copytree(ONTOLOGY, tmp_path / "ontology")
    (tmp_path / "ontology" / "shapes.ttl").unlink()
    os.mkfifo(tmp_path / "ontology" / "shapes.ttl")
    code, err = run(tmp_path, capsys, "validate", "--seeds", "seeds", "--ontology", "ontology", "--no-cache")
    assert (code, err) == (2, f"kg: ontology/shapes.ttl: is a named pipe (FIFO), {NOT_REGULAR}\n")


def test_read_input_reads_no_more_than_the_limit(tmp_path: Path) -> None:
    from kg.yaml_input import read_input

    file = tmp_path / "a.txt"
    file.write_bytes(b"x" * 11)
    assert read_input(file, "a.txt", limit=11) == b"x" * 11
    with pytest.raises(InputError, match=r"^a.txt:1:1: file is 11 bytes \(expected at most 10\)"):
        read_input(file, "a.txt", limit=10)


# --- item 7: only ASCII digits make a date (or any number in the model) ------------------------

# the zero of every script's digits but ASCII's (Unicode keeps each script's 0-9 in a row):
# \d and int() take them all, '٢٠٢٦' is 2026 to int()
FOREIGN_ZEROS = [c for c in map(chr, range(0x80, 0x110000)) if c.isdecimal() and unicodedata.decimal(c) == 0]


def annotated(tmp_path: Path, old: str, new: str) -> Path:
    """The mini corpus with ``old`` in its annotation replaced by ``new``."""
    seeds = seeds_in(tmp_path)
    note = seeds / "mini.yaml"
    text = note.read_text(encoding="utf-8")
    assert old in text
    note.write_text(text.replace(old, new, 1), encoding="utf-8")
    return seeds


def test_a_date_in_arabic_indic_digits_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: ``date: "٢٠٢٦-٠٣-٠١"`` passed the date check (\\d and int() take any digit)."""
    annotated(tmp_path, "  date: 2026-03-01\n", '  date: "٢٠٢٦-٠٣-٠١"\n')
    code, err = validate(tmp_path, capsys)
    assert err == (
        "seeds/mini.yaml:8:9: invalid date '٢٠٢٦-٠٣-٠١' (expected YYYY-MM-DD, YYYY-MM, YYYY or --MM-DD,"
        " as precise as the article is)\nkg: 1 problem found; nothing written\n"
    )
    assert code == 1


@settings(max_examples=300, deadline=None)
@given(
    day=st.dates(min_value=date(1000, 1, 1)),
    precision=st.sampled_from(["day", "month", "year", "month-day"]),
    swaps=st.lists(st.tuples(st.integers(0, 9), st.sampled_from(FOREIGN_ZEROS))),
)
def test_a_date_is_valid_only_in_ascii_digits(day: date, precision: str, swaps: list[tuple[int, str]]) -> None:
    written = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": day.isoformat()[:4]}.get(
        precision, day.strftime("--%m-%d")
    )
    if written == "--02-29":
        written = "--02-28"
    assert TypeAdapter(DateValue).validate_python(written) == written
    digits = [i for i, c in enumerate(written) if c.isdigit()]
    chars = list(written)
    for position, zero in swaps:  # the same digit, in another script
        at = digits[position % len(digits)]
        chars[at] = chr(ord(zero) + int(written[at]))
    if swaps:
        with pytest.raises(ValidationError, match="invalid date"):
            TypeAdapter(DateValue).validate_python("".join(chars))


@pytest.mark.parametrize("term", ["P١٠Y", "P1٠Y", "P１０Y", "P𝟏𝟎Y"])
def test_a_duration_in_other_digits_is_refused(term: str) -> None:
    fields = {"id": "a", "kind": "proposal", "label": {"en": "A"}, "quote": "a", "status": "agreed"}
    assert Agreement.model_validate(fields | {"term": "P10Y"}).term == "P10Y"
    with pytest.raises(ValidationError, match="string_pattern_mismatch|should match pattern"):
        Agreement.model_validate(fields | {"term": term})


def test_no_pattern_of_the_model_or_its_schemas_uses_unicode_classes() -> None:
    """\\d and \\w mean Unicode classes in Python and in pydantic's regexes alike (\\s may only exclude)."""
    generated = b"".join(schemas().values()).decode()
    written = "".join(p.read_text(encoding="utf-8") for p in SCHEMAS.glob("*.json"))
    patterns = re.findall(r'"pattern": "((?:[^"\\]|\\.)*)"', generated + written)
    assert patterns
    assert [p for p in patterns if re.search(r"\\\\[dwDW]", p)] == []


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("date", "٢٠٢٦-٠٣-٠١"),
        ("date", "2026-02-30"),
        ("date", "2026-03-01\n"),
        ("integer", "٣"),
        ("integer", "9" * 5000),  # int() of it raised ValueError (the 4,300-digit limit): a traceback
        ("integer", "1\n"),
    ],
)
def test_a_query_parameter_in_other_digits_is_refused(kind: str, value: str) -> None:
    query = SavedQuery("q", Path("q.rq"), f"SELECT * {{ ?s ?p ?_x_{kind} }}", "?")
    with pytest.raises(QueryError, match=f"is not a {'date' if kind == 'date' else 'whole number'}"):
        bind(query, {"x": value}, base=DEFAULT_BASE)


# --- item 8: a quote's occurrences are all found, overlapping ones too -------------------------


def test_a_quote_that_overlaps_itself_is_ambiguous() -> None:
    """Regression: "ha ha" in "ha ha ha" was found once (at 0), so it passed as unambiguous and
    ``start: 3`` was refused."""
    with pytest.raises(AnchorError) as error:
        locate("ha ha ha", "ha ha")
    assert error.value.message == "quote occurs 2 times in the article (at 0, 3)"
    assert locate("ha ha ha", "ha ha", 3).start == 3


def test_the_second_of_overlapping_occurrences_can_be_chosen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dated = "  date_quote: date 2026-03-01\n"
    seeds = annotated(tmp_path, dated, f"{dated}  keywords: [ха ха]\n")
    text = seeds / "mini.txt"
    text.write_text(text.read_text(encoding="utf-8") + "Сміх: ха ха ха.\n", encoding="utf-8")
    at = anchor.normalise(text.read_text(encoding="utf-8")).index("ха ха ха")
    code, err = validate(tmp_path, capsys)
    assert err == (
        f"seeds/mini.yaml:10:14: quote occurs 2 times in the article (at {at}, {at + 3}): 'ха ха'"
        f" — add 'start: {at}' (or another of those offsets) to say which\nkg: 1 problem found; nothing written\n"
    )
    assert code == 1
    note = seeds / "mini.yaml"
    note.write_text(note.read_text(encoding="utf-8").replace("[ха ха]", f"[{{text: ха ха, start: {at + 3}}}]"))
    assert validate(tmp_path, capsys) == (0, "")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab ", max_size=30), st.text(alphabet="ab ", min_size=1, max_size=6))
def test_every_occurrence_of_a_quote_is_found(text: str, quote: str) -> None:
    expected = [i for i in range(len(text)) if text.startswith(quote, i)]
    assert anchor.occurrences(text, quote) == expected
    for at in expected:
        assert locate(text, quote, at).start == at
    if len(expected) != 1:
        with pytest.raises(AnchorError):
            locate(text, quote)


def test_kg_new_gives_an_offset_to_words_that_overlap_themselves() -> None:
    from kg.new_annotation import _quote

    assert _quote("ha ha ha", "ha ha", 3) == "{text: ha ha, start: 3}"


# --- item 9: what kg validate accepts, every command handles ----------------------------------


def test_an_id_longer_than_a_file_name_may_be_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: a 300-character id was valid, then 'kg publish' failed with "File name too long"."""
    long_id = "a" * 300
    annotated(tmp_path, "  id: mini-2026-03-01\n", f"  id: {long_id}\n")
    code, err = validate(tmp_path, capsys)
    assert err == (
        f"seeds/mini.yaml:3:7: '{'a' * 59}…' is 300 characters long (expected at most 100 characters)"
        " — shorten it\nkg: 1 problem found; nothing written\n"
    )
    assert code == 1


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[a-z0-9]{1,12}(-[a-z0-9]{1,12}){0,14}", fullmatch=True))
def test_an_id_is_valid_up_to_100_characters(text: str) -> None:
    if len(text) <= ID_MAX:
        assert TypeAdapter(Id).validate_python(text) == text
    else:
        with pytest.raises(ValidationError, match="at most 100 characters"):
            TypeAdapter(Id).validate_python(text)


EXTREMES = [  # (old, new) in the annotation: the longest ids, and dates at both ends of the calendar
    ("  id: mini-2026-03-01\n", f"  id: {'a' * ID_MAX}\n"),
    ("  - id: testenko-agreed-plan\n", f"  - id: {'c' * ID_MAX}\n"),
    ("  - id: lviv-meeting\n", f"  - id: {'e' * ID_MAX}\n"),
    ("  date: 2026-03-01\n  date_quote: date 2026-03-01\n", "  date: 0001-01-01\n  date_quote: date 0001-01-01\n"),
    ("    date: 2026-03-01\n", "    date: 9999-12-31\n"),
    ("    year_from_article: true\n", ""),
    ("    certainty: certain\n", "    certainty: certain\n    date: 9999-12\n    date_quote: 1 березня\n"),
    ("    certainty: possible\n", "    certainty: possible\n    date: '9999'\n    date_quote: 1 березня\n"),
]


@pytest.mark.parametrize("command", ["validate", "build", "publish"])
def test_the_longest_ids_and_the_last_dates_pass_every_command(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: year 9999 was valid for 'kg build' and an OverflowError traceback in 'kg publish'."""
    seeds = seeds_in(tmp_path)
    note = seeds / "mini.yaml"
    text = note.read_text(encoding="utf-8")
    for old, new in EXTREMES:
        assert old in text, old
        text = text.replace(old, new, 1)
    note.write_text(text, encoding="utf-8")
    (seeds / "mini.txt").write_text((seeds / "mini.txt").read_text().replace("date 2026-03-01", "date 0001-01-01"))
    code, err = validate(tmp_path, capsys, command)
    assert (code, err) == (0, "")
    if command == "publish":
        page = (tmp_path / "out" / "timeline.html").read_text(encoding="utf-8")
        svg = ET.fromstring(page[page.index("<svg") : page.index("</svg>") + len("</svg>")])
        assert [t.text for t in svg.iter(f"{{{pictures.SVG}}}text")][:2] == ["1", "201"]  # year ticks, 200 apart
        assert (tmp_path / "out" / "article" / ("a" * ID_MAX) / "claim" / f"{'c' * ID_MAX}.jsonld").is_file()


_XSD = "http://www.w3.org/2001/XMLSchema#"


@st.composite
def dated(draw: st.DrawFn) -> pictures.Dated:
    day = draw(st.dates())
    datatype, value = draw(
        st.sampled_from(
            [
                ("date", day.isoformat()),
                ("gYearMonth", day.isoformat()[:7]),
                ("gYear", day.isoformat()[:4]),
                ("gMonthDay", day.strftime("--%m-%d")),
            ]
        )
    )
    label = draw(st.text(st.characters(categories=["L", "N", "P", "Zs"]), max_size=5))
    return pictures.Dated(value, label, "x.html", _XSD + datatype, "", draw(st.booleans()), "event")


@settings(max_examples=300, deadline=None)
@given(st.lists(dated(), max_size=8))
def test_the_timeline_draws_every_valid_date(items: list[pictures.Dated]) -> None:
    svg = ET.fromstring(pictures.timeline(items, lang="en"))
    marks = [e for e in svg.iter() if e.tag.endswith(("rect", "circle"))]
    xs = [float(e.get("x") or e.get("cx") or 0) for e in marks]
    assert all(0 <= x <= pictures.WIDTH for x in xs)
    lines = [e for e in svg.iter() if e.tag.endswith("line")]
    assert len(lines) <= 50 + 1  # year lines: at most kg.site.pictures.MAX_TICKS and the last


@pytest.mark.parametrize("epoch", ["٣", " 3", "-1", "1e9", "99999999999999", "9" * 5000])
def test_a_source_date_epoch_kg_cannot_date_is_one_line(epoch: str) -> None:
    with pytest.raises(SetupError, match=r"^SOURCE_DATE_EPOCH=.* is not a time kg can date"):
        publication_date({"SOURCE_DATE_EPOCH": epoch})
    assert publication_date({"SOURCE_DATE_EPOCH": "253402300799"}) == "9999-12-31"


# --- item 10: a web address of the data never lies under the graph's own base IRI --------------

OWN = [
    "https://example.org/kg/article/x",
    "https://example.org/kg/article/mini-2026-03-01/claim/testenko-agreed-plan",
    "https://example.org/kg/actor/pryklad",
    "https://example.org/kg/",
    "https://EXAMPLE.ORG/kg/article/x",
]


def with_homepage(tmp_path: Path, homepage: str) -> Path:
    seeds = seeds_in(tmp_path)
    actors = seeds / "registry" / "actors.yaml"
    text = actors.read_text(encoding="utf-8")
    actors.write_text(text.replace("  - id: testenko\n", f"  - id: testenko\n    homepage: {homepage}\n"))
    return seeds


@pytest.mark.parametrize("command", ["validate", "build", "publish"])
@pytest.mark.parametrize("homepage", OWN)
def test_a_homepage_under_the_base_iri_is_a_located_problem(
    homepage: str, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: a homepage under BASE/article/ was a ValueError traceback (the SHACL check of an
    article alone rests on the registry naming none of an article's nodes)."""
    with_homepage(tmp_path, homepage)
    code, err = validate(tmp_path, capsys, command)
    assert err == (
        f"seeds/registry/actors.yaml:4:15: '{homepage}' is under the graph's own base IRI {DEFAULT_BASE}"
        " (expected a page elsewhere: kg makes the IRIs under it)\nkg: 1 problem found; nothing written\n"
    )
    assert code == 1
    assert not (tmp_path / "out").exists()


def test_a_homepage_is_judged_against_the_base_iri_of_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_homepage(tmp_path, OWN[0])
    code, err = validate(tmp_path, capsys)
    assert code == 1
    args = ["validate", "--seeds", "seeds", "--ontology", str(ONTOLOGY), "--no-cache"]
    assert run(tmp_path, capsys, *args, "--base-iri", "https://kg.example/") == (0, "")
    code, err = run(tmp_path, capsys, *args, "--base-iri", "https://EXAMPLE.org/kg/")
    assert code == 1 and "is under the graph's own base IRI https://EXAMPLE.org/kg/" in err


@pytest.mark.parametrize("command", ["validate", "publish"])
def test_an_article_link_under_the_base_iri_is_a_located_problem(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = "https://example.org/kg/article/other/claim/c"
    dated = "  date_quote: date 2026-03-01\n"
    seeds = annotated(tmp_path, dated, f"{dated}  links: [{link}]\n")
    text = seeds / "mini.txt"
    text.write_text(text.read_text(encoding="utf-8") + f"{link}\n", encoding="utf-8")
    code, err = validate(tmp_path, capsys, command)
    assert err == (
        f"seeds/mini.yaml:10:11: '{link}' is under the graph's own base IRI {DEFAULT_BASE}"
        " (expected a page elsewhere: kg makes the IRIs under it)\nkg: 1 problem found; nothing written\n"
    )
    assert code == 1


_SEGMENT = st.from_regex(r"[A-Za-z0-9._~%-]{0,12}", fullmatch=True)


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(["https", "http", "HTTPS"]),
    st.sampled_from(["example.org", "EXAMPLE.org", "example.org.evil", "example.com", "evil.example"]),
    st.lists(_SEGMENT, max_size=4),
)
def test_an_address_is_the_graphs_own_exactly_when_it_lies_under_the_base(
    scheme: str, host: str, segments: list[str]
) -> None:
    from kg.web_address import is_own_iri

    iri = f"{scheme}://{host}/{'/'.join(segments)}"
    under = scheme.lower() == "https" and host.lower() == "example.org" and f"/{'/'.join(segments)}".startswith("/kg/")
    assert is_own_iri(iri, DEFAULT_BASE) is under
    assert is_own_iri(iri, None) is False


# --- item 11: text a reader sees is never empty, blank or reordered by bidi controls -----------

BLANK = "text of only spaces or invisible characters (expected words)"
BIDI = "bidirectional control U+202E in text (expected plain text: it reorders what a reader sees)"


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        ("    en: We agreed on a cooperation plan.", "    en: ''", "57:9", "empty text (expected words)"),
        ('  title_en: "Test outlet: a minister met an ambassador in Lviv"', "  title_en: '  '", "7:13", BLANK),
        ("    title_en: minister\n", '    title_en: "\\u200b\\u00a0"\n', "17:15", BLANK),
        ("label: {en: Cooperation plan,", 'label: {en: "Cooperation \\u202eplan",', "46:17", BIDI),
        ("{en: Unnamed sources,", '{en: Unnamed sources, bg: "\\u2067",', "26:38", BIDI.replace("202E", "2067")),
        ("    quote: план співпраці\n", '    quote: "план\\u202dспівпраці"\n', "47:12", BIDI.replace("202E", "202D")),
        ("    en: The plan may be signed in spring.", '    en: "The plan\\u200f"', "64:9", BIDI.replace("2E", "0F")),
    ],
)
def test_text_must_be_words_without_bidi_controls(
    old: str, new: str, where: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: ``en: ''``, a blank ``title_en`` and a label holding U+202E were accepted and shown."""
    annotated(tmp_path, old, new)
    code, err = validate(tmp_path, capsys)
    assert (code, err) == (1, f"seeds/mini.yaml:{where}: {message}\nkg: 1 problem found; nothing written\n")


def test_a_registry_label_with_a_bidi_control_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = seeds_in(tmp_path)
    (seeds / "registry" / "more.yaml").write_text('topics:\n  - id: more\n    label: {en: "a\\u202eb"}\n')
    code, err = validate(tmp_path, capsys)
    assert (code, err) == (1, f"seeds/registry/more.yaml:3:17: {BIDI}\nkg: 1 problem found; nothing written\n")


def test_an_article_text_with_a_bidi_control_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The site shows the paragraph around each quote, so the article's own text is held to it too."""
    seeds = seeds_in(tmp_path)
    text = seeds / "mini.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("вигаданий", "вига\u2067даний"), encoding="utf-8")
    code, err = validate(tmp_path, capsys)
    assert (code, err) == (
        1,
        "seeds/mini.txt:9:8: bidirectional control U+2067 in the article's text (expected plain text: it reorders"
        " what a reader sees) — remove it\nkg: 1 problem found; nothing written\n",
    )


BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
INVISIBLE = " \t\n\u00a0\u2028\u3000\u200b\u2060\ufeff"  # spaces and zero-width characters
_words = st.text(st.characters(categories=["L", "M", "N", "P", "S", "Zs"]), max_size=12)


@settings(max_examples=500, deadline=None)
@given(_words, _words, st.sampled_from(BIDI_CONTROLS), st.text(INVISIBLE, max_size=6))
def test_text_is_refused_exactly_when_it_is_blank_or_has_a_bidi_control(
    before: str, after: str, control: str, blank: str
) -> None:
    from kg.model import TEXT_PATTERN, Text

    text = TypeAdapter(Text)
    schema = re.compile(TEXT_PATTERN)
    with pytest.raises(ValidationError, match=f"bidirectional control U\\+{ord(control):04X}"):
        text.validate_python(before + control + after)
    assert not schema.search(before + control + after)
    with pytest.raises(ValidationError, match="empty text|only spaces or invisible"):
        text.validate_python(blank)
    assert not schema.search(blank)
    words = before + after
    if any(not c.isspace() for c in words) and not any(unicodedata.category(c) == "Cf" for c in words):
        assert text.validate_python(blank + words) == blank + words
        assert schema.search(blank + words)


def test_every_text_field_of_the_formats_is_constrained() -> None:
    """A string field the schemas leave open is text no check looks at: each is an id, a date, a
    choice or :data:`kg.model.Text`. A field added as a plain ``str`` fails here."""

    def open_strings(node: object, path: str) -> list[str]:
        if isinstance(node, list):
            return [found for i, item in enumerate(node) for found in open_strings(item, f"{path}/{i}")]
        if not isinstance(node, dict):
            return []
        here = [path] if node.get("type") == "string" and not ({"pattern", "enum", "const"} & node.keys()) else []
        return here + [found for key, value in node.items() for found in open_strings(value, f"{path}/{key}")]

    found = [f"{name}{path}" for name, data in schemas().items() for path in open_strings(json.loads(data), "")]
    assert found == []


# --- item 14: an option value that is not UTF-8 is one line, exit 2 ---------------------------

NOT_UTF8 = "is not valid UTF-8 (expected UTF-8 text)"


@pytest.fixture
def tiny_graph(tmp_path: Path) -> Path:
    data = tmp_path / "kg.nq"
    data.write_text(
        f"<{DEFAULT_BASE}actor/a> <http://www.w3.org/2000/01/rdf-schema#label> \"A\"@en <{DEFAULT_BASE}graph/x> .\n"
    )
    return data


def test_a_query_parameter_that_is_not_utf8_is_one_line(tiny_graph: Path) -> None:
    """Regression: ``kg query claims-by-actor --param actor=$'\\xff'`` was a UnicodeEncodeError traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "kg", "query", "claims-by-actor", "--param", b"actor=\xff", "--data", tiny_graph],
        cwd=ROOT, capture_output=True, check=False,
    )
    assert (done.returncode, done.stderr, done.stdout) == (2, f"kg: the value of --param {NOT_UTF8}\n".encode(), b"")


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["query", "claims-by-actor", "--param", "actor=\udcff"], "--param"),
        (["query", "who-met-whom", "--param", "lang=\udcffx"], "--param"),
        (["query", "\udcff"], "NAME"),
        (["query", "who-met-whom", "--endpoint", "http://x/\udcff"], "--endpoint"),
        (["query", "who-met-whom", "--queries", "\udcff"], "--queries"),
        (["query", "who-met-whom", "--base-iri", "https://x/\udcff/"], "--base-iri"),
        (["validate", "--seeds", "seeds\udcff"], "--seeds"),
        (["build", "--out", "\udcff"], "--out"),
        (["publish", "--sparql-endpoint", "\udcff"], "--sparql-endpoint"),
        (["lint", "a\udcff.yaml"], "FILE"),
        (["diff", "git:\udcff", "seeds"], "OLD"),
    ],
)
def test_every_option_value_that_is_not_utf8_is_one_line(
    args: list[str], option: str, tiny_graph: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """argv's undecodable bytes reach Python as lone surrogates, which no encoder takes later."""
    if args[0] == "query" and "--data" not in args:
        args = [*args, "--data", str(tiny_graph)]
    assert run(tmp_path, capsys, *args) == (2, f"kg: the value of {option} {NOT_UTF8}\n")


def test_a_base_iri_from_the_environment_that_is_not_utf8_is_one_line(
    tiny_graph: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KG_BASE_IRI", "https://x/\udcff/")
    code, err = run(tmp_path, capsys, "query", "claims-by-actor", "--data", str(tiny_graph))
    assert (code, err) == (2, f"kg: the value of --base-iri {NOT_UTF8}\n")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    value=st.binary(max_size=12), query=st.sampled_from(["claims-by-actor:actor", "who-met-whom:lang", "timeline:lang"])
)
def test_any_parameter_bytes_give_an_answer_or_one_line(
    value: bytes, query: str, tiny_graph: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name, parameter = query.split(":")
    text = os.fsdecode(value)  # what Python makes of argv's bytes
    code, err = run(tmp_path, capsys, "query", name, "--param", f"{parameter}={text}", "--data", str(tiny_graph))
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        assert (code, err) == (2, f"kg: the value of --param {NOT_UTF8}\n")
        return
    assert code in (0, 1)
    assert err == "" if code == 0 else err.count("\n") == 1 and err.startswith("kg: ")
