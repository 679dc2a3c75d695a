"""No tracebacks, ever: thousands of generated malformed data folders go
through `prongsai validate` and `prongsai build`; each ends with clear
`file:line: field: message` problems or a good site, never an uncaught exception.

Every case starts from tests/fixtures/mini and applies a few mutations:
* to the data: wrong types, huge values, odd Unicode (RTL marks, zero-width, combining,
  emoji, control characters), Thai and Arabic digits mixed, missing and extra keys,
  values moved to the wrong place, shared and cyclic references (YAML anchors);
* to the text: broken YAML (stray brackets, tabs, colons, anchors, tags), truncation,
  bad encodings, NUL bytes, a byte-order mark;
* to the folder: missing, empty or extra files, a file where a folder should be,
  attachments replaced, renamed, or linked out of the folder.

The 10,000 cases (two tests of 5,000, which pytest-xdist runs side by side) go through
the in-process pipeline (`pipeline.check_only`, and for a sample also
`cli.main(["validate", …])` and `pipeline.generate` into a temporary folder); a
smaller test runs `cli.main(["build", …])` with a real MkDocs build. CI sets
CI=true, which derandomizes Hypothesis so that a failure reproduces.
PRONGSAI_FUZZ_EXAMPLES overrides the case count (e.g. 300 for a quick local run).
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import io
import os
import re
import shutil
import sys
import tempfile
import time
import zlib
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, seed, settings, strategies as st

from generator import cli, fields, pipeline, schema
from generator.problems import DataError, Problems
from safety_kit import IN_CI, MINI, PNG_1PX, REPO, national_id

EXAMPLES = int(os.environ.get("PRONGSAI_FUZZ_EXAMPLES", "10000"))
BUILD_EXAMPLES = int(os.environ.get("PRONGSAI_FUZZ_BUILDS", "20"))
FILES = ["organisation.yaml", "site.yaml", "plan.yaml", "measures/2568.yaml", "oit/2569.yaml"]
BASE_TEXT = {name: (MINI / name).read_text(encoding="utf-8") for name in FILES}


class _Loader(yaml.SafeLoader):
    """YAML 1.1 without yes/no/on/off booleans: `no:` (a project number) stays a key
    called "no" when the fixture is loaded, mutated and written back."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))
BASE_TREE = {name: yaml.load(text, Loader=_Loader) for name, text in BASE_TEXT.items()}
TODAY = dt.date(2026, 4, 20)
# file[:line]: field: message (a field may hold a colon when the user's key does)
PROBLEM_LINE = re.compile(r"^[^\n:]+(:\d+)?: [^\n]*?: .+$")


def schema_keys() -> list[str]:
    keys, seen = set(), set()

    def walk(spec):
        if id(spec) in seen:
            return
        seen.add(id(spec))
        if isinstance(spec, fields.Obj):
            for key, child in spec.fields.items():
                keys.add(key)
                walk(child)
        if isinstance(spec, fields.Lazy):
            walk(spec.resolve())
        for name in ("item", "value", "obj"):
            if hasattr(spec, name):
                walk(getattr(spec, name))

    for spec in schema.FILE_SCHEMAS.values():
        walk(spec)
    return sorted(keys)


KEYS = schema_keys()

# --- values -----------------------------------------------------------------------------------

