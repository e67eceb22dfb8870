"""Who can be reached: people who blocked the bot, their held notices, and what reviewers are
told when a notice cannot be delivered.

A person who blocks the bot (a `my_chat_member` update, or a 403 when the sender tries their
chat) is marked `unreachable`; their notices are kept as `held` rows instead of being sent or
dropped. When they come back (unblocking, or any new message) the held rows that still matter go
out in their original order and the rest are closed as `cancelled`. Reviewers are told who it was:
the applicant of a filing in progress, a reviewer, or the review group.

`person_blocked` and `person_returned` work in the caller's transaction and do not commit.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import notices, reminders
from bot.i18n import Texts, tr
from bot.render.notices import open_filing
from bot.render.values import filing_title
from dialogs.messages import Msg
from dialogs.status import IN_FLIGHT
from storage import outbox, repo
from storage.models import Applicant, Filing, Outbox, Reminder

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

REFUSED, GAVE_UP = "refused", "gave_up"  # why a notice became a dead letter


async def person_blocked(session: AsyncSession, services: Services, telegram_id: int) -> None:
    """`telegram_id` blocked the bot (a group: removed it). Marks the person unreachable, holds
    their unsent notices and, the first time, tells the reviewers who it was."""
    if telegram_id < 0:
        await group_removed(session, services, telegram_id)
        return
    newly = await outbox.mark_unreachable(session, telegram_id, services.clock.now())
    await outbox.hold_chat(session, telegram_id)
    if newly:
        log.warning("chat %s blocked the bot: its notices are held", telegram_id)
        await _tell_blocked(session, services, telegram_id)


async def person_returned(session: AsyncSession, services: Services, telegram_id: int) -> bool:
    """`telegram_id` can be reached again (unblocked the bot, or wrote to it). Cheap when they
    were reachable: one indexed UPDATE that matches nothing. Otherwise their held notices that
    still matter are released in order (the rest are cancelled); True when any was released, so
    the caller can wake the sender after committing."""
    if not await outbox.mark_reachable(session, telegram_id):
        return False
    log.info("chat %s can be reached again", telegram_id)
    return await release(session, services, telegram_id) > 0


async def release(session: AsyncSession, services: Services, chat_id: int) -> int:
    """Send the chat's held rows that still matter (in their order); cancel the others."""
    now = services.clock.now()
    keep: list[int] = []
    drop: list[int] = []
    for row in await outbox.held_rows(session, chat_id):
        matters = await still_relevant(session, row, now, returning=True)
        (keep if matters else drop).append(row.id or 0)
    await outbox.mark_cancelled(session, drop, "no longer relevant when the person returned")
    return await outbox.release_held(session, keep, now)


async def still_relevant(session: AsyncSession, row: Outbox, now: datetime, *,
                         returning: bool = False) -> bool:
    """Whether a queued notice still matters. A reminder's notice: the reminder's own rule
    (`reminders.relevant`). A warning about a blocked person: they are still blocked. And when a
    held notice is released (`returning`): the filing is still in the status it was about."""
    about: dict[str, Any] = (row.payload or {}).get("about") or {}
    filing = None
    if row.filing_id is not None and ("reminder" in about or (returning and "status" in about)):
        filing = await session.get(Filing, row.filing_id)
    reminder_id = about.get("reminder")
    if reminder_id is not None:
        reminder = await session.get(Reminder, int(reminder_id))
        if reminder is None or not reminders.relevant(reminder, filing, now):
            return False
    if returning and about.get("status") is not None and row.filing_id is not None \
            and (filing is None or filing.status != about["status"]):
        return False
    blocked = about.get("blocked")
    if blocked is not None:
        person = await repo.applicant_by_telegram_id(session, int(blocked))
        if person is None or not person.unreachable:
            return False
    return True


async def group_removed(session: AsyncSession, services: Services, chat_id: int) -> None:
    """A group removed the bot: its unsent pushes become dead letters (every reviewer has them
    in their private chat too) and reviewers are told, once a day."""
    killed = await outbox.kill_chat(session, chat_id, "403: the group removed the bot")
    log.warning("group %s removed the bot (%d pushes dropped)", chat_id, killed)
    today = services.clock.today().isoformat()

    def build(texts: Texts) -> tuple[str, InlineKeyboardMarkup | None]:
        return tr(texts, "delivery-group-removed", chat=str(chat_id)), None

    await notices.to_staff(session, services, "group_removed", f"{chat_id}:{today}", build,
                           private_only=True)


async def undelivered(session: AsyncSession, services: Services, row: Outbox,
                      reason: str) -> None:
    """A notice to an applicant became a dead letter: reviewers are told which filing and what
    could not be delivered, in their language, once per notice."""
    about: dict[str, Any] = (row.payload or {}).get("about") or {}
    if about.get("to") != "applicant" or row.filing_id is None:
        return
    filing = await session.get(Filing, row.filing_id)
    if filing is None:
        return
    notice = row.dedupe_key.split("#", 1)[0][:120]  # the parts of one notice count once

    def build(texts: Texts) -> tuple[str, InlineKeyboardMarkup | None]:
        text = tr(texts, "delivery-undelivered", title=filing_title(filing.number,
                                                                    filing.answers),
                  what=Msg("delivery-what", kind=row.kind), reason=reason)
        return text, open_filing(texts, filing)

    await notices.to_reviewers(session, services, filing, "undelivered", f"dead:{notice}",
                               build)


async def _tell_blocked(session: AsyncSession, services: Services, telegram_id: int) -> None:
    """The reviewers learn who blocked the bot: a reviewer (their pushes are held), and the
    applicant of each filing in progress (with the filing)."""
    stamp = str(int(services.clock.now().timestamp()))  # a new block is a new occasion
    about = {"blocked": telegram_id}
    if telegram_id in services.settings.reviewer_ids:
        def build(texts: Texts) -> tuple[str, InlineKeyboardMarkup | None]:
            return tr(texts, "delivery-blocked-reviewer", reviewer=str(telegram_id)), None

        await notices.to_staff(session, services, "reviewer_blocked", f"{telegram_id}:{stamp}",
                               build, about=about, exclude={telegram_id})
    filings = (await session.execute(
        select(Filing).join(Applicant, Applicant.id == Filing.applicant_id)
        .where(Applicant.telegram_id == telegram_id, Filing.status.in_(list(IN_FLIGHT)))
        .order_by(Filing.id))).scalars().all()
    for filing in filings:
        await notices.to_reviewers(session, services, filing, "unreachable",
                                   f"blocked{stamp}", _blocked_applicant(filing), about=about,
                                   exclude={telegram_id})


def _blocked_applicant(filing: Filing) -> notices.Build:
    def build(texts: Texts) -> tuple[str, InlineKeyboardMarkup | None]:
        text = tr(texts, "delivery-blocked-applicant",
                  title=filing_title(filing.number, filing.answers))
        return text, open_filing(texts, filing)

    return build
