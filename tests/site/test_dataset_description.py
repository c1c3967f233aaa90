"""The dataset's DCAT description (a SPARQL endpoint is a service, themes are concepts, titles in
every site language) and the language of the article words on the site's pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO_ROOT, publish_site
from rdflib import Graph, Literal, Namespace, URIRef

from kg.site.dataset_description import DatasetInfo
from kg.vocab import DCTERMS, DEFAULT_BASE, KG, RDF

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DATASET = URIRef(f"{DEFAULT_BASE}dataset")
ENDPOINT = "https://sparql.example.net/kg/query"


@pytest.fixture(scope="module")
def uk_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("uk") / "site"
    return publish_site(REPO_ROOT / "seeds", out, "--lang", "uk", "--sparql-endpoint", ENDPOINT, "--no-cache")


def test_the_sparql_endpoint_is_a_data_service_serving_the_dataset(uk_site: Path) -> None:
    void = Graph().parse(uk_site / "void.ttl", format="turtle")
    [service] = void.subjects(RDF.type, DCAT.DataService)
    assert void.value(service, DCAT.endpointURL) == URIRef(ENDPOINT)
    assert void.value(service, DCAT.servesDataset) == DATASET
    distributions = set(void.objects(DATASET, DCAT.distribution))
    assert service not in distributions
    assert all(void.value(d, DCAT.downloadURL) is not None for d in distributions)  # only files one downloads


def test_the_themes_are_the_topic_concepts_not_their_scheme(uk_site: Path) -> None:
    void = Graph().parse(uk_site / "void.ttl", format="turtle")
    data = Graph().parse(uk_site / "dump" / "kg.nt", format="nt")
    themes = set(void.objects(DATASET, DCAT.theme))
    assert themes and themes == {t for t in data.subjects(RDF.type, KG.Topic) if str(t).startswith(DEFAULT_BASE)}
    assert URIRef(f"{DEFAULT_BASE}topics") not in themes


def test_the_title_and_description_are_in_every_site_language(uk_site: Path) -> None:
    void = Graph().parse(uk_site / "void.ttl", format="turtle")
    for prop in (DCTERMS.title, DCTERMS.description):
        languages = {o.language for o in void.objects(DATASET, prop) if isinstance(o, Literal)}
        assert languages == {"en", "uk", "bg"}, prop
    index = (uk_site / "index.html").read_text(encoding="utf-8")
    assert f"<h1>{DatasetInfo().title_in('uk')}</h1>" in index
    assert "who met whom" not in index


def test_the_words_of_an_article_carry_its_language(site: Path) -> None:
    """The site is English; a text in Ukrainian or Bulgarian is marked as such, where it stands."""
    for page in sorted((site / "article").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        lang = "bg" if page.name.startswith("bgnes") else "uk"
        paragraphs = re.findall(r'<section class="article-text">(.*?)</section>', html, re.S)[0]
        heading, text = paragraphs.split("<div", 1)  # the heading and the hint are the site's English
        assert "lang=" not in heading and text.startswith(f' lang="{lang}">\n<p>'), page
    claim = site / "article" / "rbc-2026-01-06-paris-security-guarantees" / "claim"
    for page in claim.glob("*.html"):
        assert '<blockquote lang="uk">' in page.read_text(encoding="utf-8"), page
