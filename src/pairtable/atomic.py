"""Write outputs atomically: a temporary file beside the target, then one rename."""

from __future__ import annotations

import contextlib
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
    """Yield a temporary path to write; it replaces `target` only if the block succeeds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o644)
        try:
            os.replace(temporary, target)
        except PermissionError as error:
            raise OutputLocked(target) from error
    finally:
        temporary.unlink(missing_ok=True)
