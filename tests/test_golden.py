"""Golden files of the generated Markdown.

After an intended change to templates or generator, regenerate with
`python -m pytest tests/test_golden.py --update-golden` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from testkit import FIXTURES, REPO
from generator.pipeline import Options, generate

GOLDEN = REPO / "tests" / "golden"
CASES = {
    "mini": FIXTURES / "mini",
    "seed002": FIXTURES / "seed002",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_generated_markdown_matches_golden(name, tmp_path, request):
    data = CASES[name]
    if not data.exists():
        pytest.fail(f"fixture {data} is missing")
    out = tmp_path / "generated"
    generate(Options(data_dir=data, out_dir=out, today=dt.date(2026, 4, 20)))
    produced = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*.md")}
    golden_dir = GOLDEN / name
    if request.config.getoption("--update-golden"):
        shutil.rmtree(golden_dir, ignore_errors=True)
        for relative, text in produced.items():
            target = golden_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        pytest.skip("golden files rewritten")
    expected = {p.relative_to(golden_dir).as_posix(): p.read_text(encoding="utf-8") for p in golden_dir.rglob("*.md")}
    assert sorted(produced) == sorted(expected), "pages added or removed: run with --update-golden if intended"
    for relative in expected:
        assert produced[relative] == expected[relative], f"{relative} differs from tests/golden/{name}/{relative}"
