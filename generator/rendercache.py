"""The pages the render stage made from a data folder, kept in the build cache
(generator/buildcache.py) and used again by the next build when nothing they were made from
has changed: a repeated `prongsai build` and `prongsai portal` rebuilding a province skip the
page templates, the charts, the readiness verdicts on the item pages and the open data, and
only read, validate and model the data (whose problems are reported every time) before
writing the same Markdown again.

What is reused is one file per site (its generated pages' folder), used only under a digest of
everything the render stage reads:

* every YAML file of the data folder, by its bytes, and every other file of the folder (the
  attachments) by its name, size and modification time (a page shows an attachment's link,
  name and size, never its content);
* the options (ITA year, strict, the "as of" date) and, when the data names no date, today's
  date (the readiness verdicts depend on it);
* the program: every file of the generator package (its code, templates and OIT catalogues)
  by its bytes, and the versions of Python, Jinja, MarkupSafe and PyYAML.

A folder that cannot be read whole turns the reuse off for that build.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

from . import buildcache

KIND = "rendered"
FORMAT = 1  # raise when what is stored changes
_YAML_SUFFIXES = (".yaml", ".yml")


def inputs_digest(options) -> str | None:
    """The digest of everything the render stage reads, taken before the data is read (see
    rendered), or None when no cache folder is in use or the folder cannot be read."""
    if buildcache.folder() is None:
        return None
    today = options.today if options.today is not None else dt.date.today()
    try:
        data = _data_folder(Path(options.data_dir))
    except OSError:
        return None
    return buildcache.key_of(FORMAT, _program(), data, options.year, options.strict, today.isoformat())


def rendered(options, inputs: str | None,
             make: Callable[[], tuple[dict[str, str], list[str]]]) -> tuple[dict[str, str], list[str]]:
    """({path: text} of the generated pages and files, the redirect pages among them): from the
    cache when `inputs` (inputs_digest before the data was read) matches what they were made
    from, else `make()`. What make() gives is stored only if the inputs are still the same
    afterwards: a file saved while the build read it must not pair its new digest with pages
    made from the old data."""
    slot = buildcache.key_of(FORMAT, options.out_dir)
    if inputs is not None:
        stored = buildcache.read_json(KIND, slot)
        if _usable(stored, inputs):
            return stored["texts"], stored["redirects"]
    texts, redirects = make()
    if inputs is not None and inputs_digest(options) == inputs:
        buildcache.write_json(KIND, slot, {"digest": inputs, "texts": texts, "redirects": redirects})
    return texts, redirects


def _usable(stored, expected: str) -> bool:
    return (isinstance(stored, dict) and stored.get("digest") == expected
            and isinstance(stored.get("texts"), dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in stored["texts"].items())
            and isinstance(stored.get("redirects"), list)
            and all(isinstance(path, str) and path in stored["texts"] for path in stored["redirects"]))


def _data_folder(root: Path) -> str:
    """The data folder's YAML files by their bytes, every other file by name, size and time."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        digest.update(path.relative_to(root).as_posix().encode("utf-8", "surrogatepass") + b"\0")
        if path.suffix.lower() in _YAML_SUFFIXES:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        else:
            status = path.stat()
            digest.update(f"{status.st_size}:{status.st_mtime_ns}".encode())
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def _program() -> str:
    """Every file of the generator package by its bytes (once per process), and the versions of
    what renders with it."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode("utf-8", "surrogatepass") + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    versions = (sys.version, os.sep, *map(buildcache.package_version, ("Jinja2", "MarkupSafe", "PyYAML")))
    digest.update(repr(versions).encode("utf-8"))
    return digest.hexdigest()
