"""Processes as Linux's /proc shows them: the children of a process and whether one is gone
(tests of worker processes, shutdown and SIGKILL)."""

from __future__ import annotations

from pathlib import Path


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:  # the thread ended meanwhile
            continue
    return found


def descendants(pid: int) -> set[int]:
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children(todo.pop()) - found:
            found.add(child)
            todo.append(child)
    return found


def dead(pid: int) -> bool:
    """Gone, or a zombie (a reparented process may never be reaped in a container)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True
    state = next(line.split()[1] for line in status.splitlines() if line.startswith("State:"))
    return state in ("Z", "X")
