"""Prongsai's Thai site search as an MkDocs hook, for a hand-written site that lists this file
under `hooks:`. The prongsai plugin (generator/plugin.py) does the same with
`plugins: [{prongsai: {generate: false}}]` and is the way to use it; where mkdocs.yml lists the
plugin, or the older generator hook (generator/mkdocs_hook.py) runs, this file does nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

try:
    from generator import plugin as _plugin
except ImportError:  # loaded by path as an MkDocs hook, package not on the path
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from generator import plugin as _plugin

INDEX_PATH = _plugin.INDEX_PATH
SCRIPT_PATH = _plugin.SCRIPT_PATH
part_of_site = _plugin.part_of_site

_search = _plugin.ThaiSearch()


def _ours(config) -> bool:
    return "prongsai" not in config.plugins and not _plugin.legacy_hooks_run(config)


def on_config(config, **kwargs):
    if _ours(config):
        _search.reset()
        _search.replace_materials(config)
    return config


def on_page_content(html_text, page, config, files, **kwargs):
    if _ours(config):
        _search.add_page(html_text, page, config)
    return html_text


def on_post_build(config, **kwargs):
    if _ours(config):
        _search.write_index(config)
