"""Reproducible builds: two checkouts of one commit, at different paths, built by different processes at
different times, give byte-identical output; SOURCE_DATE_EPOCH sets every date the outputs carry."""

from __future__ import annotations

import datetime
import gzip
import os
import re
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from build_tools.__main__ import main
from build_tools.pipeline import DEFAULT_EPOCH, BuildResult, source_date_epoch
from tests.conftest import FIXTURES, ROOT
from tests.helpers import epub_file

Built = tuple[Path, BuildResult]

OTHER_EPOCH = 1000000000
"""2001-09-09T01:46:40Z: no day the tests run on, so a date taken from the clock cannot pass for it."""


def cli_build(root: Path, epoch: int, *args: str, hash_seed: str = "0") -> Path:
    """``python -m build_tools build`` in a process of its own, as a contributor or CI runs it, with
    SOURCE_DATE_EPOCH in its environment and its own hash seed (set and dict orders of strings)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "PYTHONHASHSEED": hash_seed}
    result = subprocess.run([sys.executable, "-m", "build_tools", "--root", str(root), "build", "--quiet", *args],
                            cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return root / "site"


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_checkouts_of_one_commit_build_byte_identical_outputs(mini_built: Built, tmp_path: Path) -> None:
    root_a, first = mini_built
    root_b = tmp_path / "a-second-checkout.at.a-longer-path" / "library"
    shutil.copytree(FIXTURES / "mini", root_b)
    assert len(str(root_b)) != len(str(root_a))
    a, b = files(first.site_dir), files(cli_build(root_b, first.epoch, hash_seed="4242"))
    assert {"en/sitemap.xml.gz", "en/downloads/alpha.pdf", "en/downloads/alpha.epub", "editions.json"} <= a.keys()
    assert sorted(a.keys() ^ b.keys()) == [], "the same files"
    assert [name for name in a if a[name] != b[name]] == [], "the same bytes"
    for root in (root_a, root_b):
        assert [name for name, data in b.items() if str(root).encode() in data] == [], "no build folder in the output"


def dates(site: Path) -> dict[str, set[str]]:
    """Every date of the built outputs, as ISO dates or date-times (UTC)."""
    def iso(seconds: int) -> str:
        return datetime.datetime.fromtimestamp(seconds, datetime.UTC).isoformat()

    found: dict[str, set[str]] = {}
    pdf = PdfReader(site / "en/downloads/alpha.pdf")
    info, xmp = pdf.metadata, pdf.xmp_metadata
    assert info is not None and xmp is not None
    found["pdf"] = {str(info["/CreationDate"]), str(info["/ModDate"])}
    found["pdf xmp"] = {str(d and d.isoformat()) for d in (xmp.xmp_create_date, xmp.xmp_modify_date)}
    epub = site / "en/downloads/alpha.epub"
    found["epub modified"] = set(re.findall(r'<meta property="dcterms:modified">([^<]+)<', epub_file(epub, "content.opf")))
    with zipfile.ZipFile(epub) as archive:
        found["epub zip entries"] = {datetime.datetime(*i.date_time).isoformat() for i in archive.infolist()}
    sitemap = (site / "en/sitemap.xml").read_text(encoding="utf-8")
    found["sitemap lastmod"] = set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap))
    packed = (site / "en/sitemap.xml.gz").read_bytes()
    found["sitemap.xml.gz mtime"] = {iso(struct.unpack("<I", packed[4:8])[0])}
    assert gzip.decompress(packed).decode("utf-8") == sitemap
    return found


def expected_dates(epoch: int) -> dict[str, set[str]]:
    moment = datetime.datetime.fromtimestamp(epoch, datetime.UTC)
    naive = moment.replace(tzinfo=None).isoformat()
    return {
        "pdf": {moment.strftime("D:%Y%m%d%H%M%SZ")},
        "pdf xmp": {naive},
        "epub modified": {moment.strftime("%Y-%m-%dT%H:%M:%SZ")},
        "epub zip entries": {naive},
        "sitemap lastmod": {moment.date().isoformat()},
        "sitemap.xml.gz mtime": {moment.replace(hour=0, minute=0, second=0).isoformat()},  # MkDocs: lastmod's day
    }


def test_every_date_is_source_date_epoch_and_changes_with_it(mini_built: Built, tmp_path: Path) -> None:
    _, first = mini_built
    other = cli_build(shutil.copytree(FIXTURES / "mini", tmp_path / "mini"), OTHER_EPOCH, "--handbook", "alpha", "--lang", "en")
    assert first.epoch != OTHER_EPOCH
    assert dates(first.site_dir) == expected_dates(first.epoch)
    assert dates(other) == expected_dates(OTHER_EPOCH)


def test_source_date_epoch_comes_from_the_environment_then_git_then_the_default(tmp_path: Path) -> None:
    root = shutil.copytree(FIXTURES / "mini", tmp_path / "mini")
    assert source_date_epoch(root, {}) == DEFAULT_EPOCH, "not a git checkout"
    assert source_date_epoch(root, {"SOURCE_DATE_EPOCH": "1234"}) == 1234
    assert source_date_epoch(root, {"SOURCE_DATE_EPOCH": ""}) == DEFAULT_EPOCH, "empty is unset"

    def git(*args: str) -> None:
        env = {**os.environ, "GIT_COMMITTER_DATE": "@1600000000 +0200", "GIT_AUTHOR_DATE": "@1500000000 +0000"}
        subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args], cwd=root, env=env,
                       check=True, capture_output=True)

    git("init", "-q")
    assert source_date_epoch(root, {}) == DEFAULT_EPOCH, "nothing committed yet"
    git("add", "-A")
    git("commit", "-q", "-m", "library")
    assert source_date_epoch(root, {}) == 1600000000, "the last commit's date"
    assert source_date_epoch(root, {"SOURCE_DATE_EPOCH": "1234"}) == 1234, "the environment wins"
    outer = tmp_path / "outer"
    shutil.copytree(root, outer / "untracked" / "library", ignore=shutil.ignore_patterns(".git"))
    shutil.move(root / ".git", outer / ".git")
    assert source_date_epoch(outer / "untracked" / "library", {}) == DEFAULT_EPOCH, "a folder the repository does not track"


@pytest.mark.parametrize("value", ["yesterday", "-5", "1.5e9", " 12"])
def test_a_malformed_source_date_epoch_stops_the_build(value: str, mini: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(SystemExit) as stopped:
        main(["--root", str(mini), "build"])
    assert stopped.value.code == 2
    assert "SOURCE_DATE_EPOCH" in capsys.readouterr().err
    assert not (mini / "site").exists()
