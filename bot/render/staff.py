"""What reviewers see: the queue, a filing paged by step (sensitive values masked), the changes
since the previous submission, the history, and the decision buttons for the filing's status.

Everything sent to Telegram fits its limits: the queue is paged (a page of `QUEUE_PAGE` filings
always fits 4096 characters), views that grow with what people wrote (a filing page, the
changes, the history) are split into several messages by `messages` (buttons on the last), and
the reasons picked so far are shortened in the picker."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape
from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import StaffCb, key_token
from bot.clock import Clock
from bot.i18n import Raw, Texts, tr
from bot.render.fit import shorten_html, split_html
from bot.render.notices import china_time, reasons_block, sms_block
from bot.render.question import Rendered, plain
from bot.render.summary import summary_pages
from bot.render.values import filing_title, show_value, slot_label
from bot.sandbox.rules import MAX_TEXT
from dialogs import engine, lifecycle
from dialogs.corrections import Change
from dialogs.engine import Draft
from dialogs.lifecycle import Action, Actor, Reason
from dialogs.messages import Msg
from storage.models import Event, Filing

QUEUE_PAGE = 10  # filings on one page of /queue
TITLE_ROOM = 60  # characters of a filing's title in a list (a long name ends with …)
NOTE_ROOM = 100  # characters of a reviewer's note in the reasons picked so far
VALUE_ROOM = 2000  # characters of one value in a row (whatever the database holds)
QUEUE_ACT = "qp"  # a page of the queue (about no filing: `filing` is 0)


def messages(text: str, markup: InlineKeyboardMarkup | None = None) -> list[Rendered]:
    """`text` as messages that each fit Telegram's limit, split where the HTML allows; the
    buttons go with the last one."""
    parts = split_html(text, MAX_TEXT)
    return [Rendered(part, markup if i == len(parts) - 1 else None)
            for i, part in enumerate(parts)]


def short_title(filing: Filing) -> Raw:
    """The filing's title for a list line, as HTML, at most `TITLE_ROOM` characters."""
    return Raw(shorten_html(escape(filing_title(filing.number, filing.answers), quote=False),
                            TITLE_ROOM))


def cell(html: str) -> Raw:
    """A value shown in a row, at most `VALUE_ROOM` characters: a list longer than any question
    accepts (domains) is shortened rather than refused by Fluent, which formats no argument over
    2500 characters."""
    short, room = html, VALUE_ROOM
    while len(short) > VALUE_ROOM:  # the HTML's length, entities and all, is what Fluent counts
        short = shorten_html(html, room)
        room -= max(1, len(short) - VALUE_ROOM)
    return Raw(short)


def _queue_button(text: str, page: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=StaffCb(
        filing=0, act=QUEUE_ACT, arg=str(page)).pack())


def _button(text: str, filing: Filing, act: str, arg: str = "") -> InlineKeyboardButton:
    data = StaffCb(filing=filing.id or 0, act=act, arg=arg, v=filing.version).pack()
    return InlineKeyboardButton(text=plain(text), callback_data=data)


