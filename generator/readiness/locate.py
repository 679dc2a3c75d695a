"""file:line of the data a rule looked at.

The model keeps few line numbers, so the readiness check re-reads the data
folder's YAML (cheap) and walks a key path such as
("executives", "political", 0, "photo") down to the deepest entry that exists:
a missing field points at its parent, which is where the user has to add it.
"""

from __future__ import annotations

from pathlib import Path

from ..load import YList, YMap, display_path, load_yaml_file
from ..problems import Problems

ORGANISATION = "organisation.yaml"
PLAN = "plan.yaml"


class Locator:
    def __init__(self, data_root: Path):
        self.root = Path(data_root)
        self._trees: dict[str, object] = {}
        self._shown: dict[str, str] = {}  # display_path resolves the path: once per file

    def display(self, rel: str) -> str:
        """How the user sees a data file, e.g. data/organisation.yaml."""
        if rel not in self._shown:
            self._shown[rel] = display_path(self.root, self.root / rel)
        return self._shown[rel]

    def _tree(self, rel: str):
        if rel not in self._trees:
            path = self.root / rel
            # problems of the file itself are reported by validation, not here
            self._trees[rel] = load_yaml_file(path, rel, Problems()) if path.is_file() else None
        return self._trees[rel]

    def line(self, rel: str, *keys) -> int | None:
        node = self._tree(rel)
        if node is None:
            return None
        line = getattr(node, "line", None) or 1
        for key in keys:
            if isinstance(node, YMap) and key in node:
                line, node = node.line_of(key), node[key]
            elif isinstance(node, YList) and isinstance(key, int) and 0 <= key < len(node):
                line, node = node.line_of(key), node[key]
            else:
                break
        return line

    def value(self, rel: str, *keys):
        """The value as written in the file (validation drops what it rejects, e.g. a file
        reference to a missing file), or None."""
        node = self._tree(rel)
        for key in keys:
            if isinstance(node, YMap) and key in node:
                node = node[key]
            elif isinstance(node, YList) and isinstance(key, int) and 0 <= key < len(node):
                node = node[key]
            else:
                return None
        return node

    def where(self, rel: str, *keys) -> str:
        line = self.line(rel, *keys)
        shown = self.display(rel)
        return f"{shown}:{line}" if line else shown


def oit_rel(ita_year: int) -> str:
    return f"oit/{ita_year}.yaml"


def rel_of(source_file: str, folder: str) -> str:
    """A model's source_file (display name) → path inside the data folder."""
    return f"{folder}/{Path(source_file).name}"
