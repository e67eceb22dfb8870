"""Long texts in Telegram's HTML parse mode made to fit: split into several messages
(`split_html`) or shortened with an ellipsis (`shorten_html`), never breaking the HTML.

Lengths are counted exactly as `bot.sandbox.rules.parse_text` counts them: the plain text after
entity parsing, one per character (code point); tags cost nothing and `&amp;` is one character.

A cut goes at the best boundary within reach: a blank line, then a line break (before a list item
`•`, `-`, `1.` first), a sentence end (。！？.!?), a space (or ，、；：), any character; a cut
where no element is open beats one inside an element, and a cut in the second half of the room
beats any in the first half (so a part is never needlessly short). A cut inside an element closes
the open tags at the end of the part and reopens them, attributes and all, at the start of the
next. Cuts never fall inside a tag or an entity, nor inside a character made of several code
points (base + combining marks, ZWJ sequences, skin tones, flags) unless it alone is longer than
the room. Whitespace at a cut is dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html import escape

from bot.sandbox.rules import MAX_TEXT, parse_html

__all__ = ["shorten_html", "split_html", "text_length"]

# Boundary kinds, best last.
ATOM, CHAR, SPACE, SENTENCE, LINE, ITEM, BLANK = range(7)

_TOKEN = re.compile(r"""
    <(?P<end>/)?\s*(?P<tag>[a-zA-Z][^\s/>]*)(?P<attrs>(?:"[^"]*"|'[^']*'|[^'">])*)>
  | &(?P<ref>\#[xX][0-9a-fA-F]+|\#[0-9]+|[a-zA-Z][-.a-zA-Z0-9]*);?
  | [\s\S]
""", re.VERBOSE)
_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ITEM = re.compile(r"[ \t]*(?:[•·◦▪‣*\-–—]|\d{1,3}[.)、．）])")
_ENDS, _CJK_ENDS = "。！？.!?…", "。！？"
_CLOSERS = "\"')]}”’」』）】》"
_CLAUSES = "，、；：,;"
_ZWJ = "\u200d"


def text_length(html: str) -> int:
    """How long Telegram counts a text in the HTML parse mode (refuses malformed HTML)."""
    return len(parse_html(html).text)


def split_html(html: str, limit: int = MAX_TEXT) -> list[str]:
    """Parts, in order, that together show the text of `html`: each valid HTML on its own and
    at most `limit` characters long. A text that fits comes back as `[html]` unchanged.
    `html` must be valid in Telegram's HTML parse mode (`TelegramError` otherwise)."""
    if limit < 1:
        raise ValueError("limit must be positive")
    if text_length(html) <= limit:
        return [html]
    doc = _Doc(html)
    parts: list[str] = []
    start, stack = 0, ()
    while start < doc.n:
        keep = doc.skip_space(start) if start else 0
        end = doc.n if doc.trim(keep, doc.n) - keep <= limit else doc.best_cut(keep, limit)
        stop = doc.trim(keep, end)
        part, stack_after = doc.render(start, stack, keep, stop, end)
        if doc.text[keep:stop].strip():
            parts.append(part)
        start, stack = end, stack_after
    return parts


def shorten_html(html: str, limit: int, ellipsis: str = "…") -> str:
    """The start of `html` followed by `ellipsis` (plain text), at most `limit` characters in
    all, valid HTML (open tags closed); `html` unchanged when it fits."""
    if text_length(html) <= limit:
        return html
    if limit - len(ellipsis) < 1:
        raise ValueError("limit leaves no room beside the ellipsis")
    doc = _Doc(html)
    end = doc.best_cut(0, limit - len(ellipsis))
    part, _ = doc.render(0, (), 0, doc.trim(0, end), end)
    return part + escape(ellipsis, quote=False)


@dataclass(frozen=True)
class _Token:
    raw: str  # as written
    char: str = ""  # for text: the one character it shows
    tag: str = ""  # for tags: the name, lower case
    end: bool = False  # a closing tag


def _tokens(html: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(html):
        raw, tag, ref = match.group(), match.group("tag"), match.group("ref")
        if tag:
            tag = tag.lower()
            if match.group("end"):
                tokens.append(_Token(raw, tag=tag, end=True))
            elif match.group("attrs").rstrip().endswith("/"):  # <b/>: opened and closed
                tokens += [_Token(f"<{tag}>", tag=tag), _Token(f"</{tag}>", tag=tag, end=True)]
            else:
                tokens.append(_Token(raw, tag=tag))
        elif ref:
            char = (_ENTITIES[ref] if ref in _ENTITIES else
                    chr(int(ref[2:], 16)) if ref[1:2] in "xX" else chr(int(ref[1:])))
            tokens.append(_Token(raw, char=char))
        else:
            tokens.append(_Token(raw, char=raw))
    return tokens


def _glued(a: str, b: str, indicators: int) -> bool:
    """Whether `a` and `b` belong to one character as people see it (a cheap approximation of
    Unicode grapheme clusters). `indicators`: regional indicators in a row ending with `a`."""
    if a == _ZWJ or b == _ZWJ or (a, b) == ("\r", "\n"):
        return True
    code = ord(b)
    if unicodedata.category(b).startswith("M") or 0x1F3FB <= code <= 0x1F3FF \
            or 0xE0020 <= code <= 0xE007F:  # marks, variation selectors, skin tones, flag tags
        return True
    return indicators % 2 == 1 and 0x1F1E6 <= code <= 0x1F1FF  # the second half of a flag


def _ends_sentence(text: str, p: int) -> bool:
    """Whether the text before `p` (past whitespace and closing quotes) ends a sentence; Latin
    punctuation only counts with whitespace after it (3.14 and example.com do not)."""
    j = p - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    spaced = j < p - 1
    while j >= 0 and text[j] in _CLOSERS:
        j -= 1
    return j >= 0 and text[j] in _ENDS and (spaced or text[j] in _CJK_ENDS)


def _kinds(text: str) -> list[int]:
    """The kind of boundary at each position p (between text[p-1] and text[p]), 0 < p ≤ n."""
    kinds = [ATOM] * (len(text) + 1)
    blank_so_far, after_newline, indicators = True, False, 0
    for p in range(1, len(text) + 1):
        a, b = text[p - 1], text[p] if p < len(text) else " "
        indicators = indicators + 1 if 0x1F1E6 <= ord(a) <= 0x1F1FF else 0
        if a == "\n":
            blank_line = after_newline and blank_so_far
            blank_so_far, after_newline = True, True
        elif not a.isspace():
            blank_so_far = False
        if _glued(a, b, indicators):
            continue
        if a == "\n":
            kinds[p] = BLANK if blank_line else ITEM if _ITEM.match(text, p) else LINE
        elif b.isspace() or b in _CLOSERS:
            kinds[p] = CHAR  # the cut goes after the whitespace (or quote), not before it
        elif _ends_sentence(text, p):
            kinds[p] = SENTENCE
        else:
            kinds[p] = SPACE if a.isspace() or a in _CLAUSES else CHAR
    return kinds


class _Doc:
    """A valid HTML text as tokens, with what a cut at each text position p would mean."""

    def __init__(self, html: str) -> None:
        self.tokens = _tokens(html)
        self.text = "".join(token.char for token in self.tokens)
        self.n = len(self.text)
        self.kinds = _kinds(self.text)
        # cut[p]: the token a part cut at p continues from (closing tags stay with the text
        # before the cut, opening tags go with the text after it); depth[p]: elements open there
        self.cut = [0] * (self.n + 1)
        self.depth = [0] * (self.n + 1)
        self.position = [0] * len(self.tokens)  # text position of each token
        depth, p = 0, 0
        for i, token in enumerate(self.tokens):
            self.position[i] = p
            if token.char:
                p += 1
            elif token.end:
                depth -= 1
            else:
                depth += 1
            if token.char or token.end:
                self.cut[p], self.depth[p] = i + 1, depth
        self.cut[self.n] = len(self.tokens)

    def best_cut(self, start: int, room: int) -> int:
        """Where a part starting at text position `start` ends, at most `room` further on."""
        half, end = start + room // 2, min(self.n, start + room)
        shown = next((p for p in range(start, end) if not self.text[p].isspace()), start)
        return max(range(shown + 1, end + 1),  # a part shows something
                   key=lambda p: (self.kinds[p] > ATOM, p >= half, self.depth[p] == 0,
                                  self.kinds[p], p))

    def trim(self, start: int, end: int) -> int:
        """The end of a part without the whitespace before its cut."""
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return end

    def skip_space(self, start: int) -> int:
        """Where a part that follows a cut at `start` begins: after the whitespace there."""
        while start < self.n and self.text[start].isspace():
            start += 1
        return start

    def render(self, start: int, stack: tuple[_Token, ...], keep: int, stop: int,
               end: int) -> tuple[str, tuple[_Token, ...]]:
        """The HTML of the part cut at `start` and `end` showing text[keep:stop] (`stack`: the
        elements open at `start`), and the elements open at `end`."""
        out, open_ = list(stack), list(stack)
        for i in range(self.cut[start] if start else 0, self.cut[end]):
            token = self.tokens[i]
            if token.char:
                if keep <= self.position[i] < stop:
                    out.append(token)
                continue
            if token.end:
                open_.pop()
            else:
                open_.append(token)
            out.append(token)
        out += [_Token(f"</{t.tag}>", tag=t.tag, end=True) for t in reversed(open_)]
        kept: list[_Token] = []
        for token in out:  # elements left without text are dropped
            if token.end and kept and kept[-1].tag and not kept[-1].end:
                kept.pop()
            else:
                kept.append(token)
        return "".join(t.raw for t in kept), tuple(open_)
