"""Markdown (what answers, FAQ entries and the intake write) as plain-text dialects: Slack's
mrkdwn and the terminal's plain text.

Slack's mrkdwn is not Markdown: ``**bold**`` shows its asterisks, ``[text](url)`` and ``# title``
show as typed. Text fields of sections and contexts only take mrkdwn, so everything Markdown
that goes into one passes through `to_mrkdwn`, which parses it (markdown-it, CommonMark) and
writes Slack's syntax: ``*bold*``, ``_italic_``, ``<url|text>``, headings as bold lines, lists
as «•»/«1.» lines and paragraphs separated by a blank line (never joined into one line).
`to_plain_text` walks the same way and writes no marks at all (links as «text (url)»), for a
terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

_PARSER = MarkdownIt("commonmark")


def escape(text: str) -> str:
    """Text safe for Slack mrkdwn (``&``, ``<`` and ``>`` escaped)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _as_typed(text: str) -> str:
    return text


@dataclass(frozen=True)
class _Dialect:
    """How one text format writes Markdown's inline marks."""

    strong: str
    emphasis: str
    strike: str
    code: str
    slack_links: bool = False
    """Links as Slack's ``<url|text>`` (else «text (url)»)."""
    escape: Callable[[str], str] = _as_typed

    def escaped(self, text: str) -> str:
        return self.escape(text)

    def link(self, href: str, label: str) -> str:
        if not href:
            return label
        if self.slack_links:
            return f"<{self.escape(href)}|{label}>"
        return label if label == href else f"{label} ({href})"

    def heading(self, text: str) -> str:
        return f"{self.strong}{text.replace('*', '') if self.strong else text}{self.strong}"


MRKDWN = _Dialect(strong="*", emphasis="_", strike="~", code="`", slack_links=True, escape=escape)
PLAIN = _Dialect(strong="", emphasis="", strike="", code="")


def _inline(tokens: list[Token], dialect: _Dialect) -> str:
    out: list[str] = []
    link: list[str] = []
    marks = {
        "strong_open": dialect.strong,
        "strong_close": dialect.strong,
        "em_open": dialect.emphasis,
        "em_close": dialect.emphasis,
        "s_open": dialect.strike,
        "s_close": dialect.strike,
    }
    for token in tokens:
        kind = token.type
        if kind in marks:
            out.append(marks[kind])
        elif kind == "code_inline":
            out.append(f"{dialect.code}{dialect.escaped(token.content)}{dialect.code}")
        elif kind in {"softbreak", "hardbreak"}:
            out.append("\n")
        elif kind == "link_open":
            link.append(str(token.attrs.get("href") or ""))
            out.append("\0")
        elif kind == "link_close":
            href = link.pop() if link else ""
            start = len(out) - 1 - out[::-1].index("\0")
            label = "".join(out[start + 1 :])
            del out[start:]
            out.append(dialect.link(href, label))
        else:  # text, image, html_inline and anything else: shown as typed (escaped)
            out.append(dialect.escaped(token.content))
    return "".join(out)


class _Writer:
    """Walks markdown-it's block tokens and collects the lines of one dialect."""

    def __init__(self, dialect: _Dialect) -> None:
        self.dialect = dialect
        self.blocks: list[str] = []
        self.lists: list[list[int]] = []  # per open list: [next number], [-1] for bullets
        self.prefix = ""
        self.quote = 0

    def open_item(self) -> None:
        counter = self.lists[-1]
        indent = "    " * (len(self.lists) - 1)
        if counter[0] < 0:
            self.prefix = f"{indent}• "
        else:
            self.prefix = f"{indent}{counter[0]}. "
            counter[0] += 1

    def close_list(self) -> None:
        self.lists.pop()
        if not self.lists:
            self.blocks.append("\n")

    def inline(self, token: Token) -> None:
        text = _inline(token.children or [], self.dialect)
        if self.prefix:
            text, self.prefix = f"{self.prefix}{text}", ""
        elif self.lists:
            text = f"{'    ' * len(self.lists)}{text}"
        if self.quote:
            text = "\n".join(f"> {line}" for line in text.split("\n"))
        self.blocks.append(text)

    def close_heading(self) -> None:
        heading = self.blocks.pop() if self.blocks else ""
        self.blocks.append(self.dialect.heading(heading))

    def token(self, token: Token) -> None:
        kind = token.type
        if kind == "bullet_list_open":
            self.lists.append([-1])
        elif kind == "ordered_list_open":
            self.lists.append([int(token.attrs.get("start") or 1)])
        elif kind in {"bullet_list_close", "ordered_list_close"}:
            self.close_list()
        elif kind == "list_item_open":
            self.open_item()
        elif kind in {"blockquote_open", "blockquote_close"}:
            self.quote += 1 if kind == "blockquote_open" else -1
        elif kind == "inline":
            self.inline(token)
        elif kind == "heading_close":
            self.close_heading()
        elif kind in {"fence", "code_block"}:
            fence = "```" if self.dialect.code else ""
            self.blocks.append(f"{fence}{self.dialect.escaped(token.content.rstrip())}{fence}")
        elif kind == "hr":
            self.blocks.append("───")
        elif kind == "paragraph_close" and not self.lists:
            self.blocks.append("\n")


def _written(markdown: str, dialect: _Dialect) -> str:
    writer = _Writer(dialect)
    for token in _PARSER.parse(markdown or ""):
        writer.token(token)
    return _join(writer.blocks)


def to_mrkdwn(markdown: str) -> str:
    """``markdown`` written in Slack's mrkdwn, its paragraphs and lists kept."""
    return _written(markdown, MRKDWN)


def to_plain_text(markdown: str) -> str:
    """``markdown`` as plain text without marks (for a terminal), paragraphs and lists kept."""
    return _written(markdown, PLAIN)


def _join(blocks: list[str]) -> str:
    lines: list[str] = []
    for block in blocks:
        if block == "\n":
            if lines and lines[-1] != "":
                lines.append("")
            continue
        lines.append(block)
    return "\n".join(lines).strip()


def pieces(text: str, limit: int) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, split between paragraphs or lines
    (never inside a line that fits), and a longer line between words: nothing is lost."""
    result: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            cut = line[:limit].rsplit(" ", 1)[0] or line[:limit]
            if current:
                result.append(current)
                current = ""
            result.append(cut)
            line = line[len(cut) :].lstrip()
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            result.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        result.append(current)
    return [piece.strip("\n") for piece in result if piece.strip()]


def clip(text: str, limit: int) -> str:
    """``text`` (line breaks kept) cut between words to at most ``limit`` characters, «…»."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    return f"{cut[:space] if space > 0 else cut}…"


__all__ = ["clip", "escape", "pieces", "to_mrkdwn", "to_plain_text"]
