"""Long texts split into several Telegram messages, or shortened, without breaking the HTML:
every part is accepted by Telegram's rules (`bot.sandbox.rules`, what the sandbox and the fake
Telegram refuse through), stays within the limit, and together the parts show the same text with
the same formatting."""

from __future__ import annotations

import itertools
import random
import unicodedata
from typing import Any

import pytest

from bot.render.fit import shorten_html, split_html, text_length
from bot.sandbox.rules import MAX_CAPTION, MAX_TEXT, TelegramError, check_text, parse_html

Styled = list[tuple[str, frozenset[tuple[str, str]]]]


def send(html: str, key: str = "text") -> str:
    """What Telegram shows of a message text (or caption), or its refusal raised."""
    return check_text({key: html, "parse_mode": "HTML"}, key)


def styled(html: str) -> Styled:
    """Each character shown, with its formatting (entity type and link / language)."""
    parsed = parse_html(html)
    units: list[int] = []  # UTF-16 offset where each character starts
    offset = 0
    for char in parsed.text:
        units.append(offset)
        offset += 2 if ord(char) > 0xFFFF else 1
    result: Styled = []
    for char, start in zip(parsed.text, units, strict=True):
        styles = frozenset(
            (e["type"], str(e.get("url") or e.get("language") or ""))
            for e in parsed.entities if e["offset"] <= start < e["offset"] + e["length"])
        result.append((char, styles))
    return result


def assert_parts(html: str, parts: list[str], limit: int) -> None:
    """Each part is sent as its own message, within `limit`; in order they show the text of
    `html` with its formatting, only whitespace at the cuts (and at the very end) left out."""
    assert parts, "nothing to send"
    original = styled(html)
    at = 0
    for number, part in enumerate(parts):
        shown = send(part)
        assert len(shown) <= limit, f"part {number} is {len(shown)} long: {part!r}"
        assert shown.strip(), f"part {number} is empty"
        piece = styled(part)
        skip = at
        while number and original[skip:skip + len(piece)] != piece \
                and skip < len(original) and original[skip][0].isspace():
            skip += 1  # whitespace dropped at the cut
        assert original[skip:skip + len(piece)] == piece, \
            f"part {number} does not continue the text: {part!r}"
        at = skip + len(piece)
    assert all(char.isspace() for char, _ in original[at:]), f"the text after {at} is missing"


# --- texts that fit ------------------------------------------------------------------------


@pytest.mark.parametrize("html", [
    "你好",
    "<b>F-2026-000123</b> — 已提交初审。",
    "x" * MAX_TEXT,
    "😀" * MAX_TEXT,  # 8,192 UTF-16 units, but 4,096 characters as Telegram counts them
    "&lt;" * MAX_TEXT,  # entities count after parsing
    '<a href="https://x.y/?a=1&amp;b=2">' + "链" * MAX_TEXT + "</a>",  # tags cost nothing
])
def test_a_text_that_fits_comes_back_unchanged(html: str) -> None:
    assert send(html)
    assert split_html(html) == [html]
    assert shorten_html(html, MAX_TEXT) == html


def test_the_count_is_telegrams() -> None:
    assert text_length("<b>a&amp;b</b> 😀") == len(send("<b>a&amp;b</b> 😀")) == 5


def test_one_character_over_makes_two_messages() -> None:
    html = "😀" * (MAX_TEXT + 1)
    with pytest.raises(TelegramError, match="message is too long"):
        send(html)
    parts = split_html(html)
    assert [len(send(p)) for p in parts] == [MAX_TEXT, 1]
    assert_parts(html, parts, MAX_TEXT)


def test_malformed_html_is_refused_as_telegram_would() -> None:
    with pytest.raises(TelegramError, match="unclosed tag"):
        split_html("<b>" + "x" * 20, 10)


# --- where the cut goes ----------------------------------------------------------------------


