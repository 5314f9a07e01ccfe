"""Atomic outputs: a file (or a folder of files) appears whole, or not at all.

Every file habitatkg writes (exports, CSV, GraphML, synthetic data, the docs site) goes
through :func:`atomic_path`: the content is written to a temporary file in the same folder,
flushed to disk, and renamed over the target with :func:`os.replace`. A full disk, a crash
or an exception while writing leaves the earlier file (if any) complete and untouched, and no
temporary file behind. :func:`atomic_folder` does the same for a set of files built in a
temporary folder next to the target, moved in one by one when all are written.

Errors on the way out are :class:`~habitatkg._errors.OutputError` naming the path: the
target is a folder, its parent is a file, the disk is full, permission denied.

Example:
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> with atomic_path(out) as tmp:
    ...     _ = tmp.write_text("hello", encoding="utf-8")
    >>> out.read_text(encoding="utf-8"), sorted(p.name for p in out.parent.iterdir())
    ('hello', ['a.txt'])
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from habitatkg._errors import OutputError

__all__ = ["atomic_folder", "atomic_path", "atomic_write", "check_output_path"]

_TMP_PREFIX = ".habitatkg-tmp-"


def _why(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if error.errno == errno.EROFS:
        return "the file system is read-only"
    return error.strerror or str(error)


def check_output_path(path: str | os.PathLike[str], *, overwrite: bool = True) -> Path:
    """Refuse an output path that cannot be a file; create its parent folders.

    Args:
        path: Where a file is to be written.
        overwrite: Accept an existing file (it is replaced atomically); with ``False``, an
            existing file is refused.

    Returns:
        The path.

    Raises:
        OutputError: The path is a folder, a parent is a file, or the file exists and
            ``overwrite`` is ``False``.

    Example:
        >>> import tempfile
        >>> try:
        ...     check_output_path(tempfile.gettempdir())
        ... except OutputError as error:
        ...     print(str(error).split(": ", 1)[1][:26])
        it is a folder, not a file
    """
    out = Path(os.fspath(path))
    if out.is_dir():
        raise OutputError(out, "it is a folder, not a file; give a file name")
    if out.exists() and not overwrite:
        raise OutputError(out, "the file exists; choose another name or pass --force")
    for parent in out.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputError(out, f"{parent} is a file, not a folder")
            break
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(out, f"cannot create its folder ({_why(error)})") from error
    return out


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str], *, overwrite: bool = True) -> Iterator[Path]:
    """A temporary path next to ``path``; renamed to ``path`` when the block ends without error.

    Args:
        path: The file to write.
        overwrite: As for :func:`check_output_path`.

    Yields:
        The temporary file's path (write the whole content to it).

    Raises:
        OutputError: The path is unusable, or writing failed (the disk is full...); the
            earlier file, if any, is left as it was.
    """
    out = check_output_path(path, overwrite=overwrite)
    try:
        handle, name = tempfile.mkstemp(prefix=_TMP_PREFIX, suffix=out.suffix, dir=out.parent)
        os.close(handle)
    except OSError as error:
        raise OutputError(out, f"cannot write next to it ({_why(error)})") from error
    tmp = Path(name)
    try:
        yield tmp
        with tmp.open("rb+") as written:
            os.fsync(written.fileno())
        if out.exists():
            with contextlib.suppress(OSError):
                tmp.chmod(out.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            tmp.chmod(0o666 & ~umask)
        tmp.replace(out)
    except OSError as error:
        raise OutputError(out, f"not written: {_why(error)}") from error
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def atomic_write(
    path: str | os.PathLike[str], data: str | bytes, *, overwrite: bool = True
) -> Path:
    """Write ``data`` (text is UTF-8 encoded) to ``path`` atomically.

    Args:
        path: The file.
        data: The whole content.
        overwrite: As for :func:`check_output_path`.

    Returns:
        The path written.

    Raises:
        OutputError: As for :func:`atomic_path`.

    Example:
        >>> import tempfile, pathlib
        >>> out = atomic_write(pathlib.Path(tempfile.mkdtemp()) / "b.txt", "x")
        >>> out.read_text(encoding="utf-8")
        'x'
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_path(path, overwrite=overwrite) as tmp:
        tmp.write_bytes(raw)
    return Path(os.fspath(path))


@contextlib.contextmanager
def atomic_folder(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary folder next to ``path``; its files replace those of ``path`` at the end.

    Files of ``path`` that the build did not write are left alone. Each file is moved in
    with :func:`os.replace` only after the whole build succeeded, so a failure changes
    nothing in ``path``.

    Args:
        path: The folder to fill (created if needed).

    Yields:
        The temporary folder to build into.

    Raises:
        OutputError: ``path`` is a file, or writing failed (the disk is full...).
    """
    out = Path(os.fspath(path))
    if out.exists() and not out.is_dir():
        raise OutputError(out, "it is a file, not a folder; give a folder name")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        build = Path(tempfile.mkdtemp(prefix=_TMP_PREFIX, dir=out.parent))
    except OSError as error:
        raise OutputError(out, f"cannot create the folder ({_why(error)})") from error
    try:
        yield build
        out.mkdir(exist_ok=True)
        for file in sorted(build.rglob("*")):
            if file.is_file():
                target = out / file.relative_to(build)
                target.parent.mkdir(parents=True, exist_ok=True)
                if target.is_dir():
                    raise OutputError(target, "it is a folder, not a file")
                file.replace(target)
    except OSError as error:
        raise OutputError(out, f"not written: {_why(error)}") from error
    finally:
        shutil.rmtree(build, ignore_errors=True)
