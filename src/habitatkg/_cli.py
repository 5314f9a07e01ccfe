"""The ``habitatkg`` command line.

Every subcommand lives in its own module under :mod:`habitatkg._commands`; each module
exposes ``add_parser(subparsers)`` and ``run(args) -> int``. This module only collects them,
parses the arguments and turns library errors into one clear line on standard error.

Exit codes: 0 success, 1 the answer is "no" (for example validation found violations),
2 unusable input (a file that does not parse, an unknown label, a bad option).

Example:
    >>> from habitatkg._cli import main
    >>> main(["--version"])  # doctest: +ELLIPSIS
    habitatkg ...
    0
"""

from __future__ import annotations

import argparse
import functools
import importlib
import pkgutil
import sys
import warnings
from collections.abc import Sequence
from types import ModuleType
from typing import Any

from habitatkg import _commands
from habitatkg._errors import HabitatKGError

#: Order in which subcommands are listed in ``--help``; others follow alphabetically.
_PREFERRED_ORDER = ("overview", "validate", "query")


def _command_modules() -> list[ModuleType]:
    names = sorted(
        info.name
        for info in pkgutil.iter_modules(_commands.__path__)
        if not info.name.startswith("_")
    )
    names.sort(key=lambda n: (_PREFERRED_ORDER.index(n) if n in _PREFERRED_ORDER else 99, n))
    return [importlib.import_module(f"{_commands.__name__}.{name}") for name in names]


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every registered subcommand.

    Returns:
        The top-level parser.

    Example:
        >>> parser = build_parser()
        >>> parser.prog
        'habitatkg'
    """
    parser = argparse.ArgumentParser(
        prog="habitatkg",
        description=(
            "Knowledge graph of the Alberto Baillères Foundation Social Model and the "
            "UNESCO Learning City of Huejotzingo. Without a subcommand, prints the overview."
        ),
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _command_modules():
        before = set(subparsers.choices)
        module.add_parser(subparsers)
        for name in set(subparsers.choices) - before:
            sub = subparsers.choices[name]
            if sub.get_default("run") is None:
                sub.set_defaults(run=module.run)
    return parser


def _show_warning(
    command: str, show: Any, message: Any, category: type, *args: Any, **kw: Any
) -> None:
    """A privacy warning as one line (``habitatkg CMD: warning: ...``); others as before."""
    from habitatkg._errors import PrivacyWarning

    if issubclass(category, PrivacyWarning):
        print(f"habitatkg {command}: warning: {message}", file=sys.stderr)
    else:
        show(message, category, *args, **kw)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: Arguments without the program name; ``sys.argv[1:]`` when ``None``.

    Returns:
        The process exit code.
    """
    parser = build_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.version:
        from habitatkg import __version__

        print(f"habitatkg {__version__}")
        return 0
    if args.command is None:
        args = parser.parse_args(["overview"])
    try:
        with warnings.catch_warnings():
            warnings.showwarning = functools.partial(
                _show_warning, args.command, warnings.showwarning
            )
            return int(args.run(args))
    except HabitatKGError as exc:
        print(f"habitatkg {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `habitatkg query ... | head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
