"""The operator's command line: the same transitions, rules and history as reviewers in Telegram,
for back offices without Telegram (`icp-bot review …`, `icp-bot filing advance …`,
`icp-bot registry import …`)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from bot import workflow
from bot.i18n import Texts, tr
from bot.render.question import plain
from bot.render.staff import render_filing, render_history, render_queue
from bot.render.summary import summary_pages
from bot.services import Services
from dialogs.engine import Draft
from dialogs.lifecycle import Action, Actor, Reason, Refusal
from dialogs.messages import Invalid, Msg
from dialogs.validation import check_domain, check_site_number, check_subject_number
from storage import repo, reviews
from storage.models import Document, Filing
from storage.registry import SqlRegistry

ACTOR_REF = "operator:cli"


class OperatorError(Exception):
    """Something the operator asked for cannot be done; the message says why."""

    def __init__(self, msg: Msg) -> None:
        super().__init__(msg.id)
        self.msg = msg


@dataclass
class Console:
    services: Services
    texts: Texts
    out: TextIO

    def say(self, html: str) -> None:
        print(plain(html), file=self.out)


async def _filing(session: AsyncSession, number: str) -> Filing:
    filing = (await session.execute(select(Filing).where(Filing.number == number))
              ).scalar_one_or_none()
    if filing is None:
        raise OperatorError(Msg("cli-no-filing", number=number))
    return filing


async def review_list(console: Console) -> None:
    async with console.services.sessionmaker() as session:
        filings = await reviews.queue(session, limit=200)
    console.say(render_queue(console.texts, filings, console.services.clock).text)


async def review_show(console: Console, number: str) -> None:
    async with console.services.sessionmaker() as session:
        filing = await _filing(session, number)
        pages = summary_pages(Draft.from_json(filing.answers, filing.conversation),
                              console.services.clock.today())
        for page in range(len(pages)):
            console.say(render_filing(console.texts, filing, console.services.clock, page).text)
            console.say("")
        history = await repo.events(session, filing.id or 0)
        console.say(render_history(console.texts, filing, history, console.services.clock))
        documents = (await session.execute(select(Document).where(
            Document.filing_id == filing.id).order_by(Document.id))).scalars().all()
        for document in documents:
            path = console.services.files.absolute(document.normalized_path or document.path)
            console.say(f"{document.slot}: {path} ({document.mime}, {document.width}×"
                        f"{document.height})")


def parse_reason(text: str) -> Reason:
    """`TARGET:TEMPLATE[:NOTE]`, e.g. `site1.name:site_name:名称含有“官方”`."""
    parts = text.split(":", 2)
    if len(parts) < 2:
        raise OperatorError(Msg("cli-bad-reason", text=text))
    return Reason(parts[0], parts[1], parts[2] if len(parts) > 2 else "")


async def advance(console: Console, number: str, action: Action, *,
                  reasons: Sequence[str] = (), subject_number: str | None = None,
                  owner: str | None = None) -> None:
    """Apply one transition as the operator, with the same checks as in Telegram."""
    services = console.services
    async with services.sessionmaker() as session:
        filing = await _filing(session, number)
        try:
            if action is Action.SMS_DONE and owner:
                result = await workflow.confirm_sms(session, services, filing, owner,
                                                    actor=Actor.OPERATOR, actor_ref=ACTOR_REF)
            else:
                result = await workflow.act(
                    session, services, filing, action, actor=Actor.OPERATOR,
                    actor_ref=ACTOR_REF, reasons=[parse_reason(r) for r in reasons],
                    numbers={"subject": subject_number} if subject_number else None)
            if isinstance(result, Refusal):
                raise OperatorError(result.msg)
            await session.commit()
        except StaleDataError:
            raise OperatorError(Msg("cli-changed", number=number)) from None
        console.say(tr(console.texts, "staff-done", number=number,
                       status=Msg(f"status-{filing.status}")))


async def registry_import(console: Console, path: Path) -> tuple[int, list[str]]:
    """Import known filings from a CSV with the columns subject_number, organizer_id,
    organizer_name, domain, site_number (one row per website domain). Returns the number of
    subjects imported and the refused lines (with the reason); nothing is half-imported."""
    subjects: dict[str, tuple[str, str, list[tuple[str, str | None]]]] = {}
    problems: list[str] = []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        required = {"subject_number", "organizer_id", "organizer_name", "domain"}
        missing = required - set(reader.fieldnames or [])
        if missing:
            raise OperatorError(Msg("cli-missing-columns", file=str(path),
                                    columns=", ".join(sorted(missing))))
        for line, row in enumerate(reader, start=2):
            try:
                subject = check_subject_number(row["subject_number"])
                domain = check_domain(row["domain"])
                site = check_site_number(row["site_number"]) if row.get("site_number") else None
            except Invalid as refused:
                problems.append(plain(tr(console.texts, "cli-refused-line", line=line,
                                         problem=refused.msg)))
                continue
            organizer_id = (row["organizer_id"] or "").strip().upper()
            entry = subjects.setdefault(subject, (organizer_id,
                                                  (row["organizer_name"] or "").strip(), []))
            entry[2].append((domain, site))
    async with console.services.sessionmaker() as session:
        registry = SqlRegistry(session)
        for subject, (organizer_id, name, domains) in subjects.items():
            await registry.add(subject, organizer_id, name, domains)
        await session.commit()
    return len(subjects), problems
