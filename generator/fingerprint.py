"""Digests of what MkDocs hands to a page: the keys under which the build cache keeps a page's
converted Markdown (generator/pagecache.py) and its finished HTML (generator/framecache.py).

`describe` writes a value out as text that changes whenever the value's content does, and
refuses (Indescribable) a value whose content it cannot see: a function, or an object of a
kind not listed here, whose repr would only name it. A caller that meets one keeps nothing for
that build, so that nothing stale can be read back.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from markupsafe import Markup
from mkdocs.config.base import Config
from mkdocs.theme import Theme


class Indescribable(Exception):
    """A value whose content the digest cannot describe."""


def site_files(files) -> str:
    """Every file of the site with its addresses and whether it is published."""
    return describe(sorted((f.src_uri, f.dest_uri, f.url, f.inclusion.name) for f in files))


def describe(value) -> str:
    """A text that changes whenever the value's content does; Indescribable for a value whose
    content it cannot see."""
    out: list[str] = []
    _write(value, out, 0)
    return "".join(out)


def _write(value, out: list[str], depth: int) -> None:
    if depth > 40:
        raise Indescribable("nested too deep")
    if value is None or isinstance(value, (bool, int, float)):
        out.append(repr(value))
    elif isinstance(value, str):  # Markup included
        out.append(("M" if isinstance(value, Markup) else "") + repr(str(value)))
    elif isinstance(value, (dt.date, dt.datetime)):
        out.append(value.isoformat())
    elif type(value).__name__ == "PluginCollection":  # a dict of plugin objects: their settings
        _write({name: [type(plugin).__module__, type(plugin).__qualname__, getattr(plugin, "config", None)]
                for name, plugin in value.items()}, out, depth + 1)
    elif isinstance(value, (dict, Config)):
        out.append("{")
        for key in sorted(value, key=repr):
            _write(key, out, depth + 1)
            out.append(":")
            _write(value[key], out, depth + 1)
            out.append(",")
        out.append("}")
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for item in value:
            _write(item, out, depth + 1)
            out.append(",")
        out.append("]")
    elif isinstance(value, (set, frozenset)):
        _write(sorted(value, key=repr), out, depth + 1)
    elif isinstance(value, Theme):
        _write({"name": value.name, "dirs": value.dirs, "vars": dict(value.items()),
                "locale": str(value.locale)}, out, depth + 1)
    elif isinstance(value, SimpleNamespace):
        _write(vars(value), out, depth + 1)
    elif type(value).__name__ == "Locale":
        out.append(str(value))
    else:
        raise Indescribable(type(value).__name__)
