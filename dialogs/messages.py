"""Localizable messages: the domain speaks in message ids and arguments, never in sentences.

`bot/` turns a `Msg` into text with the Fluent files in `locales/`; `dialogs/` only decides *which*
message applies and with which values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Msg:
    """A message id from `locales/*/*.ftl` and its named arguments."""

    id: str
    args: dict[str, Any] = field(default_factory=dict)

    def __init__(self, id: str, /, **args: Any) -> None:
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "args", args)


class Invalid(ValueError):
    """An answer that cannot be accepted; carries the message that tells the user why.

    The message should say what is wrong and give an example of a right value.
    """

    def __init__(self, id: str, /, **args: Any) -> None:
        super().__init__(id)
        self.msg = Msg(id, **args)

    def __reduce__(self) -> tuple[Any, ...]:
        # Checks may run in a worker process: the refusal crosses back with its arguments.
        return (_rebuild_invalid, (self.msg.id, self.msg.args))


def _rebuild_invalid(message_id: str, args: dict[str, Any]) -> Invalid:
    return Invalid(message_id, **args)
