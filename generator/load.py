"""Pipeline stage 1: read the data folder's YAML files, remembering line numbers.

Every mapping and list keeps the line of each of its entries so that later
stages can point the user at `file:line`. Nothing here judges the content:
broken YAML, bad encoding, duplicate keys and self-referencing anchors become
problems, and the file is skipped.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problems

MAX_YAML_BYTES = 5 * 1024 * 1024
# libyaml's composer (same nodes, marks and errors, about 10x faster) when PyYAML has it.
# It recurses in C: "[[[[…" nested ~100,000 deep kills the process, so a text that could
# nest that deep goes to the Python composer, whose RecursionError is reported below.
_LIBYAML = getattr(yaml, "CSafeLoader", None)
MAX_BRACKETS_FOR_LIBYAML = 5000
# Values (every key, text, number and list of a file, an alias counted each time it is used)
# that one file may hold: guards against alias bombs ("billion laughs") and files too large
# to check and show in reasonable time.
MAX_NODES = 200_000


BOOL_TAG = "tag:yaml.org,2002:bool"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
STR_TAG = "tag:yaml.org,2002:str"
# What PyYAML's constructors raise on an explicit tag that does not fit its text
# (`!!int ''` IndexError, `!!int 0x` ValueError, `!!bool ''` KeyError, `!!timestamp x`
# AttributeError …): the text is kept and validation explains what is wrong.
CONSTRUCTOR_FAILURES = (yaml.YAMLError, ValueError, OverflowError, AttributeError, IndexError, KeyError,
                        TypeError)


class _Written:
    """A number that remembers how it was written: `2.10` is a mission number, not 2.1."""

    raw: str = ""

    @classmethod
    def with_raw(cls, value, raw: str):
        number = cls(value)
        number.raw = raw
        return number


class YInt(_Written, int):
    pass


class YFloat(_Written, float):
    pass


class YMap(dict):
    """A dict that remembers its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class YList(list):
    """A list that remembers its own line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


def line_of(container, key) -> int | None:
    if isinstance(container, (YMap, YList)):
        return container.line_of(key)
    return None


class LoadFailure(Exception):
    """A file that cannot be read as YAML: the line (or None) and the Thai message."""

    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


_LoadFailure = LoadFailure  # the older private name, still imported by the importers


class _Builder:
    """Turns a composed YAML node graph into YMap/YList/scalars."""

    def __init__(self):
        self.constructor = yaml.SafeLoader("")  # only for its scalar resolvers
        self.count = 0
        self.stack: set[int] = set()
        self.seen: set[int] = set()
        self.repeated = 0  # values read again through an alias (*name)

    def build(self, node: yaml.Node):
        self.count += 1
        if id(node) in self.seen:
            self.repeated += 1
        else:
            self.seen.add(id(node))
        if self.count > MAX_NODES:
            raise _LoadFailure(node.start_mark.line + 1, self._too_many())
        if id(node) in self.stack:
            raise _LoadFailure(node.start_mark.line + 1, "การอ้างอิง (&/*) วนกลับมาที่ตัวเอง ให้เขียนข้อมูลตรง ๆ แทน")
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        self.stack.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return self._sequence(node)
            return self._mapping(node)
        finally:
            self.stack.discard(id(node))

    def _too_many(self) -> str:
        """Say which limit was reached: an alias repeated over and over, or simply a file
        with too much in it (e.g. 100,000 measures in one report)."""
        if self.repeated * 2 > self.count:
            return (f"ไฟล์นี้อ้างอิงซ้ำ (& และ *) จนมีค่าข้อมูลเกิน {MAX_NODES:,} ค่า "
                    "ให้เขียนข้อมูลตรง ๆ แทนการอ้างอิงซ้ำ")
        return _too_many_values(None).message

    def _scalar(self, node: yaml.ScalarNode):
        # YAML 1.1 reads `no`, `yes`, `on`, `off` as booleans and `0123` as octal:
        # a field called `no` or a phone number must stay what the user wrote.
        if node.tag == STR_TAG:
            return node.value  # what SafeConstructor makes of text, without its bookkeeping
        if node.tag == BOOL_TAG and node.value.lower() not in ("true", "false"):
            return node.value
        if node.tag == INT_TAG and re.fullmatch(r"[+-]?0[0-9_]+|[0-9:]+:[0-9]+", node.value):
            return node.value
        try:
            value = self.constructor.construct_object(node, deep=True)
            if node.tag == INT_TAG and not isinstance(value, bool):
                return YInt.with_raw(value, node.value)
            if node.tag == FLOAT_TAG:
                return YFloat.with_raw(value, node.value)
            return value
        except CONSTRUCTOR_FAILURES:
            # e.g. a timestamp-looking value that is not a real date (2568-02-30), or an explicit
            # tag on text it does not fit (!!timestamp x, !!int ""): keep the text and let
            # validation explain what is wrong.
            return node.value

    def _sequence(self, node: yaml.SequenceNode) -> YList:
        result = YList(self.build(child) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result

    def _mapping(self, node: yaml.MappingNode) -> YMap:
        result = YMap()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _LoadFailure(key_node.start_mark.line + 1, "ไม่รองรับการรวมค่าด้วย '<<' ให้เขียนค่าแต่ละช่องเอง")
            key = self.build(key_node)
            if isinstance(key, (YMap, YList)):
                raise _LoadFailure(key_node.start_mark.line + 1, "ชื่อช่องข้อมูลต้องเป็นข้อความ")
            if key in result:
                raise _LoadFailure(
                    key_node.start_mark.line + 1,
                    f"ช่อง '{key}' ซ้ำกับบรรทัด {result.key_lines[key]} ให้ลบหรือรวมเป็นช่องเดียว",
                )
            result[key] = self.build(value_node)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result


# Above this size (or with many brackets) the text is first walked with libyaml's event parser,
# which keeps its own stack instead of recursing and is fast, to learn how deep it nests and how
# many values it holds before anything is built: a file over the value limit is refused in a few
# seconds instead of being composed for a minute.
SHAPE_CHECK_BYTES = 256 * 1024
MAX_DEPTH_FOR_LIBYAML = 1000


def _too_many_values(line: int | None) -> _LoadFailure:
    return _LoadFailure(line, f"ไฟล์นี้มีข้อมูลมากเกินกำหนด: เกิน {MAX_NODES:,} ค่า (นับทุกช่องและทุกรายการ) "
                              "ให้แบ่งเป็นหลายไฟล์ เช่น รายงานมาตรการแยกไฟล์ตามปีหรือตามรอบ 6 เดือน")


def _needs_python_composer(text: str, brackets: bool) -> bool:
    """True when the text nests too deep for libyaml's recursive composer; raises _LoadFailure
    when it holds more values than MAX_NODES (aliases counted once: see _Builder)."""
    values = depth = 0
    try:
        for event in yaml.parse(text, Loader=_LIBYAML):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH_FOR_LIBYAML:
                    return True
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
                continue
            elif not isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                continue
            values += 1
            if values > MAX_NODES:
                raise _too_many_values(event.start_mark.line + 1)
    except yaml.YAMLError as exc:
        # libyaml's own nesting limit, or a syntax error that composing will report with its line
        return brackets and "nesting" in str(exc)
    return False


def parse_yaml_text(text: str):
    """Parse YAML text into YMap/YList values. Raises _LoadFailure with a Thai message."""
    node = compose_yaml_text(text)
    if node is None:
        return None
    return _Builder().build(node)


def compose_yaml_text(text: str) -> yaml.Node | None:
    """The YAML node graph of a text: every scalar as written, with its line and style (the
    personal-data guard reads it). Raises _LoadFailure with a Thai message."""
    try:
        deep = text.count("[") + text.count("{") >= MAX_BRACKETS_FOR_LIBYAML
        if _LIBYAML is not None and (deep or len(text) > SHAPE_CHECK_BYTES):
            deep = _needs_python_composer(text, deep)
        node = yaml.compose(text, Loader=yaml.SafeLoader if deep or _LIBYAML is None else _LIBYAML)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        started = ""
        if exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
            started = f" ซึ่งเริ่มที่บรรทัด {exc.context_mark.line + 1}"
        raise _LoadFailure(
            line, f"รูปแบบ YAML ผิด ({exc.problem or exc.context}{started}) ตรวจการย่อหน้า เครื่องหมาย : และวงเล็บ"
        ) from None
    except yaml.YAMLError as exc:
        raise _LoadFailure(None, f"รูปแบบ YAML ผิด ({exc})") from None
    return node


@dataclass
class Parsed:
    """What one version of a file's text parses to: the node graph (None when the text could
    not be composed), the values, or why they could not be read."""

    node: yaml.Node | None = None
    data: object = None
    failure: _LoadFailure | None = None


# One parse per version of a file: {resolved path: (digest of its bytes, Parsed)}. The build
# parses each file once and the personal-data guard and the readiness check reuse it; under
# `prongsai serve` a file that has not changed is not parsed again. Nothing may change a
# parsed value (validation builds new records from it).
_parsed: dict[str, tuple[bytes, Parsed]] = {}


def parse_file_text(path: Path, raw: bytes, text: str) -> Parsed:
    """The Parsed of a file's text (raw: its bytes), from the cache when the bytes are unchanged."""
    key = str(path.resolve())
    digest = hashlib.sha1(raw).digest()
    cached = _parsed.get(key)
    if cached is not None and cached[0] == digest:
        return cached[1]
    parsed = Parsed()
    try:
        parsed.node = compose_yaml_text(text)
        parsed.data = None if parsed.node is None else _Builder().build(parsed.node)
    except _LoadFailure as failure:
        parsed.failure = failure
    except RecursionError:
        parsed.failure = _LoadFailure(None, "ข้อมูลซ้อนกันลึกเกินไป")
    _parsed[key] = (digest, parsed)
    return parsed


