"""Compare SHACL engines on the same graphs in one run: a generated corpus, part of it broken
on purpose (bench/breakage.py). Each engine validates what kg.fragments.validate_in_parts gives it (the ontology with
the registry once, then the articles with the registry entries they name); Jena, which kg does
not call, validates the whole graph once (JVM start included). Results are compared with
pySHACL's, the reference, result by result.

    python bench/engines.py --articles 300 [--broken 0.3] [--seed 1] [--shapes FILE] [--jena JAR] [--quick]
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import XSD

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from breakage import break_articles  # noqa: E402
from generate import generate  # noqa: E402

from kg.corpus import read_corpus  # noqa: E402
from kg.fragments import validate_in_parts  # noqa: E402
from kg.mapping import graph_iri  # noqa: E402
from kg.ntriples import triple_lines  # noqa: E402
from kg.serialize import to_dataset  # noqa: E402
from kg.shacl import PYSHACL, TURBO, Engine, Validator, Violation, load_ontology, report_violations  # noqa: E402

BASE = "https://example.org/kg/"


def in_parts(graphs: dict[str, Graph], shapes: Graph, engine: Engine) -> list[Violation]:
    lines = {name: triple_lines(graph) for name, graph in graphs.items()}
    articles = {k: v for k, v in lines.items() if k not in ("ontology", "registry")}
    validator = Validator(shapes, engine=engine)
    return validate_in_parts(lines["ontology"], lines["registry"], articles, validator, base=BASE)


def jena(graphs: dict[str, Graph], shapes: Path, jar: Path, work: Path) -> list[Violation]:
    union = Graph()
    for graph in graphs.values():
        union += graph
    data = work / "data.nt"
    data.write_text(union.serialize(format="nt"), encoding="utf-8")
    command = ["java", "-cp", str(jar), "shacl.shacl", "validate", "--shapes", str(shapes), "--data", str(data)]
    report = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return report_violations(Graph().parse(data=report, format="turtle"))


def differences(reference: list[Violation], other: list[Violation]) -> str:
    missing, extra = Counter(reference) - Counter(other), Counter(other) - Counter(reference)
    if not missing and not extra:
        return "none"
    if Counter(map(_unspelled, missing.elements())) == Counter(map(_unspelled, extra.elements())):
        # Jena writes an IRI that a SPARQL constraint's message names as <…> or xsd:…, pySHACL in full
        return f"the same results; {sum(missing.values())} messages spell an IRI otherwise"
    return f"{sum(missing.values())} missing, {sum(extra.values())} extra"


def _unspelled(violation: Violation) -> Violation:
    message = re.sub(r"<([^<>\s]+)>", r"\1", violation.message).replace(" xsd:", f" {XSD}")
    return dataclasses.replace(violation, message=message)


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (pool workers, Java): on a
    shared machine, steadier than wall time."""
    mine, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--broken", type=float, default=0.3, help="share of articles broken (default 0.3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shapes", type=Path, default=ROOT / "ontology" / "shapes.ttl")
    parser.add_argument("--jena", type=Path, help="the Jena jar (scripts/fetch-jena); without it Jena is skipped")
    parser.add_argument("--batches", default="1,10,25,100", help="turbo batch sizes to time (articles per call)")
    parser.add_argument("--quick", action="store_true", help="only pySHACL and turbo as kg runs them, on one core")
    args = parser.parse_args()

    ontology, _ = load_ontology(ROOT / "ontology")
    shapes = Graph().parse(args.shapes, format="turtle")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        generate(work / "seeds", args.articles, args.seed)
        corpus = read_corpus(work / "seeds")
        dataset = to_dataset(corpus, ontology, base=BASE)
        names = ["ontology", "registry", *(a.annotation.article.id for a in corpus.articles)]
        graphs = {}
        for name in names:
            graphs[name] = Graph()
            graphs[name].addN((s, p, o, graphs[name]) for s, p, o in dataset.graph(graph_iri(BASE, name)))
        articles = {k: v for k, v in graphs.items() if k not in ("ontology", "registry")}
        broken = break_articles(articles, graphs["registry"], share=args.broken, seed=args.seed)
        triples = sum(len(g) for g in graphs.values())
        print(f"{args.articles} articles ({len(broken)} broken), {triples} triples, shapes {args.shapes}")

        runs: list[tuple[str, Engine | None]] = [("pySHACL", PYSHACL)]
        sizes = [TURBO.batch or 0] if args.quick else [int(n) for n in args.batches.split(",")]
        runs += [(f"turbo, batches of {n}", dataclasses.replace(TURBO, batch=n)) for n in sizes]
        if args.jena and not args.quick:
            runs.append(("Jena (whole graph, JVM start included)", None))
        reference: list[Violation] = []
        base_time = base_cpu = 0.0
        print("| engine | wall (s) | CPU (s) | ÷ pySHACL's wall, CPU | results | differences from pySHACL |")
        print("| --- | ---: | ---: | ---: | ---: | --- |")
        for label, engine in runs:
            started, cpu = time.perf_counter(), _cpu()
            found = jena(graphs, args.shapes, args.jena, work) if engine is None else in_parts(graphs, shapes, engine)
            took, used = time.perf_counter() - started, _cpu() - cpu
            if not reference:
                reference, base_time, base_cpu = found, took, used
            said = differences(reference, found)
            ratios = f"{base_time / took:.1f}×, {base_cpu / used:.1f}×"
            print(f"| {label} | {took:.1f} | {used:.1f} | {ratios} | {len(found)} | {said} |")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
