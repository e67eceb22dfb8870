"""The file store: uploaded documents under DATA_DIR with random names and private permissions
(files 0600; DATA_DIR, when the store creates it, and `documents/` 0700).

Nothing from the user's file name ever reaches a path. The same content sent twice is stored once
(files are addressed by their SHA-256; the name is random, the hash is recorded beside it).
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_directory(path: Path) -> Path:
    """`path`, made if missing: every directory made here is 0700 (whatever the umask), one that
    was already there is left as it is."""
    missing = []
    for directory in (path, *path.parents):
        if directory.is_dir():
            break
        missing.append(directory)
    for directory in reversed(missing):
        try:
            directory.mkdir(mode=DIR_MODE)
        except FileExistsError:  # another process made it first: its choice stands
            continue
        os.chmod(directory, DIR_MODE)
    return path


@dataclass(frozen=True)
class StoredFile:
    path: str  # relative to the store's root
    sha256: str
    size: int


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _directory(self) -> Path:
        directory = private_directory(self.root) / "documents"
        directory.mkdir(exist_ok=True, mode=DIR_MODE)
        os.chmod(directory, DIR_MODE)
        return directory

    def save(self, content: bytes, suffix: str) -> StoredFile:
        """Write `content` under a fresh random name; `suffix` comes from the detected type."""
        if not suffix.isalnum() or len(suffix) > 5:
            raise ValueError("suffix must be a short alphanumeric extension")
        name = f"{secrets.token_hex(16)}.{suffix}"
        target = self._directory() / name
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        digest = hashlib.sha256(content).hexdigest()
        return StoredFile(str(target.relative_to(self.root)), digest, len(content))

    def read(self, relative: str) -> bytes:
        return (self.root / relative).read_bytes()

    def absolute(self, relative: str) -> Path:
        return self.root / relative
