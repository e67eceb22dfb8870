"""aiogram routers. `routers()` lists them in the order they are tried."""

from __future__ import annotations

from aiogram import Router


def routers() -> list[Router]:
    from bot.handlers import commands, form, review

    # Commands first (a command is never taken as an answer), then step 5, then answers.
    return [commands.build_router(), review.build_router(), form.build_router()]
