"""kg publish: a page and three RDF documents per resource, provenance on claim pages, escaping,
the dataset description, the sitemap, the ontology page, determinism and all-or-nothing writes."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import markupsafe
import pyoxigraph
import pytest
from conftest import HOSTILE, REPO_ROOT, publish_site
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from support import assert_same_graph

from kg.vocab import DEFAULT_BASE, KG, SCHEMA

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"


@pytest.fixture(scope="module")
def data(site: Path) -> Graph:
    """The published dump of the whole graph."""
    return Graph().parse(site / "dump" / "kg.nt", format="nt")


def page_of(site: Path, iri: str) -> Path:
    return site / f"{iri.removeprefix(DEFAULT_BASE)}.html"


def text_of(page: Path) -> str:
    """The page's text with tags removed and entities decoded, spaces squeezed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))))


def test_every_resource_has_a_page_and_its_own_triples_in_three_formats(site: Path, data: Graph) -> None:
    subjects = sorted({s for s in data.subjects() if str(s).startswith(DEFAULT_BASE) and "/ontology" not in str(s)})
    assert len(subjects) > 1000
    known = data + Graph().parse(site / "void.ttl")  # the dataset's description names the articles
    for subject in subjects:
        expected = Graph()
        for triple in [*data.triples((subject, None, None)), *known.triples((None, None, subject))]:
            expected.add(triple)  # a symmetric description: what it says, and what refers to it
        stem = page_of(site, str(subject)).with_suffix("")
        assert page_of(site, str(subject)).is_file(), subject
        assert_same_graph(Graph().parse(stem.with_suffix(".ttl"), format="turtle"), expected)
        assert_same_graph(Graph().parse(stem.with_suffix(".jsonld"), format="json-ld"), expected)
        quads = list(pyoxigraph.parse(path=str(stem.with_suffix(".nt")), format=pyoxigraph.RdfFormat.N_TRIPLES))
        assert len(quads) == len(expected), subject


def test_a_claim_page_shows_who_said_it_the_relay_chain_certainty_and_the_quote_in_its_paragraph(
    site: Path, data: Graph
) -> None:
    claim = URIRef(f"{DEFAULT_BASE}article/bgnes-2026-02-12-us-ukraine-security-talks/claim/zelensky-talks-began")
    page = page_of(site, str(claim)).read_text(encoding="utf-8")
    label = next(str(o) for o in data.objects(claim, SKOS.prefLabel) if isinstance(o, Literal) and o.language == "en")
    assert f"<h1><span>{html.escape(label, quote=False)}</span></h1>" in page

    def name(node: object) -> str:
        return next(str(o) for o in data.objects(node, SKOS.prefLabel) if isinstance(o, Literal) and o.language == "en")

    steps = sorted(data.objects(claim, KG.relay), key=lambda s: int(data.value(s, SCHEMA.position)))  # type: ignore[arg-type]
    chain = [name(data.value(step, PROV.wasAttributedTo)) for step in steps]
    assert chain == ["Volodymyr Zelensky", "Agence France-Presse", "BGNES"]  # the article says so, in this order
    items = re.findall(r"<li>(.*?)</li>", page.split('<ol class="chain">')[1].split("</ol>")[0], re.S)
    assert len(items) == len(chain)
    for expected_name, item in zip(chain, items, strict=True):
        assert html.unescape(re.sub(r"<[^>]+>", "", item)).strip().startswith(expected_name)
    assert "the outlet that published it" in items[-1] and "the source" in items[0]
    said = page.split("<dt>Said by</dt>")[1].split("</dd>")[0]
    assert "Volodymyr Zelensky" in said
    certainty = page.split("<dt>Certainty</dt>")[1].split("</dd>")[0]
    assert name(data.value(claim, KG.certainty)) in html.unescape(certainty)
    quote = str(data.value(claim, KG.quote))
    evidence = page.split('<figure class="evidence">')[1].split("</figure>")[0]
    marked = html.unescape(re.search(r"<mark>(.*?)</mark>", evidence, re.S).group(1))  # type: ignore[union-attr]
    assert quote in marked or marked in quote
    paragraph = html.unescape(re.sub(r"<[^>]+>", "", evidence.split("<figcaption>")[0]))
    article_text = (REPO_ROOT / "seeds" / "002_fe2fb713e12dd6cf.txt").read_text(encoding="utf-8")
    assert paragraph.strip() in article_text and quote in paragraph  # the whole line of the article, as printed


