"""The Apache rules that kg publish writes (.htaccess), run by a real Apache httpd."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
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

APACHE = Path("/usr/sbin/apache2")
MODULES = Path("/usr/lib/apache2/modules")


@pytest.fixture(scope="module")
def apache(site: Path) -> Iterator[str]:
    """Apache in the foreground (-X) serving a copy of the site under /kg/, .htaccess allowed."""
    if not APACHE.exists():
        message = "Apache httpd is not installed (apt-get install apache2)"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    work = Path(tempfile.mkdtemp(prefix="kg-apache-"))  # readable by the user Apache switches to
    try:
        work.chmod(0o755)
        shutil.copytree(site, work / "site")
        for folder, _, _ in os.walk(work):
            Path(folder).chmod(0o755)
        port = free_port()
        modules = ("mpm_prefork", "authz_core", "alias", "dir", "mime", "rewrite", "headers")
        user = "User www-data\nGroup www-data\n" if os.geteuid() == 0 else ""
        (work / "httpd.conf").write_text(
            f"ServerRoot {work}\nServerName 127.0.0.1\nListen 127.0.0.1:{port}\nPidFile {work}/httpd.pid\n"
            f"ErrorLog {work}/error.log\n{user}"
            + "".join(f"LoadModule {m}_module {MODULES}/mod_{m}.so\n" for m in modules)
            + f"TypesConfig /etc/mime.types\nAlias /kg/ {work}/site/\n"
            f"<Directory {work}/site>\n  AllowOverride All\n  Require all granted\n</Directory>\n"
        )
        process = subprocess.Popen(
            [str(APACHE), "-X", "-f", str(work / "httpd.conf")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        url = f"http://127.0.0.1:{port}/kg/"
        try:
            wait_until_up(url, process)  # type: ignore[arg-type]
            yield url
        finally:
            process.terminate()
            process.wait(timeout=10)
    finally:
        shutil.rmtree(work, ignore_errors=True)


@pytest.mark.parametrize(("accept", "suffix", "media"), WEB_SERVER_CASES)
def test_apache_negotiates_a_resource_like_kg_serve(
    apache: str, site: Path, accept: str, suffix: str, media: str
) -> None:
    assert_negotiates(
        apache,
        site,
        "article/bgnes-2026-02-12-us-ukraine-security-talks/claim/zelensky-talks-began",
        accept,
        suffix,
        media,
    )


def test_apache_serves_the_index_and_plain_files(apache: str) -> None:
    assert_serves_the_index_and_plain_files(apache, "dump/kg.nq", "application/n-quads")


def test_apache_lets_only_the_query_page_run_a_script(apache: str) -> None:
    assert_only_the_query_page_may_run_a_script(apache)