@pytest.mark.parametrize(("html", "limit", "expected"), [
    pytest.param("First para here.\nline two\n\nSecond para is here and long", 30,
                 ["First para here.\nline two", "Second para is here and long"],
                 id="blank line"),
    pytest.param("One line here, then\nanother line that goes on", 30,
                 ["One line here, then", "another line that goes on"], id="line break"),
    pytest.param("• one two\nthree four\n• five six\nseven eight", 35,
                 ["• one two\nthree four", "• five six\nseven eight"],
                 id="line break before a list item"),
    pytest.param("This is one. This is two more", 25, ["This is one.", "This is two more"],
                 id="sentence end"),
    pytest.param("第一句话说完了。第二句话还没有说完呢", 12,
                 ["第一句话说完了。", "第二句话还没有说完呢"], id="chinese sentence end"),
    pytest.param("他说：“材料齐了。”然后就走了没有回头", 12,
                 ["他说：“材料齐了。”", "然后就走了没有回头"], id="sentence end inside quotes"),
    pytest.param("Pi is 3.14159 and e is 2.71828 ok", 20, ["Pi is 3.14159 and e", "is 2.71828 ok"],
                 id="a decimal point is no sentence end"),
    pytest.param("alpha beta gamma delta epsilon", 20, ["alpha beta gamma", "delta epsilon"],
                 id="space"),
    pytest.param("我们已经收到你的材料，正在审核中请耐心等待", 14,
                 ["我们已经收到你的材料，", "正在审核中请耐心等待"], id="chinese comma"),
    pytest.param("abcdefghijklmnopqrstuvwxyz", 10, ["abcdefghij", "klmnopqrst", "uvwxyz"],
                 id="any character"),
    pytest.param("<blockquote>one two\n\nthree</blockquote> four five six", 24,
                 ["<blockquote>one two\n\nthree</blockquote> four", "five six"],
                 id="outside an element beats a blank line inside it"),
    pytest.param("one two <i>three\n\nfour</i> five six seven", 24,
                 ["one two <i>three\n\nfour</i>", "five six seven"],
                 id="a space outside an element beats a blank line inside it"),
    pytest.param("Short.\n\n" + "<b>" + "word " * 8 + "end</b>", 30,
                 ["Short.\n\n<b>word word word word</b>", "<b>word word word word end</b>"],
                 id="no part needlessly short"),
    pytest.param("line one\n\n\n\n   two three", 16, ["line one", "two three"],
                 id="whitespace dropped at the cut"),
])
def test_cut_at_the_best_boundary(html: str, limit: int, expected: list[str]) -> None:
    parts = split_html(html, limit)
    assert parts == expected
    assert_parts(html, parts, limit)


# --- a rejection with many reasons -----------------------------------------------------------


def rejection(sizes: list[int]) -> str:
    """Like `bot.render.notices.applicant_notice` for a rejection: a head, a step title, one
    bullet per reason (a short line, then a long suggestion) of `sizes` characters each, a hint;
    user text escaped."""
    lines = ["❌ <b>F-2026-000123 · 代码&amp;咖啡</b> — 初审未通过（8 项需修改）", "",
             "<b>第二步 网站信息</b>"]
    for number, size in enumerate(sizes, start=1):
        lines.append(f"• <b>网站名称 {number}</b>：网站名称不符合要求 &lt;script&gt;")
        fix = "建议：使用能体现网站内容的名称，不含个人姓名、企业字样 &amp; 需要审批的词语。"
        room = size - len(send(lines[-1])) - 1 - len(send(fix))
        lines.append(fix + ("例如代码与咖啡，" * size)[:room])
    return "\n".join(lines) + "\n\n点“修改信息”，只需重新填写上面列出的项目，其他信息保持不变。"


def test_a_rejection_with_eight_long_reasons_reaches_the_applicant_in_two_messages() -> None:
    html = rejection([551] + [549] * 7)
    text = parse_html(html).text
    assert len(text) == 4484
    # the last reason starts before 4,096 and its suggestion too: a cut at the last line break
    # within reach would leave its first line alone at the end of the first message
    assert text.rindex("• ") < text.rindex("\n建议：") < MAX_TEXT
    with pytest.raises(TelegramError, match="message is too long"):
        send(html)
    parts = split_html(html)
    assert len(parts) == 2
    assert_parts(html, parts, MAX_TEXT)
    first, second = send(parts[0]), send(parts[1])
    assert first.splitlines()[-1].startswith("建议："), "cut inside a reason"
    assert second.startswith("• 网站名称 8：")
    assert parts[1].startswith("• <b>网站名称 8</b>")
    assert all("&lt;script&gt;" in p and "<script>" not in p for p in parts)


