"""The glue between a handler and the engine: load the filing, hand the input to the engine,
save, then render. Every accepted answer is committed before anything is sent back.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from aiogram import Bot
from aiogram.types import Message, ReplyKeyboardRemove
from sqlalchemy.ext.asyncio import AsyncSession

from bot import reminders, workflow
from bot.clock import Clock
from bot.edits import edit_markup, edit_text
from bot.i18n import Raw, Texts, tr
from bot.render.question import Rendered, answered_text, render_question
from bot.render.summary import (
    render_agreements,
    render_changes_page,
    render_confirm,
    render_summary,
)
from bot.render.values import duration_text, show_value, slot_label
from dialogs import engine
from dialogs.corrections import changes
from dialogs.engine import AGREEMENTS, CHANGES, CONFIRM, REVIEW, STAGES, Draft, Outcome, Question
from dialogs.fields import Kind
from dialogs.lifecycle import Action, Actor, Refusal
from dialogs.messages import Msg
from dialogs.status import EDITABLE
from storage import inbox, repo, reviews
from storage.files import FileStore
from storage.models import Applicant, Event, Filing
from storage.registry import SqlRegistry

if TYPE_CHECKING:
    from bot.inbox import Job
    from bot.services import Services

log = logging.getLogger(__name__)


@dataclass
class Turn:
    """Everything one update needs: who, where, in which language, and the services."""

    session: AsyncSession
    applicant: Applicant
    texts: Texts
    bot: Bot
    chat_id: int
    services: Services
    job: Job | None = None  # the inbox row this update came from (None: fed directly)
    notes: list[str] = field(default_factory=list)  # said before the next question
    # Documents written during this update: removed again unless a commit records them.
    new_files: list[str] = field(default_factory=list)

    @property
    def clock(self) -> Clock:
        return self.services.clock

    @property
    def files(self) -> FileStore:
        return self.services.files

    @property
    def actor(self) -> str:
        return f"applicant:{self.applicant.telegram_id}"

    async def commit(self) -> None:
        """Commit this update's effects. The first commit also marks the inbox row `applied`,
        in the same transaction: after a crash the update is answered, never applied again."""
        job = self.job
        if job is not None and not job.applied:
            await inbox.mark_applied(self.session, job.update_id)
        await self.session.commit()
        if job is not None:
            job.applied = True
        self.new_files.clear()

    async def rollback(self, *objects: object) -> None:
        """Undo this update's uncommitted writes. A rollback expires every loaded object; the
        applicant and the `objects` given are read again, so that using them afterwards does
        not trigger a lazy load (which async sessions refuse)."""
        await self.session.rollback()
        for obj in (self.applicant, *objects):
            await self.session.refresh(obj)


async def load(turn: Turn) -> tuple[Filing, Draft] | None:
    """The applicant's open filing and its draft, re-checked against today."""
    assert turn.applicant.id is not None
    filing = await repo.open_filing(turn.session, turn.applicant.id)
    if filing is None:
        return None
    stored = repo.draft_of(filing)
    today = turn.clock.today()
    draft = engine.resume(stored, today)
    if editable(filing) and draft.answers != stored.answers:
        # Time made answers invalid (an ID now expiring within 3 months): say which and why,
        # once, and keep the re-checked draft.
        for slot, reason in engine.why_dropped(stored, draft, today):
            turn.notes.append(tr(turn.texts, "warning-line", text=Raw(
                tr(turn.texts, "expired-answer", label=Raw(slot_label(turn.texts, slot)),
                   reason=reason))))
        await save(turn, filing, draft)
    return filing, draft


async def start_filing(turn: Turn) -> tuple[Filing, Draft]:
    assert turn.applicant.id is not None
    draft = engine.start(turn.clock.today())
    filing = await repo.create_filing(turn.session, turn.applicant.id, draft, turn.actor,
                                      turn.clock.now())
    await reminders.schedule_draft(turn.session, turn.services, filing)
    await turn.commit()
    return filing, draft


async def _decide_if_due(turn: Turn, filing: Filing, outcome: Outcome) -> Outcome:
    """The filing type is decided by the system as soon as step 1 is complete."""
    today = turn.clock.today()
    slot = engine.current_slot(outcome.draft, today)
    if slot is None or slot.kind is not Kind.DECISION or outcome.error:
        return outcome
    answers = outcome.draft.answers
    snapshot = await SqlRegistry(turn.session).snapshot(
        answers.get("organizer_id") or "", answers.get("domains") or [], exclude_filing=filing.id
    )
    decided = engine.apply_decision(outcome.draft, snapshot, today)
    return replace(decided, warnings=outcome.warnings + decided.warnings,
                   dropped=outcome.dropped + decided.dropped, accepted=outcome.accepted)


