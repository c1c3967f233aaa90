"""Time each stage of `kg build` on synthetic corpora, and in the same run the lower bound:
loading the same YAML with PyYAML's C loader plus writing as many raw N-Triples lines.
Ratios to that bound are what to compare across runs; the machine is shared and noisy.

    python bench/run.py --sizes 100,1000
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

from kg.check import load_ontology, validate  # noqa: E402
from kg.corpus import read_corpus  # noqa: E402
from kg.mapping import to_dataset  # noqa: E402
from kg.serialize import render, union, write_all  # noqa: E402

BASE = "https://example.org/kg/"


def stages(seeds: Path, out: Path, ontology: Path) -> tuple[dict[str, float], int]:
    times: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        times[name] = now - clock
        clock = now

    onto, shapes = load_ontology(ontology)
    corpus = read_corpus(seeds)
    lap("load+validate+anchor")
    dataset = to_dataset(corpus, onto, base=BASE)
    lap("map")
    graph = union(dataset)
    assert not validate(graph, shapes)
    lap("check (SHACL)")
    files = render(dataset, base=BASE)
    lap("render 6 formats")
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--ontology", type=Path, default=Path("ontology"))
    args = parser.parse_args()
    print(
        "| articles | triples | "
        + " | ".join(["load+validate+anchor", "map", "check (SHACL)", "render 6 formats", "write"])
        + " | total | lower bound | ratio | peak RSS |"
    )
    print("|---" * 11 + "|")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as work:
            seeds, out = Path(work) / "seeds", Path(work) / "dist"
            generate(seeds, size)
            times, triples = stages(seeds, out, args.ontology)
            bound = lower_bound(seeds, out, triples)
            total = sum(times.values())
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            cells = " | ".join(f"{t:.2f} s" for t in times.values())
            ratio = total / bound
            print(f"| {size} | {triples} | {cells} | {total:.2f} s | {bound:.2f} s | {ratio:.0f}× | {rss:.0f} MiB |")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
