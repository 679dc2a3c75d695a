"""Building one organisation's site: validate → generate → MkDocs build → safe swap.

What `prongsai validate`, `build`, `serve` (cli.py), `portal` and `file` share, so that the
command line stays argument parsing and each command module imports this driver, never cli.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import buildcache

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class UsageError(Exception):
    """A command used wrongly (missing mkdocs.yml, unusable --site-dir …): its Thai message."""


def options_of(args):
    from .pipeline import Options

    return Options(data_dir=args.data, year=args.year, strict=args.strict, today=getattr(args, "today", None))


def validate(args):
    """(exit code, pipeline.Result) of validating the data folder: the one mkdocs.yml's plugin
    names, unless --data says otherwise (without a mkdocs.yml, data/)."""
    from .pipeline import validate_data

    if getattr(args, "config", None) is None and Path("mkdocs.yml").is_file():
        args.config = "mkdocs.yml"  # the project's, when run from its folder
    plugin_options = None
    if getattr(args, "config", None) is not None:
        _, plugin_options = project_settings(args, plugin_required=False)
        use_project_cache(args)
    take_plugin_options(args, plugin_options)
    result = validate_data(options_of(args))
    return report(result, args), result


def report(result, args) -> int:
    """Print the problems and notices of a validated data folder; its exit code."""
    problems = result.problems
    problems.report(sys.stderr)
    print_provisional_notice(result.model)
    if problems.has_errors(args.strict):
        return EXIT_DATA
    print("ข้อมูลถูกต้อง" + (f" (มีคำเตือน {len(problems.warnings)} รายการ)" if problems.warnings else ""))
    return EXIT_OK


def project_settings(args, plugin_required: bool = True):
    """(config, the generator's options from the plugin's settings in mkdocs.yml) of args.config,
    its Prongsai options checked first (a usage error listing every wrong one, in Thai, before
    anything else is printed). Options None: mkdocs.yml runs no Prongsai (plugin_required False)."""
    from .plugin import check_options, options_from_config

    config_file = Path(args.config)
    if not config_file.is_file():
        raise UsageError(f"ไม่พบไฟล์ {config_file} ให้สั่งงานจากโฟลเดอร์ของโครงการ หรือระบุ --config")
    problems = check_options(config_file, shown=str(args.config))
    if problems.items:
        raise UsageError("\n".join(p.format() for p in problems.sorted()) +
                         "\nแก้ตัวเลือกของ prongsai ใน " + str(args.config) + " ตามรายการด้านบนแล้วสั่งใหม่")
    try:
        config, plugin = mkdocs_config(args)
    except UsageError:
        if plugin_required:
            raise
        return None, None
    return config, options_from_config(config, plugin.config)


def use_project_cache(args) -> None:
    """The build cache of the project of args.config (build/.prongsai-cache/ beside it) for the
    whole command, from validation on: the attachments' text and the personal-data findings
    are read there as well as the theme's compiled templates and the Thai word boundaries."""
    buildcache.use(buildcache.project_folder(Path(args.config).resolve().parent))


def take_plugin_options(args, plugin_options) -> None:
    """--data / --year / --today, when given on the command line, win over the plugin's options
    in mkdocs.yml; --strict adds to them. What is left is filled in from the plugin's."""
    if args.data is None:
        args.data = _as_given(plugin_options.data_dir) if plugin_options else Path("data")
    if plugin_options is None:
        return
    if args.year is None:
        args.year = plugin_options.year
    args.strict = bool(args.strict) or plugin_options.strict
    if getattr(args, "today", None) is None:
        args.today = plugin_options.today


def _as_given(folder: Path) -> Path:
    """A folder as short as the messages can show it: relative to here when it is below here."""
    try:
        return folder.relative_to(Path.cwd())
    except ValueError:
        return folder


def site_options(args):
    """The generator's options for the site of args.config (build and serve), after
    take_plugin_options."""
    from . import pipeline

    return pipeline.Options(
        data_dir=Path(args.data).resolve(), year=args.year, strict=args.strict, today=getattr(args, "today", None),
        out_dir=pipeline.generated_dir(Path(args.config).resolve().parent, args.data,
                                       str(args.year) if args.year else None),
    )


