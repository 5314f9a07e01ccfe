"""Atomic writes: a temporary file in the target's folder, then ``os.replace``.

Example:
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> write_bytes(path, b"done").read_bytes()
    b'done'
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["write_bytes", "write_with"]


def write_with(path: str | os.PathLike[str], writer: Callable[[Path], object]) -> Path:
    """Let ``writer`` write a temporary file next to ``path``, then move it into place.

    Args:
        path: The final path.
        writer: Called with the temporary path; writes the whole file.

    Returns:
        The final path. On any error the temporary file is removed and ``path`` is untouched.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=target.suffix or ".tmp", dir=target.parent
    )
    os.close(handle)
    try:
        writer(Path(temp))
        Path(temp).replace(target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write bytes atomically.

    Args:
        path: The final path.
        data: The content.

    Returns:
        The path.
    """
    return write_with(path, lambda temp: temp.write_bytes(data))
