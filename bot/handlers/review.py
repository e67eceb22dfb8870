"""Step 5: the summary (paged, edit any field), the agreements, the SMS warning, submission."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery

from bot.callbacks import ReviewCb, key_token
from bot.conversation import Turn, editable, load, move, on_screen, save, submit
from bot.edits import edit_markup, edit_text
from bot.handlers.common import stale_button
from bot.i18n import Raw, tr
from bot.render.question import plain
from bot.render.summary import render_agreements, render_summary
from bot.render.values import duration_text
from dialogs import engine
from dialogs.engine import AGREEMENT_KEYS, AGREEMENTS, CONFIRM, REVIEW

# Which stage each button belongs to: a button pressed from another stage is out of date.
_STAGE_OF_ACT = {"p": REVIEW, "e": REVIEW, "a": AGREEMENTS, "v": AGREEMENTS, "s": CONFIRM}
_NEXT = {"agreements": AGREEMENTS, "confirm": CONFIRM, "review": REVIEW}


async def on_review(query: CallbackQuery, callback_data: ReviewCb, turn: Turn) -> None:
    loaded = await load(turn)
    if loaded is None or loaded[0].id != callback_data.filing or not editable(loaded[0]):
        return await stale_button(query, turn, loaded)
    filing, draft = loaded
    act, arg = callback_data.act, callback_data.arg
    today = turn.clock.today()
    message_id = query.message.message_id if query.message is not None else None
    expected = _STAGE_OF_ACT.get(act)
    if (expected is not None and draft.position != expected) \
            or not on_screen(filing, draft, message_id):
        return await stale_button(query, turn, loaded)
    assert filing.id is not None and filing.number is not None

    if act == "p" and arg.isdigit():
        await query.answer()
        rendered = render_summary(turn.texts, draft, filing.id, filing.number, today, int(arg))
        if message_id is not None:
            await edit_text(turn, message_id, rendered.text, rendered.markup)
    elif act == "e":
        key = next((s.key for s in engine.applicable(draft.answers, today)
                    if key_token(s.key) == arg), None)
        await query.answer()
        await move(turn, filing, engine.edit(draft, key or "", today))
    elif act == "n" and arg in _NEXT:
        outcome = engine.go_to(draft, _NEXT[arg], today)
        if outcome.error is None and _NEXT[arg] == CONFIRM:
            # The warning also pops up, so nobody submits without having seen it.
            window = duration_text(turn.texts, turn.services.settings.sms_window)
            await query.answer(plain(tr(turn.texts, "sms-popup", window=Raw(window))),
                               show_alert=True)
        else:
            await query.answer()
        await move(turn, filing, outcome)
    elif act == "a" and arg.isdigit() and int(arg) < len(AGREEMENT_KEYS):
        await query.answer()
        outcome = engine.toggle_agreement(draft, AGREEMENT_KEYS[int(arg)])
        await save(turn, filing, outcome.draft)
        rendered = render_agreements(turn.texts, outcome.draft, filing.id)
        if message_id is not None:
            await edit_markup(turn, message_id, rendered.markup)
    elif act == "v" and arg.isdigit() and int(arg) < len(AGREEMENT_KEYS):
        await query.answer()
        name = AGREEMENT_KEYS[int(arg)].split(".")[1]
        await turn.bot.send_message(turn.chat_id, tr(turn.texts, f"agreement-{name}-text"))
    elif act == "b":
        await query.answer()
        await move(turn, filing, engine.back(draft, today))
    elif act == "s":
        await query.answer()
        await submit(turn, filing, draft)
    else:
        return await stale_button(query, turn, loaded)
    return None


def build_router() -> Router:
    """A fresh router (a router attaches to one dispatcher only)."""
    router = Router(name="review")
    router.callback_query.register(on_review, ReviewCb.filter())
    return router