def generate_for_build(args):
    """(exit code, Options, pipeline.Result): the pipeline run once for this build; its result
    is handed to the MkDocs plugin, so that the data is not read and validated a second time."""
    from . import pipeline

    options = site_options(args)
    result = pipeline.run(options)
    return report(result, args), options, result


def print_provisional_notice(model) -> None:
    """One line for staff when the current year's catalogue is not yet the NACC's (never on the site)."""
    from .catalogue import provisional_notice

    if model is not None and model.catalogue is not None:
        notice = provisional_notice(model.catalogue)
        if notice:
            print(f"หมายเหตุ: {notice}", file=sys.stderr)


def readiness_summary(result, args) -> str | None:
    """The readiness line `build` prints after a build (readiness.report.summary_line)."""
    from .readiness.report import summary_line

    if result.model is None:
        return None
    return summary_line(result.model, {page.id for page in result.pages}, Path(args.data))


def mkdocs_config(args, **settings):
    """mkdocs.yml loaded, and the Prongsai plugin it runs (a usage error in Thai when it runs none)."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    from .plugin import MISSING_PLUGIN, site_plugin

    config_file = Path(args.config)
    if not config_file.is_file():
        raise UsageError(f"ไม่พบไฟล์ {config_file} ให้สั่งงานจากโฟลเดอร์ของโครงการ หรือระบุ --config")
    try:
        config = load_config(config_file=str(config_file), **settings)
    except ConfigurationError as exc:
        raise UsageError(f"{config_file}: ตั้งค่าไม่ถูกต้อง ({exc})") from None
    plugin = site_plugin(config)
    if plugin is None:
        raise UsageError(f"{config_file}: {MISSING_PLUGIN}")
    return config, plugin


def build_site(args, plugin_options=None):
    """(exit code, pipeline.Result) of building one organisation's site into args.site_dir
    (data, site_dir, config, year, strict, today): what `prongsai build` and `prongsai portal`
    share. Problems are printed to stderr; a usage problem raises UsageError. `plugin_options`:
    the plugin's options of args.config when the caller has read them already (the portal
    reads them once for every organisation)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    from .publish import SiteSwap, check_site_dir

    if not Path(args.config).is_file():  # before anything is generated next to it
        raise UsageError(f"ไม่พบไฟล์ {args.config} ให้สั่งงานจากโฟลเดอร์ของโครงการ หรือระบุ --config")
    if plugin_options is None:
        _, plugin_options = project_settings(args)
    take_plugin_options(args, plugin_options)
    use_project_cache(args)  # before validation: it reads the attachments' text from the cache
    refused = check_site_dir(args.site_dir, args.data, Path(args.config).parent)
    if refused:
        raise UsageError(refused)
    problems_exit, options, validated = generate_for_build(args)
    if problems_exit != EXIT_OK:
        return problems_exit, validated
    try:
        swap = SiteSwap(args.site_dir)
    except OSError as exc:
        raise UsageError(f"--site-dir: เขียนโฟลเดอร์ {args.site_dir} ไม่ได้ ({exc.strerror or exc}) "
                          "ตรวจสิทธิ์การเขียนหรือระบุโฟลเดอร์อื่น") from None
    try:
        config, plugin = mkdocs_config(args, site_dir=str(swap.staging), strict=args.strict)
        plugin.hand_over(options, validated)
        try:
            mkdocs_build(config)
        finally:
            plugin.handed = None  # taken by the build, or left over by a failed one
        swap.publish_checks(config, validated.model)
    except MkDocsException as exc:
        swap.discard()
        print(f"สร้างเว็บไซต์ไม่สำเร็จ: {exc}", file=sys.stderr)
        return EXIT_DATA, validated
    except BaseException:
        swap.discard()
        raise
    try:
        swap.commit()
    except OSError as exc:
        swap.discard()
        raise UsageError(f"--site-dir: แทนที่โฟลเดอร์ {args.site_dir} ไม่ได้ ({exc.strerror or exc}) "
                          "เว็บไซต์เดิมยังอยู่ครบ ตรวจสิทธิ์การเขียนแล้วสั่งใหม่") from None
    return EXIT_OK, validated
