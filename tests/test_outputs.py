"""Nothing lost: kg never replaces a folder it did not write, never builds from a folder that
holds no corpus, and publishes each output set in one atomic step, even when killed."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from support import ONTOLOGY, ROOT

MINI = ROOT / "tests" / "fixtures" / "mini"


WITH_ONTOLOGY = {"build", "validate", "publish"}


def kg(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args, *(["--ontology", str(ONTOLOGY)] if args[0] in WITH_ONTOLOGY else [])],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(MINI, tmp_path / "seeds")
    (tmp_path / "notes.txt").write_text("a user's own file", encoding="utf-8")
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "draft.md").write_text("a user's draft", encoding="utf-8")
    return tmp_path


# every kind of existing path that is not an output folder kg wrote
NOT_OURS = [".", "seeds", "work", "notes.txt", "seeds/registry"]


@pytest.mark.parametrize("command", ["build", "publish"])
@pytest.mark.parametrize("out", NOT_OURS)
def test_an_output_that_is_not_a_folder_kg_wrote_is_refused_and_left_alone(
    project: Path, command: str, out: str
) -> None:
    before = snapshot(project)
    done = kg(command, "--seeds", "seeds", "--out", out, cwd=project)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("kg: ") and f" {out}: " in done.stderr
    assert len(done.stderr.splitlines()) == 1
    assert snapshot(project) == before
    assert sorted(p.name for p in project.iterdir()) == ["notes.txt", "seeds", "work"]


def test_a_symlink_to_a_users_folder_is_refused(project: Path) -> None:
    (project / "dist").symlink_to(project / "work")
    before = snapshot(project / "work")
    assert kg("build", "--seeds", "seeds", "--out", "dist", cwd=project).returncode == 2
    assert snapshot(project / "work") == before


@pytest.mark.parametrize("command", ["build", "publish"])
def test_an_output_kg_wrote_or_an_empty_folder_is_replaced(project: Path, command: str) -> None:
    (project / "out").mkdir()
    assert kg(command, "--seeds", "seeds", "--out", "out", cwd=project).returncode == 0
    (project / "out" / "stale").write_text("from an earlier run", encoding="utf-8")
    assert kg(command, "--seeds", "seeds", "--out", "out", cwd=project).returncode == 0
    assert not (project / "out" / "stale").exists()
    kind = "dist" if command == "build" else "site"
    assert (project / "out" / ".kg-output").read_text(encoding="utf-8").splitlines()[0] == kind


def test_a_dist_of_an_older_kg_without_a_marker_is_still_replaced(project: Path) -> None:
    dist = project / "dist"
    dist.mkdir()
    for name in ("kg.ttl", "kg.nq", ".kg.nq.abc123"):
        (dist / name).write_text("old", encoding="utf-8")
    assert kg("build", "--seeds", "seeds", cwd=project).returncode == 0
    assert (dist / "kg.nq").read_text(encoding="utf-8") != "old" and not (dist / ".kg.nq.abc123").exists()


SEEDS_THAT_ARE_NOT = {"missing": None, "a file": "notes.txt", "no article": "work"}


@pytest.mark.parametrize("command", ["build", "validate", "publish", "lint", "stats"])
@pytest.mark.parametrize("case", sorted(SEEDS_THAT_ARE_NOT))
def test_a_seeds_folder_that_holds_no_corpus_is_an_error_not_an_empty_graph(
    project: Path, command: str, case: str
) -> None:
    out = {"build": ["--out", "dist"], "publish": ["--out", "site"]}.get(command, [])
    assert kg("build", "--seeds", "seeds", "--out", "dist", cwd=project).returncode == 0
    before = snapshot(project)
    seeds = SEEDS_THAT_ARE_NOT[case] or "no-such-folder"
    done = kg(command, "--seeds", seeds, *out, cwd=project)
    assert "Traceback" not in done.stderr
    if case == "no article":
        assert done.returncode == 1
        assert done.stderr.startswith(f"{seeds}:1:1: no article in this folder")
    else:
        assert done.returncode == 2
        assert done.stderr.startswith(f"kg: seeds folder {seeds} ")
    assert snapshot(project) == before


@pytest.mark.parametrize("point", ["before-swap", "after-swap"])
def test_a_build_killed_inside_the_swap_leaves_one_whole_output_set(project: Path, point: str) -> None:
    assert kg("build", "--seeds", "seeds", cwd=project).returncode == 0
    old = snapshot(project / "dist")
    text = project / "seeds" / "mini.txt"
    note = project / "seeds" / "mini.yaml"
    edited = note.read_text(encoding="utf-8").replace("Test outlet:", "Test outlet (renamed):", 1)
    note.write_text(edited, encoding="utf-8")
    done = kg("build", "--seeds", "seeds", cwd=project, env={"KG_CRASH_AT": point})
    assert done.returncode == -9, "killed at the crash point"
    middle = snapshot(project / "dist")
    assert kg("build", "--seeds", "seeds", cwd=project).returncode == 0
    new = snapshot(project / "dist")
    assert old != new and text.exists()
    assert middle == (old if point == "before-swap" else new), "never a mix of the two builds"
    assert sorted(p.name for p in project.iterdir()) == [".kg-cache", "dist", "notes.txt", "seeds", "work"], "swept"


def _small_disk() -> None:
    """In the child: files may not grow past 64 KiB, as on a full disk (EFBIG, not a signal)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def test_a_full_disk_leaves_the_old_outputs_and_no_half_written_file(project: Path) -> None:
    assert kg("build", "--seeds", "seeds", cwd=project).returncode == 0
    before = snapshot(project)
    note = project / "seeds" / "mini.yaml"
    edited = note.read_text(encoding="utf-8").replace("Test outlet:", "Test outlet (renamed):", 1)
    note.write_text(edited, encoding="utf-8")
    shutil.rmtree(project / ".kg-cache")  # every fragment must be written anew
    done = subprocess.run(
        [sys.executable, "-m", "kg", "build", "--seeds", "seeds", "--ontology", str(ONTOLOGY)],
        cwd=project, capture_output=True, text=True, timeout=300, check=False, preexec_fn=_small_disk,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1, done.stderr
    assert "File too large" in done.stderr
    after = snapshot(project)
    assert {k: v for k, v in after.items() if k.startswith("dist/")} == {
        k: v for k, v in before.items() if k.startswith("dist/")
    }, "the previous outputs are whole"
    leftovers = [p for p in project.rglob("*") if p.name.startswith(".dist.") or p.name.endswith(".tmp")]
    assert leftovers == [], "no staging folder or temporary file stays behind"
