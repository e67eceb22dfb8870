"""Sending the pre-filled 核验单 at the upload step: generated off the event loop, sent as a PDF
with a PNG preview, and sent again only when what it prints has changed."""

from __future__ import annotations

from aiogram.types import BufferedInputFile

from bot.conversation import Turn
from bot.heavy import draw_form
from bot.i18n import tr
from bot.render.fit import shorten_html
from bot.sandbox.rules import MAX_CAPTION
from bot.workers import default_pool
from dialogs.engine import Draft
from dialogs.fields import Slot
from dialogs.verification_form import fingerprint
from storage import repo
from storage.models import Filing

FORM_SLOT = "verification_form"


def is_form_slot(slot: Slot) -> bool:
    return slot.key.endswith(f".doc.{FORM_SLOT}")


def sent_fingerprint(filing: Filing, site: int) -> str | None:
    return (repo.get_ui(filing, "forms") or {}).get(str(site))


async def ensure_form_sent(turn: Turn, filing: Filing, draft: Draft, slot: Slot) -> None:
    site = slot.site or 1
    current = fingerprint(draft.answers, site)
    if sent_fingerprint(filing, site) == current:
        return
    # fontTools is pure Python: in a thread it would hold up everyone's replies for ~0.8 s.
    pdf, png = await default_pool().run(draw_form, dict(draft.answers), site, filing.number or "")
    name = f"{filing.number}-site{site}-verification-form.pdf"
    await turn.bot.send_document(turn.chat_id, BufferedInputFile(pdf, name),
                                 caption=shorten_html(tr(turn.texts, "form-caption", site=site),
                                                      MAX_CAPTION))
    await turn.bot.send_photo(turn.chat_id, BufferedInputFile(png, "preview.png"),
                              caption=shorten_html(tr(turn.texts, "form-preview-caption"),
                                                   MAX_CAPTION))
    repo.set_ui(filing, forms={**(repo.get_ui(filing, "forms") or {}), str(site): current})
    await turn.commit()
