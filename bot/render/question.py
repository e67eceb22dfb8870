"""One question per message: the step line, the question in bold, one hint line, buttons."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import unescape

from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot.callbacks import FormCb, key_token
from bot.i18n import Raw, Texts, tr
from bot.render.values import option_label, show_value, slot_args, slot_label
from dialogs.engine import Question
from dialogs.fields import STEPS, Kind, Slot
from dialogs.messages import Msg

PAGE_SIZE = 12  # options per page for long lists (31 provinces)
Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup


@dataclass(frozen=True)
class Rendered:
    text: str
    markup: Markup | None = None


def plain(html: str) -> str:
    """Button labels are not parsed as HTML: drop tags and decode entities."""
    return unescape(re.sub(r"<[^>]+>", "", html))


def step_line(texts: Texts, slot: Slot) -> str:
    line = tr(texts, "step-line", step=slot.step, total=len(STEPS),
              title=Msg(f"step-title-{slot.step}"))
    if slot.site is not None:
        line += tr(texts, "step-site", site=slot.site)
    return line


def _per_row(options_count: int) -> int:
    return 3 if options_count > 6 else 2


def _rows(buttons: Sequence[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i:i + width]) for i in range(0, len(buttons), width)]


def question_text(texts: Texts, q: Question, *, error: Msg | None = None,
                  notes: Sequence[str] = ()) -> str:
    slot = q.slot
    args = slot_args(slot)
    parts: list[str] = []
    if error is not None:
        parts.append(tr(texts, "error-line", text=Raw(tr(texts, error))))
        parts.append("")
    parts.extend(notes)
    parts.append(step_line(texts, slot))
    parts.append(f"<b>{tr(texts, f'ask-{slot.field.label}', **args)}</b>")
    parts.append(tr(texts, f"hint-{slot.field.label}", **args))
    if q.checklist:
        parts.append(checklist_text(texts, q))
    if q.kind is Kind.DOCUMENT and q.field.multiple and q.current:
        parts.append(tr(texts, "pages-received", pages=len(q.current)))
    elif q.current is not None and q.kind is not Kind.MULTI:
        parts.append(tr(texts, "current-value", value=Raw(show_value(texts, slot, q.current))))
    elif q.previous is not None and q.kind is not Kind.MULTI:
        parts.append(tr(texts, "previous-value",
                        value=Raw(show_value(texts, slot, q.previous))))
    return "\n".join(parts)


def checklist_text(texts: Texts, q: Question) -> str:
    """The documents this filing needs: ✅ received, ⬜ missing, ▶ the one asked now."""
    lines = [tr(texts, "checklist-header", done=sum(1 for _, ok in q.checklist if ok),
                total=len(q.checklist))]
    for slot, received in q.checklist:
        mark = "▶" if slot.key == q.key else ("✅" if received else "⬜")
        label = slot_label(texts, slot)
        if slot.site is not None:
            label += tr(texts, "step-site", site=slot.site)
        optional = tr(texts, "checklist-optional") if slot.field.optional else ""
        lines.append(f"{mark} {label}{optional}")
    return "\n".join(lines)


def question_markup(texts: Texts, q: Question, filing_id: int, page: int = 0) -> Markup | None:
    token = key_token(q.key)

    def button(label: str, act: str, val: int = 0) -> InlineKeyboardButton:
        data = FormCb(filing=filing_id, key=token, act=act, val=val).pack()
        return InlineKeyboardButton(text=plain(label), callback_data=data)

    back = tr(texts, "btn-back")
    if q.kind is Kind.MOBILE:
        rows = [[KeyboardButton(text=plain(tr(texts, "btn-share-contact")),
                                request_contact=True)]]
        if q.can_back:
            rows.append([KeyboardButton(text=plain(back))])
        return ReplyKeyboardMarkup(keyboard=rows, resize_keyboard=True, one_time_keyboard=True,
                                   input_field_placeholder=plain(tr(texts, "placeholder-mobile")))

    rows: list[list[InlineKeyboardButton]] = []
    options = list(enumerate(q.options))
    if q.kind in (Kind.CHOICE, Kind.YES_NO):
        shown = options
        if len(options) > PAGE_SIZE:
            pages = (len(options) + PAGE_SIZE - 1) // PAGE_SIZE
            page = max(0, min(page, pages - 1))
            shown = options[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
        buttons = [button(option_label(texts, q.field.option_list, o.code), "a", i)
                   for i, o in shown]
        rows += _rows(buttons, _per_row(len(shown)))
        if len(options) > PAGE_SIZE:
            nav = []
            if page > 0:
                nav.append(button("‹", "p", page - 1))
            nav.append(button(tr(texts, "btn-page", page=page + 1, pages=pages), "p", page))
            if page < pages - 1:
                nav.append(button("›", "p", page + 1))
            rows.append(nav)
    elif q.kind is Kind.MULTI:
        buttons = []
        for i, o in options:
            mark = "✓ " if o.code in q.selected else ""
            buttons.append(button(mark + option_label(texts, q.field.option_list, o.code), "t", i))
        rows += _rows(buttons, _per_row(len(options)))
        rows.append([button(tr(texts, "btn-done-multi", count=len(q.selected)), "d")])
    elif q.kind is Kind.DATE_OR_LONG:
        rows.append([button(tr(texts, "btn-long-term"), "l")])
    elif q.kind is Kind.DOCUMENT and q.field.multiple:
        rows.append([button(tr(texts, "btn-done-pages"), "d")])
    if q.suggestion is not None:
        shown_value = show_value(texts, q.slot, q.suggestion)
        rows.append([button(tr(texts, "btn-use-suggestion", value=Raw(shown_value)), "g")])
    tail = []
    if q.can_back:
        tail.append(button(back, "b"))
    if q.field.optional and not (q.field.multiple and q.current):
        tail.append(button(tr(texts, "btn-skip"), "s"))
    if tail:
        rows.append(tail)
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def render_question(texts: Texts, q: Question, filing_id: int, *, error: Msg | None = None,
                    notes: Sequence[str] = (), page: int = 0) -> Rendered:
    return Rendered(question_text(texts, q, error=error, notes=notes),
                    question_markup(texts, q, filing_id, page))


def answered_text(texts: Texts, q: Question, value_html: str) -> str:
    """The question message once answered: buttons gone, the accepted value appended."""
    return "\n".join([
        step_line(texts, q.slot),
        f"<b>{tr(texts, f'ask-{q.field.label}', **slot_args(q.slot))}</b>",
        tr(texts, "accepted-line", value=Raw(value_html)),
    ])
