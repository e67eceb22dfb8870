"""Telegram's rules that matter to us, in one place: the HTML parse mode, the limits on texts,
captions and callback data, and when an edit "is not modified".

The sandbox Bot API server (`bot.sandbox.botapi`) and the in-process fake used by the
conversation tests (`tests/support/telegram.py`) both refuse through these functions, so the two
cannot drift apart. Descriptions are Telegram's own ("Bad Request: …").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
                "tg-spoiler", "span", "blockquote", "tg-emoji"}
# One name per kind of formatting (what the web chat renders and the entity type it becomes).
CANONICAL = {"strong": "b", "em": "i", "ins": "u", "strike": "s", "del": "s",
             "span": "tg-spoiler"}
ENTITY_TYPES = {"b": "bold", "i": "italic", "u": "underline", "s": "strikethrough",
                "tg-spoiler": "spoiler", "a": "text_link", "code": "code", "pre": "pre",
                "blockquote": "blockquote", "tg-emoji": "custom_emoji"}

MAX_TEXT = 4096  # characters of a message after entity parsing
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64  # bytes
MAX_CALLBACK_ANSWER = 200
DOWNLOAD_LIMIT = 20 * 1024 * 1024  # getFile: bots cannot download bigger files
UPLOAD_LIMIT = 50 * 1024 * 1024  # what a bot may upload
PHOTO_UPLOAD_LIMIT = 10 * 1024 * 1024
MAX_ALBUM = 10


class TelegramError(Exception):
    """A refusal, answered as {"ok": false, "error_code": code, "description": description}."""

    def __init__(self, code: int, description: str,
                 parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.code,
                                "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(description: str) -> TelegramError:
    return TelegramError(400, f"Bad Request: {description}")


def utf16_len(text: str) -> int:
    """Entity offsets and lengths are counted in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Parsed:
    """A text in Telegram's HTML parse mode, parsed: the plain text people read, its entities
    (as the Bot API returns them) and a tree of the allowed formatting (for the web chat:
    strings and {"tag", "children", "href"?, "language"?} nodes, nothing else)."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)
    tree: list[Any] = field(default_factory=list)


class _HtmlParser(HTMLParser):
    """Telegram's HTML parse mode: known tags, properly nested; a stray `<` or `&` is an error."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        # (tag as written, canonical tag, offset where it starts, its tree node)
        self.stack: list[tuple[str, str, int, dict[str, Any]]] = []
        self.text: list[str] = []
        self.units = 0  # UTF-16 units so far
        self.entities: list[dict[str, Any]] = []
        self.tree: list[Any] = []

    def _children(self) -> list[Any]:
        return self.stack[-1][3]["children"] if self.stack else self.tree

    def _append(self, text: str) -> None:
        self.text.append(text)
        self.units += utf16_len(text)
        children = self._children()
        if children and isinstance(children[-1], str):
            children[-1] += text
        else:
            children.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            raise bad_request(f"can't parse entities: unsupported start tag \"{tag}\"")
        canonical = CANONICAL.get(tag, tag)
        values = {name: value or "" for name, value in attrs}
        node: dict[str, Any] = {"tag": canonical, "children": []}
        if canonical == "a":
            node["href"] = values.get("href", "")
        elif canonical == "code" and values.get("class", "").startswith("language-"):
            node["language"] = values["class"].removeprefix("language-")
        elif canonical == "tg-emoji":
            node["emoji_id"] = values.get("emoji-id", "")
        elif canonical == "blockquote" and "expandable" in values:
            node["expandable"] = True
        self._children().append(node)
        self.stack.append((tag, canonical, self.units, node))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1][0] != tag:
            raise bad_request(f"can't parse entities: unexpected end tag \"{tag}\"")
        _, canonical, start, node = self.stack.pop()
        length = self.units - start
        if length <= 0:
            return
        entity: dict[str, Any] = {"type": ENTITY_TYPES[canonical], "offset": start,
                                  "length": length}
        if canonical == "a":
            entity["url"] = node["href"]
        elif canonical == "tg-emoji":
            entity["custom_emoji_id"] = node["emoji_id"]
        elif canonical == "blockquote" and node.get("expandable"):
            entity["type"] = "expandable_blockquote"
        elif canonical == "code" and self.stack and self.stack[-1][1] == "pre":
            return  # <pre><code class="language-x"> is one pre entity with a language
        elif canonical == "pre":
            inner = [c for c in node["children"] if isinstance(c, dict) and c["tag"] == "code"]
            if inner and inner[0].get("language"):
                entity["language"] = inner[0]["language"]
        self.entities.append(entity)

    def handle_data(self, data: str) -> None:
        if "<" in data or ">" in data:
            raise bad_request("can't parse entities: unescaped angle bracket")
        if "&" in data:
            raise bad_request("can't parse entities: unescaped ampersand")
        self._append(data)

    def handle_entityref(self, name: str) -> None:
        if name not in ("lt", "gt", "amp", "quot"):
            raise bad_request(f"can't parse entities: unknown entity &{name};")
        self._append({"lt": "<", "gt": ">", "amp": "&", "quot": '"'}[name])

    def handle_charref(self, name: str) -> None:
        try:
            code = int(name[1:], 16) if name[:1] in ("x", "X") else int(name)
            self._append(chr(code))
        except (ValueError, OverflowError):
            raise bad_request(f"can't parse entities: bad character reference &#{name};") \
                from None

    def handle_comment(self, data: str) -> None:
        raise bad_request("can't parse entities: unsupported start tag \"!--\"")

    def handle_decl(self, decl: str) -> None:
        raise bad_request("can't parse entities: unsupported start tag \"!\"")

    def handle_pi(self, data: str) -> None:
        raise bad_request("can't parse entities: unsupported start tag \"?\"")

    def unknown_decl(self, data: str) -> None:
        raise bad_request("can't parse entities: unsupported start tag \"!\"")


