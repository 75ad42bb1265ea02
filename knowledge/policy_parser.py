"""Structure parser for the policy text (PDF extracted to plain text).

It removes page furniture (the DNP address block, repeated table headers), lifts footnotes
out of the running text, recognises the document's headings (Introducción, Contexto,
Lineamientos, numbered sections, Etapas, Pasos, Cuadros and minor sub-headings) and yields
`Section` objects whose text keeps a map back to offsets in the source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from knowledge.mapped_text import MappedText

NOISE_LINE = re.compile(
    r"^\s*(?:https?://)?www\.dnp\.gov\.co/?\s*$"
    r"|^\s*Calle 26 N 13-19.*$"
    r"|^\s*D\.C\., Colombia\s*$"
    r"|^\s*PBX 381 5000\s*$"
    r"|^\s*HACIA LA INTEGRACIÓN DE UN NUEVO MODELO DE\s*$|^\s*TRABAJO\s*$"
    r"|^\s*Concepto clave Definición en el contexto de la lógica de trabajo de la ATT\s*$"
)
FIGURE_LABEL = re.compile(r"^[A-H]\.\s+[A-ZÁÉÍÓÚ]")
"""A figure's lettered callout («A. Pluralidad de estrategias para llegar a territorio»)
printed where the page breaks; followed by a credit or by the rest of a sentence, it is
not a heading of the running text."""
FOOTNOTE_SEPARATOR = re.compile(r"^ {20,}$")
PAGE_START = re.compile(r"^ \S")
FOOTNOTE_START = re.compile(r"^\s*(\d{1,3})\s{1,3}(\S.*)$")

LINEAMIENTO = re.compile(r"^Lineamiento (\d)\.\s+(.+?)\s*$")
NUMBERED = re.compile(r"^(\d)\.(\d)\.(?:(\d)\.)?\s+(.+?)\s*$")
STAGE_GOAL = re.compile(r"^Objetivo de la [Ee]tapa (\d)\s*:?\s*$")
STAGE = re.compile(r"^Etapa (\d):\s*(.+?)\s*$")
STEP = re.compile(r"^Paso (\d{1,2})\s*[:.]\s*(.+?)\s*$")
TABLE = re.compile(r"^Cuadro No (\d+)\.?\s*(.+?)\s*$")
TOP_LEVEL = {"Introducción": "Introducción", "Contexto de la Política": "Contexto"}
SIDEBAR = re.compile(
    r"^(Conceptos|a tener en|cuenta|Herramientas|de esta etapa|Fuente:|Gráfico|Nombre:)", re.I
)
LETTERED = re.compile(r"^[a-h]\.\s+[A-ZÁÉÍÓÚ]")
TERMINAL = (".", ":", "?", "!", ";")
FOOTNOTE_MARK = re.compile(r"(?<=[^\d\s])\d{1,2}$")

# Lineamiento 2 names its four stages only in a figure and in "la primera etapa hace
# referencia al pre-diseño…"; these labels come from that paragraph (2.2.3).
STAGE_NAMES_L2 = {
    "1": "Pre-diseño",
    "2": "Diseño",
    "3": "Operación (activación en territorio)",
    "4": "Seguimiento y evaluación",
}

LEVELS = ("top", "section", "subsection", "stage", "step", "table", "minor")


@dataclass
class Line:
    """One source line with its offset."""

    start: int
    raw: str

    @property
    def text(self) -> str:
        return self.raw.strip()


@dataclass
class Footnote:
    """A footnote lifted out of the running text."""

    number: str
    text: MappedText
    breadcrumb: str


@dataclass
class Section:
    """A run of text under one breadcrumb."""

    breadcrumb: str
    levels: dict[str, str]
    text: MappedText = field(default_factory=MappedText)
    lines: list[Line] = field(default_factory=list)


def split_lines(text: str) -> list[Line]:
    """Split ``text`` into lines that remember their start offset."""
    lines, pos = [], 0
    for raw in text.split("\n"):
        lines.append(Line(pos, raw))
        pos += len(raw) + 1
    return lines


def remove_furniture(lines: list[Line]) -> tuple[list[Line], list[tuple[str, list[Line]]]]:
    """Drop noise lines and lift footnote blocks out of the flow.

    Returns the remaining lines and the footnotes as ``(number, lines)``; a block that
    continues the previous page's footnote is appended to it.
    """
    body: list[Line] = []
    notes: list[tuple[str, list[Line]]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if NOISE_LINE.match(line.raw) or _floating_label(lines, i):
            i += 1
            continue
        if FOOTNOTE_SEPARATOR.match(line.raw):
            i += 1
            while i < len(lines) and not PAGE_START.match(lines[i].raw):
                note_line = lines[i]
                match = FOOTNOTE_START.match(note_line.raw)
                if match and (not notes or _plausible_next(notes[-1][0], match.group(1))):
                    notes.append((match.group(1), [note_line]))
                elif notes and note_line.text and not NOISE_LINE.match(note_line.raw):
                    notes[-1][1].append(note_line)
                i += 1
            continue
        body.append(line)
        i += 1
    return body, notes


def _floating_label(lines: list[Line], index: int) -> bool:
    """A figure's callout (`FIGURE_LABEL`) whose next line continues a sentence (starts in
    lower case) or credits the figure («Fuente: …»)."""
    if not FIGURE_LABEL.match(lines[index].text):
        return False
    following = next((ln.text for ln in lines[index + 1 :] if ln.text), "")
    return following[:1].islower() or following.startswith("Fuente:")


def _plausible_next(previous: str, candidate: str) -> bool:
    return 0 < int(candidate) - int(previous) <= 3


class PolicyParser:
    """Turns the policy's lines into sections with breadcrumbs."""

    def __init__(self) -> None:
        self.levels: dict[str, str] = {}
        self.sections: list[Section] = []
        self.current = Section(breadcrumb="Portada", levels={})
        self.table: str | None = None
        self.last_text = ""
        self.lineamiento = ""

    def parse(self, lines: list[Line]) -> list[Section]:
        """Parse body lines (furniture already removed)."""
        for index, line in enumerate(lines):
            heading = self._heading(line, lines, index)
            if heading is not None:
                level, title = heading
                self._open(level, title)
            self.current.lines.append(line)
            if line.text.startswith("Fuente:"):
                # The credit under a figure or table ends the table; it is not text (joined
                # to the next line it glued «DNP (2022) Dirección…» to a sentence).
                if self.levels.get("table"):
                    self._leave_table()
                continue
            if line.text:
                self.current.text.append_line(line.raw, line.start)
                self.last_text = line.text
        self._close()
        return [s for s in self.sections if s.text.text.strip()]

    # -- headings ---------------------------------------------------------------------
    def _heading(self, line: Line, lines: list[Line], index: int) -> tuple[str, str] | None:
        text = line.text
        if not text:
            return None
        for prefix, label in TOP_LEVEL.items():
            if text.startswith(prefix) and len(text) < 70:
                self.lineamiento = ""
                return "top", label
        if match := LINEAMIENTO.match(text):
            self.lineamiento = match.group(1)
            title = _with_continuation(match.group(2), lines, index, max_len=12)
            return "top", f"Lineamiento {match.group(1)}: {title}"
        if (match := NUMBERED.match(text)) and match.group(1) == self.lineamiento:
            number = ".".join(g for g in match.groups()[:3] if g)
            title = _with_continuation(match.group(4), lines, index, max_len=40)
            return ("subsection" if match.group(3) else "section"), f"{number} {title}"
        if match := STAGE_GOAL.match(text):
            if self.levels.get("stage", "").startswith(f"Etapa {match.group(1)}"):
                return None
            name = STAGE_NAMES_L2.get(match.group(1)) if self.lineamiento == "2" else None
            return "stage", f"Etapa {match.group(1)}" + (f": {name}" if name else "")
        if match := STAGE.match(text):
            return "stage", f"Etapa {match.group(1)}: {match.group(2)}"
        if match := STEP.match(text):
            title = _step_title(match.group(2), lines, index)
            return "step", f"Paso {match.group(1)}: {title}"
        if match := TABLE.match(text):
            return "table", f"Cuadro No {match.group(1)}. {match.group(2)}"
        if self._is_minor_heading(line, lines, index):
            return "minor", text.rstrip(":").rstrip("0123456789")
        return None

    def _is_minor_heading(self, line: Line, lines: list[Line], index: int) -> bool:
        text = line.text
        if self.levels.get("table") or not (3 <= len(text) <= 80) or SIDEBAR.match(text):
            return False
        if not (text[0].isupper() or LETTERED.match(text)) or text.endswith((".", ",", ";", ":")):
            return False
        words = text.split()
        if len(words) > 12 or text[0] in "•" or words[0].lower().endswith(("ar", "er", "ir")):
            return False
        noted = bool(FOOTNOTE_MARK.search(text))
        # A short title with a footnote mark glued to its last word («Foco de la llegada a
        # territorio del DNP9») is a heading even after a paragraph the PDF left unfinished.
        if (
            self.last_text
            and not self.last_text.endswith(TERMINAL + ("”",))
            and not (noted and len(words) >= 3)
        ):
            return False
        following = _next_text(lines, index)
        return bool(following) and (following[0].isupper() or following[0] in '•¿“"')

    def _open(self, level: str, title: str) -> None:
        self._close()
        title = FOOTNOTE_MARK.sub("", title).strip()
        depth = LEVELS.index(level)
        self.levels = {k: v for k, v in self.levels.items() if LEVELS.index(k) < depth}
        self.levels[level] = title
        crumb = " > ".join(self.levels[k] for k in LEVELS if k in self.levels)
        self.current = Section(breadcrumb=crumb, levels=dict(self.levels))

    def _leave_table(self) -> None:
        parent = [k for k in LEVELS if k in self.levels and k != "table"]
        if parent:
            last = parent[-1]
            self._open(last, self.levels[last])

    def _close(self) -> None:
        if self.current.text.text.strip():
            self.sections.append(self.current)


