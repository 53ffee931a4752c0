"""Stage: publish. The new site replaces site/ in two renames, only after every check passed."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path


def staging_dir(site_dir: Path) -> Path:
    """A fresh folder beside site/ (same file system, so the final rename is atomic)."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.staging-", dir=site_dir.parent))


def swap(staging: Path, site_dir: Path) -> None:
    old = site_dir.with_name(f".{site_dir.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    if old.exists():
        shutil.rmtree(old)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