async def save(turn: Turn, filing: Filing, draft: Draft) -> None:
    await repo.save_draft(turn.session, filing, draft, turn.clock.now())
    await turn.commit()


async def send(turn: Turn, rendered: Rendered) -> Message:
    return await turn.bot.send_message(turn.chat_id, rendered.text, reply_markup=rendered.markup)


async def show_current(turn: Turn, filing: Filing, draft: Draft, *, error: Msg | None = None,
                       notes: tuple[str, ...] = ()) -> None:
    """Send the current question (or the summary stage) as a new message and remember it."""
    today = turn.clock.today()
    assert filing.id is not None and filing.number is not None
    notes = (*turn.notes, *notes)
    turn.notes.clear()
    q = engine.question(draft, today)
    if draft.position == REVIEW or (q is None and draft.position not in STAGES):
        rendered = render_summary(turn.texts, draft, filing.id, filing.number, today)
        if error is not None or notes:
            head = [tr(turn.texts, "error-line", text=Raw(tr(turn.texts, error)))] if error else []
            rendered = Rendered("\n".join([*head, *notes, rendered.text]), rendered.markup)
    elif draft.position == AGREEMENTS:
        rendered = render_agreements(turn.texts, draft, filing.id)
    elif draft.position == CONFIRM:
        rendered = render_confirm(turn.texts, filing.id,
                                  duration_text(turn.texts, turn.services.settings.sms_window))
    elif draft.position == CHANGES:
        before = await reviews.last_submission(turn.session, filing.id) or {}
        diff = changes(before, draft.answers, today)
        rendered = render_changes_page(turn.texts, diff, filing.id)
    else:
        assert q is not None
        if q.kind is Kind.DOCUMENT:
            from bot.forms import ensure_form_sent, is_form_slot

            if is_form_slot(q.slot):
                await ensure_form_sent(turn, filing, draft, q.slot)
        rendered = render_question(turn.texts, q, filing.id, error=error, notes=notes)
    message = await send(turn, rendered)
    remember_shown(filing, draft.position, message.message_id)
    await turn.commit()


def remember_shown(filing: Filing, position: str, message_id: int) -> None:
    """The question on screen: its newest message, and since which message it has been asked
    (kept while the same question is shown again: after a refusal, a stale tap, a restart)."""
    since = repo.get_ui(filing, "question_since")
    if repo.get_ui(filing, "question_key") != position or since is None:
        since = message_id
    repo.set_ui(filing, question_message_id=message_id, question_key=position,
                question_since=since)


def on_screen(filing: Filing, draft: Draft, message_id: int | None) -> bool:
    """Whether a message (typed, a file, or the message of a tapped button) belongs to the
    question on screen: the current position has been shown and the message came after it was
    first shown. Telegram numbers a private chat's messages in order, the bot's and the
    person's alike, so a message sent before the question appeared — an answer meant for the
    previous question — has a smaller id. Any copy of the current question counts (it was shown
    again after a refusal or a restart): people answer the copy they see, and chasing only the
    newest copy would let a fast double sender and the bot re-show it to each other forever."""
    since = repo.get_ui(filing, "question_since")
    return (message_id is not None and since is not None
            and repo.get_ui(filing, "question_key") == draft.position
            and message_id >= int(since))


def shown_after(filing: Filing, draft: Draft, message_id: int | None) -> bool:
    """Whether the current question is on screen below `message_id` (so an out-of-date button
    needs no new copy of it, only a word)."""
    newest = repo.get_ui(filing, "question_message_id")
    return (message_id is not None and newest is not None
            and repo.get_ui(filing, "question_key") == draft.position
            and int(newest) > message_id)


async def resume(turn: Turn) -> None:
    """An update whose effects were committed before a crash, handled again: nothing is applied
    twice; the applicant is shown where they stand (the reply may never have gone out)."""
    loaded = await load(turn)
    if loaded is not None and editable(loaded[0]):
        await show_current(turn, *loaded)


async def _close_question(turn: Turn, filing: Filing, q: Question, value_html: str) -> None:
    """Edit the answered question: buttons removed, the accepted value appended."""
    message_id = repo.get_ui(filing, "question_message_id")
    if q.kind is Kind.MOBILE:
        # A reply keyboard cannot be edited away; a short acknowledgement removes it.
        await turn.bot.send_message(
            turn.chat_id, tr(turn.texts, "accepted-line", value=Raw(value_html)),
            reply_markup=ReplyKeyboardRemove())
        return
    if message_id is None or repo.get_ui(filing, "question_key") != q.key:
        return
    await edit_text(turn, message_id, answered_text(turn.texts, q, value_html))


