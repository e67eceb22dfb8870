"""aiogram routers. `routers()` lists them in the order they are tried."""

from __future__ import annotations

from aiogram import Router


def routers() -> list[Router]:
    from bot.handlers import applicant, commands, fallback, form, membership, review, staff

    # Reviewer input first (it passes on what is not theirs), then commands (a command is never
    # taken as an answer), the applicant's life-cycle buttons, step 5, answers, and last what
    # nobody else took (unknown buttons, edits).
    return [membership.build_router(), staff.build_router(), commands.build_router(),
            applicant.build_router(), review.build_router(), form.build_router(),
            fallback.build_router()]
