"""Derived data cached on disk: built once (at install or first use), then read on every start.

A cache file's name carries a digest of everything it is derived from (package versions, the source of the
code that builds it), so an upgrade or an edit builds a new file instead of reading a stale one. Files are
written atomically (a reader sees the old file or the whole new one, never half of one); a file that cannot
be read is rebuilt. Nothing here downloads anything: builds read installed packages only.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def cache_key(*parts: object, packages: Iterable[str] = (), sources: Iterable[Path] = ()) -> str:
    """A digest of ``parts``, the installed versions of ``packages`` and the bytes of ``sources``."""
    digest = hashlib.sha256(repr(parts).encode())
    for name in packages:
        digest.update(f"\0{name}={_version(name)}".encode())
    for path in sources:
        digest.update(b"\0" + Path(path).read_bytes())
    return digest.hexdigest()[:20]


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def cache_file(directory: Path, name: str, key: str, suffix: str) -> Path:
    return directory / f"{name}-{key}{suffix}"


def cached_pickle(directory: Path | None, name: str, key: str, build: Callable[[], T]) -> T:
    """``build()``'s result, read from ``directory`` when built before (``directory`` None: no cache)."""
    if directory is None:
        return build()
    path = cache_file(directory, name, key, ".pickle")
    unreadable = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError)
    with contextlib.suppress(*unreadable), path.open("rb") as handle:
        return pickle.load(handle)  # our own file, in the user's cache folder
    value = build()
    with contextlib.suppress(OSError), atomic_write(path) as handle:  # a read-only cache folder costs speed only
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return value


@contextlib.contextmanager
def atomic_write(path: Path) -> Iterator[Any]:
    """A binary handle on a temporary file beside ``path`` that replaces ``path`` only once fully written;
    older versions of the same cache (``name-*`` with the same suffix) are removed then."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _remove_older_versions(path)


def _remove_older_versions(path: Path) -> None:
    name = path.name.rsplit("-", 1)[0]
    for old in path.parent.glob(f"{name}-*{path.suffix}"):
        if old != path and old.name.rsplit("-", 1)[0] == name:
            with contextlib.suppress(OSError):
                old.unlink()