def yaml_node(path: Path, raw: bytes) -> yaml.Node | None:
    """The node graph of a data file's bytes, parsed once per version (see parse_file_text)."""
    text = raw.decode("utf-8-sig", errors="replace")
    return parse_file_text(path, raw, text).node


@dataclass
class LoadedFile:
    path: Path      # absolute
    name: str       # as shown to the user, relative to the data folder's parent
    data: object


@dataclass
class DataSet:
    """All YAML files of a data folder, by role."""

    root: Path
    organisation: LoadedFile | None = None
    site: LoadedFile | None = None
    plan: LoadedFile | None = None
    measures: list[LoadedFile] = field(default_factory=list)
    oit: list[LoadedFile] = field(default_factory=list)

    def display_name(self, path: Path) -> str:
        return display_path(self.root, path)


def display_path(root: Path, path: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve().parent))
    except ValueError:
        return str(path)


def load_yaml_file(path: Path, shown_as: str, problems: Problems):
    """Read one YAML file; on failure record a problem and return None."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.error(shown_as, None, "-", f"เปิดไฟล์ไม่ได้ ({exc.strerror})")
        return None
    if len(raw) > MAX_YAML_BYTES:
        problems.error(shown_as, None, "-", f"ไฟล์ใหญ่เกิน {MAX_YAML_BYTES // 1024 // 1024} MB ให้แบ่งเป็นหลายไฟล์")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(shown_as, line, "-", "ไฟล์ไม่ได้บันทึกเป็น UTF-8 ให้บันทึกใหม่ (Save As… เลือก UTF-8)")
        return None
    if "\x00" in text:
        problems.error(shown_as, None, "-", "ไฟล์มีอักขระ NUL ไม่ใช่ไฟล์ข้อความ YAML")
        return None
    parsed = parse_file_text(path, raw, text)
    if parsed.failure is not None:
        problems.error(shown_as, parsed.failure.line, "-", parsed.failure.message)
        return None
    return parsed.data


def _load(root: Path, path: Path, problems: Problems) -> LoadedFile | None:
    shown = display_path(root, path)
    data = load_yaml_file(path, shown, problems)
    return LoadedFile(path, shown, data)


def load_data_folder(root: Path, problems: Problems) -> DataSet:
    """Find and parse the files the data format documents (docs/data-format.md)."""
    root = Path(root)
    dataset = DataSet(root=root)
    if not root.is_dir():
        problems.error(str(root), None, "-", "ไม่พบโฟลเดอร์ข้อมูล ตรวจชื่อโฟลเดอร์ที่ให้กับ --data หรือ data_dir ของ prongsai ใน mkdocs.yml")
        return dataset
    singles = {"organisation": "organisation.yaml", "site": "site.yaml", "plan": "plan.yaml"}
    for role, filename in singles.items():
        path = root / filename
        if path.is_file():
            setattr(dataset, role, _load(root, path, problems))
        elif path.exists():
            problems.error(display_path(root, path), 1, "filename", f"{filename} เป็นโฟลเดอร์ ไม่ใช่ไฟล์ข้อมูล ให้ย้ายหรือเปลี่ยนชื่อโฟลเดอร์นี้")
        elif role == "organisation":
            problems.error(display_path(root, path), None, "-", "ไม่พบไฟล์ข้อมูลหน่วยงาน organisation.yaml ซึ่งต้องมีเสมอ")
    for folder, target in (("measures", dataset.measures), ("oit", dataset.oit)):
        directory = root / folder
        if directory.is_dir():
            for path in sorted(directory.iterdir()):
                if re.search(r"\.ya?ml(\.\w+)?$", path.name, re.IGNORECASE) and not re.search(r"\.ya?ml$", path.name):
                    # 2569.YAML, 2569.yaml.txt: meant as data, but not read
                    problems.error(display_path(root, path), 1, "filename",
                                   f"ไฟล์ '{path.name}' ไม่ถูกอ่าน ชื่อไฟล์ข้อมูลต้องลงท้ายด้วย .yaml (ตัวพิมพ์เล็ก) ให้เปลี่ยนชื่อ")
            for path in sorted(directory.glob("*.y*ml")):
                if not path.is_file():
                    problems.error(display_path(root, path), 1, "filename", f"{path.name} เป็นโฟลเดอร์ ไม่ใช่ไฟล์ข้อมูล ให้ย้ายหรือเปลี่ยนชื่อ")
                    continue
                if folder == "measures" and not _usable_page_name(path.stem):
                    # the file's name is the report's address (measures/2568.yaml → /measures/2568/)
                    problems.error(display_path(root, path), 1, "filename",
                                   f"ชื่อไฟล์ '{path.name}' ใช้เป็นที่อยู่หน้าเว็บไม่ได้ ({_why_not_a_page_name(path.stem)}) "
                                   "ให้เปลี่ยนชื่อเป็นตัวอักษร ตัวเลข - หรือ _ เช่น 2568.yaml หรือ 2568-6m.yaml")
                    continue
                target.append(_load(root, path, problems))
    return dataset


# A name that becomes part of a page's address (a measures file's name, a project's id): letters
# (Thai too), digits, '-' and '_', so that it can never name a folder outside the site ('..', '/').
PAGE_NAME = re.compile(r"[0-9A-Za-z\u0E00-\u0E7F][0-9A-Za-z\u0E00-\u0E7F_-]*")


# Names Windows keeps for devices, with any extension (CON.txt, nul.pdf, com1.tar.gz): a site or a
# data folder copied to a Windows computer or an IIS server cannot hold a file or folder so named.
WINDOWS_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3]) *(\..*)?",
                              re.IGNORECASE)


def windows_reserved(name: str) -> bool:
    return WINDOWS_RESERVED.fullmatch(name.rstrip(" .")) is not None


def _why_not_a_page_name(stem: str) -> str:
    if windows_reserved(stem):
        return f"'{stem}' เป็นชื่อที่ Windows สงวนไว้ เว็บไซต์ที่คัดลอกไปไว้บนเครื่อง Windows จะไม่มีหน้านี้"
    if stem.lower() == "index":
        return "'index' เป็นหน้ารวมรายงาน"
    return "มีอักขระที่ใช้ในที่อยู่หน้าเว็บไม่ได้"


def _usable_page_name(stem: str) -> bool:
    return stem.lower() != "index" and PAGE_NAME.fullmatch(stem) is not None and not windows_reserved(stem)
