"""Every text the bot can show exists in both languages and formats without errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import ast, parse

from dialogs.catalog import ALL_ID_TYPES, LANGUAGES, NATURES, PREAPPROVALS, SERVICE_CONTENT
from dialogs.documents import DOCUMENT_RULES
from dialogs.lifecycle import REASON_TEMPLATES, TRANSITIONS, Action
from dialogs.provinces import PROVINCES
from dialogs.spec import (
    PREAPPROVAL_NUMBER,
    SITE_HEAD,
    SITE_OWNER,
    SITE_TAIL,
    STEP1,
    STEP2_HEAD,
    STEP2_TAIL,
    SUBJECT_OWNER,
)
from dialogs.status import FilingStatus, FilingType
from dialogs.timers import REMINDERS

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ("zh", "en")


def _messages(language: str) -> dict[str, ast.Message | ast.Term]:
    found: dict[str, ast.Message | ast.Term] = {}
    for path in sorted((ROOT / "locales" / language).glob("*.ftl")):
        for entry in parse(path.read_text(encoding="utf-8")).body:
            assert not isinstance(entry, ast.Junk), f"{path}: cannot parse {entry.content!r}"
            if isinstance(entry, ast.Message | ast.Term):
                key = ("-" if isinstance(entry, ast.Term) else "") + entry.id.name
                assert key not in found, f"{language}: {key} is defined twice"
                found[key] = entry
    return found


MESSAGES = {language: _messages(language) for language in LOCALES}


def test_both_languages_have_the_same_messages() -> None:
    assert set(MESSAGES["zh"]) == set(MESSAGES["en"])


def _required_ids() -> set[str]:
    ids: set[str] = set()
    fields = [*STEP1, *STEP2_HEAD, *SUBJECT_OWNER, *STEP2_TAIL, *SITE_HEAD, PREAPPROVAL_NUMBER,
              *SITE_TAIL, *SITE_OWNER, *(rule.field for rule in DOCUMENT_RULES)]
    for field in fields:
        ids.add(f"field-{field.label}")
        if field.kind.value != "decision":
            ids.update({f"ask-{field.label}", f"hint-{field.label}"})
    options = {"province": [p.code for p in PROVINCES], "nature": [o.code for o in NATURES],
               "idtype": [o.code for o in ALL_ID_TYPES],
               "content": [o.code for o in SERVICE_CONTENT],
               "lang": [o.code for o in LANGUAGES], "preapproval": [o.code for o in PREAPPROVALS],
               "yesno": ["yes", "no"]}
    ids.update(f"opt-{name}-{code}" for name, codes in options.items() for code in codes)
    ids.update(f"step-title-{n}" for n in range(1, 6))
    ids.update(f"status-{s}" for s in FilingStatus)
    ids.update(f"status-next-{s}" for s in FilingStatus)
    ids.update(f"filing-type-{t}" for t in FilingType)
    ids.update(f"action-{a}" for a in Action)
    ids.update(f"event-{a}" for a in Action if a is not Action.SUBMIT)
    ids.update({"event-created", "event-submitted", "event-resubmitted", "event-cancelled",
                "event-sms_confirmed", "event-verification_photo"})
    ids.update(f"notice-{t.notice}" for t in TRANSITIONS if t.notice)
    for code in REASON_TEMPLATES:
        ids.update({f"reason-{code}", f"reason-{code}-fix"})
    ids.update(f"reminder-{k}" for k, kind in REMINDERS.items()
               if kind.effect.value == "notice" and k != "sms")
    ids.add("reminder-sms")
    ids.update(f"review-notice-{stem}" for stem in ("submitted", "resubmitted", "withdrawn",
                                                    "sms_expired", "verification_ready",
                                                    "review_overdue"))
    for stem in ("approve", "reject", "verify_pass", "verify_fail", "to_authority",
                 "authority_approve", "authority_reject"):
        ids.add(f"staff-btn-{stem}")
    return ids


def _literal_ids() -> set[str]:
    """Message ids written as literals in the code: tr(…, "id"), Msg("id"), Invalid("id")."""
    pattern = re.compile(r'(?:\btr\([^,()]+,\s*|\bMsg\(|\bInvalid\()"([a-z][a-z0-9_-]*)"')
    found: set[str] = set()
    for folder in ("bot", "dialogs"):
        for path in (ROOT / folder).rglob("*.py"):
            found.update(pattern.findall(path.read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("language", LOCALES)
def test_every_message_the_code_uses_exists(language: str) -> None:
    missing = (_required_ids() | _literal_ids()) - set(MESSAGES[language])
    assert not missing, f"{language} lacks {sorted(missing)}"


@pytest.mark.parametrize("language", LOCALES)
def test_every_message_formats(language: str) -> None:
    bundle = FluentBundle([language], use_isolating=False)
    for path in sorted((ROOT / "locales" / language).glob("*.ftl")):
        bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))
    # Every variable any message uses, given a value (numbers also drive plural selectors).
    text = "".join(p.read_text(encoding="utf-8")
                   for p in (ROOT / "locales" / language).glob("*.ftl"))
    args = {name: 1 for name in re.findall(r"\$([a-z_]+)", text)}
    for key, entry in MESSAGES[language].items():
        if key.startswith("-") or not isinstance(entry, ast.Message) or entry.value is None:
            continue
        message = bundle.get_message(key)
        _, errors = bundle.format_pattern(message.value, args)
        assert not errors, f"{language} {key}: {errors}"


def test_no_message_uses_a_newline_escape() -> None:
    for language in LOCALES:
        for path in (ROOT / "locales" / language).glob("*.ftl"):
            assert '{"\\n"}' not in path.read_text(encoding="utf-8"), path
