"""Execute the notebooks of examples/ and save them with their outputs (tables and figures).

The notebooks are committed executed, so GitHub and the guide show their answers and
figures; tests/test_notebooks.py checks that they are, and runs them again. Run this after
changing a notebook or anything its answers depend on::

    PYTHONPATH=src python tools/run_notebooks.py            # every notebook
    PYTHONPATH=src python tools/run_notebooks.py 03-partner-network.ipynb

Example:
    >>> [p.name for p in notebooks()][:1]
    ['01-quick-tour.ipynb']
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def notebooks() -> list[Path]:
    """The notebooks of examples/, in order.

    Returns:
        Their paths.
    """
    return sorted(EXAMPLES.glob("*.ipynb"))


def execute(path: Path, *, timeout: int = 180) -> object:
    """Run a notebook in a fresh kernel (working directory: examples/) and return it.

    Args:
        path: The notebook.
        timeout: Seconds per cell.

    Returns:
        The executed notebook (an ``nbformat`` node).
    """
    import nbformat
    from nbclient import NotebookClient

    os.environ.pop("MPLBACKEND", None)  # figures must be inline images, not Agg
    src = str(ROOT / "src")
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (src, os.environ.get("PYTHONPATH", "")) if p
    )
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return notebook


_KERNEL_FILE = re.compile(r"/tmp/ipykernel_\d+/\d+\.py:(\d+): ")


def scrub(text: str) -> str:
    """Outputs without this machine's paths: the clone's folder and the kernel's cell files.

    Args:
        text: The notebook's JSON text.

    Returns:
        The text, with paths relative to the repository.

    Example:
        >>> scrub("/tmp/ipykernel_12/34.py:1: AnswerNote: x")
        'cell line 1: AnswerNote: x'
    """
    text = text.replace(f"{ROOT}{os.sep}", "")
    return _KERNEL_FILE.sub(r"cell line \1: ", text)


def save(notebook: object, path: Path) -> None:
    """Write a notebook atomically (a temporary file renamed over the old one).

    Args:
        notebook: The notebook.
        path: Where.
    """
    import nbformat

    handle, name = tempfile.mkstemp(dir=path.parent, suffix=".ipynb.tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        temporary.write_text(scrub(nbformat.writes(notebook)) + "\n", encoding="utf-8")
        temporary.chmod(0o644)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    """Execute and save notebooks.

    Args:
        argv: Notebook names (default: all).

    Returns:
        Exit code.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="notebook file names in examples/")
    args = parser.parse_args(argv)
    paths = [EXAMPLES / n for n in args.names] or notebooks()
    for path in paths:
        save(execute(path), path)
        print(path.relative_to(ROOT), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
