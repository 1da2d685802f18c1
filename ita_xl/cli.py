"""The ``ita-xl`` command line. Each command lives in ``ita_xl.commands.<name>`` with a ``register``."""

from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__
from .errors import InputError

COMMANDS = ["analyze"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ita-xl",
        description="ITA analysis and action plan for Thai public agencies / วิเคราะห์ผล ITA และจัดทำมาตรการ",
    )
    parser.add_argument("--version", action="version", version=f"ita-xl {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        importlib.import_module(f"ita_xl.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except InputError as exc:
        print(f"ita-xl: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("ita-xl: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
