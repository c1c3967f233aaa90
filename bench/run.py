"""Time each stage of `kg build` on synthetic corpora, and in the same run the lower bound:
loading the same YAML with PyYAML's C loader plus writing as many raw N-Triples lines.
Ratios to that bound are what to compare across runs; the machine is shared and noisy.

    python bench/run.py --sizes 100,1000 [--queries 3000]

Each size runs in a child process of its own, so its peak RSS is its own. After the cold
build (empty cache), `kg build` runs again as a user runs it: once with one article edited
(its SHACL result is the only one not cached) and twice unchanged (the second writes the kept
outputs). --queries N maps N articles (about 320 triples each) to N-Quads and times every
saved query in-process (kg.query, Oxigraph) on them: the median of --repeat runs.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402

from kg.build import _fewer_collections  # noqa: E402  (as kg build runs its stages)

BASE = "https://example.org/kg/"
STAGES = [
    "load+validate+anchor",
    "map",
    "check (SHACL)",
    "union",
    "kg.ttl",
    "kg.nt",
    "kg.trig",
    "kg.nq",
    "kg.jsonld",
    "write",
]


def stages(seeds: Path, out: Path, ontology: Path, cache_dir: Path) -> tuple[dict[str, float], int]:
    """The cold build's stages, as kg.build runs them (with an empty cache that they fill)."""
    from kg import cache as cache_
    from kg.build import _shacl
    from kg.check import ONTOLOGY_FILE, SHAPES_FILE, load_ontology
    from kg.corpus import read_corpus
    from kg.mapping import to_dataset
    from kg.serialize import WRITERS, union, write_all

    times: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        times[name] = times.get(name, 0.0) + now - clock
        clock = now

    onto, shapes = load_ontology(ontology)
    corpus = read_corpus(seeds)
    lap("load+validate+anchor")
    dataset = to_dataset(corpus, onto, base=BASE)
    lap("map")
    ids = [a.annotation.article.id for a in corpus.articles]
    salt = cache_.salt(ontology / ONTOLOGY_FILE, ontology / SHAPES_FILE, BASE)
    violations, _ = _shacl(dataset, ids, shapes, base=BASE, cache=cache_.Cache(cache_dir), salt=salt)
    assert not violations, violations[:3]
    lap("check (SHACL)")
    graph = union(dataset)
    lap("union")  # the one graph of all triples that kg.ttl, kg.nt and kg.jsonld are written from
    files = {}
    for name, write in WRITERS.items():
        files[name] = write(dataset, graph, BASE)
        lap("kg.jsonld" if name == "context.jsonld" else name)
    write_all(files, out)
    lap("write")
    return times, len(graph)


def lower_bound(seeds: Path, out: Path, triples: int) -> float:
    started = time.perf_counter()
    for path in sorted(seeds.rglob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    line = b'<https://example.org/kg/s> <https://example.org/kg/p> "an object literal of typical length" .\n'
    with open(out / "bound.nt", "wb") as stream:
        for _ in range(triples):
            stream.write(line)
    return time.perf_counter() - started


def kg_build(seeds: Path, out: Path, ontology: Path, cache_dir: Path) -> float:
    """Wall time of `python -m kg build` as a user runs it, interpreter start included."""
    command = [sys.executable, "-m", "kg", "build", "--quiet", "--seeds", str(seeds), "--out", str(out)]
    command += ["--ontology", str(ontology), "--cache", str(cache_dir)]
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT)
    return time.perf_counter() - started


def one_size(size: int, ontology: Path) -> dict[str, object]:
    """Everything measured for one corpus size (run in a child process)."""
    with tempfile.TemporaryDirectory() as work:
        seeds, out, cache_dir = Path(work) / "seeds", Path(work) / "dist", Path(work) / "cache"
        generate(seeds, size)
        started = time.perf_counter()
        with _fewer_collections():
            times, triples = stages(seeds, out, ontology, cache_dir)
        total = time.perf_counter() - started
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        gc.collect()  # the build's graphs hold cycles: free them now, not during the bound's run
        bound = lower_bound(seeds, out, triples)
        note = seeds / f"{size // 2:06d}.yaml"
        note.write_text(note.read_text(encoding="utf-8").replace('title_en: "News', 'title_en: "Edited news'))
        edited = kg_build(seeds, out, ontology, cache_dir)
        kg_build(seeds, out, ontology, cache_dir)
        unchanged = kg_build(seeds, out, ontology, cache_dir)
    return {
        "size": size,
        "triples": triples,
        "times": times,
        "total": total,
        "rss": rss,
        "bound": bound,
        "edited": edited,
        "unchanged": unchanged,
    }


