"""Merging a proposal into the data folder without touching what staff wrote.

The YAML is edited as text, not re-dumped, so that every comment and every entry staff
wrote stays where it was: new documents are inserted at the end of their item's
`documents:` list (or a list is added to the item, or the item to `items:`). The result
is read back and compared with the file before; if anything staff wrote went missing,
nothing is written. Attachments are copied, never moved, and never over a different file.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .propose import Filing, Proposal, entry


@dataclass
class Outcome:
    added: list[tuple[str, str]] = field(default_factory=list)     # (item key, title)
    kept: list[tuple[str, str]] = field(default_factory=list)      # already listed: left as it was
    copied: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)   # (proposed, given) on a name clash
    problems: list[str] = field(default_factory=list)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listed_documents(data: dict | None) -> dict[str, list[dict]]:
    items = (data or {}).get("items") or {}
    return {key: list((value or {}).get("documents") or []) for key, value in items.items() if isinstance(value, dict)}


def _already_listed(filing: Filing, key: str, listed: dict[str, list[dict]], data_dir: Path,
                    digests: dict[str, str]) -> bool:
    """The same file (by content) or the same title is already an entry of that item."""
    mine = _digest(filing.source)
    for document in listed.get(key, []):
        if not isinstance(document, dict):
            continue
        if str(document.get("title", "")).strip() == filing.title.strip():
            return True
        attached = document.get("file")
        if isinstance(attached, str):
            path = data_dir / attached
            if path.is_file():
                digests.setdefault(attached, _digest(path))
                if digests[attached] == mine:
                    return True
    return False


def _place_file(filing: Filing, data_dir: Path, outcome: Outcome) -> str:
    """Copy the document to its attachment path; a different file there already gets a new name."""
    wanted = filing.file
    target = data_dir / wanted
    number = 2
    while target.exists() and _digest(target) != _digest(filing.source):
        stem, suffix = Path(wanted).stem, Path(wanted).suffix
        target = data_dir / Path(wanted).parent / f"{stem}-{number}{suffix}"
        number += 1
    given = target.relative_to(data_dir).as_posix()
    if given != wanted:
        outcome.renamed.append((wanted, given))
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(filing.source, target)
        outcome.copied.append(given)
    return given


def _entry_text(record: dict, indent: int) -> list[str]:
    dumped = yaml.safe_dump([record], allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)
    return [" " * indent + line for line in dumped.rstrip("\n").split("\n")]


def _meaningful(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _block_end(lines: list[str], start: int, indent: int, list_at_same_indent: bool = False) -> int:
    """The index after the last line that belongs to the block opened at `start` (by indentation;
    a list may also start at the key's own indentation), leaving trailing blank and comment
    lines to whatever follows."""
    end = start + 1
    last = start
    while end < len(lines):
        if _meaningful(lines[end]):
            same_level_item = (list_at_same_indent and _indent(lines[end]) == indent
                               and lines[end].lstrip().startswith("- "))
            if _indent(lines[end]) <= indent and not same_level_item:
                break
            last = end
        end += 1
    return last + 1


def _find_key(lines: list[str], start: int, stop: int, key: str, indent: int) -> int | None:
    pattern = re.compile(rf"^ {{{indent}}}{re.escape(key)}\s*:(.*)$")
    for index in range(start, stop):
        if pattern.match(lines[index]) and _meaningful(lines[index]):
            return index
    return None


def insert_documents(text: str, key: str, records: list[dict]) -> str | None:
    """oit/<year>.yaml with `records` appended to item `key`'s documents; None when the file
    is written in a shape this cannot edit safely (the proposal file then says what to add)."""
    lines = text.split("\n")
    items_at = _find_key(lines, 0, len(lines), "items", 0)
    if items_at is None:
        lines += ["items:"] if text.strip() else ["items:"]
        items_at = len(lines) - 1
    elif lines[items_at].split(":", 1)[1].strip() not in ("", "{}"):
        return None
    if lines[items_at].split(":", 1)[1].strip() == "{}":
        lines[items_at] = "items:"
    items_end = _block_end(lines, items_at, 0)
    item_indent = next((_indent(l) for l in lines[items_at + 1:items_end] if _meaningful(l)), 2)
    item_at = _find_key(lines, items_at + 1, items_end, key, item_indent)
    if item_at is None:
        block = [" " * item_indent + f"{key}:", " " * (item_indent * 2) + "documents:"]
        block += [line for record in records for line in _entry_text(record, item_indent * 3)]
        lines[items_end:items_end] = block
        return "\n".join(lines)
    if lines[item_at].split(":", 1)[1].split("#")[0].strip() not in ("", "{}"):
        return None
    item_end = _block_end(lines, item_at, item_indent)
    field_indent = next((_indent(l) for l in lines[item_at + 1:item_end] if _meaningful(l)), item_indent * 2)
    if lines[item_at].split(":", 1)[1].split("#")[0].strip() == "{}":
        lines[item_at] = " " * item_indent + f"{key}:"
    docs_at = _find_key(lines, item_at + 1, item_end, "documents", field_indent)
    if docs_at is None:
        block = [" " * field_indent + "documents:"]
        block += [line for record in records for line in _entry_text(record, field_indent + 2)]
        lines[item_end:item_end] = block
        return "\n".join(lines)
    rest = lines[docs_at].split(":", 1)[1].split("#")[0].strip()
    if rest == "[]":
        lines[docs_at] = " " * field_indent + "documents:"
    elif rest:
        return None
    docs_end = _block_end(lines, docs_at, field_indent, list_at_same_indent=True)
    dash = next((_indent(l) for l in lines[docs_at + 1:docs_end] if l.strip().startswith("- ")), field_indent + 2)
    lines[docs_end:docs_end] = [line for record in records for line in _entry_text(record, dash)]
    return "\n".join(lines)


def _nothing_lost(before: dict | None, after: dict | None) -> bool:
    """Every item and every entry of every list staff wrote is still there, unchanged."""
    if not isinstance(after, dict):
        return False
    for key, value in (before or {}).items():
        if key == "items":
            continue
        if after.get(key) != value:
            return False
    old_items, new_items = (before or {}).get("items") or {}, after.get("items") or {}
    for key, old in old_items.items():
        new = new_items.get(key)
        if not isinstance(old, dict):
            if new != old:
                return False
            continue
        if not isinstance(new, dict):
            return False
        for field_name, value in old.items():
            if field_name == "documents":
                if (new.get("documents") or [])[:len(value or [])] != list(value or []):
                    return False
            elif new.get(field_name) != value:
                return False
    return True


def apply(proposal: Proposal, data_dir: Path) -> Outcome:
    outcome = Outcome()
    oit_file = data_dir / "oit" / f"{proposal.year}.yaml"
    original = oit_file.read_text(encoding="utf-8") if oit_file.is_file() else (
        f"ita_year: {proposal.year}\n\nitems:\n")
    try:
        before = yaml.safe_load(original) or {}
    except yaml.YAMLError:
        outcome.problems.append(f"{oit_file}: อ่านไฟล์ไม่ได้ (YAML ผิดรูปแบบ) จึงไม่ได้เพิ่มเอกสาร ให้แก้ไฟล์ก่อน")
        return outcome
    listed = listed_documents(before)
    digests: dict[str, str] = {}
    text = original
    for filing in proposal.filed:
        placed = ""
        for item in filing.items:
            if _already_listed(filing, item.key, listed, data_dir, digests):
                outcome.kept.append((item.key, filing.title))
                continue
            placed = placed or _place_file(filing, data_dir, outcome)
            record = entry(filing)
            record["file"] = placed
            merged = insert_documents(text, item.key, [record])
            if merged is None:
                outcome.problems.append(f"{oit_file}: ข้อ {item.key} เขียนในรูปแบบที่เพิ่มเอกสารอัตโนมัติไม่ได้ "
                                        f"ให้เพิ่มเอกสาร '{filing.title}' เอง (ดูไฟล์ข้อเสนอ)")
                continue
            text = merged
            outcome.added.append((item.key, filing.title))
    if text == original:
        return outcome
    try:
        after = yaml.safe_load(text)
    except yaml.YAMLError:
        after = None
    if not _nothing_lost(before, after):
        outcome.problems.append(f"{oit_file}: การเพิ่มเอกสารจะทำให้ข้อมูลเดิมเปลี่ยน จึงไม่ได้แก้ไฟล์ "
                                "ให้เพิ่มเอกสารตามไฟล์ข้อเสนอเอง")
        for copied in outcome.copied:   # only the copies made just now
            (data_dir / copied).unlink(missing_ok=True)
        outcome.added.clear()
        outcome.copied.clear()
        return outcome
    oit_file.parent.mkdir(parents=True, exist_ok=True)
    temporary = oit_file.with_name(oit_file.name + ".prongsai-tmp")
    temporary.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    temporary.replace(oit_file)
    return outcome
