"""How stored answers read to people: option labels, dates, phones, documents, masking."""

from __future__ import annotations

from datetime import timedelta
from html import escape
from typing import Any

from bot.i18n import Texts, tr
from dialogs.catalog import LONG_TERM
from dialogs.fields import Kind, Slot
from dialogs.validation import display_domain, mask_id, mask_phone

MAX_SHOWN = 120  # longer values are shortened with … in summaries and shown whole on edit

_ID_FIELDS = ("organizer_id", "id_number")


def option_label(texts: Texts, option_list: str | None, code: str) -> str:
    if option_list is None:  # options that are values themselves (a site's domains)
        return escape(display_domain(code))
    return tr(texts, f"opt-{option_list}-{code}")


def phone_text(value: str) -> str:
    """+8613812345678 → 138 1234 5678; landlines stay as stored (010-12345678)."""
    if value.startswith("+86") and len(value) == 14:
        local = value[3:]
        return f"{local[:3]} {local[3:7]} {local[7:]}"
    return value


def show_value(texts: Texts, slot: Slot, value: Any, *, mask: bool = False,
               shorten: bool = False) -> str:
    """The answer as safe HTML."""
    f = slot.field
    if value is None or value == [] or value == "":
        return tr(texts, "value-empty")
    if slot.kind in (Kind.CHOICE, Kind.YES_NO):
        return option_label(texts, f.option_list, str(value))
    if slot.kind is Kind.MULTI:
        return "、".join(option_label(texts, f.option_list, str(v)) for v in value)
    if slot.kind is Kind.DOMAINS:
        return escape("、".join(display_domain(d) for d in value))
    if slot.kind is Kind.DATE_OR_LONG and value == LONG_TERM:
        return tr(texts, "value-long-term")
    if slot.kind is Kind.DOCUMENT:
        pages = len(value) if isinstance(value, list) else 1
        return tr(texts, "value-document", pages=pages)
    if slot.kind is Kind.DECISION:
        return tr(texts, f"filing-type-{value.get('type')}")
    text = str(value)
    if slot.kind in (Kind.MOBILE, Kind.PHONE):
        text = mask_phone(text) if mask else phone_text(text)
    elif mask and slot.key.endswith(_ID_FIELDS):
        text = mask_id(text)
    if shorten and len(text) > MAX_SHOWN:
        text = text[: MAX_SHOWN - 1] + "…"
    return escape(text)


def slot_label(texts: Texts, slot: Slot) -> str:
    """The official field name, with the website number or item where it repeats."""
    return tr(texts, f"field-{slot.field.label}", **slot_args(slot))


def slot_args(slot: Slot) -> dict[str, Any]:
    from dialogs.messages import Msg

    args: dict[str, Any] = {"site": slot.site or 0, "item": ""}
    if slot.item is not None:
        if slot.field.item_label:
            args["item"] = Msg(f"opt-{slot.field.item_label}-{slot.item}")
        else:
            args["item"] = display_domain(slot.item)
    return args


def duration_text(texts: Texts, length: timedelta) -> str:
    """24 小时 / 24 hours; 10 分钟 / 10 minutes (the SMS window can be shortened for demos)."""
    seconds = int(length.total_seconds())
    parts = []
    for unit, size in (("days", 86400), ("hours", 3600), ("minutes", 60), ("seconds", 1)):
        if unit == "days" and seconds < 2 * 86400:
            continue  # "24 小时", as the authority says it, not "1 天"
        if seconds >= size:
            parts.append(tr(texts, f"duration-{unit}", n=seconds // size))
            seconds %= size
    return tr(texts, "duration-join").join(parts) or tr(texts, "duration-seconds", n=0)


def filing_title(number: str | None, answers: dict[str, Any]) -> str:
    """How a push names a filing on a lock screen: its number and first website's name."""
    site = answers.get("site1.name") or answers.get("organizer_name")
    return f"{number} · {site}" if site else str(number)
