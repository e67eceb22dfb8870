"""/status: the filing's number, status, type and timeline in China time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.clock import Clock
from bot.i18n import Raw, Texts, tr
from dialogs.messages import Msg
from storage.models import Event, Filing


def china_time(texts: Texts, at: datetime, clock: Clock) -> str:
    local = at.astimezone(clock.tz)
    return tr(texts, "china-time", time=local.strftime("%Y-%m-%d %H:%M"))


def render_status(texts: Texts, filing: Filing, history: Sequence[Event], clock: Clock) -> str:
    lines = [tr(texts, "status-header", number=filing.number or "",
                status=Msg(f"status-{filing.status}"))]
    if filing.filing_type:
        lines.append(tr(texts, "status-type", type=Msg(f"filing-type-{filing.filing_type}")))
    lines.append(tr(texts, "status-next", next=Msg(f"status-next-{filing.status}")))
    lines.append("")
    lines.append(tr(texts, "status-timeline"))
    for event in history:
        lines.append(tr(texts, "status-event", time=Raw(china_time(texts, event.at, clock)),
                        what=Msg(f"event-{event.kind}")))
    return "\n".join(lines)
