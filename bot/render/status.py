"""/status: the filing's number, status and type, what happens next and from whom, the SMS
deadline with the time left, the filing numbers once approved, and the timeline in China time."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import MenuCb
from bot.clock import Clock
from bot.i18n import Raw, Texts, tr
from bot.render.notices import china_time, numbers_block, sms_block, sms_buttons
from bot.render.question import Rendered, plain
from bot.render.values import filing_title
from dialogs.messages import Msg
from dialogs.status import EDITABLE, FilingStatus
from storage.models import Event, Filing


def render_status(texts: Texts, filing: Filing, history: Sequence[Event],
                  clock: Clock) -> Rendered:
    lines = [tr(texts, "status-header", number=filing_title(filing.number, filing.answers),
                status=Msg(f"status-{filing.status}"))]
    if filing.filing_type:
        lines.append(tr(texts, "status-type", type=Msg(f"filing-type-{filing.filing_type}")))
    lines.append(tr(texts, "status-next", next=Msg(f"status-next-{filing.status}")))
    rows: list[list[InlineKeyboardButton]] = []
    if filing.status == FilingStatus.SMS_PENDING:
        lines.append("")
        lines.append(sms_block(texts, filing, clock))
        rows.extend(sms_buttons(texts, filing))
    elif filing.status == FilingStatus.APPROVED:
        lines.append("")
        lines.append(numbers_block(texts, filing))
    lines.append("")
    lines.append(tr(texts, "status-timeline"))
    for event in history:
        lines.append(tr(texts, "status-event", time=Raw(china_time(texts, event.at, clock)),
                        what=Msg(f"event-{event.kind}")))
    if filing.status == FilingStatus.SUBMITTED:
        rows.append([InlineKeyboardButton(text=plain(tr(texts, "btn-withdraw")),
                                          callback_data=MenuCb(act="withdraw").pack())])
    elif filing.status in EDITABLE:
        rows.append([InlineKeyboardButton(text=plain(tr(texts, "btn-continue-filing")),
                                          callback_data=MenuCb(act="continue").pack())])
    markup = InlineKeyboardMarkup(inline_keyboard=rows) if rows else None
    return Rendered("\n".join(lines), markup)
