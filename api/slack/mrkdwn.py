"""Markdown (what answers, FAQ entries and the intake write) as Slack mrkdwn.

Slack's mrkdwn is not Markdown: ``**bold**`` shows its asterisks, ``[text](url)`` and ``# title``
show as typed. Text fields of sections and contexts only take mrkdwn, so everything Markdown
that goes into one passes through `to_mrkdwn`, which parses it (markdown-it, CommonMark) and
writes Slack's syntax: ``*bold*``, ``_italic_``, ``<url|text>``, headings as bold lines, lists
as «•»/«1.» lines and paragraphs separated by a blank line (never joined into one line).
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

_PARSER = MarkdownIt("commonmark")


def escape(text: str) -> str:
    """Text safe for Slack mrkdwn (``&``, ``<`` and ``>`` escaped)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _inline(tokens: list[Token]) -> str:
    out: list[str] = []
    link: list[str] = []
    for token in tokens:
        kind = token.type
        if kind in {"strong_open", "strong_close"}:
            out.append("*")
        elif kind in {"em_open", "em_close"}:
            out.append("_")
        elif kind in {"s_open", "s_close"}:
            out.append("~")
        elif kind == "code_inline":
            out.append(f"`{escape(token.content)}`")
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
            out.append(f"<{escape(href)}|{label}>" if href else label)
        elif kind == "image":
            out.append(escape(token.content))
        else:  # text, html_inline and anything else: shown as typed, escaped
            out.append(escape(token.content))
    return "".join(out)


class _Writer:
    """Walks markdown-it's block tokens and collects mrkdwn lines."""

    def __init__(self) -> None:
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
        text = _inline(token.children or [])
        if self.prefix:
            text, self.prefix = f"{self.prefix}{text}", ""
        elif self.lists:
            text = f"{'    ' * len(self.lists)}{text}"
        if self.quote:
            text = "\n".join(f"> {line}" for line in text.split("\n"))
        self.blocks.append(text)

    def close_heading(self) -> None:
        heading = self.blocks.pop() if self.blocks else ""
        self.blocks.append(f"*{heading.replace('*', '')}*")

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
            self.blocks.append(f"```{escape(token.content.rstrip())}```")
        elif kind == "hr":
            self.blocks.append("───")
        elif kind == "paragraph_close" and not self.lists:
            self.blocks.append("\n")


def to_mrkdwn(markdown: str) -> str:
    """``markdown`` written in Slack's mrkdwn, its paragraphs and lists kept."""
    writer = _Writer()
    for token in _PARSER.parse(markdown or ""):
        writer.token(token)
    return _join(writer.blocks)


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


__all__ = ["clip", "escape", "pieces", "to_mrkdwn"]
