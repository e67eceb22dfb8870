"""The local sandbox: run and try the bot without Telegram.

`make run` without BOT_TOKEN starts, in one process, a local Bot API server (`botapi`), a web
chat in which three simulated people talk to the bot (`web`), and the unchanged bot polling that
server over HTTP (`run`). End-to-end tests use the same server with the bot as a separate process.
"""

from __future__ import annotations

from dataclasses import dataclass

# A token of Telegram's shape that Telegram would never accept; the sandbox accepts only it.
SANDBOX_TOKEN = "7000000001:sandbox-local-only-not-a-telegram-token"
BOT_USERNAME = "icp_sandbox_bot"
BOT_NAME = "ICP 备案助手（沙盒）"


@dataclass(frozen=True)
class Persona:
    """A simulated Telegram user the web chat can speak as."""

    key: str
    user_id: int
    first_name: str
    phone: str  # sent when the person taps the "share contact" button
    label_zh: str
    label_en: str
    reviewer: bool = False


APPLICANT_A = Persona("a", 100001, "张伟", "+8613812345678", "申请人 A", "Applicant A")
APPLICANT_B = Persona("b", 100002, "李娜", "+8613912345678", "申请人 B", "Applicant B")
REVIEWER = Persona("reviewer", 900001, "王审核", "+8613700000001", "审核员", "Reviewer",
                   reviewer=True)
PEOPLE = (APPLICANT_A, APPLICANT_B, REVIEWER)
