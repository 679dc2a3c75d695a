"""`prongsai import …` and `prongsai template xlsx …`, registered by generator/cli.py."""

from __future__ import annotations

from . import add_import_parser, add_template_parser


def register(commands) -> None:
    for add in (add_import_parser, add_template_parser):
        parser = add(commands)
        parser.set_defaults(func=lambda args: args.handler(args))
