"""The ``ita-xl`` command line. Each command lives in ``ita_xl.cli.<name>`` with a ``register``."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from ita_xl import __version__
from ita_xl.errors import InputError, os_error
from ita_xl.extras import missing_message

# Commands are discovered: any module in ita_xl.cli with a ``register(sub)``; ``ORDER`` sorts --help.


def _command_modules() -> list:
    mods = [importlib.import_module(f"{__name__}.{m.name}") for m in pkgutil.iter_modules(__path__)]
    mods = [m for m in mods if hasattr(m, "register")]
    return sorted(mods, key=lambda m: (getattr(m, "ORDER", 50), m.__name__))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ita-xl",
        description="ITA analysis and action plan for Thai public agencies / วิเคราะห์ผล ITA และจัดทำมาตรการ",
    )
    parser.add_argument("--version", action="version", version=f"ita-xl {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for mod in _command_modules():
        mod.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except InputError as exc:
        print(f"ita-xl: error: {exc}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as exc:  # an optional extra is not installed: one line, never a traceback

        message = missing_message(exc)
        if message is None:
            raise
        print(f"ita-xl: error: {message}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `ita-xl analyze … | head`: the reader left; not an error of ours
        import os  # noqa: PLC0415

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("ita-xl: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # a full disk, a read-only folder, a path too long… : located, exit 2
        print(f"ita-xl: error: {os_error(exc)}", file=sys.stderr)
        return 2
    except MemoryError:
        print("ita-xl: error: out of memory / หน่วยความจำไม่พอ", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug of ours: a message, not a traceback (ITA_XL_DEBUG=1 shows it)
        import os  # noqa: PLC0415

        if os.environ.get("ITA_XL_DEBUG"):
            raise
        print(
            f"ita-xl: internal error: {type(exc).__name__}: {exc} (please report it; ITA_XL_DEBUG=1 shows details)",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
