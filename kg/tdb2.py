"""Build an Apache Jena TDB2 database offline from a built ``kg.nq``, for Fuseki to serve.

Jena's parallel bulk loader (``tdb2.tdbloader --loader=parallel``, in the Fuseki jar) writes
the database far faster than sending each graph over HTTP. It builds into a fresh folder beside
the target, the store's count of every graph is checked against the file, and only then is
the folder renamed into place: a failed or interrupted load leaves the previous database, or
nothing, never half a database. A folder kg did not make is never replaced.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import tempfile
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from kg.errors import SetupError, StoreError

JENA_VERSION = "5.6.0"  # the one scripts/fetch-jena caches
JAR_NAME = f"jena-fuseki-server-{JENA_VERSION}.jar"
MARKER = "kg-tdb2.json"  # written into every database kg makes: the proof it may be replaced
MADE_BY = "kg load --tdb2"
_BUILDING = ".kg-building-"  # staging folders beside the target: .NAME.kg-building-PID
COUNT_QUERY = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


@dataclass(frozen=True)
class Jena:
    """The ``java`` command and the Jena jar that holds the TDB2 tools and Fuseki."""

    java: str
    jar: Path

    def serve_command(self, folder: Path, dataset: str) -> str:
        """The shell command that serves the database at ``folder`` as Fuseki dataset ``/dataset``.

        >>> Jena("java", Path("/j/fuseki.jar")).serve_command(Path("/data/kg db"), "kg")
        "java -jar /j/fuseki.jar --loc '/data/kg db' --set tdb2:unionDefaultGraph=true /kg"
        """
        words = [self.java, "-jar", str(self.jar), "--loc", str(folder)]
        return shlex.join([*words, "--set", "tdb2:unionDefaultGraph=true", f"/{dataset}"])


@dataclass(frozen=True)
class Report:
    folder: Path
    graphs: int
    quads: int
    seconds: float
    replaced: bool  # whether a database kg made before was there


def find_jena(environ: dict[str, str] | None = None) -> Jena:
    """Java and the jar as the tests find them: ``$KG_JENA_JAR``, else scripts/fetch-jena's cache.

    Raises SetupError, with the fix, when either is missing.
    """
    env = os.environ if environ is None else environ
    given = env.get("KG_JENA_JAR")
    cache = Path(env.get("KG_CACHE") or Path.home() / ".cache" / "kg")
    jar = Path(given) if given else cache / "jena" / JAR_NAME
    home = env.get("JAVA_HOME")
    java = str(Path(home) / "bin" / "java") if home and (Path(home) / "bin" / "java").is_file() else None
    java = java or shutil.which("java", path=env.get("PATH"))
    if java is None:
        raise SetupError(
            "--tdb2 needs Java 17 or later, and 'java' is not on PATH — install it "
            "(e.g. 'sudo apt-get install openjdk-17-jre-headless') or set JAVA_HOME"
        )
    if not jar.is_file():
        where = "$KG_JENA_JAR" if given else "the cache"
        raise SetupError(
            f"--tdb2 needs the Apache Jena jar, and there is none at {jar} ({where}) — run scripts/fetch-jena, "
            "which caches it there, or set KG_JENA_JAR to a jena-fuseki-server jar"
        )
    return Jena(java, jar)


def check_target(folder: Path) -> None:
    """Refuse a ``folder`` that ``build`` must not replace: one that kg did not make, or one in use.

    A missing folder or an empty one is fine. Raises SetupError.
    """
    if not folder.exists() and not folder.is_symlink():
        if not folder.parent.is_dir():
            raise SetupError(f"--tdb2 {folder}: its parent folder {folder.parent} does not exist")
        return
    if folder.is_symlink() or not folder.is_dir():
        raise SetupError(f"--tdb2 {folder}: exists and is not a folder — give a new folder's path")
    if not any(folder.iterdir()):
        return
    if not made_by_kg(folder):
        raise SetupError(
            f"--tdb2 {folder}: exists and is not a TDB2 database made by kg, so it is left alone — "
            "give a new folder's path, or remove this one yourself"
        )
    holder = _lock_holder(folder)
    if holder is not None:
        raise SetupError(
            f"--tdb2 {folder}: is in use by process {holder} (a Fuseki serving it?) — stop it first, "
            "or build into another folder"
        )


def made_by_kg(folder: Path) -> bool:
    """Whether ``folder`` is a TDB2 database that ``build`` made (and so may replace)."""
    try:
        marker = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(marker, dict) and marker.get("made_by") == MADE_BY and any(folder.glob("Data-*"))


def quads_per_graph(nquads: Path) -> dict[str, int]:
    """The number of distinct quads in each named graph of a built ``kg.nq``."""
    seen: set[int] = set()
    counts: Counter[str] = Counter()
    try:
        for quad in pyoxigraph.parse(path=nquads, format=pyoxigraph.RdfFormat.N_QUADS):
            name = quad.graph_name
            if not isinstance(name, pyoxigraph.NamedNode):
                raise StoreError(f"{nquads}: has triples outside any named graph (expected kg build's output)")
            key = hash(quad)
            if key not in seen:
                seen.add(key)
                counts[name.value] += 1
    except FileNotFoundError:
        raise StoreError(f"{nquads}: not found — run 'kg build' first, or pass --data") from None
    except SyntaxError as error:
        raise StoreError(f"{nquads}: not valid N-Quads: {error}") from None
    return dict(sorted(counts.items()))


def build(nquads: Path, folder: Path, jena: Jena, *, log: Callable[[str], None] | None = None) -> Report:
    """Build the TDB2 database of ``nquads`` at ``folder``, replacing only a database kg made.

    ``log`` is given each line Jena's loader prints (its progress).
    """
    check_target(folder)
    started = time.monotonic()
    expected = quads_per_graph(nquads)
    folder = folder.absolute()
    _remove_stale_staging(folder)
    staging = folder.with_name(f".{folder.name}{_BUILDING}{os.getpid()}")
    staging.mkdir()
    try:
        (staging / "kg-building").write_text(f"{MADE_BY} of {nquads} into {folder}\n", encoding="utf-8")
        database = staging / "db"
        _run(jena, ["tdb2.tdbloader", "--loader=parallel", "--loc", str(database), str(nquads.absolute())], log)
        answer = _run(jena, ["tdb2.tdbquery", "--loc", str(database), "--results=json", COUNT_QUERY], None)
        _check_counts(_counts(answer, folder), expected, folder)
        for lock in database.rglob("tdb.lock"):  # their JVMs have exited; a reused PID must not hold them
            lock.unlink()
        marker = {"made_by": MADE_BY, "source": str(nquads.absolute()), "graphs": len(expected)}
        marker |= {"quads": sum(expected.values()), "jena": JENA_VERSION}
        (database / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
        replaced = folder.exists()
        check_target(folder)  # again: the loader took a while
        if replaced and made_by_kg(folder):
            folder.rename(staging / "old")
        elif replaced:
            folder.rmdir()  # empty, as check_target saw; fails safely if something appeared since
        database.rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Report(folder, len(expected), sum(expected.values()), time.monotonic() - started, replaced)


def _run(jena: Jena, command: list[str], log: Callable[[str], None] | None) -> str:
    """Run one of the jar's command-line tools; its stdout, or a StoreError with its last words."""
    # stdout goes to a file, not a pipe: read after stderr's end, a full pipe would block the tool
    with tempfile.TemporaryFile() as stdout:
        process = subprocess.Popen(
            [jena.java, "-cp", str(jena.jar), *command],
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        assert process.stderr is not None
        last: deque[str] = deque(maxlen=20)
        for line in process.stderr:
            last.append(line.rstrip())
            if log:
                log(line.rstrip())
        code = process.wait()
        stdout.seek(0)
        out = stdout.read().decode("utf-8", "replace")
    if code != 0:
        said = [line for line in last if line.strip()]
        worst = next((line for line in reversed(said) if "ERROR" in line or "Exception" in line), None)
        why = (worst or (said[-1] if said else f"exit code {code}")).strip()
        raise StoreError(f"Jena's {command[0]} failed: {why[:300]}")
    return out


def _counts(answer: str, folder: Path) -> dict[str, int]:
    try:
        bindings = json.loads(answer)["results"]["bindings"]
        return {b["g"]["value"]: int(b["n"]["value"]) for b in bindings}
    except (ValueError, KeyError, TypeError):
        raise StoreError(f"--tdb2 {folder}: Jena's count of the new database is not SPARQL JSON results") from None


def _check_counts(stored: dict[str, int], expected: dict[str, int], folder: Path) -> None:
    names = sorted(set(stored) | set(expected))
    wrong = [(name, stored.get(name, 0), expected.get(name, 0)) for name in names]
    wrong = [(name, held, count) for name, held, count in wrong if held != count]
    if wrong:
        name, held, count = wrong[0]
        more = f" (and {len(wrong) - 1} more graphs differ)" if len(wrong) > 1 else ""
        raise StoreError(
            f"--tdb2 {folder}: the new database holds {held} quads in graph {name}, not the {count} of the file{more}"
        )


def _remove_stale_staging(folder: Path) -> None:
    # a staging folder of a load that was killed: ours by its name and the note inside it
    for stale in folder.parent.glob(f".{folder.name}{_BUILDING}*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if (stale / "kg-building").is_file() and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)


def _lock_holder(folder: Path) -> int | None:
    """The live process that holds the database's lock, if any."""
    try:
        pid = int((folder / "tdb.lock").read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None
    return pid if pid != os.getpid() and _alive(pid) else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
