"""kg from Python: read a corpus, validate it, build the graph, ask it a saved question, load it
into a store, publish it as a site — what the ``kg`` command does, as functions.

Every function takes paths (``str`` or :class:`~pathlib.Path`) and keyword-only options, and
raises the command's exceptions: :class:`kg.errors.InputError` (bad input; ``.problems`` lists
every ``path:line:column`` problem), :class:`kg.errors.SetupError` (a broken ontology, an output
folder kg may not replace, options that cannot work), :class:`kg.errors.QueryError` and
:class:`kg.errors.StoreError` — all of them :class:`kg.errors.KgError`, whose ``report()`` is what
the command prints and whose ``exit_code`` it exits with.
The ontology is the one kg ships unless ``ontology=`` names another folder; IRIs are minted
under ``base=`` (default ``https://example.org/kg/``, as for the command).

The heavy libraries (rdflib, pySHACL, pyoxigraph) are imported on first use, so ``import
kg.api`` stays cheap.

>>> from kg import api
>>> [a.annotation.article.id for a in api.read("tests/fixtures/mini").articles]
['mini-2026-03-01']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.build import Built
    from kg.cache import Cache
    from kg.corpus import Corpus
    from kg.query import Answer, SavedQuery
    from kg.store import Report

__all__ = ["build", "format_answer", "load", "publish", "query", "read", "saved_queries", "validate"]

PathLike = str | Path


def read(seeds: PathLike = "seeds", *, base: str | None = None) -> Corpus:
    """The registries and every annotated article of ``seeds``, parsed and checked (no RDF yet).

    >>> corpus = read("tests/fixtures/mini")
    >>> sorted(actor.id for actor in corpus.registry.actors)
    ['pryklad', 'test-outlet', 'testenko']
    """
    from kg.corpus import read_corpus

    return read_corpus(Path(seeds), base=_base(base))


def validate(
    seeds: PathLike = "seeds",
    *,
    ontology: PathLike | None = None,
    base: str | None = None,
    cache: PathLike | None = None,
) -> Built:
    """Every check :func:`build` makes (models, references, quotes, SHACL), writing nothing.

    ``cache`` is a folder of results of earlier builds (``.kg-cache``), only read here.

    >>> validate("tests/fixtures/mini").summaries[0].row[:2]
    ('mini-2026-03-01', 'uk')
    """
    from kg.build import validate as validate_

    return validate_(Path(seeds), ontology=_ontology(ontology), base=_base(base), cache=_cache(cache, write=False))


def build(
    seeds: PathLike = "seeds",
    out: PathLike = "dist",
    *,
    ontology: PathLike | None = None,
    base: str | None = None,
    cache: PathLike | None = None,
    progress: Callable[[int], None] | None = None,
) -> Built:
    """Validate ``seeds`` and write the graph to ``out`` in every format, in one atomic step.

    ``out`` must be new, empty, or a folder kg wrote. With ``cache`` (a folder, say
    ``.kg-cache``) unchanged articles are not compiled again. ``progress``, if given, is called
    with the number of articles compiled since its last call.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "dist"
    >>> built = build("tests/fixtures/mini", out)
    >>> sorted(p.name for p in out.glob("kg.*"))
    ['kg.jsonld', 'kg.nq', 'kg.nt', 'kg.trig', 'kg.ttl']
    """
    from kg.build import build as build_

    return build_(
        Path(seeds), Path(out), ontology=_ontology(ontology), base=_base(base), cache=_cache(cache, write=True),
        progress=progress,
    )


def saved_queries(queries: PathLike | None = None) -> dict[str, SavedQuery]:
    """kg's saved queries by name and, over them, those of the folder ``queries`` (its own
    questions, and its versions of kg's of the same name).

    >>> queries = saved_queries()
    >>> queries["meetings"].summary.split(" — ")[0]
    'Which meetings, visits, calls and talks do the articles report'
    """
    from kg.errors import QueryError
    from kg.query import read_queries
    from kg.resources import queries_dir

    found = read_queries(queries_dir())
    if queries is not None:
        folder = Path(queries)
        if not folder.is_dir():
            raise QueryError(f"{folder}: no such folder of saved queries")
        if folder.resolve() != queries_dir().resolve():
            found |= read_queries(folder)
    return dict(sorted(found.items()))


def query(
    name: str,
    data: PathLike = "dist/kg.nq",
    *,
    params: Mapping[str, str] | None = None,
    lang: str | None = None,
    base: str | None = None,
    queries: PathLike | None = None,
    endpoint: str | None = None,
) -> Answer:
    """Run the saved query ``name`` on the built graph ``data`` (N-Quads), or on ``endpoint``.

    ``params`` binds its parameters (short ids expand under ``base``: ``{"actor": "zelensky"}``);
    ``lang`` picks the language of labels. The answer has ``variables`` and ``rows`` of Oxigraph's
    terms (a CONSTRUCT: an rdflib ``graph``; an ASK: ``boolean``); :func:`format_answer` prints it.

    >>> import tempfile
    >>> dist = Path(tempfile.mkdtemp()) / "dist"
    >>> _ = build("tests/fixtures/mini", dist)
    >>> answer = query("meetings", dist / "kg.nq", lang="uk")
    >>> len(answer.rows), "meeting" in answer.variables
    (2, True)
    >>> "Зустріч Тестенка з Прикладом у Львові" in format_answer(answer)
    True
    """
    from kg.query import bind, load_store, named, run_local, run_remote

    saved = named(saved_queries(queries), name)
    values = dict(params or {})
    if lang and any(p.name == "lang" for p in saved.parameters):
        values.setdefault("lang", lang)
    text = bind(saved, values, base=_base(base))
    if endpoint:
        return run_remote(text, endpoint)
    from kg import query_store

    with query_store.opened(Path(data)) as store:  # the build's on-disk store when it holds this dump
        return run_local(text, store or load_store(Path(data)))


def format_answer(answer: Answer, form: str = "table") -> str:
    """An answer as ``kg query`` prints it: ``table``, ``csv``, ``tsv`` or ``json``.

    >>> import tempfile
    >>> dist = Path(tempfile.mkdtemp()) / "dist"
    >>> _ = build("tests/fixtures/mini", dist)
    >>> format_answer(query("sanity-check", dist / "kg.nq"), "csv").splitlines()  # lines end CRLF, as RFC 4180 has it
    ['sound,claims,complete,articles,dated', 'true,2,2,1,1']
    """
    from kg.query import format_answer as format_

    return format_(answer, form)


def load(
    data: PathLike = "dist/kg.nq",
    *,
    endpoint: str | None = None,
    query_endpoint: str | None = None,
    fuseki: str | None = None,
    dataset: str = "kg",
    db_type: str = "tdb2",
    prune_under: str | None = None,
    user: str | None = None,
    password: str | None = None,
    auth: str = "basic",
    timeout: float | str = 60.0,
    progress: Callable[[int, int, str], None] | None = None,
) -> Report:
    """Put each named graph of ``data`` into a store by the Graph Store Protocol, and check it.

    Give a Fuseki server (``fuseki="http://localhost:3030"``, its ``dataset`` created if missing
    as ``db_type``) or any store's ``endpoint`` (with its ``query_endpoint``, the store's counts
    are checked against what was sent). ``prune_under`` (a graph IRI prefix) deletes that
    prefix's graphs that ``data`` no longer has. Options that cannot work are one
    :class:`kg.errors.SetupError` before anything is sent; a store that is down or refuses is a
    :class:`kg.errors.StoreError`.

    >>> import tempfile
    >>> dist = Path(tempfile.mkdtemp()) / "dist"
    >>> _ = build("tests/fixtures/mini", dist)
    >>> load(dist / "kg.nq", endpoint="http://127.0.0.1:9/store")  # nothing listens on port 9
    Traceback (most recent call last):
    ...
    kg.errors.StoreError: cannot reach http://127.0.0.1:9: connection refused — is the server running?
    """
    from kg import store
    from kg.store_options import check_options

    seconds = check_options(
        endpoint=endpoint, fuseki=fuseki, query_endpoint=query_endpoint, dataset=dataset,
        prune=prune_under is not None, user=user, password=password, auth=auth, timeout=str(timeout),
    )
    client = store.Client(user=user, password=password, auth=auth, timeout=seconds)
    if fuseki is not None:
        endpoints = store.Endpoints.fuseki(fuseki, dataset)
    else:
        endpoints = store.Endpoints(str(endpoint), query_endpoint)
    graphs = store.graphs_in(Path(data))
    created = fuseki is not None and store.ensure_fuseki_dataset(fuseki, dataset, client, db_type=db_type)
    report = store.load(graphs, endpoints, client, prune_under=prune_under, progress=progress)
    return replace(report, created=created)


def publish(
    seeds: PathLike = "seeds",
    out: PathLike = "site",
    *,
    lang: str = "en",
    base: str | None = None,
    ontology: PathLike | None = None,
    sparql_endpoint: str | None = None,
    cache: PathLike | None = None,
    queries: PathLike | None = None,
    progress: Callable[[int], None] | None = None,
    warn: Callable[[str], None] | None = None,
) -> int:
    """Validate ``seeds`` and write the static linked-data site to ``out``; return its page count.

    The query page offers kg's saved queries and those of the folder ``queries``. Its engine
    (Oxigraph's WebAssembly build) is fetched once and checked; if it cannot be, the page says
    how to get it and ``warn``, if given, is told why. ``progress`` is called with the number of
    pages written since its last call.

    >>> import tempfile
    >>> site = Path(tempfile.mkdtemp()) / "site"
    >>> publish("tests/fixtures/mini", site, lang="uk") > 10, (site / "actor" / "testenko.html").is_file()
    (True, True)
    """
    from kg.build import checked_graph
    from kg.files import check_replaceable
    from kg.site import query_engine
    from kg.site.dataset_description import DatasetInfo
    from kg.site.publish import SITE_NAMES
    from kg.site.publish import publish as publish_

    check_replaceable(Path(out), "site", legacy=SITE_NAMES)  # before any work, the cache's included
    listed = saved_queries(queries).values()
    result = checked_graph(Path(seeds), ontology=_ontology(ontology), base=_base(base), cache=_cache(cache, write=True))
    try:
        engine: dict[str, bytes] | None = query_engine.engine_files()
    except query_engine.EngineUnavailable as error:
        if warn is not None:
            warn(f"the query page will say how to get its engine: {error}")
        engine = None
    return publish_(
        result, Path(out), base=_base(base), lang=lang, info=DatasetInfo(sparql_endpoint=sparql_endpoint),
        queries=listed, engine=engine, progress=progress,
    )


def _base(base: str | None) -> str:
    from kg.vocab import DEFAULT_BASE

    return base or DEFAULT_BASE


def _ontology(folder: PathLike | None) -> Path:
    from kg.resources import ontology_dir

    return Path(folder) if folder is not None else ontology_dir()


def _cache(folder: PathLike | None, *, write: bool) -> Cache | None:
    from kg.cache import Cache

    return Cache(Path(folder), write=write) if folder is not None else None
