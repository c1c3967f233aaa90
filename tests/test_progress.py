"""Progress bars: drawn on a terminal's stderr with counts and rate, never off a terminal or with --quiet;
and ``import kg`` stays cheap (no rdflib, pySHACL, pyoxigraph or tqdm)."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from support import ROOT

MINI = ROOT / "tests" / "fixtures" / "mini"


def kg(*args: str, cwd: Path, tty: bool) -> tuple[int, str, str]:
    """Run ``kg`` with stderr on a pseudo-terminal (or a pipe); its exit code, stdout and stderr."""
    env = {k: v for k, v in os.environ.items() if k != "KG_BASE_IRI"} | {"COLUMNS": "100"}
    command = [sys.executable, "-m", "kg", *args]
    if not tty:
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
        return done.returncode, done.stdout, done.stderr
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a new pty is 0 columns wide
    with subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=follower) as process:
        os.close(follower)
        said = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the process is done with it
                break
            if not chunk:
                break
            said += chunk
        out = process.stdout.read().decode() if process.stdout else ""
    os.close(leader)
    return process.returncode, out, said.decode(errors="replace")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("project")
    shutil.copytree(MINI, folder / "seeds")
    return folder


@pytest.mark.parametrize(
    ("command", "what", "unit"),
    [(("build", "--no-cache"), "compiling", "articles"), (("publish", "--no-cache"), "writing", "pages")],
)
def test_a_bar_with_counts_and_rate_is_drawn_on_a_terminal_only(
    project: Path, command: tuple[str, ...], what: str, unit: str
) -> None:
    code, out, err = kg(*command, cwd=project, tty=True)
    assert code == 0, err
    assert re.search(rf"\r{what}: [1-9][0-9]* {unit} \[00:[0-9]{{2}}, +[0-9.]+ {unit}/s\]", err), err
    assert err.endswith("\r"), err  # the bar is wiped when done: the summary stands alone
    assert out.startswith(("1 articles, ", "wrote site/"))
    code, out, err = kg(*command, cwd=project, tty=False)
    assert (code, err) == (0, "")
    code, out, err = kg(*command, "--quiet", cwd=project, tty=True)
    assert (code, out) == (0, "")
    assert unit not in err, err


def test_import_kg_loads_no_heavy_library() -> None:
    for module in ("kg", "kg.api", "kg.progress", "kg.resources"):
        heavy = "('rdflib', 'pyshacl', 'pyoxigraph', 'tqdm')"
        probe = f"import sys, {module}; print(sorted(m for m in {heavy} if m in sys.modules))"
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
        assert done.stdout == "[]\n", module
