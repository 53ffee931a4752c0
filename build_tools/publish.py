"""Stage: publish. The new site replaces site/ in one step, only after every check passed.

The output is built in a staging folder beside site/ (same file system). Publishing exchanges the two
folders with Linux ``renameat2(RENAME_EXCHANGE)``: there is no moment without a complete site/, and an
error or a kill before the exchange leaves the old site/ untouched. The old tree, now at the staging
path, is deleted afterwards. Where the exchange is unavailable (a file system or kernel without it:
EINVAL, ENOSYS, EOPNOTSUPP, or no renameat2 in the C library), ``swap_by_renames`` moves site/ aside to
``.site.old`` and the new site into place, renaming the old one back if that fails.

A build holds an exclusive lock on ``.site.lock`` beside site/ from start to end (``lock``), so that
two builds of one site cannot delete each other's staging folder: the second fails at once with
``publish.locked`` rather than waiting unseen. Under the lock, ``clean_stale`` removes what killed
builds left (``.site.staging-*``, ``.site.old``).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_NO_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP}
"""What renameat2 answers where the file system or kernel cannot exchange: fall back to two renames."""


class Locked(Exception):
    """Another process holds the lock of this site: it is building it."""

    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(f"{path} is locked by process {holder or '?'}")
        self.path = path
        self.holder = holder


def lock_file(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}.lock")


@contextmanager
def lock(site_dir: Path) -> Iterator[None]:
    """Hold the site's lock: flock(LOCK_EX) on ``.site.lock`` beside it; the file keeps the holder's
    process id. Raises ``Locked`` at once when another process holds it. The lock ends with the
    process (also when it is killed); the file is left in place, deleting it would race."""
    path = lock_file(site_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Locked(path, os.pread(fd, 32, 0).decode("ascii", "replace").strip()) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)


def clean_stale(site_dir: Path) -> None:
    """Remove what builds that were killed left beside site/; call it holding the lock, when no other
    build can be using them. A ``.site.old`` without site/ is the old site of a fallback swap killed
    between its renames: it is put back rather than deleted."""
    old = old_dir(site_dir)
    if old.is_dir() and not old.is_symlink() and not site_dir.exists():
        old.rename(site_dir)
    for path in [*site_dir.parent.glob(f".{site_dir.name}.staging-*"), old]:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)


def staging_dir(site_dir: Path) -> Path:
    """A fresh folder beside site/ (same file system, so that it can replace site/ in one step)."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.staging-", dir=site_dir.parent))


def make_readable(folder: Path) -> None:
    """What a web server needs: directories 0755, files 0644, whatever the umask of the build (and the
    staging folder itself, which mkdtemp made 0700). Symbolic links are left alone."""
    os.chmod(folder, 0o755)
    for parent, dirs, files in os.walk(folder):
        for name in dirs:
            path = os.path.join(parent, name)
            if not os.path.islink(path):
                os.chmod(path, 0o755)
        for name in files:
            path = os.path.join(parent, name)
            if not os.path.islink(path):
                os.chmod(path, 0o644)


def old_dir(site_dir: Path) -> Path:
    """Where ``swap_by_renames`` keeps the old site while the new one moves into place."""
    return site_dir.with_name(f".{site_dir.name}.old")


def swap(staging: Path, site_dir: Path) -> None:
    """Put the staging folder at site_dir and delete the old site. Raises OSError with site_dir unchanged
    when the new site could not be put in place."""
    if not site_dir.exists():
        staging.rename(site_dir)
        return
    try:
        exchange(staging, site_dir)
    except OSError as exc:
        if exc.errno not in _NO_EXCHANGE:
            raise
        swap_by_renames(staging, site_dir)
        return
    shutil.rmtree(staging)  # the old site, now at the staging path


def exchange(a: Path, b: Path) -> None:
    """Swap two paths atomically: renameat2(a, b, RENAME_EXCHANGE). OSError(ENOSYS) without renameat2."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)  # glibc 2.28 or newer
    if renameat2 is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available in this C library", str(a))
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(a), None, str(b))


def swap_by_renames(staging: Path, site_dir: Path) -> None:
    """The fallback: two renames. Between them site/ is missing for a moment; a failure of the second
    renames the old site back; a build killed between them leaves the old site in ``.site.old``."""
    old = old_dir(site_dir)
    if old.exists():
        shutil.rmtree(old)
    site_dir.rename(old)
    try:
        staging.rename(site_dir)
    except BaseException:
        old.rename(site_dir)
        raise
    shutil.rmtree(old)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