async def remove_buttons(turn: Turn, filing: Filing) -> None:
    message_id = repo.get_ui(filing, "question_message_id")
    if message_id is not None:
        await edit_markup(turn, message_id, None)


def _notes(turn: Turn, outcome: Outcome, before: Draft) -> tuple[str, ...]:
    notes = [tr(turn.texts, "warning-line", text=Raw(tr(turn.texts, w)))
             for w in outcome.warnings]
    dropped = [k for k in outcome.dropped if not k.startswith("filing_type")]
    if dropped:
        today = turn.clock.today()
        labels = []
        for slot in engine.applicable(before.answers, today):
            if slot.key in dropped and slot.key not in before.forced:
                labels.append(slot_label(turn.texts, slot))
        if labels:
            notes.append(tr(turn.texts, "dropped-line", count=len(labels),
                            fields=Raw("、".join(labels[:6]))))
    return tuple(notes)


async def respond(turn: Turn, filing: Filing, before: Draft, outcome: Outcome, *,
                  committed: Callable[[], Awaitable[None]] | None = None) -> None:
    """Commit an engine outcome and tell the applicant: the answered question is closed, then
    any warning, then the next question (or the refusal and the same question again).
    `committed` runs right after the commit, before anything else is said (an upload's
    "received")."""
    today = turn.clock.today()
    if outcome.error is not None and outcome.accepted is None:
        await remove_buttons(turn, filing)
        await show_current(turn, filing, outcome.draft, error=outcome.error)
        return
    asked = engine.question(before, today)
    outcome = await _decide_if_due(turn, filing, outcome)
    await save(turn, filing, outcome.draft)  # committed before any reply
    if committed is not None:
        await committed()
    if asked is not None and outcome.accepted is not None:
        key, value = outcome.accepted
        if key == asked.key:
            await _close_question(turn, filing, asked, show_value(turn.texts, asked.slot, value))
    else:
        await remove_buttons(turn, filing)
    await show_current(turn, filing, outcome.draft, error=outcome.error,
                       notes=_notes(turn, outcome, before))


async def move(turn: Turn, filing: Filing, outcome: Outcome) -> None:
    """Back, edit, a stage change: no answer was given, the new position is shown."""
    if outcome.error is None:
        await save(turn, filing, outcome.draft)
    await remove_buttons(turn, filing)
    await show_current(turn, filing, outcome.draft, error=outcome.error)


async def conclude(turn: Turn, result: Event | Refusal) -> bool:
    """After a life-cycle step: a refusal is rolled back and said; a change is committed (with
    the notices it queued) and the notices are delivered. True when it took."""
    if isinstance(result, Refusal):
        await turn.rollback()
        await turn.bot.send_message(turn.chat_id, tr(turn.texts, "error-line",
                                                     text=Raw(tr(turn.texts, result.msg))))
        return False
    await turn.commit()
    turn.services.sender.wake()
    return True


def editable(filing: Filing) -> bool:
    return filing.status in EDITABLE


async def submit(turn: Turn, filing: Filing, draft: Draft) -> bool:
    """Submit for initial review: checks, an in-flight re-check, status and history together."""
    today = turn.clock.today()
    problems = engine.submit_problems(draft, today)
    if problems:
        await show_current(turn, filing, draft, error=problems[0])
        return False
    answers = draft.answers
    snapshot = await SqlRegistry(turn.session).snapshot(
        answers.get("organizer_id") or "", answers.get("domains") or [], exclude_filing=filing.id
    )
    if snapshot.busy_organizer or snapshot.busy_domains:
        # Someone filed the same organizer or domain since step 1: decide again, with reasons.
        stale = replace(draft, answers={k: v for k, v in answers.items() if k != "filing_type"})
        redo = engine.apply_decision(replace(stale, position="filing_type"), snapshot, today)
        await save(turn, filing, redo.draft)
        await show_current(turn, filing, redo.draft, error=redo.error)
        return False
    await repo.save_draft(turn.session, filing, draft, turn.clock.now())
    result = await workflow.act(turn.session, turn.services, filing, Action.SUBMIT,
                                actor=Actor.APPLICANT, actor_ref=turn.actor)
    if isinstance(result, Refusal):
        await turn.rollback(filing)
        await show_current(turn, filing, draft, error=result.msg)
        return False
    await turn.commit()
    await remove_buttons(turn, filing)
    turn.services.sender.wake()
    return True
