"""Golden files of the generated Markdown.

After an intended change to templates or generator, regenerate with
`python -m pytest tests/test_golden.py --update-golden` and review the diff.

* mini: the pages themselves, in tests/golden/mini/.
* seed002: the pages are made from a real document (tests/fixtures/seed002, imported
  from ../shared/seeds at test time), and no text of the real documents may enter the
  repository, not even as expected output. tests/golden/seed002.sha256 holds one
  sha256 per page instead (the format of `sha256sum`), which detects any change of
  any page as surely as the pages would. To still let a change be read, every passing
  run keeps the pages it checked in tests/golden/seed002.expected/ and a failing run
  writes what it produced to tests/golden/seed002.produced/ (both gitignored, local):
  `diff -ru tests/golden/seed002.expected tests/golden/seed002.produced`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest

from testkit import FIXTURES, REPO
from generator.pipeline import Options, generate

GOLDEN = REPO / "tests" / "golden"
SEED002_HASHES = GOLDEN / "seed002.sha256"
SEED002_EXPECTED = GOLDEN / "seed002.expected"
SEED002_PRODUCED = GOLDEN / "seed002.produced"


def generated_pages(data: Path, out: Path) -> dict[str, str]:
    """Relative path → Markdown of every page generated from the data folder `data`."""
    generate(Options(data_dir=data, out_dir=out, today=dt.date(2026, 4, 20)))
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*.md")}


def write_pages(folder: Path, pages: dict[str, str]) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    for relative, text in pages.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def read_pages(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in folder.rglob("*.md")}


def page_hashes(pages: dict[str, str]) -> dict[str, str]:
    return {relative: hashlib.sha256(text.encode("utf-8")).hexdigest() for relative, text in pages.items()}


def read_hashes(path: Path) -> dict[str, str]:
    pairs = (line.split("  ", 1) for line in path.read_text(encoding="utf-8").splitlines() if line)
    return {relative: digest for digest, relative in pairs}


def write_hashes(path: Path, hashes: dict[str, str]) -> None:
    lines = [f"{hashes[relative]}  {relative}\n" for relative in sorted(hashes)]
    path.write_text("".join(lines), encoding="utf-8", newline="\n")


@pytest.mark.parametrize("name", ["mini"])
def test_generated_markdown_matches_golden(name, tmp_path, request):
    produced = generated_pages(FIXTURES / name, tmp_path / "generated")
    golden_dir = GOLDEN / name
    if request.config.getoption("--update-golden"):
        write_pages(golden_dir, produced)
        pytest.skip("golden files rewritten")
    expected = read_pages(golden_dir)
    assert sorted(produced) == sorted(expected), "pages added or removed: run with --update-golden if intended"
    for relative in expected:
        assert produced[relative] == expected[relative], f"{relative} differs from tests/golden/{name}/{relative}"


def test_seed002_markdown_matches_golden_hashes(seed002, tmp_path, request):
    produced = generated_pages(seed002, tmp_path / "generated")
    hashes = page_hashes(produced)
    if request.config.getoption("--update-golden"):
        write_hashes(SEED002_HASHES, hashes)
        write_pages(SEED002_EXPECTED, produced)
        pytest.skip(f"{SEED002_HASHES.relative_to(REPO)} rewritten")
    expected = read_hashes(SEED002_HASHES)
    if hashes == expected:
        if page_hashes(read_pages(SEED002_EXPECTED)) != hashes:
            write_pages(SEED002_EXPECTED, produced)
        shutil.rmtree(SEED002_PRODUCED, ignore_errors=True)
        return
    write_pages(SEED002_PRODUCED, produced)
    pytest.fail(_seed002_difference(expected, hashes))


def _seed002_difference(expected: dict[str, str], produced: dict[str, str]) -> str:
    groups = {
        "changed": sorted(p for p in expected.keys() & produced.keys() if expected[p] != produced[p]),
        "added": sorted(produced.keys() - expected.keys()),
        "removed": sorted(expected.keys() - produced.keys()),
    }
    lines = [f"the pages generated from seed 002 differ from {SEED002_HASHES.relative_to(REPO)}:"]
    lines += [f"  {label} ({len(pages)}): {_first_ten(pages)}" for label, pages in groups.items() if pages]
    expected_dir, produced_dir = SEED002_EXPECTED.relative_to(REPO), SEED002_PRODUCED.relative_to(REPO)
    if page_hashes(read_pages(SEED002_EXPECTED)) != expected:
        lines.append(f"{expected_dir} (the pages of the last passing run here) is missing or older: run this "
                     "test once on the commit before the change (e.g. after `git stash`, then `git stash pop`) "
                     "and again on the change")
    lines.append(f"see the difference: diff -ru {expected_dir} {produced_dir}")
    lines.append("if the change is intended: python -m pytest tests/test_golden.py --update-golden")
    return "\n".join(lines)


def _first_ten(pages: list[str]) -> str:
    return ", ".join(pages[:10]) + (" …" if len(pages) > 10 else "")
