"""Write outputs atomically: a temporary file beside the target, then one rename."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


class OutputLocked(PermissionError):
    """The finished file could not replace `target`: on Windows, the target is open in Excel
    or WPS (they lock the files they show). The temporary file is gone; the target unchanged."""

    def __init__(self, target: Path) -> None:
        super().__init__(f"cannot replace {target}: it is open in another program")
        self.target = target


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write; it replaces `target` only if the block succeeds.

    An error before anything is written names `target` (or the part of its path that is a
    file), never the temporary file: that is the name the user typed.
    """
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    blocking = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(blocking))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        error.filename = str(target)  # mkstemp names the temporary file it tried
        raise
    os.close(handle)
    temporary = Path(name)
    try:
        try:
            yield temporary
        except OSError as error:  # a full disk while writing: the user knows the target
            if error.errno is not None and error.filename in (None, name, temporary):
                error.filename = str(target)
            raise
        os.chmod(temporary, 0o644)
        try:
            os.replace(temporary, target)
        except PermissionError as error:
            raise OutputLocked(target) from error
    finally:
        temporary.unlink(missing_ok=True)
