"""The refusal messages in locales/*/validation.ftl: they parse, every id the validators raise has
a message in both languages, each message uses exactly the arguments the code passes, and every
example a message gives ("例如：…", "For example: …") is itself accepted by the matching check."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor

from dialogs.catalog import IdFormat
from dialogs.messages import Invalid, Msg
from dialogs.validation import (
    check_domain,
    check_domain_list,
    check_email,
    check_home_url,
    check_id_number,
    check_landline,
    check_mobile,
    check_org_code,
    check_phone,
    check_residence_permit,
    check_resident_id,
    check_site_name,
    check_site_number,
    check_subject_number,
    check_uscc,
    check_validity_end,
    check_validity_start,
    parse_date,
    parse_filing_number,
)

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "dialogs" / "validation").glob("*.py"))
LANGUAGES = ("zh", "en")
FTL = {lang: ROOT / "locales" / lang / "validation.ftl" for lang in LANGUAGES}
TODAY = date(2026, 11, 30)
PERSON = {
    "personal": True,
    "government": False,
    "organizer_name": "张三",
    "preapprovals": frozenset(),
}
COMPANY = {
    "personal": False,
    "government": False,
    "organizer_name": "星河科技有限公司",
    "preapprovals": frozenset(),
}

# One answer that triggers each message (and so gives the arguments the message gets).
TRIGGERS: dict[str, Callable[[], object]] = {
    "err-uscc-length": lambda: check_uscc("91350100M000100Y4"),
    "err-uscc-letter": lambda: check_uscc("91350100MO00100Y43"),
    "err-uscc-char": lambda: check_uscc("91350100M000100#43"),
    "err-uscc-checksum": lambda: check_uscc("91350100M000100Y44"),
    "err-org-code-length": lambda: check_org_code("M000100Y"),
    "err-org-code-char": lambda: check_org_code("M000#00Y4"),
    "err-org-code-checksum": lambda: check_org_code("M000100Y5"),
    "err-unit-code-length": lambda: check_id_number("1234", IdFormat.USCC_OR_ORG_CODE, today=TODAY),
    "err-resident-id-length": lambda: check_resident_id("11010119900307447", today=TODAY),
    "err-resident-id-char": lambda: check_resident_id("11010119900307447A", today=TODAY),
    "err-resident-id-province": lambda: check_resident_id("990101199003074477", today=TODAY),
    "err-id-birth-date": lambda: check_resident_id("110101199002304477", today=TODAY),
    "err-id-birth-future": lambda: check_resident_id("110101209003074477", today=TODAY),
    "err-resident-id-checksum": lambda: check_resident_id("110101199003074478", today=TODAY),
    "err-residence-permit-length": lambda: check_residence_permit("8100001994", today=TODAY),
    "err-residence-permit-char": lambda: check_residence_permit("81000019940823002Y", today=TODAY),
    "err-residence-permit-prefix": lambda: check_residence_permit(
        "110101199003074477", today=TODAY
    ),
    "err-residence-permit-checksum": lambda: check_residence_permit(
        "810000199408230022", today=TODAY
    ),
    "err-passport-format": lambda: check_id_number("E1", IdFormat.PASSPORT, today=TODAY),
    "err-hk-macau-permit-format": lambda: check_id_number(
        "K12345678", IdFormat.HK_MACAU_PERMIT, today=TODAY
    ),
    "err-taiwan-permit-format": lambda: check_id_number("123", IdFormat.TAIWAN_PERMIT, today=TODAY),
    "err-foreign-pr-format": lambda: check_id_number(
        "123", IdFormat.FOREIGN_PERMANENT_RESIDENCE, today=TODAY
    ),
    "err-mobile-format": lambda: check_mobile("138abc45678"),
    "err-mobile-length": lambda: check_mobile("1381234567"),
    "err-mobile-not-mobile": lambda: check_mobile("12012345678"),
    "err-mobile-foreign": lambda: check_mobile("+1 202 555 0123"),
    "err-landline-format": lambda: check_landline("13812345678"),
    "err-landline-area-code": lambda: check_landline("12345678"),
    "err-landline-number": lambda: check_landline("010-1234"),
    "err-phone-format": lambda: check_phone("12345"),
    "err-email-format": lambda: check_email("zhangsan"),
    "err-email-domain": lambda: check_email("zhangsan@example"),
    "err-email-too-long": lambda: check_email("a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".com"),
    "err-domain-empty": lambda: check_domain(""),
    "err-domain-format": lambda: check_domain("example..com"),
    "err-domain-scheme": lambda: check_domain("https://www.example.com/"),
    "err-domain-path": lambda: check_domain("example.com/about"),
    "err-domain-port": lambda: check_domain("example.com:8080"),
    "err-domain-www": lambda: check_domain("www.例子.中国"),
    "err-domain-ip": lambda: check_domain("1.2.3.4"),
    "err-domain-label-chars": lambda: check_domain("exa_mple.com"),
    "err-domain-label-hyphen": lambda: check_domain("-example.com"),
    "err-domain-label-length": lambda: check_domain("a" * 64 + ".com"),
    "err-domain-too-long": lambda: check_domain(".".join(["a" * 60] * 5) + ".com"),
    "err-domain-no-suffix": lambda: check_domain("example"),
    "err-domain-unknown-tld": lambda: check_domain("example.notatld"),
    "err-domain-suffix-only": lambda: check_domain("com.cn"),
    "err-domain-subdomain": lambda: check_domain("blog.example.com"),
    "err-domain-list-too-many": lambda: check_domain_list([f"e{i}.com" for i in range(21)]),
    "err-home-url-format": lambda: check_home_url("http://", ["example.com"]),
    "err-home-url-scheme": lambda: check_home_url("ftp://example.com", ["example.com"]),
    "err-home-url-port": lambda: check_home_url("http://example.com:8080", ["example.com"]),
    "err-home-url-host": lambda: check_home_url(
        "http://example.org", ["example.com", "xn--fsqu00a.xn--fiqs8s"]
    ),
    "err-filing-number-format": lambda: check_subject_number("京ICP证000001号"),
    "err-filing-number-province": lambda: check_subject_number("港ICP备12345678号"),
    "err-filing-number-digits": lambda: check_subject_number("京ICP备1234号"),
    "err-subject-number-suffix": lambda: check_subject_number("京ICP备12345678号-1"),
    "err-site-number-suffix": lambda: check_site_number("京ICP备12345678号"),
    "err-site-name-length": lambda: check_site_name("代码", **PERSON),
    "err-site-name-domain": lambda: check_site_name("example.com", **PERSON),
    "err-site-name-symbol": lambda: check_site_name("代码&咖啡", **PERSON),
    "err-site-name-ascii": lambda: check_site_name("CodeCoffee", **PERSON),
    "err-site-name-prefix": lambda: check_site_name("中国代码", **PERSON),
    "err-site-name-banned": lambda: check_site_name("赌博天地", **PERSON),
    "err-site-name-personal-word": lambda: check_site_name("代码工作室", **PERSON),
    "err-site-name-person-name": lambda: check_site_name("张三的技术笔记", **PERSON),
    "err-site-name-personal-preapproval": lambda: check_site_name("新闻早知道", **PERSON),
    "err-site-name-preapproval": lambda: check_site_name("仁心医院", **COMPANY),
    "err-date-format": lambda: parse_date("31/01/2030"),
    "err-date-impossible": lambda: parse_date("2030-02-30"),
    "err-validity-start-future": lambda: check_validity_start("2026-12-01", today=TODAY),
    "err-validity-expired": lambda: check_validity_end("2026-01-01", today=TODAY),
    "err-validity-expiring": lambda: check_validity_end("2027-01-01", today=TODAY),
}


def _filing_number(value: str) -> object:
    if parse_filing_number(value) is None:
        raise Invalid("not a filing number")
    return value


def _site_name_for_anyone(value: str) -> object:
    check_site_name(value, **COMPANY)
    return check_site_name(value, **PERSON)


# Which check an example in a message must pass: the longest matching id prefix wins.
_NOW = date.today()
EXAMPLE_CHECKS: dict[str, Callable[[str], object]] = {
    "err-uscc-": check_uscc,
    "err-org-code-": check_org_code,
    "err-unit-code-": lambda v: check_id_number(v, IdFormat.USCC_OR_ORG_CODE, today=_NOW),
    "err-resident-id-": lambda v: check_resident_id(v, today=_NOW),
    "err-id-birth-": lambda v: check_resident_id(v, today=_NOW),
    "err-residence-permit-": lambda v: check_residence_permit(v, today=_NOW),
    "err-passport-": lambda v: check_id_number(v, IdFormat.PASSPORT, today=_NOW),
    "err-hk-macau-permit-": lambda v: check_id_number(v, IdFormat.HK_MACAU_PERMIT, today=_NOW),
    "err-taiwan-permit-": lambda v: check_id_number(v, IdFormat.TAIWAN_PERMIT, today=_NOW),
    "err-foreign-pr-": lambda v: check_id_number(
        v, IdFormat.FOREIGN_PERMANENT_RESIDENCE, today=_NOW
    ),
    "err-mobile-": check_mobile,
    "err-landline-": check_landline,
    "err-phone-": check_phone,
    "err-email-": check_email,
    "err-domain-": check_domain,
    "err-home-url-": lambda v: check_home_url(v, ["example.com"]),
    "err-filing-number-": _filing_number,
    "err-subject-number-": check_subject_number,
    "err-site-number-": check_site_number,
    "err-site-name-": _site_name_for_anyone,
    "err-date-": parse_date,
    "err-validity-start-": lambda v: check_validity_start(v, today=_NOW),
    "err-validity-": lambda v: check_validity_end(v, today=_NOW),
}
# Messages that need no example: they show the fix itself or ask for a new certificate.
NO_EXAMPLE = {
    "err-id-birth-date",
    "err-id-birth-future",
    "err-validity-expired",
    "err-validity-expiring",
    "err-domain-list-too-many",
    "err-domain-www",
    "err-home-url-host",  # lists the site's domains to use
}
EXAMPLE_MARKERS = {"zh": ("例如：", "请填写："), "en": ("For example: ", "Please enter: ")}
EXAMPLE_SEPARATORS = re.compile(r"、|, | or ")


class _Variables(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)
        self.generic_visit(node)


def _messages(lang: str) -> dict[str, ast.Message]:
    resource = FluentParser().parse(FTL[lang].read_text(encoding="utf-8"))
    return {e.id.name: e for e in resource.body if isinstance(e, ast.Message)}


def _bundle(lang: str) -> FluentBundle:
    bundle = FluentBundle([lang], use_isolating=False)
    bundle.add_resource(FluentResource(FTL[lang].read_text(encoding="utf-8")))
    return bundle


def _variables(message: ast.Message) -> set[str]:
    visitor = _Variables()
    visitor.visit(message)
    return visitor.names


def _raised_ids() -> set[str]:
    ids: set[str] = set()
    for path in SOURCES:
        ids.update(re.findall(r"\"(err-[a-z0-9-]+)\"", path.read_text(encoding="utf-8")))
    return ids


def _trigger(message_id: str) -> Msg:
    with pytest.raises(Invalid) as caught:
        TRIGGERS[message_id]()
    return caught.value.msg


def _render(lang: str, msg: Msg) -> str:
    bundle = _bundle(lang)
    message = bundle.get_message(msg.id)
    assert message.value is not None
    text, errors = bundle.format_pattern(message.value, msg.args)
    assert errors == [], (lang, msg.id, errors)
    return text


# --- the files ------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGUAGES)
def test_ftl_parses_without_junk(lang: str) -> None:
    resource = FluentParser().parse(FTL[lang].read_text(encoding="utf-8"))
    junk = [e.content for e in resource.body if isinstance(e, ast.Junk)]
    assert junk == []


def test_both_languages_have_the_same_messages() -> None:
    assert set(_messages("zh")) == set(_messages("en"))


def test_every_raised_id_has_a_message_and_every_message_is_raised() -> None:
    raised = _raised_ids()
    assert raised, "no err- ids found in dialogs/validation"
    for lang in LANGUAGES:
        assert raised == set(_messages(lang)), lang


def test_every_message_has_a_trigger() -> None:
    assert set(TRIGGERS) == _raised_ids()


# --- each message ---------------------------------------------------------------------------
@pytest.mark.parametrize("message_id", sorted(TRIGGERS))
def test_trigger_raises_its_message(message_id: str) -> None:
    assert _trigger(message_id).id == message_id


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("message_id", sorted(TRIGGERS))
def test_message_uses_exactly_the_arguments_given(lang: str, message_id: str) -> None:
    msg = _trigger(message_id)
    assert _variables(_messages(lang)[message_id]) == set(msg.args)
    for value in msg.args.values():
        assert isinstance(value, str | int)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("message_id", sorted(TRIGGERS))
def test_message_formats_and_shows_the_values(lang: str, message_id: str) -> None:
    msg = _trigger(message_id)
    text = _render(lang, msg)
    for value in msg.args.values():
        assert str(value) in text
    assert "{" not in text and "}" not in text


def _examples(lang: str, text: str) -> list[str]:
    """The values listed after "例如：" / "For example: " (to the end of the line)."""
    marker = EXAMPLE_MARKERS[lang][0]
    return [
        example.strip()
        for line in text.splitlines()
        if marker in line
        for example in EXAMPLE_SEPARATORS.split(line.split(marker, 1)[1])
    ]


@pytest.mark.parametrize(
    ("lang", "message_id", "examples"),
    [
        ("zh", "err-uscc-checksum", ["91350100M000100Y43"]),
        ("en", "err-unit-code-length", ["91350100M000100Y43", "M000100Y-4"]),
        ("zh", "err-landline-number", ["010-12345678", "0571-87654321-123"]),
        ("en", "err-date-format", ["2030-01-31", "2030年1月31日"]),
        ("zh", "err-mobile-foreign", ["+86 138 1234 5678"]),
    ],
)
def test_example_extraction(lang: str, message_id: str, examples: list[str]) -> None:
    assert _examples(lang, _render(lang, _trigger(message_id))) == examples


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("message_id", sorted(TRIGGERS))
def test_message_examples_are_valid(lang: str, message_id: str) -> None:
    text = _render(lang, _trigger(message_id))
    examples = _examples(lang, text)
    has_fix = any(m in text for m in EXAMPLE_MARKERS[lang])
    assert has_fix or message_id in NO_EXAMPLE, f"{lang} {message_id} gives no example"
    prefix = max((p for p in EXAMPLE_CHECKS if message_id.startswith(p)), key=len)
    for example in examples:
        EXAMPLE_CHECKS[prefix](example)  # raises Invalid if the example is refused


@pytest.mark.parametrize("message_id", sorted(TRIGGERS))
def test_suggestions_are_accepted(message_id: str) -> None:
    """A value the message tells the user to enter instead ("请填写：…") is accepted."""
    msg = _trigger(message_id)
    suggested = msg.args.get("suggested")
    if suggested is None:
        return
    prefix = max((p for p in EXAMPLE_CHECKS if message_id.startswith(p)), key=len)
    EXAMPLE_CHECKS[prefix](str(suggested))


# --- tone -----------------------------------------------------------------------------------
_EMOJI = re.compile("[\u2600-\u27bf\U0001f000-\U0001ffff]")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("message_id", sorted(TRIGGERS))
def test_message_style(lang: str, message_id: str) -> None:
    msg = _trigger(message_id)
    text = _render(lang, msg)
    assert not _EMOJI.search(text), "the renderer adds ❌; messages carry no emoji"
    own_length = len(text) - sum(len(str(v)) for v in msg.args.values())
    assert own_length < 320, "fits on a phone screen"
    template = FTL[lang].read_text(encoding="utf-8")
    line = next(ln for ln in template.splitlines() if ln.startswith(message_id + " ="))
    if lang == "zh":
        # Full-width punctuation in Chinese prose (ASCII only inside values like "( ) -").
        assert not re.search(r"[\u4e00-\u9fff][,;:?!]|[,;:?!][\u4e00-\u9fff]", line)
        assert "你输入" not in text and "您输入" not in text and "错误" not in text
    else:
        assert not re.search("[，。；：？！（）]", text)
        assert "you entered" not in text.lower() and "wrong" not in text.lower()
