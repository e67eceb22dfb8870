"""Pushes about a filing. Each starts with the filing's number and site name, so it reads on a
lock screen: `F-2026-000123 · 代码与咖啡 — 初审未通过（2 项需修改）`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from html import escape

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import MenuCb, SmsCb, StaffCb
from bot.clock import Clock
from bot.i18n import Raw, Texts, tr
from bot.notices import Build
from bot.render.question import plain
from bot.render.values import duration_text, filing_title, slot_label
from dialogs import engine, lifecycle
from dialogs.lifecycle import Reason
from dialogs.messages import Msg
from dialogs.provinces import authority_review_days
from dialogs.validation import mask_phone
from storage.models import Filing


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=plain(text), callback_data=data)


def china_time(texts: Texts, at: datetime, clock: Clock) -> str:
    local = at.astimezone(clock.tz)
    return tr(texts, "china-time", time=local.strftime("%Y-%m-%d %H:%M"))


def time_left(texts: Texts, deadline: datetime, now: datetime) -> str:
    seconds = max(0, int((deadline - now).total_seconds()))
    return tr(texts, "time-left", hours=seconds // 3600, minutes=(seconds % 3600) // 60)


def reasons_block(texts: Texts, filing: Filing, reasons: Sequence[Reason], clock: Clock) -> str:
    """The reasons grouped by step, each with the field, what is wrong and how to fix it."""
    slots = {s.key: s for s in engine.applicable(filing.answers, clock.today())}
    groups: dict[int, list[str]] = {}
    for reason in reasons:
        slot = slots.get(reason.target)
        if slot is not None:
            step, label = slot.step, slot_label(texts, slot)
        elif reason.target == "verification_photo":
            step, label = 4, tr(texts, "target-verification_photo")
        else:  # a group, e.g. a whole website
            first = next((s for k, s in slots.items() if k.startswith(reason.target + ".")),
                         None)
            step = first.step if first else 4
            label = tr(texts, "target-site", site=first.site or 0) if first and first.site \
                else escape(reason.target)
        line = tr(texts, "reason-line", label=Raw(label),
                  reason=Msg(f"reason-{reason.template}"),
                  fix=Msg(f"reason-{reason.template}-fix"))
        if reason.note:
            line += "\n" + tr(texts, "reason-note", note=reason.note)
        groups.setdefault(step, []).append(line)
    lines: list[str] = []
    for step in sorted(groups):
        lines.append(f"<b>{tr(texts, 'step-title-' + str(step))}</b>")
        lines.extend(groups[step])
    return "\n".join(lines)


def applicant_notice(filing: Filing, stem: str, reasons: Sequence[Reason], clock: Clock,
                     window: timedelta) -> Build:
    def build(texts: Texts) -> tuple[str, InlineKeyboardMarkup | None]:
        title = filing_title(filing.number, filing.answers)
        head = tr(texts, f"notice-{stem}", title=title, count=len(reasons),
                  window=Raw(duration_text(texts, window)))
        parts = [head]
        rows: list[list[InlineKeyboardButton]] = []
        if stem in ("rejected_initial", "rejected_authority"):
            parts.append(reasons_block(texts, filing, reasons, clock))
            parts.append(tr(texts, "notice-correct-hint"))
            rows.append([_button(tr(texts, "btn-correct"), MenuCb(act="correct").pack())])
        elif stem in ("approved_initial", "verify_failed"):
            if reasons:
                parts.append(reasons_block(texts, filing, reasons, clock))
            people = "、".join(escape(o.name) for o in _verification_people(filing))
            parts.append(tr(texts, "verification-request", people=Raw(people)))
        elif stem == "sms_opened":
            parts.append(sms_block(texts, filing, clock))
            rows.extend(sms_buttons(texts, filing))
        elif stem == "sms_done":
            parts.append(tr(texts, "notice-sms_done-days",
                            days=authority_review_days(filing.answers.get("province"))))
        elif stem == "sms_expired":
            rows.append([_button(tr(texts, "btn-continue-filing"),
                                 MenuCb(act="continue").pack())])
        elif stem == "approved":
            parts.append(numbers_block(texts, filing))
        elif stem == "withdrawn":
            rows.append([_button(tr(texts, "btn-continue-filing"),
                                 MenuCb(act="continue").pack())])
        markup = InlineKeyboardMarkup(inline_keyboard=rows) if rows else None
        return "\n\n".join(p for p in parts if p), markup

    return build


def _verification_people(filing: Filing) -> list[lifecycle.SmsOwner]:
    return lifecycle.sms_owners(filing.answers, "new_access")


def sms_block(texts: Texts, filing: Filing, clock: Clock) -> str:
    sms = (filing.progress or {}).get("sms") or {}
    deadline = datetime.fromisoformat(sms["deadline"])
    owners = {o.key: o for o in lifecycle.sms_owners(filing.answers, filing.filing_type)}
    people = []
    for key in sms.get("owners", []):
        owner = owners.get(key)
        if owner is None:
            continue
        done = key in (sms.get("confirmed") or {})
        people.append(tr(texts, "sms-owner-line", name=owner.name,
                         mobile=mask_phone(owner.mobile), done=1 if done else 0))
    return tr(texts, "sms-instructions", deadline=Raw(china_time(texts, deadline, clock)),
              left=Raw(time_left(texts, deadline, clock.now())),
              people=Raw("\n".join(people)))


def sms_buttons(texts: Texts, filing: Filing) -> list[list[InlineKeyboardButton]]:
    sms = (filing.progress or {}).get("sms") or {}
    owners = {o.key: o for o in lifecycle.sms_owners(filing.answers, filing.filing_type)}
    rows = []
    for index, key in enumerate(sms.get("owners", [])):
        if key in (sms.get("confirmed") or {}) or key not in owners:
            continue
        rows.append([_button(tr(texts, "btn-sms-done", name=owners[key].name),
                             SmsCb(filing=filing.id or 0, owner=index).pack())])
    return rows


def numbers_block(texts: Texts, filing: Filing) -> str:
    numbers = (filing.progress or {}).get("numbers") or {}
    sites = []
    for n, number in enumerate(numbers.get("sites", []), start=1):
        sites.append(tr(texts, "numbers-site", name=filing.answers.get(f"site{n}.name") or "",
                        number=number))
    first = numbers.get("sites", [""])[0] if numbers.get("sites") else numbers.get("subject", "")
    snippet = f'<a href="https://beian.miit.gov.cn/" target="_blank">{first}</a>'
    return tr(texts, "numbers-block", subject=numbers.get("subject", ""),
              sites=Raw("\n".join(sites)), snippet=snippet)


def open_filing(texts: Texts, filing: Filing) -> InlineKeyboardMarkup:
    """The reviewer's button that opens the filing."""
    return InlineKeyboardMarkup(inline_keyboard=[[
        _button(tr(texts, "btn-open-filing"), StaffCb(filing=filing.id or 0, act="o").pack())]])


def reviewer_notice(filing: Filing, stem: str) -> Build:
    def build(texts: Texts) -> tuple[str, InlineKeyboardMarkup | None]:
        title = filing_title(filing.number, filing.answers)
        kind = Msg(f"filing-type-{filing.filing_type}") if filing.filing_type else ""
        text = tr(texts, f"review-notice-{stem}", title=title, type=kind)
        return text, open_filing(texts, filing)

    return build