def query_p50(articles: int, repeat: int, skip: set[str]) -> tuple[int, dict[str, float]]:
    """Quads, and the median in-process time of every saved query on ``articles`` articles
    (each printed as it is measured: a slow one shows before the end)."""
    from kg.check import load_ontology
    from kg.corpus import read_corpus
    from kg.mapping import to_dataset
    from kg.query import bind, load_store, read_queries, run_local
    from kg.serialize import quad_lines

    samples = {"article": "article-0", "actor": "person-0", "topic": "topic-0"}  # others keep their defaults
    with tempfile.TemporaryDirectory() as work, _fewer_collections():
        generate(Path(work) / "seeds", articles)
        dataset = to_dataset(read_corpus(Path(work) / "seeds"), load_ontology(ROOT / "ontology")[0], base=BASE)
        lines = quad_lines(dataset)
        del dataset
        data = Path(work) / "kg.nq"
        data.write_text("\n".join(lines) + "\n", encoding="utf-8")
        store = load_store(data)
    print(f"\nsaved queries, in-process (Oxigraph), {articles:,} articles, {len(lines):,} quads, median of {repeat}:")
    medians = {}
    for name, query in read_queries(ROOT / "queries").items():
        if name in skip:
            print(f"  {name:24s}    skipped")
            continue
        values = {p.name: samples[p.name] for p in query.parameters if p.name in samples}
        text = bind(query, values, base=BASE)
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            rows = len(run_local(text, store).rows)
            runs.append(time.perf_counter() - started)
        medians[name] = statistics.median(runs)
        print(f"  {name:24s} {medians[name] * 1000:10.1f} ms  ({rows} rows)", flush=True)
    return len(lines), medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="100,1000", help="comma-separated article counts")
    parser.add_argument("--ontology", type=Path, default=ROOT / "ontology")
    parser.add_argument("--queries", type=int, default=0, metavar="N", help="time the saved queries on N articles")
    parser.add_argument("--repeat", type=int, default=11, help="runs of each query (default: 11)")
    parser.add_argument("--skip", default="", metavar="NAMES", help="saved queries not to run (comma-separated)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child process: one size, JSON out
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_size(args.one, args.ontology.resolve())))
        return
    if args.sizes:
        print("| articles | triples | " + " | ".join(STAGES) + " | total | lower bound | ratio | peak RSS |", end="")
        print(" 1 edit, warm | unchanged, warm |")
        print("|---" * (len(STAGES) + 9) + "|")
    for size in (int(s) for s in args.sizes.split(",") if s):
        child = [sys.executable, __file__, "--one", str(size), "--ontology", str(args.ontology)]
        found = json.loads(subprocess.run(child, check=True, capture_output=True, text=True).stdout)
        times = found["times"]
        cells = " | ".join(f"{times.get(stage, 0.0):.2f} s" for stage in STAGES)
        ratio = found["total"] / found["bound"]
        print(
            f"| {size:,} | {found['triples']:,} | {cells} | {found['total']:.1f} s | {found['bound']:.2f} s | "
            f"{ratio:.0f}× | {found['rss']:.0f} MiB | {found['edited']:.1f} s | {found['unchanged']:.2f} s |"
        )
        sys.stdout.flush()
    if args.queries:
        _, medians = query_p50(args.queries, args.repeat, set(filter(None, args.skip.split(","))))
        slowest = max(medians, key=medians.__getitem__)
        print(f"  median of the medians {statistics.median(medians.values()) * 1000:.1f} ms; slowest: {slowest}")


if __name__ == "__main__":
    main()