ODD = (
    "กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮะาำิีึืุูเแโใไ็่้๊๋์ํ๐๑๒๓๔๕๖๗๘๙"
    "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３"
    "abcXYZ -_.,:;/\\|#&*!%@?'\"`~^$+=<>()[]{}\t\n\r"
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u202e\u202d\u061c\u0301\u0e47\u0e48\u0e4c"
    "\u00a0\u2028\u2029\u3000\u0085\x01\x07\x1b\x7f\u0627\u0644\u05d0\U0001F600\U0001F1F9\U0001F1ED"
)
SPECIAL = [
    "", " ", "-", "~", "null", "NULL", "no", "yes", "on", "off", "y", "n", "true", "false",
    "0", "0123", "00", "-1", "1.10", "2.10", "1e400", "-.inf", ".nan", "0x1F", "0o17", "1_000", "12:30:45",
    "2568-02-30", "2568-13-01", "2024-02-29", "0000-00-00", "๓๑ กุมภาพันธ์ ๒๕๖๕", "๒๙ กันยายน ๒๕๖๕", "1 ต.ค. 67",
    "ต.ค. 65 – ก.ย. 66", "ม.ค.2564 - มี.ค.2564", "2569", "๒๕๖๙", "2๕6๙", "٢٥٦٩", "1900", "2700", "9999",
    "50,000", "๕๐,๐๐๐", "-", "ไม่ใช้งบประมาณ", "1,2,3", "١٢٣", "9" * 40,
    "อบต.", "องค์การบริหารส่วนตำบล", "IIT", "OIT", "current_fy", "โครงการ", "plan", "organisation/executives",
    "files/plan.pdf", "files/mayor.png", "files/nothing.pdf", "files/", "../../etc/passwd", "/etc/passwd",
    "files/../plan.yaml", "C:\\x.pdf", "~/x.png", "files/.x.png", ".",
    "https://www.test.go.th/", "https://www.test.go.th/ita/2569/o99/", "http://", "https://", "mailto:a@b.co",
    "tel:+6643000000", "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>",
    "https://x.org/a b", "//evil.org/", "ftp://x", "saraban@test.go.th", "not-an-email@", "0 4300 0000",
    "<script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}", "[x](javascript:alert(1))", "<!-- x", "&lt;b&gt;",
    "| a | b |", "# heading", "1. list", "- item", "> quote", "---", "***", "\\", "`code`", "*" * 50,
    "\u202eevil\u202c", "\ufeff", "\u200b", "a\u0000b", "\x1b[31m", "\r\n", "\n\n\n",
]


def digits_string() -> st.SearchStrategy:
    thai = "๐๑๒๓๔๕๖๗๘๙"
    return st.lists(st.sampled_from("0123456789" + thai + ",.- "), min_size=1, max_size=20).map("".join)


SCALARS = st.one_of(
    st.none(), st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(alphabet=ODD, max_size=30),
    st.sampled_from(SPECIAL),
    digits_string(),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.sampled_from(["ก" * 25_000, "x" * 5_001, "\n".join(["บรรทัด"] * 3000), "๙" * 600]),
    st.integers(0, 2**32).map(lambda seed: national_id(__import__("random").Random(seed))),
)
TEXTS = st.one_of(
    st.text(alphabet=ODD, min_size=1, max_size=40),
    st.sampled_from([t for t in SPECIAL if t.strip() and "\x00" not in t]),
).filter(lambda t: t.strip() and "\x00" not in t)
KEY = st.one_of(st.sampled_from(KEYS), st.text(alphabet=ODD, min_size=1, max_size=12),
                st.integers(-5, 3000), st.sampled_from(["<<", "? x", "2568", "๒๕๖๘", "o1", "O1", "true"]))
VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEY, children, max_size=4),
    max_leaves=8,
)

# --- tree mutations ---------------------------------------------------------------------------


def containers(tree, seen=None):
    """(container, key) of every place in a tree, parents before children (each shared
    or cyclic container once)."""
    seen = set() if seen is None else seen
    if id(tree) in seen:
        return []
    seen.add(id(tree))
    places = []
    items = tree.items() if isinstance(tree, dict) else enumerate(tree) if isinstance(tree, list) else ()
    for key, value in list(items):
        places.append((tree, key))
        places += containers(value, seen)
    return places


def mutate_tree(data, tree):
    places = containers(tree)
    op = data.draw(st.sampled_from(["text", "text", "text", "set", "set", "delete", "add", "move", "alias", "cycle",
                                    "root"]))
    if op == "root" or not places:
        return data.draw(VALUES)
    if op == "text":  # odd but valid text in a text field: must render safely
        strings = [(c, k) for c, k in places if isinstance(c[k], str)]
        if strings:
            container, key = strings[data.draw(st.integers(0, len(strings) - 1))]
            container[key] = data.draw(TEXTS)
        return tree
    container, key = places[data.draw(st.integers(0, len(places) - 1))]
    if op == "set":
        container[key] = data.draw(VALUES)
    elif op == "delete":
        del container[key]
    elif op == "add":
        target = container[key] if isinstance(container[key], (dict, list)) else container
        if isinstance(target, dict):
            target[data.draw(KEY)] = data.draw(VALUES)
        else:
            target.append(data.draw(VALUES))
    elif op == "move":  # a value in another field's place (right shape, wrong meaning)
        other, other_key = places[data.draw(st.integers(0, len(places) - 1))]
        container[key] = copy.deepcopy(other[other_key])
    elif op == "alias":  # the same node in two places (YAML &anchor / *alias)
        other, other_key = places[data.draw(st.integers(0, len(places) - 1))]
        container[key] = other[other_key]
    elif op == "cycle":  # a container that holds itself or an ancestor
        value = container[key]
        if isinstance(value, dict):
            value[data.draw(KEY)] = container
        elif isinstance(value, list):
            value.append(container)
        else:
            container[key] = container
    return tree


DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump(tree) -> str:
    try:
        return yaml.dump(tree, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=100)
    except (yaml.YAMLError, RecursionError, ValueError, TypeError):
        return yaml.safe_dump(repr(tree)[:1000], allow_unicode=True)


# --- text and byte mutations --------------------------------------------------------------------

SNIPPETS = [":", ": :", "- ", "[", "]", "{", "}", "\t", "  ", "&a ", "*a", "*undefined", "!!python/object:os.system ",
            "!!binary ", "!custom ", "? ", "|", ">", "'", '"', "%YAML 1.1\n", "---\n", "...\n", "<<: *a\n", "#",
            "\\", "\x00", "\ufeff", "\r", "a: &a [*a]\n", "b: &b {x: *b}\n", "\n  bad indent\n", "@", "`",
            "key: value\nkey: again\n", "1: x\n", "~: x\n", "[]: x\n", "{a: 1}: x\n",
            # explicit tags on text they do not fit: PyYAML's constructors fail on these in odd ways
            "!!timestamp x", "!!timestamp ''", "!!int ''", "!!float ''", "!!bool x", "!!set ", "!!omap "]


def mutate_text(data, text: str) -> str:
    op = data.draw(st.sampled_from(["insert", "insert", "delete", "truncate", "swap", "indent", "duplicate"]))
    lines = text.splitlines(keepends=True) or [""]
    if op == "insert":
        at = data.draw(st.integers(0, len(text)))
        return text[:at] + data.draw(st.sampled_from(SNIPPETS) | st.text(alphabet=ODD, max_size=5)) + text[at:]
    if op == "delete":
        at = data.draw(st.integers(0, len(text)))
        return text[:at] + text[at + data.draw(st.integers(1, 40)):]
    if op == "truncate":
        return text[: data.draw(st.integers(0, len(text)))]
    if op == "swap" and len(lines) > 1:
        i, j = data.draw(st.integers(0, len(lines) - 1)), data.draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "indent":
        i = data.draw(st.integers(0, len(lines) - 1))
        lines[i] = data.draw(st.sampled_from(["", " ", "   ", "\t", "        "])) + lines[i].lstrip(" ")
    elif op == "duplicate":
        i = data.draw(st.integers(0, len(lines) - 1))
        lines.insert(i, lines[i])
    return "".join(lines)


def encode(data, text: str) -> bytes:
    how = data.draw(st.sampled_from(["utf-8"] * 12 + ["bom", "utf-16", "latin", "tis-620", "junk", "nul"]))
    if how == "bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8", errors="surrogatepass")
    if how == "utf-16":
        return text.encode("utf-16", errors="surrogatepass")
    if how == "latin":
        return text.encode("latin-1", errors="replace")
    if how == "tis-620":
        return text.encode("tis-620", errors="replace")
    raw = text.encode("utf-8", errors="surrogatepass")
    if how == "utf-8":
        return raw
    at = data.draw(st.integers(0, len(raw)))
    return raw[:at] + (b"\xff\xfe\xc3" if how == "junk" else b"\x00") + raw[at:]


# --- folder mutations ---------------------------------------------------------------------------

FOLDER_OPS = ["delete", "empty", "directory", "extra", "attachment", "no-files", "symlink-out", "symlink-loop",
              "huge-yaml", "not-a-folder", "extra-year"]


