"""The filing-type decision of rules §1: every row of the table, the conflicts an applicant is
shown (which answer is asked again, with which message) and the in-flight duplicates."""

from __future__ import annotations

from typing import Any

import pytest

from dialogs.filing_type import (
    SMS_SUBJECT_OWNER_REQUIRED,
    Conflict,
    RegistryEntry,
    RegistrySnapshot,
    decide,
)
from dialogs.status import FilingType

ORGANIZER = "91350100M000100Y43"
OTHER_ORGANIZER = "91310115MA1K3YJ12G"
SUBJECT = "闽ICP备12345678号"
OTHER_SUBJECT = "沪ICP备87654321号"

# The applicant's own record and somebody else's, as the registry knows them.
OURS = RegistryEntry(SUBJECT, ORGANIZER, "福州示例科技有限公司", ("old.com", "old.cn"))
THEIRS = RegistryEntry(OTHER_SUBJECT, OTHER_ORGANIZER, "上海别家科技有限公司", ("taken.com",))


def step1(domains: list[str], *, ticked: bool = False, number: str | None = None,
          organizer: str = ORGANIZER) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "organizer_id": organizer,
        "subject_filed": "yes" if ticked else "no",
        "domains": domains,
    }
    if number is not None:
        answers["subject_number"] = number
    return answers


def conflict(result: object) -> Conflict:
    assert isinstance(result, Conflict), f"expected a conflict, got {result!r}"
    return result


# --- the table's rows that let the filing go on ----------------------------------------------
def test_nothing_known_is_a_first_filing() -> None:
    assert decide(step1(["new.com"]), RegistrySnapshot()) is FilingType.FIRST


def test_a_filed_organizer_with_a_new_domain_is_a_new_website() -> None:
    answers = step1(["new.com"], ticked=True, number=SUBJECT)
    assert decide(answers, RegistrySnapshot(organizer=OURS)) is FilingType.NEW_SITE


def test_domains_all_filed_under_the_same_organizer_are_a_new_access() -> None:
    answers = step1(["old.com", "old.cn"], ticked=True, number=SUBJECT)
    snap = RegistrySnapshot(organizer=OURS, by_domain={"old.com": OURS, "old.cn": OURS})
    assert decide(answers, snap) is FilingType.NEW_ACCESS


def test_a_new_access_is_recognised_from_the_domain_record_alone() -> None:
    # The registry may know the domain's record without a separate organizer look-up result.
    answers = step1(["old.com"], ticked=True, number=SUBJECT)
    assert decide(answers, RegistrySnapshot(by_domain={"old.com": OURS})) is FilingType.NEW_ACCESS


@pytest.mark.parametrize(
    ("filing_type", "subject_owner_sms"),
    [(FilingType.FIRST, True), (FilingType.NEW_SITE, True), (FilingType.NEW_ACCESS, False)],
)
def test_who_must_answer_the_miit_sms(filing_type: FilingType, subject_owner_sms: bool) -> None:
    assert SMS_SUBJECT_OWNER_REQUIRED[filing_type] is subject_owner_sms


# --- conflicts about what is already filed ---------------------------------------------------
@pytest.mark.parametrize("ticked", [False, True])
def test_a_domain_filed_under_another_organizer_cannot_be_filed(ticked: bool) -> None:
    answers = step1(["mine.com", "taken.com"], ticked=ticked,
                    number=SUBJECT if ticked else None)
    snap = RegistrySnapshot(organizer=OURS if ticked else None, by_domain={"taken.com": THEIRS})
    found = conflict(decide(answers, snap))
    assert found.field == "domains"
    assert found.msg.id == "conflict-domain-other-organizer"
    assert found.msg.args == {"domain": "taken.com", "number": OTHER_SUBJECT}


def test_a_filed_domain_without_the_tick_asks_for_the_tick() -> None:
    found = conflict(decide(step1(["old.com"]), RegistrySnapshot(by_domain={"old.com": OURS})))
    assert found.field == "subject_filed"
    assert found.msg.id == "conflict-subject-already-filed"
    assert found.msg.args["number"] == SUBJECT


def test_a_filed_organizer_without_the_tick_asks_for_the_tick() -> None:
    found = conflict(decide(step1(["new.com"]), RegistrySnapshot(organizer=OURS)))
    assert found.field == "subject_filed"
    assert found.msg.id == "conflict-subject-already-filed"
    assert found.msg.args["number"] == SUBJECT


def test_a_tick_for_an_organizer_the_registry_does_not_know_is_refused() -> None:
    answers = step1(["new.com"], ticked=True, number="闽ICP备99999999号")
    found = conflict(decide(answers, RegistrySnapshot()))
    assert found.field == "subject_number"
    assert found.msg.id == "conflict-subject-unknown"
    assert found.msg.args["number"] == "闽ICP备99999999号"


@pytest.mark.parametrize("domains", [["new.com"], ["old.com"]])
def test_a_subject_number_that_is_not_the_registered_one_is_refused(domains: list[str]) -> None:
    answers = step1(domains, ticked=True, number="闽ICP备11111111号")
    filed = {d: OURS for d in domains if d in OURS.domains}
    snap = RegistrySnapshot(organizer=OURS, by_domain=filed)
    found = conflict(decide(answers, snap))
    assert found.field == "subject_number"
    assert found.msg.id == "conflict-subject-mismatch"
    assert found.msg.args == {"number": "闽ICP备11111111号", "expected": SUBJECT}


def test_filed_and_new_domains_cannot_be_mixed_in_one_filing() -> None:
    answers = step1(["old.com", "new.com", "new.cn"], ticked=True, number=SUBJECT)
    found = conflict(decide(answers, RegistrySnapshot(organizer=OURS, by_domain={"old.com": OURS})))
    assert found.field == "domains"
    assert found.msg.id == "conflict-mixed-access"
    assert found.msg.args == {"filed": "old.com", "new": "new.com、new.cn"}


# --- in-flight duplicates (主办者冲突 / 域名冲突) ------------------------------------------------
def test_an_organizer_with_another_filing_in_flight_is_refused() -> None:
    found = conflict(decide(step1(["new.com"]), RegistrySnapshot(busy_organizer="ICP-2026-0007")))
    assert found.field == "organizer_id"
    assert found.msg.id == "conflict-organizer-in-flight"
    assert found.msg.args == {"number": "ICP-2026-0007"}


def test_a_domain_in_another_filing_in_flight_is_refused() -> None:
    snap = RegistrySnapshot(busy_domains={"new.cn": "ICP-2026-0009"})
    found = conflict(decide(step1(["new.com", "new.cn"]), snap))
    assert found.field == "domains"
    assert found.msg.id == "conflict-domain-in-flight"
    assert found.msg.args == {"domain": "new.cn", "number": "ICP-2026-0009"}


def test_an_in_flight_duplicate_is_reported_before_anything_else() -> None:
    # Another filing in flight explains every other oddity; it is what the applicant must see.
    answers = step1(["taken.com"])
    snap = RegistrySnapshot(by_domain={"taken.com": THEIRS},
                            busy_domains={"taken.com": "ICP-2026-0011"})
    assert conflict(decide(answers, snap)).msg.id == "conflict-domain-in-flight"