def _next_text(lines: list[Line], index: int) -> str:
    for line in lines[index + 1 : index + 6]:
        if line.text:
            return line.text
    return ""


def _with_continuation(title: str, lines: list[Line], index: int, *, max_len: int) -> str:
    if title.endswith(TERMINAL):
        return title.rstrip(".")
    following = _next_text(lines, index)
    continues = following[:1].islower() or following[:1].isdigit() or following.isupper()
    if following and len(following) <= max_len and continues:
        title = f"{title} {following}"
    return title.rstrip(".").strip()


def _step_title(title: str, lines: list[Line], index: int) -> str:
    """A step's title: the sentence up to its first period, or the wrapped line."""
    if ". " in title:
        return title.split(". ", 1)[0]
    following = _next_text(lines, index)
    if following and following[0].islower() and not title.endswith(TERMINAL):
        title = f"{title} {following}"
    return title.rstrip(".").strip()


def footnotes_with_context(
    notes: list[tuple[str, list[Line]]], sections: list[Section]
) -> Iterator[Footnote]:
    """Footnotes with the breadcrumb of the section that was running where they sat."""
    starts = [(s.text.source_start(), s.breadcrumb) for s in sections if s.text.offsets]
    for number, note_lines in notes:
        mapped = MappedText()
        first = note_lines[0]
        match = FOOTNOTE_START.match(first.raw)
        skip = first.raw.index(match.group(2)) if match else 0
        mapped.append_line(first.raw[skip:], first.start + skip)
        for line in note_lines[1:]:
            mapped.append_line(line.raw, line.start)
        crumb = "Portada"
        for start, breadcrumb in starts:
            if start > first.start:
                break
            crumb = breadcrumb
        yield Footnote(number=number, text=mapped, breadcrumb=crumb)