def make_case(data) -> dict:
    """{relative path: bytes | None (delete) | "dir" | ("link", target)} plus a 'root' marker."""
    case: dict = {}
    for _ in range(data.draw(st.integers(1, 3))):
        name = data.draw(st.sampled_from(FILES))
        kind = data.draw(st.sampled_from(["tree", "tree", "tree", "tree", "text", "both", "folder"]))
        if kind == "folder":
            op = data.draw(st.sampled_from(FOLDER_OPS))
            if op == "delete":
                case[name] = None
            elif op == "empty":
                case[name] = data.draw(st.sampled_from([b"", b"\n", b"---\n", b"~\n", b"# only a comment\n"]))
            elif op == "directory":
                case[name] = "dir"
            elif op == "extra":
                folder = data.draw(st.sampled_from(["measures", "oit"]))
                stem = data.draw(st.sampled_from(["2567", "2568", "๒๕๖๙", "x", "2569.bak", ""]))
                source = data.draw(st.sampled_from(FILES))
                case[f"{folder}/{stem}.yaml"] = encode(data, mutate_text(data, BASE_TEXT[source]))
            elif op == "attachment":
                target = data.draw(st.sampled_from(["files/plan.pdf", "files/mayor.png"]))
                case[target] = data.draw(st.sampled_from(
                    [None, b"", PNG_1PX, b"%PDF-1.4\n", b"<html><script>alert(1)</script>", b"PK\x03\x04junk",
                     b"\x89PNG\r\n\x1a\n", b"%PDF-1.7\n" + b"\x00" * 100, "dir"]))
            elif op == "no-files":
                case["files"] = None
            elif op == "symlink-out":
                case[data.draw(st.sampled_from(["files/plan.pdf", "files/mayor.png", name]))] = ("link", "/etc/passwd")
            elif op == "symlink-loop":
                case["files/mayor.png"] = ("link", "mayor.png")
            elif op == "huge-yaml":
                case[name] = b"about: " + b"x" * (5 * 1024 * 1024 + 10)
            elif op == "not-a-folder":
                case[data.draw(st.sampled_from(["measures", "oit"]))] = b"not a folder"
            elif op == "extra-year":
                case["oit/2568.yaml"] = BASE_TEXT["oit/2569.yaml"].replace("2569", "2568").encode("utf-8")
            continue
        tree = copy.deepcopy(BASE_TREE[name])
        text = BASE_TEXT[name]
        if kind in ("tree", "both"):
            for _ in range(data.draw(st.integers(1, 3))):
                tree = mutate_tree(data, tree)
            text = dump(tree)
        if kind in ("text", "both"):
            for _ in range(data.draw(st.integers(1, 3))):
                text = mutate_text(data, text)
        case[name] = encode(data, text)
    return case


BASE_BYTES = {name: (MINI / name).read_bytes() for name in FILES}
_on_disk: dict[Path, dict] = {}  # folder → {name: bytes written} while only YAML files differ


def materialise(case: dict, folder: Path) -> Path:
    """Write a case over a copy of the fixture. Resetting the whole folder is slow, so it is
    done only after a case that changed more than the YAML files' content."""
    simple = all(name in FILES and isinstance(content, bytes) for name, content in case.items())
    written = _on_disk.get(folder)
    if written is None:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(MINI, folder, symlinks=True)
        written = dict(BASE_BYTES)
    if simple:
        for name in FILES:
            content = case.get(name, BASE_BYTES[name])
            if written.get(name) != content:
                (folder / name).write_bytes(content)
                written[name] = content
        _on_disk[folder] = written
        return folder
    _on_disk.pop(folder, None)  # the next case starts from a fresh copy
    for name, content in case.items():
        path = folder / name
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.is_dir():
            shutil.rmtree(path)
        if content is None:
            continue
        if not path.parent.is_dir():
            if path.parent.exists() or path.parent.is_symlink():
                continue  # another mutation made the folder a file
            path.parent.mkdir(parents=True)
        if content == "dir":
            path.mkdir()
        elif isinstance(content, tuple):
            os.symlink(content[1], path)
        else:
            path.write_bytes(content)
    return folder


# --- what every outcome must look like ----------------------------------------------------------

def assert_clear(problems: Problems) -> None:
    assert isinstance(problems, Problems)
    for problem in problems.items:
        assert isinstance(problem.file, str) and problem.file, problem
        assert problem.line is None or (isinstance(problem.line, int) and problem.line >= 1), problem
        assert isinstance(problem.field, str) and isinstance(problem.message, str) and problem.message.strip(), problem
        line = problem.format()
        assert "Traceback" not in line
        assert not BREAKS.search(line), f"a problem must stay on one line: {line!r}"
        assert PROBLEM_LINE.match(line), line


