"""Text that remembers where each of its characters came from in the source."""

from __future__ import annotations

GLYPHS = {"\uf0b7": "•", "\uf0a7": "•", "\uf0d8": "•", "\u00a0": " ", "\t": " "}


class MappedText:
    """Whitespace-collapsed text plus, for every character, its offset in the source."""

    __slots__ = ("_chars", "offsets")

    def __init__(self) -> None:
        self._chars: list[str] = []
        self.offsets: list[int] = []

    @property
    def text(self) -> str:
        """The collapsed text."""
        return "".join(self._chars)

    def append_line(self, raw: str, start: int) -> None:
        """Append one source line (starting at ``start``), collapsing its whitespace."""
        pending_space = bool(self._chars)
        for i, char in enumerate(raw):
            char = GLYPHS.get(char, char)
            if char.isspace():
                pending_space = bool(self._chars)
                continue
            if pending_space and self._chars and self._chars[-1] != " ":
                self._chars.append(" ")
                self.offsets.append(start + i - 1)
            pending_space = False
            self._chars.append(char)
            self.offsets.append(start + i)

    def source_start(self) -> int:
        """Source offset of the first character."""
        return self.offsets[0] if self.offsets else 0

    def span(self, begin: int, end: int) -> tuple[int, int]:
        """Source offsets ``[start, end)`` of the collapsed slice ``[begin, end)``."""
        if not self.offsets or begin >= end:
            return (0, 0)
        return self.offsets[begin], self.offsets[end - 1] + 1

    def slice(self, begin: int, end: int) -> MappedText:
        """A new mapped text with the characters ``[begin, end)``."""
        out = MappedText()
        out._chars = self._chars[begin:end]
        out.offsets = self.offsets[begin:end]
        return out

    def __len__(self) -> int:
        return len(self._chars)
