"""The vocabulary of the form: field kinds, field templates, slots and their context."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from dialogs.catalog import PERSONAL, Option


class Kind(StrEnum):
    TEXT = "text"
    CHOICE = "choice"
    MULTI = "multi"
    YES_NO = "yes_no"
    DATE = "date"
    DATE_OR_LONG = "date_or_long"
    MOBILE = "mobile"
    PHONE = "phone"
    EMAIL = "email"
    DOMAINS = "domains"
    URL = "url"
    DOCUMENT = "document"
    DECISION = "decision"  # decided by the system (filing type), never asked


STEPS: tuple[int, ...] = (1, 2, 3, 4, 5)
REVIEW_STEP = 5


@dataclass(frozen=True)
class Ctx:
    """What a condition, option list or check may look at: the filing's answers and the slot."""

    answers: Mapping[str, Any]
    today: date
    site: int | None = None
    owner: str | None = None  # key prefix of the owner group: "subject_owner" or "site1.owner"
    item: str | None = None  # the pre-approval code or domain of a per-item slot
    key: str = ""  # the slot's own key

    def get(self, key: str, default: Any = None) -> Any:
        return self.answers.get(key, default)

    def site_get(self, name: str, default: Any = None) -> Any:
        return self.answers.get(f"site{self.site}.{name}", default)

    def owner_get(self, name: str, default: Any = None) -> Any:
        return self.answers.get(f"{self.owner}.{name}", default)

    @property
    def personal(self) -> bool:
        return self.answers.get("nature") == PERSONAL

    @property
    def province(self) -> str | None:
        return self.answers.get("province")


Options = Callable[[Ctx], Sequence[Option]]


@dataclass(frozen=True)
class Field:
    """One question template.

    `label` is the locale stem: the bot shows `field-<label>` (the official field name),
    asks `ask-<label>` and hints `hint-<label>`; options are labelled `opt-<option_list>-<code>`.
    """

    name: str
    kind: Kind
    label: str
    optional: bool = False
    options: Options | None = None
    option_list: str | None = None
    when: Callable[[Ctx], bool] | None = None
    check: Callable[[Any, Ctx], Any] | None = None
    # A value the other answers impose: the slot is filled with it and never asked.
    forced: Callable[[Ctx], Any] | None = None
    # A value offered as a one-tap answer (e.g. 投资者 = the organizer's own name).
    suggest: Callable[[Ctx], Any] | None = None
    # Multi-choice: options ticked when the question is first shown.
    preselect: Callable[[Ctx], Sequence[str]] | None = None
    # Multi-choice: the option that excludes every other one (不涉及).
    exclusive: str | None = None
    warn: Callable[[Any, Ctx], list[Any]] | None = None
    # Documents: several pages may be sent (other material).
    multiple: bool = False
    # Locale id of the spoken name of what the slot is about ({ $item }), e.g. the domain.
    item_label: str | None = None


@dataclass(frozen=True)
class Slot:
    key: str
    field: Field
    step: int
    site: int | None = None
    owner: str | None = None
    item: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def ctx(self, answers: Mapping[str, Any], today: date) -> Ctx:
        return Ctx(answers, today, self.site, self.owner, self.item, self.key)

    @property
    def kind(self) -> Kind:
        return self.field.kind

    @property
    def group(self) -> str:
        """The summary section a slot belongs to (for paging and titles)."""
        if self.site is not None:
            return f"site{self.site}"
        return f"step{self.step}"