# A key or value holding a line break must not split a report line (or fake another one).
BREAKS = re.compile("[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def test_a_problem_is_always_one_line(tmp_path):
    folder = materialise({"organisation.yaml": '? "a\\rb"\n: 1\nname: "x\\ny"\n'.encode()}, tmp_path / "data")
    problems = pipeline.check_only(pipeline.Options(data_dir=folder))
    assert problems.items
    for problem in problems.items:
        assert not BREAKS.search(problem.format()), repr(problem.format())


# An explicit YAML tag on text it does not fit: PyYAML's constructors raise IndexError,
# ValueError, KeyError or AttributeError on these, in the loader and in the personal-data scan.
MISFIT_TAGS = ["!!int ''", "!!int '-'", "!!int '+'", "!!int 0x", "!!int 0b", "!!int ':'", "!!float ''", "!!float '.'",
               "!!float '-'", "!!bool ''", "!!bool x", "!!timestamp ''", "!!timestamp x", "!!binary '*'"]


@pytest.mark.parametrize("tagged", MISFIT_TAGS)
def test_a_tag_that_does_not_fit_its_text_is_a_problem_not_a_crash(tmp_path, tagged):
    """As every data file's whole text (a problem), and as the value of a text field (the
    text kept: a problem or a good value, never an internal error)."""
    whole_files = {name: tagged.encode("utf-8") for name in FILES}
    problems = pipeline.check_only(pipeline.Options(data_dir=materialise(whole_files, tmp_path / "a"), today=TODAY))
    assert problems.has_errors()
    assert_clear(problems)
    about = re.sub(r"(?m)^about: .*$", f"about: {tagged}", BASE_TEXT["organisation.yaml"])
    assert about != BASE_TEXT["organisation.yaml"]
    folder = materialise({"organisation.yaml": about.encode("utf-8")}, tmp_path / "b")
    assert_clear(pipeline.check_only(pipeline.Options(data_dir=folder, today=TODAY)))


@pytest.mark.parametrize("amount", [".nan", ".inf"])
def test_a_budget_that_is_not_a_number_is_a_problem(tmp_path, amount):
    text = BASE_TEXT["plan.yaml"].replace('budget: {2567: "50,000"', f"budget: {{2567: {amount}")
    assert text != BASE_TEXT["plan.yaml"]
    folder = materialise({"plan.yaml": text.encode("utf-8")}, tmp_path / "data")
    problems = pipeline.check_only(pipeline.Options(data_dir=folder))
    assert any(p.file.endswith("plan.yaml") and "budget" in p.field for p in problems.errors)


def run_cli(argv: list[str]) -> tuple[int, str]:
    """cli.main in this process, as the command runs it; environment restored afterwards."""
    saved = dict(os.environ)
    out, err = io.StringIO(), io.StringIO()
    os.environ["PRONGSAI_DEBUG"] = "1"  # an internal error raises (and fails the test) instead of exit 3
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(argv)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return code, out.getvalue() + err.getvalue()


class Counter:
    cases = 0
    generated = 0
    clean = 0
    started = 0.0


def fuzz_settings(examples: int):
    return settings(
        max_examples=examples, deadline=None, derandomize=IN_CI, print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
                               HealthCheck.function_scoped_fixture, HealthCheck.large_base_example],
    )


WORK = Path(tempfile.mkdtemp(prefix="prongsai-fuzz-"))


class _Draw:
    """The helpers above take an object with .draw (as st.data() gives); a composite
    strategy draws about twice as fast."""

    def __init__(self, draw):
        self.draw = draw


@st.composite
def cases(draw):
    return make_case(_Draw(draw))


@st.composite
def odd_but_valid_cases(draw):
    """Only text fields changed, to odd text: these must all become a good site."""
    case = {}
    for name in draw(st.lists(st.sampled_from(FILES[:1] + FILES[2:]), min_size=1, max_size=4, unique=True)):
        tree = copy.deepcopy(BASE_TREE[name])
        strings = [(c, k) for c, k in containers(tree) if isinstance(c[k], str) and _free_text(c, k)]
        for _ in range(draw(st.integers(1, 6))):
            container, key = strings[draw(st.integers(0, len(strings) - 1))]
            container[key] = draw(TEXTS.filter(lambda t: not _looks_special(t)))
        case[name] = dump(tree).encode("utf-8")
    return case


FREE_TEXT_KEYS = {"name", "short_name", "about", "address", "position", "title", "step", "text", "note",
                  "reason", "responsible", "objectives", "method", "results", "suggestions", "summary", "duties",
                  "head", "description", "rationale", "outputs", "budget_detail"}


def _free_text(container, key) -> bool:
    return (isinstance(key, str) and key in FREE_TEXT_KEYS) or isinstance(key, int)


def _looks_special(text: str) -> bool:
    """Text that a free-text field may still refuse (too long) or that is personal data."""
    from generator import privacy

    return len(text) > 400 or bool(privacy.find_personal_data(text))