# --- long elements ---------------------------------------------------------------------------


def test_one_bold_element_of_ten_thousand_characters() -> None:
    html = "<b>" + ("申请材料已经收到 " * 1112)[:10_000] + "</b>"
    parts = split_html(html)
    assert len(parts) == 3
    assert all(p.startswith("<b>") and p.endswith("</b>") for p in parts)
    assert_parts(html, parts, MAX_TEXT)
    for part in parts[:-1]:
        assert send(part).endswith("申请材料已经收到"), "cut inside a word"


def test_one_bold_element_without_any_boundary() -> None:
    html = "<b>" + "字" * 10_000 + "</b>"
    parts = split_html(html)
    assert [len(send(p)) for p in parts] == [MAX_TEXT, MAX_TEXT, 10_000 - 2 * MAX_TEXT]
    assert parts[1] == "<b>" + "字" * MAX_TEXT + "</b>"
    assert_parts(html, parts, MAX_TEXT)


def test_a_link_spanning_a_cut_keeps_its_address_in_both_parts() -> None:
    html = ('请打开 <a href="https://x.y/?a=1&amp;b=2">管局备案系统 <i>查看</i> 进度，' +
            "然后按页面提示操作 " * 12 + "</a> 完成。")
    parts = split_html(html, 100)
    assert len(parts) >= 2
    assert_parts(html, parts, 100)
    for part in parts:
        links = [e for e in parse_html(part).entities if e["type"] == "text_link"]
        assert [e["url"] for e in links] == ["https://x.y/?a=1&b=2"]


def test_code_block_reopened_with_its_language() -> None:
    html = '<pre><code class="language-python">' + "print(1)\n" * 30 + "</code></pre>"
    parts = split_html(html, 100)
    assert len(parts) == 3
    assert all(p.startswith('<pre><code class="language-python">') for p in parts)
    assert all(e.get("language") == "python" for p in parts for e in parse_html(p).entities)
    assert_parts(html, parts, 100)


# --- emoji and Chinese at the limit ----------------------------------------------------------


