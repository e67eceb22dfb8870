"""Step 5: the summary paged by step with an edit button per field, the agreements, and the
MIIT SMS warning before submission."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import ReviewCb, key_token
from bot.i18n import Raw, Texts, tr
from bot.render.question import Rendered, plain
from bot.render.values import show_value, slot_label
from dialogs.corrections import Change
from dialogs.engine import AGREEMENT_KEYS, Draft, applicable, askable
from dialogs.fields import STEPS, Slot
from dialogs.messages import Msg


def summary_pages(draft: Draft, today: date) -> list[list[Slot]]:
    """One page per step, one per website; a page holds the slots of its group in order."""
    pages: dict[str, list[Slot]] = {}
    for slot in applicable(draft.answers, today):
        pages.setdefault(slot.group if slot.step != 4 else "step4", []).append(slot)
    return list(pages.values())


def _page_title(texts: Texts, slot: Slot) -> str:
    title = tr(texts, "step-line", step=slot.step, total=len(STEPS),
               title=Msg(f"step-title-{slot.step}"))
    if slot.site is not None and slot.step == 3:
        title += tr(texts, "step-site", site=slot.site)
    return title


def render_summary(texts: Texts, draft: Draft, filing_id: int, number: str, today: date,
                   page: int = 0) -> Rendered:
    pages = summary_pages(draft, today)
    page = max(0, min(page, len(pages) - 1))
    slots = pages[page]
    lines = [tr(texts, "summary-header", number=number, page=page + 1, pages=len(pages)),
             f"<b>{_page_title(texts, slots[0])}</b>"]
    for slot in slots:
        value = show_value(texts, slot, draft.answers.get(slot.key), shorten=True)
        if slot.key not in draft.answers:
            value = tr(texts, "value-missing")
        lines.append(tr(texts, "summary-row", label=Raw(slot_label(texts, slot)),
                        value=Raw(value)))

    def button(label: str, act: str, arg: str = "") -> InlineKeyboardButton:
        return InlineKeyboardButton(text=plain(label),
                                    callback_data=ReviewCb(filing=filing_id, act=act,
                                                           arg=arg).pack())

    edits = [button(tr(texts, "btn-edit-field", label=Raw(slot_label(texts, s))), "e",
                    key_token(s.key))
             for s in slots if askable(s, draft)]
    rows = [edits[i:i + 2] for i in range(0, len(edits), 2)]
    nav = []
    if page > 0:
        nav.append(button("‹", "p", str(page - 1)))
    nav.append(button(tr(texts, "btn-page", page=page + 1, pages=len(pages)), "p", str(page)))
    if page < len(pages) - 1:
        nav.append(button("›", "p", str(page + 1)))
    rows.append(nav)
    rows.append([button(tr(texts, "btn-to-agreements"), "n", "agreements")])
    return Rendered("\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows))


def render_agreements(texts: Texts, draft: Draft, filing_id: int) -> Rendered:
    def button(label: str, act: str, arg: str = "") -> InlineKeyboardButton:
        return InlineKeyboardButton(text=plain(label),
                                    callback_data=ReviewCb(filing=filing_id, act=act,
                                                           arg=arg).pack())

    rows = []
    for i, key in enumerate(AGREEMENT_KEYS):
        name = key.split(".")[1]
        mark = "☑" if draft.answers.get(key) else "☐"
        rows.append([button(f"{mark} " + tr(texts, f"agreement-{name}-title"), "a", str(i))])
        rows.append([button(tr(texts, "btn-view-agreement",
                               title=Msg(f"agreement-{name}-title")), "v", str(i))])
    rows.append([button(tr(texts, "btn-back-to-summary"), "b"),
                 button(tr(texts, "btn-continue"), "n", "confirm")])
    text = "\n".join([
        f"<b>{tr(texts, 'step-line', step=5, total=len(STEPS), title=Msg('step-title-5'))}</b>",
        tr(texts, "agreements-intro"),
    ])
    return Rendered(text, InlineKeyboardMarkup(inline_keyboard=rows))


def render_confirm(texts: Texts, filing_id: int, window: str) -> Rendered:
    rows = [[InlineKeyboardButton(text=plain(tr(texts, "btn-submit")),
                                  callback_data=ReviewCb(filing=filing_id, act="s").pack())],
            [InlineKeyboardButton(text=plain(tr(texts, "btn-back")),
                                  callback_data=ReviewCb(filing=filing_id, act="b").pack())]]
    return Rendered(tr(texts, "sms-warning", window=Raw(window)),
                    InlineKeyboardMarkup(inline_keyboard=rows))


def render_changes_page(texts: Texts, changes: Sequence[Change], filing_id: int) -> Rendered:
    """After corrections: what changed since the rejected submission, and resubmission."""
    lines = [tr(texts, "changes-header", count=len(changes))]
    for change in changes:
        if change.slot is None:
            continue
        lines.append(tr(texts, "change-line", label=Raw(slot_label(texts, change.slot)),
                        old=Raw(show_value(texts, change.slot, change.old, shorten=True)),
                        new=Raw(show_value(texts, change.slot, change.new, shorten=True))))

    def button(label: str, act: str, arg: str = "") -> InlineKeyboardButton:
        return InlineKeyboardButton(text=plain(label),
                                    callback_data=ReviewCb(filing=filing_id, act=act,
                                                           arg=arg).pack())

    rows = [[button(tr(texts, "btn-resubmit"), "n", "confirm")],
            [button(tr(texts, "btn-review-all"), "n", "review")]]
    return Rendered("\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows))
