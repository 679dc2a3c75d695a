"""How faithfully `prongsai import` reads the test documents: fields right / fields expected.

    .venv/bin/python benchmarks/import_fidelity.py [--pdf] [--only NAME] [--show]

For every test document in tests/importers/reports and tests/importers/plans that has a
hand-written expected result in tests/importers/expected/<name>.yaml, the document is imported
and compared field by field with the expected data. With --pdf the document is also printed
to PDF (headless Chromium, and LibreOffice where installed, as tests/importers/pdf_kit.py does)
and the PDF imported and compared with the same expected data.

What counts:
* a field is one leaf of the expected data: a title, a number, one paragraph of a list, a
  period's start; both sides go through the data format's check first, so '1 ตุลาคม 2567' and
  2024-10-01 are the same date;
* text is compared without spaces (a PDF cannot say whether a Thai line was wrapped at a space)
  and with Thai digits read as Arabic; nothing else is forgiven;
* list items are compared by position (a missing measure shifts those after it: they count wrong);
* fields the import produced that the expected data does not have are counted as 'extra'.
Documents without an expected file are listed, not counted. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TESTS = REPO / "tests" / "importers"
EXPECTED = TESTS / "expected"
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(TESTS)]

from fidelity_kit import compare  # noqa: E402
from generator.importers.measures_text import import_measures_text  # noqa: E402
from generator.importers.plan_text import import_plan_text  # noqa: E402


def import_file(kind: str, path: Path) -> dict:
    importer = import_plan_text if kind == "plan" else import_measures_text
    data, _ = importer(path, path.name)
    return data


def documents(only: str | None):
    for folder, kind in (("reports", "measures"), ("plans", "plan")):
        for path in sorted((TESTS / folder).glob("*.txt")):
            if only and only not in path.stem:
                continue
            yield kind, path, EXPECTED / f"{path.stem}.yaml"


def pdf_versions(path: Path, tmp: Path):
    import pdf_kit

    text = path.read_text(encoding="utf-8")
    yield "pdf (Chromium)", pdf_kit.print_with_chromium(text, tmp / f"{path.stem}-chromium.pdf")
    if pdf_kit.libreoffice():
        yield "pdf (LibreOffice)", pdf_kit.print_with_libreoffice(text, tmp / f"{path.stem}-libreoffice.pdf")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pdf", action="store_true", help="also print each document to PDF and import that")
    parser.add_argument("--only", help="documents whose name contains this")
    parser.add_argument("--show", action="store_true", help="list the fields that are wrong")
    args = parser.parse_args(argv)
    totals = {"right": 0, "expected": 0}
    without = []
    print(f"{'document':58} {'input':18} {'right/expected':>15} {'%':>6} {'extra':>6} {'s':>5}")
    with tempfile.TemporaryDirectory(prefix="fidelity-") as tmp:
        for kind, path, expected in documents(args.only):
            if not expected.is_file():
                without.append(path.name)
                continue
            expected_text = expected.read_text(encoding="utf-8")
            inputs = [("text", path)]
            if args.pdf:
                inputs += list(pdf_versions(path, Path(tmp)))
            for label, source in inputs:
                started = time.perf_counter()
                right, total, extra, wrong = compare(kind, expected_text, import_file(kind, source))
                seconds = time.perf_counter() - started
                totals["right"] += right
                totals["expected"] += total
                print(f"{path.stem[:58]:58} {label:18} {f'{right}/{total}':>15} {100 * right / max(total, 1):6.1f} "
                      f"{extra:6d} {seconds:5.1f}")
                if args.show:
                    for line in wrong:
                        print(f"    {line}")
    if totals["expected"]:
        print(f"{'all':58} {'':18} {totals['right']}/{totals['expected']:>} "
              f"{100 * totals['right'] / totals['expected']:.1f}%")
    if without:
        print(f"\nno expected file in tests/importers/expected ({len(without)}): {', '.join(without)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
