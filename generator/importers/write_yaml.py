"""Write imported data as YAML that LAO staff can read and edit.

Thai stays Thai (no \\u escapes), keys keep the data format's order, lists and
mappings are in block style. A file is written atomically (temporary file in
the same folder, then a rename) and an existing file is never replaced unless
the caller says so.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import yaml

from ..write import readable_mode


class _Dumper(yaml.SafeDumper):
    """Block style; indented lists under their key; long lines left as they are."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str):
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)

# The data folder is read as YAML 1.2 booleans (only true/false), so 'no' (the
# field for a project's number) and Thai-irrelevant yes/on/off stay plain words.
_Dumper.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}
_Dumper.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def dump_yaml(data, header: str | None = None) -> str:
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=4096,
    )
    if header:
        lines = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
        text = lines + text
    return text


class TargetExists(Exception):
    """The file is already there and the caller did not ask to replace it."""

    def __init__(self, path: Path):
        super().__init__(str(path))
        self.path = path


def write_text_atomic(path: Path, text: str, force: bool = False) -> None:
    """Write `text` to `path` all at once; refuse to replace a file unless `force`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and not force:
        raise TargetExists(path)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, readable_mode(path))
        if force:
            os.replace(temp, path)
        else:
            try:
                os.link(temp, path)         # fails if the file appeared meanwhile
            except FileExistsError:
                raise TargetExists(path) from None
            except OSError:                 # file systems without hard links
                if path.exists():
                    raise TargetExists(path) from None
                os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def write_yaml(path: Path, data, force: bool = False, header: str | None = None) -> None:
    write_text_atomic(path, dump_yaml(data, header), force=force)
