"""What each ``kg`` command does once its options are parsed (:mod:`kg.cli` parses them): call
one :mod:`kg.api` function (or, for the annotator's tools, its module's one function), and print
what it returns. A runner returns its exit code, or None for success."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import SetupError

if TYPE_CHECKING:  # the build pulls in pySHACL, which 'kg query' and 'kg load' do not need
    from kg.build import Built

EXIT_OK, EXIT_INPUT, EXIT_SETUP = 0, 1, 2


def ontology_of(args: argparse.Namespace) -> Path:
    """--ontology, else the ontology kg ships."""
    from kg.resources import ontology_dir

    return args.ontology if args.ontology is not None else ontology_dir()


def project_queries(args: argparse.Namespace) -> Path | None:
    """The project's saved queries, over kg's own: --queries, else ./queries if it is a folder."""
    if args.queries is not None:
        return Path(args.queries)
    return Path("queries") if Path("queries").is_dir() else None


def run_init(args: argparse.Namespace) -> None:
    from kg.new_project import init_project

    written = init_project(args.folder)
    where = "" if args.folder == Path(".") else f"cd {args.folder} && "
    if not written:
        print(f"{args.folder} is already a kg project; nothing to write")
        return
    names = " ".join(str(path.relative_to(args.folder)) for path in written)
    print(f"wrote {len(written)} files in {args.folder}/: {names}")
    print(f"next: {where}put an article's text in seeds/ (NNN_hash.txt) and run 'kg new seeds/NNN_hash.txt'")


def run_new(args: argparse.Namespace) -> None:
    from kg.new_annotation import create_annotation

    seeds = args.seeds or (args.text.parent if (args.text.parent / "registry").is_dir() else Path("seeds"))
    target = create_annotation(args.text, seeds=seeds, schema=args.schema)
    print(f"wrote {target}: fill in the empty fields, uncomment the sections you need, then run 'kg validate'")


def run_lint(args: argparse.Namespace) -> int:
    from kg.lint import lint

    findings = lint(args.seeds)
    if args.files:  # the whole corpus is checked (an entry is unused only if no file uses it); fewer are shown
        shown = {file.resolve() for file in args.files}
        findings = [f for f in findings if Path(f.path).resolve() in shown]
    for finding in findings:
        print(finding)
    count = len(findings)
    print(f"{count} warning{'s' if count != 1 else ''}" + (" (--strict: failing)" if args.strict and count else ""))
    return EXIT_INPUT if args.strict and count else EXIT_OK


def run_stats(args: argparse.Namespace) -> None:
    from kg.stats import as_json, as_table, stats

    result = stats(args.seeds, ontology=ontology_of(args))
    sys.stdout.write(as_json(result) if args.format == "json" else as_table(result))


def run_diff(args: argparse.Namespace) -> int:
    from kg.diff import between

    changes, text = between(args.old, args.new, ontology=ontology_of(args), base=args.base_iri, lang=args.lang)
    sys.stdout.write(text)
    return EXIT_INPUT if args.exit_code and changes else EXIT_OK


def run_schema(args: argparse.Namespace) -> int:
    from kg import json_schema

    if args.check:
        stale = json_schema.stale(args.out)
        for name in stale:
            print(
                f"{args.out / name}:1:1: out of date with kg/model.py — run 'kg schema --out {args.out}'",
                file=sys.stderr,
            )
        return EXIT_INPUT if stale else EXIT_OK
    changed = json_schema.write(args.out)
    print(f"wrote {args.out}/: {' '.join(changed)}" if changed else f"{args.out}/ is up to date")
    return EXIT_OK


def run_build(args: argparse.Namespace) -> Built:
    from kg import api
    from kg.progress import bar

    with bar("compiling", total=None, unit="article", quiet=args.quiet) as advance:
        result = api.build(
            args.seeds, args.out, ontology=args.ontology, base=args.base_iri, cache=args.cache, progress=advance
        )
    if not args.quiet:
        print(summary(result))
        print(f"wrote {args.out}/: kg.ttl kg.nt kg.trig kg.nq kg.jsonld context.jsonld")
    return result


def run_validate(args: argparse.Namespace) -> Built:
    from kg import api

    result = api.validate(args.seeds, ontology=args.ontology, base=args.base_iri, cache=args.cache)
    print(f"ok: {len(result.summaries)} articles, {result.triples} triples, SHACL conforms, every quote anchored")
    return result


def run_query(args: argparse.Namespace) -> None:
    from kg import api
    from kg.query import parameter_values

    answer = api.query(
        args.name, args.data, params=parameter_values(args.param), lang=args.lang, base=args.base_iri,
        queries=project_queries(args), endpoint=args.endpoint,
    )
    sys.stdout.write(api.format_answer(answer, args.format))


def run_load(args: argparse.Namespace) -> None:
    from kg import api
    from kg.progress import bar, per_item

    if args.tdb2:
        run_load_tdb2(args)
        return
    with bar("loading", total=None, unit="graph", quiet=args.quiet) as advance:
        report = api.load(
            args.data, endpoint=args.endpoint, query_endpoint=args.query_endpoint, fuseki=args.fuseki,
            dataset=args.dataset, db_type=args.db_type, prune_under=f"{args.base_iri}graph/" if args.prune else None,
            user=args.user, password=args.password, auth=args.auth, timeout=args.timeout, progress=per_item(advance),
        )
    if report.created:
        print(f"created Fuseki dataset '{args.dataset}' ({args.db_type})")
    checked = (
        "the store's count of every graph matches"
        if report.counted
        else "not counted (give --query-endpoint to check the store's counts)"
    )
    loaded = f"loaded {report.graphs} graphs, {report.triples} triples into {report.into} in {report.seconds:.2f} s"
    print(f"{loaded}; {checked}")
    if args.prune:
        print(
            f"pruned {len(report.pruned)} graph{'s' if len(report.pruned) != 1 else ''}"
            + "".join(f"\n  {g}" for g in report.pruned)
        )


def run_load_tdb2(args: argparse.Namespace) -> None:
    from kg import tdb2
    from kg.store_options import check_options

    check_options(
        tdb2=args.tdb2, query_endpoint=args.query_endpoint, dataset=args.dataset, prune=args.prune, user=args.user,
        password=args.password, auth=args.auth, timeout=args.timeout,
    )
    jena = tdb2.find_jena()
    tdb2.check_target(args.tdb2)
    if sys.stderr.isatty():
        print(f"building {args.tdb2} with Jena's parallel loader…", file=sys.stderr)
    report = tdb2.build(args.data, args.tdb2, jena)
    print(
        f"{'rebuilt' if report.replaced else 'built'} TDB2 database {report.folder}: {report.graphs} graphs, "
        f"{report.quads} quads in {report.seconds:.2f} s; its count of every graph matches {args.data}"
    )
    print(f"serve it with: {jena.serve_command(report.folder, args.dataset)}")


def run_queries(args: argparse.Namespace) -> None:
    from kg import api

    for query in api.saved_queries(project_queries(args)).values():
        params = ", ".join(
            f"{p.name}={p.default}" if p.default else (p.name if p.required else f"[{p.name}]")
            for p in query.parameters
        )
        print(f"{query.name}{f'  ({params})' if params else ''}\n    {query.summary}")


def run_publish(args: argparse.Namespace) -> None:
    from kg import api
    from kg.progress import bar

    def warn(message: str) -> None:
        print(f"kg publish: {message}", file=sys.stderr)

    with bar("writing", total=None, unit="page", quiet=args.quiet) as advance:
        pages = api.publish(
            args.seeds, args.out, lang=args.lang, base=args.base_iri, ontology=args.ontology,
            sparql_endpoint=args.sparql_endpoint, cache=args.cache, queries=project_queries(args), progress=advance,
            warn=warn,
        )
    if not args.quiet:
        print(f"wrote {args.out}/: {pages} pages, each resource also as .ttl .jsonld .nt; 'kg serve --site {args.out}'")


def run_serve(args: argparse.Namespace) -> None:
    from kg.site.serve import server

    if not (args.site / "index.html").is_file():
        raise SetupError(f"{args.site}/index.html not found — run 'kg publish --out {args.site}' first")
    try:
        httpd = server(args.site, port=args.port, quiet=args.quiet)
    except OSError as error:
        raise SetupError(f"cannot listen on 127.0.0.1:{args.port}: {error.strerror}") from error
    host, port = str(httpd.server_address[0]), httpd.server_address[1]
    print(f"serving {args.site}/ at http://{host}:{port}/ (Ctrl-C stops)", flush=True)
    with httpd, contextlib.suppress(KeyboardInterrupt):
        httpd.serve_forever()


def summary(result: Built) -> str:
    """A table of what each article contributes to the graph."""
    rows: list[tuple[str, ...]] = [("article", "lang", "actors", "meetings", "events", "agreements", "claims")]
    from kg.tables import table

    rows += [s.row for s in result.summaries]
    head = f"{len(result.summaries)} articles, {result.triples} triples; SHACL conforms; every quote anchored"
    return f"{head}\n{table(rows, left=2)}"
