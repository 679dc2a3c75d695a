"""The rendered pages kept in the build cache (generator/rendercache.py): a repeated run of the
pipeline writes the same generated folder without rendering, and any change to what the pages
are made from (a value in the data, an attachment, the options, the date) renders them again."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest
from testkit import FIXTURES

from generator import buildcache, pipeline, rendercache


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv(buildcache.ENVIRONMENT, str(tmp_path / "cache"))
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "mini", data)
    return tmp_path


def _run(project: Path, **options) -> tuple[pipeline.Result, dict[str, bytes]]:
    settings = dict(data_dir=project / "data", out_dir=project / "generated", today=dt.date(2026, 4, 20))
    result = pipeline.run(pipeline.Options(**{**settings, **options}))
    assert result.written, [p.format() for p in result.problems.items]
    out = project / "generated"
    return result, {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _stored(project: Path) -> list[Path]:
    return sorted((project / "cache" / rendercache.KIND).glob("*.json"))


def _uncached(project: Path, tmp_path_name: str = "fresh", **options) -> dict[str, bytes]:
    """The same data rendered without any cache, into a folder of its own."""
    fresh = project / tmp_path_name
    fresh.mkdir()
    shutil.copytree(project / "data", fresh / "data")
    os.environ.pop(buildcache.ENVIRONMENT)
    try:
        return _run(fresh, **options)[1]
    finally:
        os.environ[buildcache.ENVIRONMENT] = str(project / "cache")


def test_a_repeated_run_writes_the_same_folder_from_the_stored_pages(project):
    first, written = _run(project)
    assert len(_stored(project)) == 1
    stamp = _stored(project)[0].stat().st_mtime_ns
    second, again = _run(project)
    assert again == written
    assert second.files == first.files and second.redirects == first.redirects
    assert _stored(project)[0].stat().st_mtime_ns == stamp  # read, not written again


def test_the_stored_pages_are_what_is_written(project):
    """Proof that a run reads them back: a stored page, altered, is what appears."""
    _run(project)
    path = _stored(project)[0]
    stored = json.loads(path.read_text(encoding="utf-8"))
    stored["texts"]["index.md"] += "\nจากแคช\n"
    path.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
    assert "จากแคช" in _run(project)[1]["index.md"].decode("utf-8")


def test_an_edited_value_is_rendered_again(project):
    _run(project)
    organisation = project / "data" / "organisation.yaml"
    text = organisation.read_text(encoding="utf-8")
    name = text.split("name:", 1)[1].splitlines()[0].strip()
    organisation.write_text(text.replace(name, name + "ใหม่", 1), encoding="utf-8")
    written = _run(project)[1]
    assert any((name + "ใหม่").encode("utf-8") in content for content in written.values())
    assert written == _uncached(project)


def test_a_new_date_renders_again(project):
    """Where the data names no "as of" date, the pages show the build's date."""
    oit = project / "data" / "oit" / "2569.yaml"
    oit.write_text("".join(line for line in oit.read_text(encoding="utf-8").splitlines(keepends=True)
                           if not line.startswith("as_of:")), encoding="utf-8")
    earlier = _run(project)[1]
    later = _run(project, today=dt.date(2026, 9, 30))[1]
    assert later != earlier
    assert later == _uncached(project, today=dt.date(2026, 9, 30))


@pytest.mark.parametrize("change", ["touched", "removed"])
def test_a_changed_attachment_renders_again(project, change):
    _run(project)
    attachment = next(p for p in sorted((project / "data" / "files").rglob("*")) if p.is_file())
    if change == "touched":
        status = attachment.stat()
        os.utime(attachment, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
        digest_before = rendercache._data_folder(project / "data")
        os.utime(attachment, ns=(status.st_atime_ns, status.st_mtime_ns))
        assert rendercache._data_folder(project / "data") != digest_before
    else:
        attachment.unlink()
        result = pipeline.run(pipeline.Options(data_dir=project / "data", out_dir=project / "generated",
                                               today=dt.date(2026, 4, 20)))
        assert result.problems.items  # the missing file is reported, nothing stale is published


def test_a_damaged_stored_file_is_rendered_again(project):
    written = _run(project)[1]
    digest = json.loads(_stored(project)[0].read_text(encoding="utf-8"))["digest"]
    for damage in ("{", '{"digest": 1}', json.dumps({"digest": "x", "texts": {}, "redirects": []}),
                   json.dumps({"digest": digest, "texts": [], "redirects": []}),
                   json.dumps({"digest": digest, "texts": {"index.md": 1}, "redirects": []}),
                   json.dumps({"digest": digest, "texts": {}, "redirects": ["ita/x.md"]})):
        _stored(project)[0].write_text(damage, encoding="utf-8")
        assert _run(project)[1] == written


def test_pages_made_while_the_data_changed_are_not_kept(project):
    """A file saved while the build reads and renders it: the pages (made from the old text)
    must not be stored under the digest of the new one."""
    options = pipeline.Options(data_dir=project / "data", out_dir=project / "generated", today=dt.date(2026, 4, 20))
    inputs = rendercache.inputs_digest(options)
    site = project / "data" / "site.yaml"

    def make():
        site.write_text(site.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        return {"index.md": "# หน้าแรก\n"}, []

    assert rendercache.rendered(options, inputs, make) == ({"index.md": "# หน้าแรก\n"}, [])
    assert _stored(project) == []
    assert rendercache.rendered(options, rendercache.inputs_digest(options), lambda: ({}, [])) == ({}, [])
    assert len(_stored(project)) == 1  # unchanged data during make: stored