def age_text(texts: Texts, since: datetime | None, now: datetime) -> str:
    if since is None:
        return ""
    minutes = max(0, int((now - since).total_seconds() // 60))
    return tr(texts, "age", days=minutes // 1440, hours=(minutes % 1440) // 60,
              minutes=minutes % 60)


def render_queue(texts: Texts, filings: Sequence[Filing], clock: Clock, page: int = 0,
                 per_page: int | None = None) -> Rendered:
    """The filings waiting for staff, longest wait first, numbered across pages. With
    `per_page`, one page of them with ‹ page › buttons (the page button shows it again, fresh);
    without, all of them (the operator's console)."""
    if not filings:
        return Rendered(tr(texts, "queue-empty"))
    now = clock.now()
    size = per_page or len(filings)
    pages = (len(filings) + size - 1) // size
    page = max(0, min(page, pages - 1))
    lines = [tr(texts, "queue-header", count=len(filings)) if pages == 1 else
             tr(texts, "queue-header-paged", count=len(filings), page=page + 1, pages=pages)]
    rows = []
    for i, filing in enumerate(filings[page * size:(page + 1) * size], start=page * size + 1):
        lines.append(tr(texts, "queue-line", index=i, title=short_title(filing),
                        status=Msg(f"status-{filing.status}"),
                        age=Raw(age_text(texts, filing.updated_at, now))))
        rows.append([_button(f"{i}. {filing.number}", filing, "o")])
    if pages > 1:
        nav = []
        if page > 0:
            nav.append(_queue_button("‹", page - 1))
        nav.append(_queue_button(plain(tr(texts, "btn-page", page=page + 1, pages=pages)),
                                 page))
        if page < pages - 1:
            nav.append(_queue_button("›", page + 1))
        rows.append(nav)
    return Rendered("\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows))


def decision_buttons(texts: Texts, filing: Filing) -> list[list[InlineKeyboardButton]]:
    """The decisions a reviewer can take now, from the life-cycle table."""
    rows: list[list[InlineKeyboardButton]] = []
    actions = lifecycle.actions_for(filing.status, Actor.REVIEWER)
    labels = {Action.APPROVE: "a", Action.REJECT: "r", Action.VERIFY_PASS: "vp",
              Action.VERIFY_FAIL: "vf", Action.TO_AUTHORITY: "ta",
              Action.AUTHORITY_APPROVE: "aa", Action.AUTHORITY_REJECT: "ar"}
    for action in actions:
        if action in labels:
            rows.append([_button(tr(texts, f"staff-btn-{action}"), filing, labels[action])])
    if filing.status == "sms_pending":
        sms = (filing.progress or {}).get("sms") or {}
        owners = {o.key: o for o in lifecycle.sms_owners(filing.answers, filing.filing_type)}
        for index, key in enumerate(sms.get("owners", [])):
            if key not in (sms.get("confirmed") or {}) and key in owners:
                rows.append([_button(tr(texts, "staff-btn-sms-owner", name=owners[key].name),
                                     filing, "so", str(index))])
    return rows


def render_filing(texts: Texts, filing: Filing, clock: Clock, page: int = 0,
                  changed: int = 0) -> Rendered:
    """One page of the filing for a reviewer; values that identify people are masked."""
    draft: Draft = Draft.from_json(filing.answers, filing.conversation)
    pages = summary_pages(draft, clock.today())
    page = max(0, min(page, len(pages) - 1))
    header = tr(texts, "staff-header", title=short_title(filing),
                status=Msg(f"status-{filing.status}"),
                type=Msg(f"filing-type-{filing.filing_type}") if filing.filing_type else "",
                submitted=Raw(china_time(texts, filing.submitted_at, clock))
                if filing.submitted_at else "",
                page=page + 1, pages=len(pages))
    lines = [header]
    if filing.status == "sms_pending":
        lines.append(sms_block(texts, filing, clock))
    slots = pages[page]
    lines.append(f"<b>{tr(texts, 'step-title-' + str(slots[0].step))}</b>"
                 + (tr(texts, "step-site", site=slots[0].site) if slots[0].site else ""))
    for slot in slots:
        value = show_value(texts, slot, draft.answers.get(slot.key), mask=True, shorten=True)
        lines.append(tr(texts, "summary-row", label=Raw(slot_label(texts, slot)),
                        value=cell(value)))
    nav = []
    if page > 0:
        nav.append(_button("‹", filing, "p", str(page - 1)))
    nav.append(_button(tr(texts, "btn-page", page=page + 1, pages=len(pages)), filing, "p",
                       str(page)))
    if page < len(pages) - 1:
        nav.append(_button("›", filing, "p", str(page + 1)))
    tools = [_button(tr(texts, "staff-btn-documents"), filing, "d"),
             _button(tr(texts, "staff-btn-history"), filing, "h")]
    if changed:
        tools.insert(1, _button(tr(texts, "staff-btn-changes", count=changed), filing, "c"))
    rows = [nav, tools, *decision_buttons(texts, filing)]
    return Rendered("\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows))


def render_changes(texts: Texts, filing: Filing, changes: Sequence[Change]) -> str:
    lines = [tr(texts, "staff-changes-header", title=short_title(filing))]
    for change in changes:
        if change.slot is None:
            lines.append(tr(texts, "change-removed", label=change.key))
            continue
        old = show_value(texts, change.slot, change.old, mask=True, shorten=True)
        new = show_value(texts, change.slot, change.new, mask=True, shorten=True)
        lines.append(tr(texts, "change-line", label=Raw(slot_label(texts, change.slot)),
                        old=cell(old), new=cell(new)))
    if not changes:
        lines.append(tr(texts, "staff-no-changes"))
    return "\n".join(lines)


def render_history(texts: Texts, filing: Filing, history: Sequence[Event], clock: Clock) -> str:
    lines = [tr(texts, "staff-history-header", title=short_title(filing))]
    for event in history:
        line = tr(texts, "history-line", time=Raw(china_time(texts, event.at, clock)),
                  what=Msg(f"event-{event.kind}"), actor=event.actor)
        for reason in event.reasons:
            r = Reason.from_json(reason)
            line += "\n" + tr(texts, "history-reason", target=r.target,
                              reason=Msg(f"reason-{r.template}"), note=r.note)
        lines.append(line)
    return "\n".join(lines)


def target_options(filing: Filing, clock: Clock) -> list[tuple[str, Any]]:
    """What a reviewer can flag: every askable field and document, in form order."""
    draft: Draft = Draft.from_json(filing.answers, filing.conversation)
    return [(s.key, s) for s in engine.applicable(draft.answers, clock.today())
            if engine.askable(s, draft)]


PICK_PAGE = 10


def render_pick_target(texts: Texts, filing: Filing, clock: Clock, reasons: Sequence[Reason],
                       page: int, action: str) -> Rendered:
    options = target_options(filing, clock)
    pages = max(1, (len(options) + PICK_PAGE - 1) // PICK_PAGE)
    page = max(0, min(page, pages - 1))
    lines = [tr(texts, "staff-pick-target", title=short_title(filing),
                page=page + 1, pages=pages)]
    if reasons:  # the notes shortened: the picker with its buttons stays one message
        shown = [Reason(r.target, r.template, _short(r.note, NOTE_ROOM)) for r in reasons]
        lines.append(render_reasons(texts, filing, clock, shown))
    rows = []
    for key, slot in options[page * PICK_PAGE:(page + 1) * PICK_PAGE]:
        label = slot_label(texts, slot)
        if slot.site:
            label += tr(texts, "step-site", site=slot.site)
        rows.append([_button(label, filing, "t", key_token(key))])
    nav = []
    if page > 0:
        nav.append(_button("‹", filing, "tp", str(page - 1)))
    if page < pages - 1:
        nav.append(_button("›", filing, "tp", str(page + 1)))
    if nav:
        rows.append(nav)
    tail = [_button(tr(texts, "staff-btn-cancel"), filing, "q")]
    if reasons:
        tail.insert(0, _button(tr(texts, f"staff-btn-confirm-{action}", count=len(reasons)),
                               filing, "k"))
    rows.append(tail)
    return Rendered(shorten_html("\n".join(lines), MAX_TEXT),
                    InlineKeyboardMarkup(inline_keyboard=rows))


def _short(text: str, room: int) -> str:
    """Plain `text`, at most `room` characters (a long one ends with …)."""
    return text if len(text) <= room else text[:room - 1].rstrip() + "…"


def render_pick_template(texts: Texts, filing: Filing, label: str,
                         templates: Sequence[str]) -> Rendered:
    rows = [[_button(tr(texts, f"reason-{code}"), filing, "m", code)] for code in templates]
    rows.append([_button(tr(texts, "btn-back"), filing, "tp", "0")])
    return Rendered(tr(texts, "staff-pick-template", label=Raw(label)),
                    InlineKeyboardMarkup(inline_keyboard=rows))


def render_ask_note(texts: Texts, filing: Filing) -> Rendered:
    rows = [[_button(tr(texts, "btn-skip"), filing, "x")]]
    return Rendered(tr(texts, "staff-ask-note"), InlineKeyboardMarkup(inline_keyboard=rows))


def render_reasons(texts: Texts, filing: Filing, clock: Clock, reasons: Sequence[Reason]) -> str:
    return tr(texts, "staff-reasons-so-far", count=len(reasons)) + "\n" + reasons_block(
        texts, filing, reasons, clock)
