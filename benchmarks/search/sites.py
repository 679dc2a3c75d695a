"""Build one MkDocs project in several search configurations.

Every variant is the same pages with the same theme; only search differs:

* ``prongsai``     – the prongsai plugin's Thai search + partial (generator/plugin.py,
                     generator/theme/partials/search.html); a project that lists no prongsai
                     plugin gets ``{prongsai: {generate: false}}`` (search only)
* ``material-th``  – Material's own search plugin with ``lang: th`` (out of the box)
* ``material-en``  – Material's own search plugin with ``lang: en`` (out of the box)
* ``pagefind``     – Pagefind's extended build, default options, default UI
* ``pagefind-article`` – Pagefind, indexing only the page body (``--root-selector article``)

``build_variant(mkdocs_yml, variant, out_dir, data_dir=None)`` returns the built site directory;
``data_dir`` replaces the data folder the project's prongsai plugin names.
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


def _prongsai_plugin(plugins, base_dir: Path, search: bool, data_dir: Path | None = None) -> list:
    """The plugins with the prongsai plugin's entry given an absolute data folder (the variant's
    mkdocs.yml is written elsewhere; ``data_dir`` when given). With ``search`` the Thai search is
    on (a search-only entry added where the project lists none); without it Material's own search
    stays, and a search-only entry, which would then do nothing, is left out."""
    out, listed = [], False
    for p in plugins:
        name = next(iter(p)) if isinstance(p, dict) else p
        if name != "prongsai":
            out.append(p)
            continue
        listed = True
        options = dict(p[name] or {}) if isinstance(p, dict) else {}
        if options.get("generate", True):
            options["data_dir"] = str(Path(data_dir or base_dir / options.get("data_dir", "data")).resolve())
        elif not search:
            continue
        options["search"] = search
        out.append({"prongsai": options})
    if search and not listed:
        out.append({"prongsai": {"generate": False}})
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


def variant_config(cfg: dict, variant: str, base_dir: Path, work: Path, data_dir: Path | None = None) -> dict:
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
    # an older project's search hook line gives way to the plugin
    hooks = [str((base_dir / h).resolve()) for h in cfg.get("hooks", [])]
    cfg["hooks"] = [h for h in hooks if Path(h).name != "search_hook.py"]
    plugins = _plugins_without_search(cfg.get("plugins"))
    if variant == "prongsai":
        theme["custom_dir"] = str(custom_path or THEME)
        cfg["plugins"] = _prongsai_plugin(plugins, base_dir, True, data_dir)
    else:
        stripped = _theme_without_our_search(custom_path, work)
        if stripped:
            theme["custom_dir"] = stripped
        else:
            theme.pop("custom_dir", None)
        plugins = _prongsai_plugin(plugins, base_dir, False, data_dir)
        if variant.startswith("material-"):
            plugins.append({"search": {"lang": variant.split("-", 1)[1]}})
        cfg["plugins"] = plugins
    return cfg


def build_variant(mkdocs_yml: Path, variant: str, out_dir: Path, quiet: bool = True,
                  data_dir: Path | None = None) -> Path:
    """Build ``variant`` of the project in ``mkdocs_yml`` into ``out_dir/site``, the prongsai
    plugin reading ``data_dir`` when given (else the folder mkdocs.yml names)."""
    mkdocs_yml = Path(mkdocs_yml).resolve()
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    cfg = variant_config(load_config(mkdocs_yml), variant, mkdocs_yml.parent, out_dir, data_dir)
    site = out_dir / "site"
    cfg["site_dir"] = str(site)
    cfg_path = out_dir / "mkdocs.yml"
    with open(cfg_path, "w", encoding="utf-8") as fh:
        yaml.safe_dump(cfg, fh, allow_unicode=True, sort_keys=False)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1",
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