def test_the_participants_table_has_no_column_the_data_never_fills(site: Path, data: Graph) -> None:
    """Each column of an event's participants table is filled on some page of the seeds: a
    column for what the mapper never writes (an "As" of schema:roleName on a participation) is
    always empty."""
    tables = []
    for page in sorted(site.rglob("*.html")):
        found = re.search(r"<h2>Participants</h2>\s*<table>(.*?)</table>", page.read_text(encoding="utf-8"), re.S)
        if found:
            head = [html.unescape(h) for h in re.findall(r"<th>(.*?)</th>", found.group(1))]
            rows = [re.findall(r"<td>(.*?)</td>", row, re.S) for row in re.findall(r"<tr><td>.*?</tr>", found.group(1))]
            tables.append((page, head, rows))
    events = {s for s in data.subjects(KG.participation, None)}
    assert len(tables) == len(events) > 10  # every event with participants has its table
    heads = {tuple(head) for _, head, _ in tables}
    assert len(heads) == 1
    [head] = heads
    assert all(len(row) == len(head) for _, _, rows in tables for row in rows)
    filled = {head[i] for _, _, rows in tables for row in rows for i, cell in enumerate(row) if cell.strip()}
    assert [name for name in head if name not in filled] == []


def test_article_pages_show_the_text_with_every_evidence_marked_and_linked(site: Path, data: Graph) -> None:
    for article in data.subjects(RDF.type, KG.Article):
        page = page_of(site, str(article)).read_text(encoding="utf-8")
        source = REPO_ROOT / "seeds" / str(data.value(article, KG.sourceFile))
        text = source.read_text(encoding="utf-8")
        body = page.split('<section class="article-text">')[1].split("</section>")[0]
        paragraphs = re.findall(r"<p>(.*?)</p>", body.split("</p>", 1)[1], re.S)
        shown = [html.unescape(re.sub(r"<[^>]+>", "", p)) for p in paragraphs]
        assert shown == [line for line in text.split("\n") if line.strip()]
        anchors = set(re.findall(r'id="(q\d+-\d+)"', body))
        targets = {t for t in data.subjects(URIRef("http://www.w3.org/ns/oa#hasSource"), article)}
        assert len(anchors) >= len(targets) // 2 > 0, article


