"""What one build computes that the next can reuse, kept on disk in a folder that is safe to
delete at any time (build/.prongsai-cache/ of the project, ignored by git with build/).

Among what is kept, each under a name that changes with whatever its value depends on,
so that nothing stale is ever read back:

* the text read out of each attachment (generator/extract.py), by a digest of the file's
  bytes: reading PDFs is most of the personal-data scan (the same file in several
  organisations' folders is read once);
* the compiled Jinja templates, the theme's and the generator's, by template and source
  checksum (Jinja's own bytecode cache) and the Jinja and Python versions;
* the Thai word boundaries of the search index (generator/search/indexer.py), by run of text
  and the PyThaiNLP version;
* what the personal-data guard (generator/privacy.py) found in each data file and attachment,
  by a digest of its bytes and the guard's own version, and the guard's table of characters,
  by the Unicode version: a build scans only what changed;
* per site, the Markdown the render stage made from its data folder (generator/rendercache.py),
  and per page the HTML of its Markdown (generator/pagecache.py), the finished page
  (generator/framecache.py), its search-index entry and its links (for the link check), each
  with a digest of what it was made from: one file per site or page, replaced when it changes.

A process uses the folder that `use()` names (the `prongsai` command names the project's
build/.prongsai-cache/), or the one in the environment variable PRONGSAI_CACHE_DIR (for
example a folder a CI job keeps between runs); with neither, nothing is written to disk.
Every read and write failure is ignored: the cache only ever saves time.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import sys
import tempfile
from pathlib import Path

import jinja2

FOLDER_NAME = ".prongsai-cache"
ENVIRONMENT = "PRONGSAI_CACHE_DIR"
_chosen: dict[str, Path | None] = {"folder": None}


def project_folder(project_root: Path) -> Path:
    """The cache folder of a project: build/.prongsai-cache/ beside build/generated/."""
    return Path(project_root).resolve() / "build" / FOLDER_NAME


def use(folder: Path | None) -> None:
    """Name the cache folder of this process (None: the environment's, or none)."""
    _chosen["folder"] = Path(folder) if folder else None


def folder() -> Path | None:
    """The cache folder in use, or None."""
    from_environment = os.environ.get(ENVIRONMENT)
    if from_environment:
        return Path(from_environment)
    return _chosen["folder"]


def _part(kind: str) -> Path | None:
    root = folder()
    return root / kind if root else None


def package_version(name: str) -> str:
    """The installed version of a distribution (for keys), or "" when it is not installed."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return ""


def key_of(*parts) -> str:
    return hashlib.sha256("\0".join(map(str, parts)).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def read_json(kind: str, key: str):
    """The value stored under kind/key, or None."""
    part = _part(kind)
    if part is None:
        return None
    try:
        return json.loads((part / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(kind: str, key: str, value) -> None:
    """Store a value under kind/key (atomically: a reader never sees half a file)."""
    part = _part(kind)
    if part is None:
        return
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except (ValueError, TypeError):
        return  # e.g. a lone surrogate in extracted text: not kept, worked out again next time
    _write_atomically(part / f"{key}.json", text)


def read_text(kind: str, key: str, label: str) -> str | None:
    """The text stored under kind/key with write_text and the same label, or None: for large
    texts (a whole page), which JSON would make slower to read."""
    part = _part(kind)
    if part is None:
        return None
    try:
        with open(part / f"{key}.txt", "rb") as stored:
            first, text = stored.readline(), stored.read()
        if first != label.encode("utf-8") + b"\n":
            return None
        return text.decode("utf-8")
    except (OSError, ValueError):
        return None


def write_text(kind: str, key: str, label: str, text: str) -> None:
    """Store a text under kind/key, after a first line holding `label` (one line, such as a
    digest of what the text was made from), which read_text must be given to read it back."""
    part = _part(kind)
    if part is None or "\n" in label:
        return
    try:
        content = label.encode("utf-8") + b"\n" + text.encode("utf-8")
    except UnicodeEncodeError:
        return  # a lone surrogate: not kept, made again next time
    _write_atomically(part / f"{key}.txt", content)


def _write_atomically(path: Path, content: bytes) -> None:
    """Write a cache file so that a reader (another worker) never sees half of it; a cache
    that cannot be written is only slower, never an error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, path)
    except OSError:
        pass


def template_folder() -> Path | None:
    """Where compiled templates are kept, per Jinja and Python version, or None."""
    part = _part("templates")
    if part is None:
        return None
    return part / f"jinja{jinja2.__version__}-py{sys.version_info[0]}.{sys.version_info[1]}"


class TemplateCache(jinja2.BytecodeCache):
    """A Jinja bytecode cache: compiled templates kept in memory for the life of the process
    (a process that builds more than once, `prongsai portal` or `serve`, compiles each template
    once) and in the cache folder for the next process. Jinja checks the source's checksum and
    its own bytecode format before it uses what it reads back."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        key = _template_key(bucket)
        code = self.compiled.get(key)
        if code is None:
            code = self._read(key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        key = _template_key(bucket)
        code = bucket.bytecode_to_string()
        self.compiled[key] = code
        part = template_folder()
        if part is not None:
            _write_atomically(part / f"{key}.cache", code)

    @staticmethod
    def _read(key: str) -> bytes | None:
        part = template_folder()
        if part is None:
            return None
        try:
            return (part / f"{key}.cache").read_bytes()
        except OSError:
            return None


def _template_key(bucket) -> str:
    """Jinja's key names the template file only; the code compiled from it also depends on the
    environment's syntax and whitespace settings, and on whether it escapes (MkDocs' theme and
    the generator's page templates are compiled by different environments)."""
    env = bucket.environment
    settings = (env.block_start_string, env.block_end_string, env.variable_start_string,
                env.variable_end_string, env.comment_start_string, env.comment_end_string,
                env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks,
                env.newline_sequence, env.keep_trailing_newline, env.optimized, env.is_async,
                sorted(env.extensions), env.autoescape if isinstance(env.autoescape, bool) else "function",
                env.finalize is not None)
    return key_of(bucket.key, *settings)
