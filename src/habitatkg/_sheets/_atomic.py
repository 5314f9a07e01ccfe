"""Atomic writes for workbooks and CSV files: :mod:`habitatkg._atomic`, with a writer callback.

The file is written next to its final path, flushed, given the permissions a new file gets
(or the replaced file's), and renamed into place; on any error the earlier file is untouched.

Example:
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> write_bytes(path, b"done").read_bytes()
    b'done'
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from habitatkg._atomic import atomic_path

__all__ = ["write_bytes", "write_with"]


def write_with(path: str | os.PathLike[str], writer: Callable[[Path], object]) -> Path:
    """Let ``writer`` write a temporary file next to ``path``, then move it into place.

    Args:
        path: The final path.
        writer: Called with the temporary path; writes the whole file.

    Returns:
        The final path. On any error the temporary file is removed and ``path`` is untouched.
    """
    with atomic_path(path) as temp:
        writer(temp)
    return Path(path)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write bytes atomically.

    Args:
        path: The final path.
        data: The content.

    Returns:
        The path.
    """
    return write_with(path, lambda temp: temp.write_bytes(data))