@pytest.mark.parametrize(("cluster", "limit"), [
    ("👨\u200d👩\u200d👧", 12),  # ZWJ sequence: 5 code points, 8 UTF-16 units
    ("🇨🇳", 5),  # a flag: two regional indicators
    ("👍🏽", 5),  # skin tone
    ("e\u0301", 5),  # base + combining mark
    ("1\ufe0f\u20e3", 7),  # keycap
])
def test_a_character_made_of_several_code_points_is_not_cut(cluster: str, limit: int) -> None:
    html = cluster * 7
    parts = split_html(html, limit)
    assert len(parts) > 1
    assert_parts(html, parts, limit)
    assert all(send(p) == cluster * (len(send(p)) // len(cluster)) for p in parts)


def test_emoji_and_chinese_near_the_limit() -> None:
    html = "汉" * 4000 + "😀" * 96 + "汉字😀" * 100
    parts = split_html(html)
    assert send(parts[0]) == "汉" * 4000 + "😀" * 96  # 4,096 characters, 4,192 UTF-16 units
    assert_parts(html, parts, MAX_TEXT)
    html = "汉" * 3000 + "。" + "😀" * 2000
    parts = split_html(html)
    assert send(parts[0]) == "汉" * 3000 + "。"
    assert send(parts[1]) == "😀" * 2000  # 4,000 UTF-16 units, 2,000 characters
    assert_parts(html, parts, MAX_TEXT)


# --- any text --------------------------------------------------------------------------------

_PIECES = ["word ", "词", "申请", "&amp;", "&lt;", "&gt;", "&quot;", "\n", "\n\n", "😀", "。",
           ". ", "! ", "， ", " ", "e\u0301", "🇨🇳", "👨\u200d👩\u200d👧", "• item\n", "x"]
_ELEMENTS = ["b", "strong", "i", "em", "u", "s", "tg-spoiler", "code", "blockquote",
             ('a', ' href="https://x.y/?q=1&amp;r=&lt;2&gt;"'), ("span", ' class="tg-spoiler"'),
             ("blockquote", " expandable")]


def document(rng: random.Random, depth: int = 0) -> str:
    out: list[str] = []
    for _ in range(rng.randint(1, 5)):
        roll = rng.random()
        if roll < 0.3 and depth < 2:
            element = rng.choice(_ELEMENTS)
            name, attrs = element if isinstance(element, tuple) else (element, "")
            out.append(f"<{name}{attrs}>{document(rng, depth + 1)}</{name}>")
        elif roll < 0.3 and depth == 0:
            out.append('<pre><code class="language-py">'
                       + "".join(rng.choices(["a = 1\n", "b &lt; c\n", "  x\n"], k=5))
                       + "</code></pre>")
        else:
            out.append("".join(rng.choices(_PIECES, k=rng.randint(1, 15))))
    return "".join(out)


def test_random_documents() -> None:
    rng = random.Random(20260401)
    split = 0
    for _ in range(300):
        html = document(rng)
        if not parse_html(html).text.strip():
            continue
        limit = rng.randint(5, 120)
        parts = split_html(html, limit)
        if len(parse_html(html).text) <= limit:
            assert parts == [html]
            continue
        split += 1
        assert_parts(html, parts, limit)
        shown = [send(p) for p in parts]
        for before, after in itertools.pairwise(shown):
            last, first = before[-1], after[0]
            assert last != "\u200d" and first != "\u200d", "cut in a ZWJ sequence"
            assert not unicodedata.category(first).startswith("M"), "cut before a mark"
        assert all(sum(0x1F1E6 <= ord(c) <= 0x1F1FF for c in s) % 2 == 0 for s in shown)
        short = shorten_html(html, limit)
        shown = send(short, "caption")
        assert len(shown) <= limit and shown.endswith("…")
        assert parse_html(html).text.startswith(shown[:-1])
    assert split > 150


# --- shortened captions ----------------------------------------------------------------------


def caption_params(html: str) -> dict[str, Any]:
    return {"caption": html, "parse_mode": "HTML"}


def test_a_caption_shortened_to_1024() -> None:
    html = ("<b>身份证正面</b> — 照片不够清晰。"
            + "请在光线充足处重新拍摄，<i>四角完整</i>，文字清楚。" * 60)
    with pytest.raises(TelegramError, match="caption is too long"):
        check_text(caption_params(html), "caption")
    short = shorten_html(html, MAX_CAPTION)
    shown = check_text(caption_params(short), "caption")
    assert len(shown) <= MAX_CAPTION
    assert shown.endswith("。…"), "not cut at a sentence end"
    assert len(shown) > MAX_CAPTION - 30
    assert parse_html(html).text.startswith(shown[:-1])
    assert short.startswith("<b>身份证正面</b>")


def test_shortened_inside_an_element_closes_it() -> None:
    html = '<a href="https://x.y/?a=1&amp;b=2"><b>' + "很长的链接文字 " * 300 + "</b></a>"
    short = shorten_html(html, MAX_CAPTION, ellipsis=" […]")
    assert short.endswith("</b></a> […]")
    shown = check_text(caption_params(short), "caption")
    assert len(shown) <= MAX_CAPTION and shown.endswith("很长的链接文字 […]")
    links = [e for e in parse_html(short).entities if e["type"] == "text_link"]
    assert [e["url"] for e in links] == ["https://x.y/?a=1&b=2"]


def test_shorten_escapes_the_ellipsis_and_needs_room_for_it() -> None:
    assert shorten_html("a b c d e f", 6, ellipsis=" &") == "a b &amp;"
    with pytest.raises(ValueError):
        shorten_html("a b c d e f", 2, ellipsis=" &")
