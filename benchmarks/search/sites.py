"""Build one MkDocs project in several search configurations.

Every variant is the same pages with the same theme; only search differs:

* ``prongsai``     – our hook + partial (generator/search_hook.py, generator/theme/partials/search.html)
* ``material-th``  – Material's own search plugin with ``lang: th`` (out of the box)
* ``material-en``  – Material's own search plugin with ``lang: en`` (out of the box)
* ``pagefind``     – Pagefind's extended build, default options, default UI
* ``pagefind-article`` – Pagefind, indexing only the page body (``--root-selector article``)

``build_variant(mkdocs_yml, variant, out_dir)`` returns the built site directory.
"""
from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
THEME = ROOT / "generator" / "theme"
HOOK = ROOT / "generator" / "search_hook.py"
VARIANTS = ("prongsai", "material-th", "material-en", "pagefind", "pagefind-article")

PAGEFIND_PAGE = """<!doctype html>
<html lang="th"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Pagefind</title>
<link href="../{bundle}/pagefind-ui.css" rel="stylesheet">
<script src="../{bundle}/pagefind-ui.js"></script>
</head><body>
<div id="search"></div>
<script>
window.addEventListener("DOMContentLoaded", () => {{
  new PagefindUI({{ element: "#search", bundlePath: "../{bundle}/", showSubResults: true }});
}});
</script>
</body></html>
"""


class _Loader(yaml.SafeLoader):
    pass


def _unknown(loader, suffix, node):  # keep !!python/name, !ENV ... as plain values
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_Loader.add_multi_constructor("", _unknown)


def load_config(path: Path) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_Loader) or {}


def _plugins_without_search(plugins) -> list:
    out = []
    for p in plugins or []:
        name = next(iter(p)) if isinstance(p, dict) else p
        if name not in ("search", "material/search"):
            out.append(p)
    return out


def _prongsai_plugin(plugins, base_dir: Path, search: bool) -> list:
    """The prongsai plugin's entry with an absolute data folder (the variant's mkdocs.yml is
    written elsewhere) and, for the other variants, Material's own search left on."""
    out = []
    for p in plugins:
        name = next(iter(p)) if isinstance(p, dict) else p
        if name != "prongsai":
            out.append(p)
            continue
        options = dict(p[name] or {}) if isinstance(p, dict) else {}
        options["data_dir"] = str((base_dir / options.get("data_dir", "data")).resolve())
        if not search:
            options["search"] = False
        out.append({"prongsai": options})
    return out


def _theme_without_our_search(theme_dir: Path | None, tmp: Path) -> str | None:
    if not theme_dir or not theme_dir.is_dir():
        return None
    dst = tmp / "theme-no-prongsai-search"
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(theme_dir, dst)
    for rel in ("partials/search.html", "assets/search"):
        p = dst / rel
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()
    return str(dst)


def variant_config(cfg: dict, variant: str, base_dir: Path, work: Path) -> dict:
    cfg = copy.deepcopy(cfg)
    if variant not in VARIANTS:
        raise ValueError(variant)
    docs = cfg.get("docs_dir", "docs")
    cfg["docs_dir"] = str((base_dir / docs).resolve())
    theme = cfg.setdefault("theme", {"name": "material"})
    if isinstance(theme, str):
        theme = cfg["theme"] = {"name": theme}
    custom = theme.get("custom_dir")
    custom_path = (base_dir / custom).resolve() if custom else None
    hooks = [str((base_dir / h).resolve()) for h in cfg.get("hooks", [])]
    ours = [h for h in hooks if Path(h).name == "search_hook.py"]
    others = [h for h in hooks if Path(h).name != "search_hook.py"]
    if variant == "prongsai":
        cfg["hooks"] = others + (ours or [str(HOOK)])
        theme["custom_dir"] = str(custom_path or THEME)
        cfg["plugins"] = _prongsai_plugin(_plugins_without_search(cfg.get("plugins")), base_dir, True)
    else:
        cfg["hooks"] = others
        stripped = _theme_without_our_search(custom_path, work)
        if stripped:
            theme["custom_dir"] = stripped
        else:
            theme.pop("custom_dir", None)
        plugins = _prongsai_plugin(_plugins_without_search(cfg.get("plugins")), base_dir, False)
        if variant.startswith("material-"):
            plugins.append({"search": {"lang": variant.split("-", 1)[1]}})
        cfg["plugins"] = plugins
    return cfg


def build_variant(mkdocs_yml: Path, variant: str, out_dir: Path, quiet: bool = True,
                  env: dict | None = None) -> Path:
    """Build ``variant`` of the project in ``mkdocs_yml`` into ``out_dir/site``.
    ``env`` is added to the environment (e.g. PRONGSAI_DATA for the generator's hook)."""
    mkdocs_yml = Path(mkdocs_yml).resolve()
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    original = load_config(mkdocs_yml)
    cfg = variant_config(original, variant, mkdocs_yml.parent, out_dir)
    env = dict(env or {})
    data = ((original.get("extra") or {}).get("prongsai") or {}).get("data")
    if data and "PRONGSAI_DATA" not in env and not os.environ.get("PRONGSAI_DATA"):
        # the generator's hook resolves its data folder next to the config file
        env["PRONGSAI_DATA"] = str((mkdocs_yml.parent / data).resolve())
    site = out_dir / "site"
    cfg["site_dir"] = str(site)
    cfg_path = out_dir / "mkdocs.yml"
    with open(cfg_path, "w", encoding="utf-8") as fh:
        yaml.safe_dump(cfg, fh, allow_unicode=True, sort_keys=False)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}),
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(cfg_path)] + (["-q"] if quiet else [])
    subprocess.run(cmd, check=True, env=env, cwd=str(mkdocs_yml.parent))
    if variant.startswith("pagefind"):
        bundle = "pagefind"
        args = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", bundle, "--quiet"]
        if variant == "pagefind-article":
            args += ["--root-selector", "article"]
        subprocess.run(args, check=True, env=env)
        page = site / "pagefind-search"
        page.mkdir(exist_ok=True)
        with open(page / "index.html", "w", encoding="utf-8") as fh:
            fh.write(PAGEFIND_PAGE.format(bundle=bundle))
    return site


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("mkdocs_yml")
    ap.add_argument("variant", choices=VARIANTS)
    ap.add_argument("out_dir")
    a = ap.parse_args()
    print(build_variant(Path(a.mkdocs_yml), a.variant, Path(a.out_dir)))
