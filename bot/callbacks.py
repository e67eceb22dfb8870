"""Callback data of every inline button. Telegram allows 64 bytes, so buttons carry the filing
id, a short token of the question's key and an option index, never the values themselves."""

from __future__ import annotations

import hashlib
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

# A row id or an index as the database stores it (32-bit). Data outside it — a forged or
# garbled button — does not match any filter and gets "this button no longer works".
Id = Annotated[int, Field(ge=0, le=2**31 - 1)]


def key_token(key: str) -> str:
    """8 hex characters naming a slot key; a button whose token is not the current question's
    is out of date."""
    return hashlib.sha1(key.encode()).hexdigest()[:8]


class FormCb(CallbackData, prefix="f"):
    """A button of a question. `act`: a=answer option, t=toggle, d=done, b=back, s=skip,
    g=use the suggestion, l=long-term, p=page of options."""

    filing: Id
    key: str
    act: str
    val: Id = 0


class ReviewCb(CallbackData, prefix="r"):
    """The summary and submission. `act`: p=page, e=edit field (key), n=next stage,
    b=back, a=toggle agreement, v=view agreement, s=submit."""

    filing: Id
    act: str
    arg: str = ""


class MenuCb(CallbackData, prefix="m"):
    """Menus outside the form: start, continue, cancel confirmation, language."""

    act: str
    arg: str = ""


class StaffCb(CallbackData, prefix="s"):
    """Reviewer buttons. `v` is the filing version the reviewer saw: a decision on a filing that
    changed since is refused. `act`: o=open, p=page, d=documents, c=changes, h=history,
    a=approve, r=reject (start), t=pick target, m=pick template, x=skip note, k=confirm,
    q=cancel, vp/vf=verification pass/fail, ta=submitted to authority, so=SMS done for an
    owner, aa=authority approved, ar=authority rejected."""

    filing: Id
    act: str
    arg: str = ""
    v: Id = 0


class SmsCb(CallbackData, prefix="q"):
    """The applicant's "I've completed SMS verification" button for one owner."""

    filing: Id
    owner: Id