def parse_html(html: str) -> Parsed:
    """Parse a text sent with parse_mode=HTML, refusing what Telegram refuses."""
    parser = _HtmlParser()
    parser.feed(html)
    parser.close()
    if parser.stack:
        raise bad_request("can't parse entities: unclosed tag "
                          f"\"{parser.stack[-1][0]}\"")
    parser.entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return Parsed("".join(parser.text), parser.entities, parser.tree)


def html_to_text(html: str) -> str:
    return parse_html(html).text


def parse_text(text: str | None, parse_mode: str | None, *, caption: bool = False) -> Parsed:
    """A message text or a caption as Telegram would store it, or the refusal."""
    text = text or ""
    mode = (parse_mode or "").lower()
    if mode == "html":
        parsed = parse_html(text)
    elif mode in ("", "none"):
        parsed = Parsed(text, [], [text] if text else [])
    else:  # Markdown is not used by the bot; it is not worth a second parser here
        raise bad_request(f"unsupported parse_mode \"{parse_mode}\"")
    if caption:
        if len(parsed.text) > MAX_CAPTION:
            raise bad_request("message caption is too long")
    else:
        if not parsed.text.strip():
            raise bad_request("message text is empty")
        if len(parsed.text) > MAX_TEXT:
            raise bad_request("message is too long")
    return parsed


def check_text(params: dict[str, Any], key: str = "text") -> str:
    """The plain text of `params[key]` (a message text, or a caption when key="caption")."""
    return parse_text(params.get(key), params.get("parse_mode"), caption=key != "text").text


def check_markup(markup: dict[str, Any] | None) -> None:
    """Inline keyboards: every button has a text and one action; callback data ≤ 64 bytes.
    Reply keyboards: every button has a text."""
    if not markup:
        return
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    for key in ("inline_keyboard", "keyboard"):
        rows = markup.get(key)
        if rows is None:
            continue
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request(f"field \"{key}\" of the keyboard must be an Array of Arrays")
        for row in rows:
            for button in row:
                if isinstance(button, str):  # a reply keyboard may list bare strings
                    button = {"text": button}
                if not isinstance(button, dict) or not button.get("text"):
                    raise bad_request("text buttons are unallowed in the inline keyboard"
                                      if key == "inline_keyboard" else
                                      "keyboard button text must be non-empty")
                if key != "inline_keyboard":
                    continue
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
                    raise bad_request("BUTTON_DATA_INVALID")
                actions = [k for k in button if k != "text"]
                if not actions:
                    raise bad_request("text buttons are unallowed in the inline keyboard")


def inline_markup(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    """The inline keyboard a message keeps (an empty one is none; reply keyboards are not part
    of the message)."""
    if markup and markup.get("inline_keyboard"):
        return {"inline_keyboard": markup["inline_keyboard"]}
    return None


def not_modified(old_text: str, old_entities: list[dict[str, Any]],
                 old_markup: dict[str, Any] | None, new_text: str,
                 new_entities: list[dict[str, Any]], new_markup: dict[str, Any] | None) -> bool:
    """Telegram refuses an edit that changes neither the text, its formatting nor the inline
    keyboard ("message is not modified")."""
    return (old_text == new_text and old_entities == new_entities
            and inline_markup(old_markup) == inline_markup(new_markup))


def refuse_not_modified() -> TelegramError:
    return bad_request("message is not modified: specified new message content and reply "
                       "markup are exactly the same as a current content and reply markup of "
                       "the message")