def fingerprint(case: dict) -> int:
    """A stable number per case (so a replayed case takes the same path)."""
    return zlib.crc32(repr(sorted(case.items(), key=lambda item: item[0])).encode("utf-8", "surrogatepass"))


# Which cases also go through `cli.main(["validate"])` and `pipeline.generate`: one in
# VALID_SAMPLE of the cases without errors (they render every page), one in ERROR_SAMPLE
# of the others (their problems, which every case checks, are what the command prints).
VALID_SAMPLE, ERROR_SAMPLE = 4, 40


def check_malformed_case(case) -> None:
    """One case through `pipeline.check_only`, and for a sample the command and the generator."""
    if not Counter.started:
        Counter.started = time.monotonic()
    Counter.cases += 1
    folder = materialise(case, WORK / "data")
    options = pipeline.Options(data_dir=folder, today=TODAY, out_dir=WORK / "out")
    problems = pipeline.check_only(options)
    assert_clear(problems)
    if not problems.has_errors():
        Counter.clean += 1
    # a sample goes all the way: the command, and the generator writing the pages
    if fingerprint(case) % (ERROR_SAMPLE if problems.has_errors() else VALID_SAMPLE) == 0:
        code, output = run_cli(["validate", "--data", str(folder)])
        assert code == (1 if problems.has_errors() else 0), output
        for line in output.splitlines():
            # a problem, the summary, or the one-line notice that the year's catalogue is provisional
            assert PROBLEM_LINE.match(line) or line.startswith(("พบข้อผิดพลาด", "ข้อมูลถูกต้อง", "หมายเหตุ: บัญชีรายการ OIT")), line
        assert "Traceback" not in output
        Counter.generated += 1
        try:
            result = pipeline.generate(options)
        except DataError as error:
            assert error.problems.has_errors()
            assert_clear(error.problems)
        else:
            assert not problems.has_errors()
            assert "index.md" in result.files and (WORK / "out" / "index.md").is_file()
            for page in result.pages:
                assert (WORK / "out" / page.src).read_text(encoding="utf-8").strip(), page.src



def _fuzz_part(part: int):
    """A test of EXAMPLES / FUZZ_PARTS cases. On CI, where Hypothesis is derandomized, each
    part has its own seed: together the parts try as many different cases as one test would."""

    @pytest.mark.slow
    @fuzz_settings(max(1, EXAMPLES // FUZZ_PARTS))
    @given(cases())
    def test(case):
        check_malformed_case(case)

    return seed(part)(test) if IN_CI else test


# The 10,000 cases in tests that parallel workers (pytest-xdist) run side by side.
FUZZ_PARTS = 2
test_malformed_data_never_raises_part1 = _fuzz_part(0)
test_malformed_data_never_raises_part2 = _fuzz_part(1)


@pytest.mark.slow
@fuzz_settings(BUILD_EXAMPLES)
@given(st.one_of(cases(), odd_but_valid_cases()))
def test_malformed_data_through_prongsai_build(case):
    """`prongsai build` with a real MkDocs build: a good site, or exit 1 with clear
    problems, and the previous site untouched."""
    folder = materialise(case, WORK / "build-data")
    site = WORK / "site"
    if not (site / "index.html").is_file():
        code, output = run_cli(["build", "--data", str(MINI), "--site-dir", str(site),
                                "--config", str(REPO / "mkdocs.yml")])
        assert code == 0, output
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    valid = not pipeline.check_only(pipeline.Options(data_dir=folder)).has_errors()
    code, output = run_cli(["build", "--data", str(folder), "--site-dir", str(site),
                            "--config", str(REPO / "mkdocs.yml"), "--today", "2569-04-20"])
    assert code in (0, 1), output
    assert "Traceback" not in output
    assert code == (0 if valid else 1), output  # data without errors makes a good site
    if code == 1:
        assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == before
        assert any(PROBLEM_LINE.match(line) or line.startswith("สร้างเว็บไซต์ไม่สำเร็จ")
                   for line in output.splitlines()), output
    else:
        assert (site / "index.html").is_file() and (site / "ita").is_dir()
    assert not list(WORK.glob("site.*")), "staging left behind"


def teardown_module(module):
    elapsed = time.monotonic() - Counter.started if Counter.started else 0.0
    print(f"\nfuzz: {Counter.cases} cases in {elapsed:.0f} s, {Counter.clean} valid, "
          f"{Counter.generated} through cli validate + generate", file=sys.stderr)
    shutil.rmtree(WORK, ignore_errors=True)
