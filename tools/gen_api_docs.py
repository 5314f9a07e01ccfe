"""Generate the generated parts of the guide: ``docs/api.md`` and the marked blocks.

A small stand-in for mkdocstrings: :mod:`inspect` gives each public function's signature and
docstring, and the Google-style sections (Args, Returns, Raises, Example...) become Markdown.

Other pages hold generated blocks between two markers, ``<!-- habitatkg-NAME -->`` and
``<!-- /habitatkg-NAME -->``: the ``--help`` of every subcommand (``cli-help``, in cli.md),
the list of notebooks (``notebook-list``, in notebooks.md) and the package docstring's
example (``python-quickstart``, in quickstart.md). The repository holds them filled, and the
MkDocs hook (``tools/mkdocs_hooks.py``) fills them again at every build, so the published
pages are never stale and the pages read the same on GitHub::

    python tools/gen_api_docs.py            # writes docs/api.md and fills the blocks
    python tools/gen_api_docs.py --check    # exit 1 if any of them is out of date

Example:
    >>> import json
    >>> text = render_api("json")
    >>> "## `dumps`" in text
    True
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import re
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "api.md"
_SECTIONS = {
    "args": "Arguments",
    "arguments": "Arguments",
    "parameters": "Arguments",
    "params": "Arguments",
    "keyword args": "Keyword arguments",
    "returns": "Returns",
    "return": "Returns",
    "yields": "Yields",
    "raises": "Raises",
    "attributes": "Attributes",
    "example": "Example",
    "examples": "Examples",
    "note": "Note",
    "notes": "Notes",
    "see also": "See also",
    "warning": "Warning",
}
_LISTS = {"Arguments", "Keyword arguments", "Raises", "Attributes"}


def _inline(text: str) -> str:
    """Turn reStructuredText inline markup into Markdown: ``x`` and :func:`x` become `x`."""
    text = re.sub(r":(?:func|class|mod|meth|attr|data|exc|obj):`~?([^`]+)`", r"`\1`", text)
    return re.sub(r"``([^`]+)``", r"`\1`", text)


def _dedent(lines: list[str]) -> list[str]:
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(indents, default=0)
    return [line[cut:] for line in lines]


def _items(lines: list[str]) -> list[str]:
    """``name: text`` entries (continuations indented) as Markdown bullets."""
    out: list[str] = []
    for line in _dedent(lines):
        if not line.strip():
            continue
        if not line.startswith((" ", "\t")):
            name, sep, rest = line.partition(":")
            if sep:
                name = name.strip()
                out.append(f"- `{name}`: {_inline(rest.strip())}")
                continue
            out.append(f"- {_inline(line.strip())}")
        elif out:
            out[-1] += " " + _inline(line.strip())
    return out


def _code(lines: list[str]) -> list[str]:
    body = [line.rstrip() for line in _dedent(lines)]
    while body and not body[-1]:
        body.pop()
    while body and not body[0]:
        body.pop(0)
    return ["```pycon", *body, "```"] if body else []


def docstring_to_markdown(doc: str | None) -> str:
    """Convert a Google-style docstring to Markdown.

    Args:
        doc: The docstring (``None`` gives an empty string).

    Returns:
        Markdown text.

    Example:
        >>> doc = "Add.\\n\\nArgs:\\n    a: first.\\n\\nReturns:\\n    The sum."
        >>> print(docstring_to_markdown(doc), end="")
        Add.
        <BLANKLINE>
        **Arguments**
        <BLANKLINE>
        - `a`: first.
        <BLANKLINE>
        **Returns**
        <BLANKLINE>
        The sum.
    """
    lines = inspect.cleandoc(doc or "").splitlines()
    out: list[str] = []
    section: str | None = None
    buffer: list[str] = []

    def flush() -> None:
        if section is None:
            text, in_code = [], False
            for line in buffer:
                if line.strip().startswith(">>>") and not in_code:
                    text.append("```pycon")
                    in_code = True
                elif in_code and not line.strip():
                    text.append("```")
                    in_code = False
                text.append(line if in_code else _inline(line))
            if in_code:
                text.append("```")
            out.extend(text)
        else:
            out.extend([f"**{section}**", ""])
            if section in _LISTS:
                out.extend(_items(buffer))
            elif section.startswith("Example"):
                if any(line.strip().startswith(">>>") for line in buffer):
                    out.extend(_code(buffer))
                else:
                    out.extend(
                        _code(buffer)
                        if any(line.startswith("    ") for line in buffer)
                        else [_inline(" ".join(buffer).strip())]
                    )
            else:
                out.append(_inline(" ".join(line.strip() for line in buffer).strip()))
        out.append("")

    for line in lines:
        header = line.strip().rstrip(":").lower()
        if line.strip().endswith(":") and not line.startswith(" ") and header in _SECTIONS:
            if buffer or section is not None:
                flush()
            section, buffer = _SECTIONS[header], []
            continue
        buffer.append(line)
    flush()
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"


def _signature(name: str, obj: object) -> str:
    try:
        return f"{name}{inspect.signature(obj)}"  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return name


def _describe(name: str, obj: object) -> list[str]:
    kind = "class" if inspect.isclass(obj) else "function" if callable(obj) else "data"
    parts = [
        f"## `{name}`",
        "",
        f"```python\n{_signature(name, obj) if kind != 'data' else name}\n```",
        "",
    ]
    if kind == "data":
        parts += [
            f"Value: `{obj!r}`"
            if isinstance(obj, (str, int, float, tuple))
            else f"An instance of `{type(obj).__name__}`.",
            "",
        ]
        return parts
    parts.append(docstring_to_markdown(inspect.getdoc(obj)))
    if inspect.isclass(obj):
        for member_name, member in sorted(vars(obj).items()):
            if member_name.startswith("_") or not (
                inspect.isfunction(member)
                or isinstance(member, (property, classmethod, staticmethod))
            ):
                continue
            target = (
                member.fget if isinstance(member, property) else getattr(member, "__func__", member)
            )
            shown = f"{name}.{member_name}"
            parts += [f"### `{shown}`", ""]
            if not isinstance(member, property):
                parts += [f"```python\n{_signature(shown, target)}\n```", ""]
            parts.append(docstring_to_markdown(inspect.getdoc(target)))
    return parts


def render_api(module_name: str = "habitatkg") -> str:
    """The Markdown of the API page for a module's public names (``__all__``).

    Args:
        module_name: The module to document.

    Returns:
        Markdown.
    """
    module: ModuleType = importlib.import_module(module_name)
    names = list(getattr(module, "__all__", [n for n in vars(module) if not n.startswith("_")]))
    lines = [
        "# Python API",
        "",
        "<!-- docs-run: skip-page its examples are the docstrings' doctests, which "
        "tests/test_init.py runs -->",
        "",
        f"<!-- Generated by tools/gen_api_docs.py from the docstrings of `{module_name}`; "
        "do not edit by hand. -->",
        "",
        docstring_to_markdown(inspect.getdoc(module)).strip(),  # already inline-converted
        "",
        "Public names: " + ", ".join(f"[`{n}`](#{n.lower()})" for n in names) + ".",
        "",
    ]
    for name in names:
        lines += _describe(name, getattr(module, name))
    return "\n".join(lines).rstrip() + "\n"


def cli_help() -> str:
    """The ``--help`` of ``habitatkg`` and of every subcommand, as Markdown.

    Returns:
        Markdown (argparse wraps at 96 columns, so the text does not depend on the terminal).
    """
    import os

    from habitatkg._cli import build_parser

    columns = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "96"
    try:
        parser = build_parser()
        parts = ["```text", parser.format_help().rstrip(), "```", ""]
        for action in parser._actions:
            if not isinstance(action, argparse._SubParsersAction):
                continue
            for name, sub in action.choices.items():
                parts += [
                    f"### `habitatkg {name}`",
                    "",
                    "```text",
                    sub.format_help().rstrip(),
                    "```",
                    "",
                ]
        return "\n".join(parts).rstrip() + "\n"
    finally:
        if columns is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = columns


def notebook_list() -> str:
    """The notebooks of ``examples/``, each with the title of its first cell.

    Returns:
        Markdown.
    """
    import json

    lines = []
    for path in sorted((ROOT / "examples").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        title = next(
            (
                "".join(c["source"]).strip().splitlines()[0].lstrip("# ").strip()
                for c in cells
                if c.get("cell_type") == "markdown" and "".join(c["source"]).strip()
            ),
            "",
        )
        lines.append(f"- `examples/{path.name}`" + (f": {title}" if title else ""))
    return "\n".join(lines) + "\n" if lines else "(no notebooks)\n"


def python_quickstart() -> str:
    """The example of the package's docstring (``habitatkg.__doc__``), kept working by doctests.

    Returns:
        Markdown (a ``pycon`` code block).
    """
    import habitatkg

    lines = (inspect.getdoc(habitatkg) or "").splitlines()
    start = next(
        (i for i, line in enumerate(lines) if line.strip().rstrip(":").lower() == "example"),
        None,
    )
    if start is None:
        return "See the [Python API](api.md).\n"
    body = []
    for line in lines[start + 1 :]:
        if line and not line.startswith((" ", "\t")):
            break
        body.append(line[4:] if line.startswith("    ") else line.strip())
    while body and not body[-1].strip():
        body.pop()
    return "```pycon\n" + "\n".join(body) + "\n```\n"


#: The generated blocks: marker name to generator.
BLOCKS = {
    "cli-help": cli_help,
    "notebook-list": notebook_list,
    "python-quickstart": python_quickstart,
}


def fill_blocks(markdown: str) -> str:
    """Fill every generated block of a page (between its two markers) with fresh content.

    A page may also hold a start marker alone (an old copy): the block is then added.

    Args:
        markdown: The page.

    Returns:
        The page with each block filled.

    Example:
        >>> marks = "<!-- habitatkg-notebook-list -->", "<!-- /habitatkg-notebook-list -->"
        >>> page = f"A\n{marks[0]}\nold\n{marks[1]}\nB\n"
        >>> "old" in fill_blocks(page), fill_blocks(page).count("habitatkg-notebook-list")
        (False, 2)
    """
    for name, generate in BLOCKS.items():
        start, end = f"<!-- habitatkg-{name} -->", f"<!-- /habitatkg-{name} -->"
        if start not in markdown:
            continue
        before, _, rest = markdown.partition(start)
        _, found, after = rest.partition(end)
        if not found:
            after = rest
        markdown = f"{before}{start}\n{generate().rstrip()}\n{end}{after}"
    return markdown


def main(argv: list[str] | None = None) -> int:
    """Write (or ``--check``) ``docs/api.md`` and the generated blocks of ``docs/*.md``.

    Args:
        argv: Command-line arguments.

    Returns:
        The exit code.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a page is out of date")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    if str(ROOT / "src") not in sys.path:
        sys.path.insert(0, str(ROOT / "src"))
    pages = {args.output: render_api()}
    for page in sorted((ROOT / "docs").glob("*.md")):
        if page == args.output:
            continue
        text = page.read_text(encoding="utf-8")
        if any(f"<!-- habitatkg-{name} -->" in text for name in BLOCKS):
            pages[page] = fill_blocks(text)
    stale = [
        path
        for path, text in pages.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    if args.check:
        for path in stale:
            print(f"{path} is out of date: run python tools/gen_api_docs.py", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.write_text(pages[path], encoding="utf-8")
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
