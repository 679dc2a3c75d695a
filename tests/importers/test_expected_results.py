"""The test documents that have a hand-written expected result (tests/importers/expected,
written before the document was first imported) import to it field by field: from the
text, and from PDFs printed by a browser and by LibreOffice. benchmarks/import_fidelity.py
prints the same comparison as figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from fidelity_kit import EXPECTED, compare
from generator.importers.measures_text import import_measures_text
from generator.importers.plan_text import import_plan_text
from pdf_kit import print_with_chromium, print_with_libreoffice

HERE = Path(__file__).parent
CASES = [(kind, path) for folder, kind in (("reports", "measures"), ("plans", "plan"))
         for path in sorted((HERE / folder).glob("*.txt")) if (EXPECTED / f"{path.stem}.yaml").is_file()]


def _fidelity(kind: str, source: Path, name: str):
    importer = import_plan_text if kind == "plan" else import_measures_text
    data, problems = importer(source, source.name)
    assert not problems.errors, [p.format() for p in problems.errors]
    return compare(kind, (EXPECTED / f"{name}.yaml").read_text(encoding="utf-8"), data)


def test_there_are_documents_with_expected_results():
    assert len(CASES) >= 2


@pytest.mark.parametrize("kind, source", CASES, ids=lambda v: getattr(v, "stem", v))
def test_text_imports_to_the_expected_result(kind, source):
    right, total, extra, wrong = _fidelity(kind, source, source.stem)
    assert not wrong and not extra, wrong


@pytest.mark.slow
@pytest.mark.parametrize("printer", [print_with_chromium, print_with_libreoffice], ids=["chromium", "libreoffice"])
@pytest.mark.parametrize("kind, source", CASES, ids=lambda v: getattr(v, "stem", v))
def test_printed_pdf_imports_to_the_expected_result(kind, source, printer, tmp_path):
    text = source.read_text(encoding="utf-8")
    if printer is print_with_libreoffice:  # every test document in one run of LibreOffice
        pdf = printer(text, tmp_path / f"{source.stem}.pdf", together_with=[case.read_text(encoding="utf-8")
                                                                            for _, case in CASES])
    else:
        pdf = printer(text, tmp_path / f"{source.stem}.pdf")
    right, total, extra, wrong = _fidelity(kind, pdf, source.stem)
    assert right >= 0.98 * total, wrong
