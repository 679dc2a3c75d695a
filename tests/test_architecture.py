"""The package's import graph: arrows go one way.

The README's "How it is built" picture names the pipeline stages in order; a stage
never imports a later stage or the orchestrator, importers never import the
pipeline, and no two modules import each other (directly or round a longer loop),
whether the import sits at the top of a file or inside a function.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "generator"

# Modules that drive the pipeline from outside: they may import the orchestrator.
DRIVERS = {"generator.cli", "generator.build", "generator.plugin", "generator.portal", "generator.export", "generator.init",
           "generator.readiness.cli", "generator.filing.cli"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    return {module_name(path): path for path in PACKAGE.rglob("*.py")}


def _package_of(name: str, path: Path) -> str:
    return name if path.name == "__init__.py" else name.rsplit(".", 1)[0]


def _targets(node: ast.AST, package: str, modules: dict[str, Path]) -> list[str]:
    """The package modules an import statement names (`from . import x` names x)."""
    if isinstance(node, ast.Import):
        candidates = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            parts = package.split(".")
            parts = parts[: len(parts) - node.level + 1]
            base = ".".join(parts + ([base] if base else []))
        candidates = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                      for alias in node.names]
    found = []
    for candidate in candidates:
        while candidate and candidate not in modules:
            candidate = candidate.rpartition(".")[0]
        if candidate:
            found.append(candidate)
    return found


def import_graph() -> dict[str, set[str]]:
    """module → the package modules it imports anywhere in its file."""
    modules = all_modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        package = _package_of(name, path)
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for target in _targets(node, package, modules):
                    # a submodule importing its own package's __init__ is how Python
                    # loads it anyway; only a real module-to-module edge counts
                    if target != name and not name.startswith(target + "."):
                        graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def readme_stages() -> list[str]:
    """The stage modules in the order the README's picture draws them."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## How it is built", 1)[1]
    picture = section.split("```", 2)[1]
    first_line = next(line for line in picture.splitlines() if "─►" in line)
    return [f"generator.{name}" for name in re.findall(r"(\w+)\.py", first_line)]


def test_no_import_cycles():
    assert cycles(import_graph()) == []


def test_readme_picture_names_real_modules_in_pipeline_order():
    stages = readme_stages()
    modules = all_modules()
    assert len(stages) >= 5, stages
    assert [stage for stage in stages if stage not in modules] == []


def test_no_stage_imports_a_later_stage():
    graph = import_graph()
    stages = readme_stages()
    backwards = [
        (earlier, later)
        for position, earlier in enumerate(stages)
        for later in stages[position + 1:]
        if later in graph.get(earlier, set())
    ]
    assert backwards == []


def test_only_drivers_import_the_orchestrator():
    graph = import_graph()
    importers = sorted(name for name, targets in graph.items()
                       if "generator.pipeline" in targets and name not in DRIVERS)
    assert importers == []


def test_importers_use_no_private_names_of_other_stages():
    offenders = []
    for path in (PACKAGE / "importers").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and not node.module.startswith("importers"):
                for alias in node.names:
                    if alias.name.startswith("_") and node.level != 1:
                        offenders.append(f"{path.name}: {node.module}.{alias.name}")
    assert offenders == []


def test_cycle_finder_finds_a_planted_cycle():
    # the finder itself must be able to fail
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_importers_have_no_function_above_complexity_c():
    # the importers are read in small readers, one per layout element: radon's rank C
    # ends at a cyclomatic complexity of 20
    from radon.complexity import cc_visit

    too_complex = [
        f"{path.relative_to(ROOT)}:{block.lineno} {block.fullname} ({block.complexity})"
        for path in sorted((PACKAGE / "importers").rglob("*.py"))
        for block in cc_visit(path.read_text(encoding="utf-8"))
        if block.complexity > 20
    ]
    assert too_complex == []
