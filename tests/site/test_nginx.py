"""The nginx rules that kg publish writes, run by a real nginx: the same answers as kg serve."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import in_ci
from servers import free_port, wait_until_up
from test_serve import (
    WEB_SERVER_CASES,
    assert_negotiates,
    assert_only_the_query_page_may_run_a_script,
    assert_serves_the_index_and_plain_files,
)


@pytest.fixture(scope="module")
def nginx(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """nginx in the foreground, one process, with the site's nginx.conf on a free port."""
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if binary is None:
        message = "nginx is not installed (apt-get install nginx-light)"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    work = tmp_path_factory.mktemp("nginx")
    port = free_port()
    rules = (site / "nginx.conf").read_text()
    assert "listen 80;" in rules and "alias /srv/kg/site/;" in rules  # the two lines its comment says to adapt
    rules = rules.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("/srv/kg/site/", f"{site}/")
    (work / "kg.conf").write_text(rules)
    temp = "".join(
        f"{kind}_temp_path {work}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (work / "nginx.conf").write_text(
        f"daemon off;\nmaster_process off;\npid {work}/nginx.pid;\nerror_log {work}/error.log;\n"
        f"events {{}}\nhttp {{\naccess_log off;\n{temp}include {work}/kg.conf;\n}}\n"
    )
    checked = subprocess.run([binary, "-t", "-c", str(work / "nginx.conf")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([binary, "-c", str(work / "nginx.conf")], stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/kg/"
    try:
        wait_until_up(url, process)  # type: ignore[arg-type]
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize(("accept", "suffix", "media"), WEB_SERVER_CASES)
def test_nginx_negotiates_a_resource_like_kg_serve(
    nginx: str, site: Path, accept: str, suffix: str, media: str
) -> None:
    assert_negotiates(nginx, site, "actor/zelensky", accept, suffix, media)


def test_nginx_serves_the_index_and_plain_files(nginx: str) -> None:
    assert_serves_the_index_and_plain_files(nginx, "void.ttl", "text/turtle")


def test_nginx_lets_only_the_query_page_run_a_script(nginx: str) -> None:
    assert_only_the_query_page_may_run_a_script(nginx)