def test_markup_in_the_data_shows_as_text_everywhere(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert pages
    for page in pages:
        source = page.read_text(encoding="utf-8")
        if page == hostile_site / "query.html":  # the one page with a script: the site's own, and only it
            source = source.replace('<script type="module" src="./query/query.js"></script>', "", 1)
        assert "<script" not in source and "<b>" not in source, page
    claim = hostile_site / "article" / "mini-2026-03-01" / "claim" / "testenko-agreed-plan.html"
    assert HOSTILE in text_of(claim)
    assert str(markupsafe.escape(HOSTILE)) in claim.read_text(encoding="utf-8")
    turtle = Graph().parse(claim.with_suffix(".ttl"), format="turtle")
    assert any(HOSTILE in str(o) for o in turtle.objects())  # the data itself keeps the text as written


def test_the_dataset_is_described_in_void_and_dcat(site: Path, data: Graph) -> None:
    void = Graph().parse(site / "void.ttl", format="turtle")
    dataset = URIRef(f"{DEFAULT_BASE}dataset")
    assert void.value(dataset, URIRef(VOID + "triples")).toPython() == len(data)  # type: ignore[union-attr]
    entities = {s for s in data.subjects() if str(s).startswith(DEFAULT_BASE)}
    assert void.value(dataset, URIRef(VOID + "entities")).toPython() == len(entities)  # type: ignore[union-attr]
    dumps = {str(o).removeprefix(DEFAULT_BASE) for o in void.objects(dataset, URIRef(VOID + "dataDump"))}
    assert dumps == {"dump/kg.ttl", "dump/kg.nt", "dump/kg.trig", "dump/kg.nq", "dump/kg.jsonld"}
    assert all((site / dump).is_file() for dump in dumps)
    media = {str(void.value(d, DCTERMS.format)) for d in void.objects(dataset, URIRef(DCAT + "distribution"))}
    assert {"text/turtle", "application/n-triples", "application/ld+json"} <= media
    assert set(void.objects(dataset, DCTERMS.source)) == set(data.subjects(RDF.type, KG.Article))
    vocabularies = {str(v) for v in void.objects(dataset, URIRef(VOID + "vocabulary"))}
    assert {"https://schema.org/", "http://www.w3.org/ns/prov#", "http://www.w3.org/ns/oa#"} <= vocabularies
    assert str(void.value(dataset, DCTERMS.issued)) == "2026-01-01"  # SOURCE_DATE_EPOCH, not the clock
    assert void.value(dataset, DCTERMS.license) is not None and void.value(dataset, DCTERMS.title) is not None
    assert (site / ".well-known" / "void").read_bytes() == (site / "void.ttl").read_bytes()


def test_the_sitemap_lists_every_page(site: Path) -> None:
    tree = ET.parse(site / "sitemap.xml")
    listed = {e.text for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    pages = {DEFAULT_BASE + p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert listed == pages


def test_the_ontology_page_documents_every_term_in_english_and_ukrainian(site: Path) -> None:
    ontology = Graph().parse(REPO_ROOT / "ontology" / "kg.ttl")
    page = (site / "ontology.html").read_text(encoding="utf-8")
    terms = {s for s in ontology.subjects(RDFS.label, None) if str(s).startswith(str(KG))}
    assert len(terms) > 40
    for term in terms:
        block = page.split(f'<article class="term" id="{str(term).partition("#")[2]}">')[1].split("</article>")[0]
        for lang in ("en", "uk"):
            label = next(str(o) for o in ontology.objects(term, RDFS.label) if getattr(o, "language", None) == lang)
            assert html.escape(label, quote=False) in block, (term, lang)


def test_the_timeline_is_honest_about_precision(site: Path, data: Graph) -> None:
    svg = (site / "timeline.html").read_text(encoding="utf-8").split("<svg", 1)[1].split("</svg>")[0]
    root = ET.fromstring("<svg" + svg + "</svg>")
    marks = {}
    svg_ns = "{http://www.w3.org/2000/svg}"
    for link in root.iter(f"{svg_ns}a"):
        title = link.findtext(f"{svg_ns}title") or ""
        marks[title] = [child.tag.removeprefix(svg_ns) for child in link if child.tag != f"{svg_ns}title"]
        marks[title] = [tag for tag in marks[title] if tag in ("rect", "circle")]
    year = [t for t in marks if "(year)" in t]
    day = [t for t in marks if "(day)" in t]
    assert year and all(marks[t] == ["rect"] for t in year)  # a year is a bar across it, not a point
    assert day and all(marks[t] == ["circle"] for t in day)
    no_year = [str(o) for o in data.objects(None, KG.date) if str(o).startswith("--")]
    assert no_year and all(any(f"— {value} (" in t and not marks[t] for t in marks) for value in no_year)


def test_content_negotiation_rules_for_nginx_and_apache(site: Path) -> None:
    htaccess = (site / ".htaccess").read_text()
    for suffix in ("html", "ttl", "jsonld", "nt"):
        assert f"$1.{suffix} [R=303,L]" in htaccess
    assert "RewriteBase /kg/" in htaccess and "Header always set Vary Accept" in htaccess
    nginx = (site / "nginx.conf").read_text()
    assert "return 303 $uri.$kg_format;" in nginx and "location /kg/ {" in nginx and "Content-Security-Policy" in nginx


def test_publishing_is_deterministic_and_replaces_the_whole_site(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "site"
    publish_site(REPO_ROOT / "seeds", again)
    (again / "stale.html").write_text("left over from an earlier publish")
    publish_site(REPO_ROOT / "seeds", again)
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    after = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert sorted(before) == sorted(after)
    assert [name for name in before if before[name] != after[name]] == []
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging folder left behind


def test_bad_input_leaves_the_published_site_alone(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(REPO_ROOT / "tests" / "fixtures" / "mini", seeds)
    out = publish_site(seeds, tmp_path / "site")
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    (seeds / "mini.yaml").write_text(
        (seeds / "mini.yaml").read_text().replace("certainty: possible", "certainty: maybe")
    )
    done = subprocess.run(
        [sys.executable, "-m", "kg", "publish", "--seeds", str(seeds), "--out", str(out)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "mini.yaml:66:16: 'maybe' is not allowed here" in done.stderr
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before


def test_every_word_of_the_site_is_translated_into_ukrainian_and_bulgarian() -> None:
    from kg.site.pages import BROWSE
    from kg.site.words import NETWORK_INTRO, TIMELINE_INTRO, UI

    templates = (REPO_ROOT / "kg" / "site" / "templates").glob("*.html")
    used = {m for t in templates for m in re.findall(r'_\("([^"]+)"\)', t.read_text(encoding="utf-8"))}
    used |= {name for _, name, _ in BROWSE} | {TIMELINE_INTRO, NETWORK_INTRO, "Timeline", "Ontology"}
    assert len(used) > 40
    for lang in ("uk", "bg"):
        assert sorted(used - UI[lang].keys()) == [], lang


def test_a_site_in_ukrainian_shows_ukrainian_labels_and_words(tmp_path: Path) -> None:
    site = publish_site(REPO_ROOT / "seeds", tmp_path / "site", "--lang", "uk")
    page = (site / "actor" / "zelensky.html").read_text(encoding="utf-8")
    data = Graph().parse(site / "dump" / "kg.nt")
    label = next(
        str(o)
        for o in data.objects(URIRef(f"{DEFAULT_BASE}actor/zelensky"), SKOS.prefLabel)
        if isinstance(o, Literal) and o.language == "uk"
    )
    assert f"<h1><span>{label}</span></h1>" in page and '<html lang="uk">' in page
    assert "Властивості" in page and ">Твердження</a>" in page
