"""The site-search thesaurus (``thesaurus.yaml``): loading, checking, and the
compact form written into the search index.

The browser applies it at query time (``generator/theme/assets/search/search.js``): a query
word that is a variant also searches for the entry's terms (and, for entries marked
``both_ways``, a term also searches for the variants).  Only this list travels with
the index, so the index itself does not grow with synonyms.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

THESAURUS_PATH = Path(__file__).with_name("thesaurus.yaml")
KINDS = ("spelling", "official", "colloquial", "abbreviation", "transliteration")
FIELDS = ("terms", "variants", "kind", "source", "both_ways")


@dataclass(frozen=True)
class Entry:
    line: int
    terms: tuple[str, ...]
    variants: tuple[str, ...]
    kind: str
    source: str
    both_ways: bool = False

    def compact(self) -> list:
        """``[both_ways (0/1), [terms], [variants]]`` for the index."""
        return [1 if self.both_ways else 0, list(self.terms), list(self.variants)]


def _words(value) -> tuple[str, ...] | None:
    if not isinstance(value, list) or not value:
        return None
    words = tuple(" ".join(str(v).split()) for v in value if v is not None)
    return words if all(words) and len(words) == len(value) else None


def _check_entry(raw, line: int, where: str, problems: list[str]) -> Entry | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}:{line}: entries: แต่ละรายการต้องมี terms, variants, kind และ source")
        return None
    before = len(problems)
    for key in raw:
        if key not in FIELDS:
            problems.append(f"{where}:{line}: {key}: ไม่รู้จักช่องนี้ (ใช้ได้: {', '.join(FIELDS)})")
    terms, variants = _words(raw.get("terms")), _words(raw.get("variants"))
    if terms is None:
        problems.append(f"{where}:{line}: terms: ต้องเป็นรายการคำที่หน้าเว็บใช้ อย่างน้อย 1 คำ")
    if variants is None:
        problems.append(f"{where}:{line}: variants: ต้องเป็นรายการคำที่ผู้ค้นหาพิมพ์ อย่างน้อย 1 คำ")
    if raw.get("kind") not in KINDS:
        problems.append(f"{where}:{line}: kind: ต้องเป็นหนึ่งใน {', '.join(KINDS)}")
    source = raw.get("source")
    if not isinstance(source, str) or not source.strip():
        problems.append(f"{where}:{line}: source: ต้องบอกที่มาของคำ (ราชบัณฑิตยสถาน ทางราชการ หรือภาษาพูด)")
    both = raw.get("both_ways", False)
    if not isinstance(both, bool):
        problems.append(f"{where}:{line}: both_ways: ต้องเป็น true หรือ false")
    if terms and variants and set(terms) & set(variants):
        problems.append(f"{where}:{line}: variants: คำเดียวกันอยู่ทั้งใน terms และ variants: "
                        f"{', '.join(sorted(set(terms) & set(variants)))}")
    if len(problems) > before:
        return None
    return Entry(line, terms, variants, raw["kind"], source.strip(), both)


# libyaml when PyYAML has it: the same nodes and marks, about ten times faster than the Python
# parser (the thesaurus is read by every build)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_loaded: dict[tuple, tuple[list[Entry], list[str]]] = {}


def load_thesaurus(path: Path = THESAURUS_PATH) -> tuple[list[Entry], list[str]]:
    """(entries, problems); problems are ``file:line: field: message`` in Thai. Read once per
    process while the file is unchanged (a portal or a preview builds many times)."""
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    except OSError:
        key = None
    if key not in _loaded:
        loaded = _read_thesaurus(path)
        if key is None:
            return loaded
        _loaded[key] = loaded
    entries, problems = _loaded[key]
    return list(entries), list(problems)


def _read_thesaurus(path: Path) -> tuple[list[Entry], list[str]]:
    where = path.name
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        root = yaml.compose(text, Loader=_LOADER)
        data = yaml.load(text, Loader=_LOADER)
    except OSError as err:
        return [], [f"{where}:1: entries: อ่านไฟล์ไม่ได้ ({err.strerror})"]
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        return [], [f"{where}:{mark.line + 1 if mark else 1}: entries: รูปแบบ YAML ไม่ถูกต้อง"]
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        return [], [f"{where}:1: entries: ต้องมีรายการ entries"]
    nodes = next(v for k, v in root.value if k.value == "entries").value
    entries, problems = [], []
    for raw, node in zip(data["entries"], nodes):
        entry = _check_entry(raw, node.start_mark.line + 1, where, problems)
        if entry:
            entries.append(entry)
    return entries, problems


def compact_thesaurus(entries: list[Entry]) -> list[list]:
    return [e.compact() for e in entries]
