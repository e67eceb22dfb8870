"""The work that runs in the worker processes (`bot.workers`): checking an uploaded file and
drawing the 核验单. Only `dialogs` and the imaging libraries are imported here — not aiogram or
SQLAlchemy — so a worker starts in a fraction of the time and memory the bot needs (issue N moves
this to its own package)."""

from __future__ import annotations

import hashlib
from typing import Any

from dialogs.messages import Invalid
from dialogs.uploads import CheckedUpload, check_upload
from dialogs.verification_form import (
    form_for_site,
    is_generated_form,
    render_form,
    render_preview,
)


def check_file(content: bytes, slot: str, max_pages: int) -> tuple[CheckedUpload, str]:
    """An upload checked, and the hash of what was sent."""
    if slot.endswith(".verification_form") and is_generated_form(content):
        # The unsigned form we sent, sent straight back: it must be printed and signed first.
        raise Invalid("err-form-not-signed")
    return check_upload(content, max_pages=max_pages), hashlib.sha256(content).hexdigest()


def draw_form(answers: dict[str, Any], site: int, number: str) -> tuple[bytes, bytes]:
    """The 核验单 PDF of one website and its PNG preview."""
    pdf = render_form(form_for_site(answers, site, number))
    return pdf, render_preview(pdf)
