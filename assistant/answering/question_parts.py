"""The parts of a question that asks two or more things at once.

Staff ask in one message what the policy answers in two places: «¿Qué es la ficha de
pre-diseño y quién la revisa?», «¿Quién recoge las fotos en terreno? ¿Y si es un evento
grande?». A lead chosen for the whole question tends to answer the part whose words weigh
most and leave the other unanswered; the composer chooses a sentence for each part
(`assistant.answering.lead.lead_sentences`).

A question is split at the end of each «¿…?» it holds, and inside one at a coordinated
interrogative («… y qué / quién / cuál / cómo / dónde / cuándo / cuántos / por qué …»,
«…, y si …», «…, y <otra pregunta con verbo>»). Most questions have one part and are kept
whole. A part without content words of its own («¿y por qué?») stays with the previous one, and
so does everything after a first part that asks nothing (a greeting, a resolved follow-up's
topic).
"""

from __future__ import annotations

import re

from knowledge import content_stems, fold

INTERROGATIVE = r"(qu[eé]|qui[eé]n(es)?|cu[aá]l(es)?|c[oó]mo|d[oó]nde|cu[aá]ndo|cu[aá]nt[oa]s?)"
PREPOSITION = r"((a|al|ante|cada|con|de|desde|en|hasta|para|por|sobre|bajo|entre)\s+)?"
ACCENTED = re.compile(r"^(qué|quién|quiénes|cuál|cuáles|cómo|dónde|cuándo|cuánt[oa]s?)$")
END = re.compile(r"\?+[\s\"”»)]*(?=\S)")
"""The end of one «¿…?» with more text after it."""
COORDINATED = re.compile(rf"\s*,?\s+(?=(y|e)\s+{PREPOSITION}{INTERROGATIVE}\b)", re.IGNORECASE)
"""Before «y qué…», «y en qué…», «y por qué…», «e cuántos…»."""
COMMA_IF = re.compile(r"\s*,\s+(?=y\s+si\b)", re.IGNORECASE)
"""Before «…, y si …» (a second case of the same question)."""
COMMA_AND = re.compile(r"\s*,\s+(?=y\s+)", re.IGNORECASE)
"""Before «…, y …»: a second question when what follows has a verb of its own."""
VERB = re.compile(
    r"\b(es|son|esta|estan|hay|tiene|tienen|debe|deben|puede|pueden|se|sirve|sirven|hace|"
    r"hacen|aplica|aplican|incluye|incluyen|significa|corresponde|va|van)\b"
)
ASKS = re.compile(rf"^{INTERROGATIVE}$", re.IGNORECASE)
OPENING_WORDS = 5
"""A question that asks opens with an interrogative within its first words."""
CONNECTOR = re.compile(r"^[\s¿¡,;:.]*((y|e)\s+)?", re.IGNORECASE)
MIN_CLAUSE_WORDS = 3


def question_parts(question: str) -> tuple[str, ...]:
    """The parts of ``question`` (see the module docstring), each without its «¿», «?» and
    leading «y»; a single-part question comes back whole, as one part."""
    pieces = [p for p in END.split(question) if p.strip()]
    parts: list[str] = []
    for piece in pieces:
        parts.extend(_clauses(piece, accents=_types_accents(question)))
    cleaned = [_clean(p) for p in parts]
    merged: list[str] = []
    for part in cleaned:
        if merged and (not content_stems(part) or not _asks(merged[0])):
            merged[-1] = f"{merged[-1]} {part}".strip()
        elif part:
            merged.append(part)
    if len(merged) < 2:
        return (question.strip(),)
    return tuple(merged)


def _types_accents(question: str) -> bool:
    """The question writes its interrogatives with their accent («qué», not «que»): then an
    unaccented «que» after «y» is a conjunction, not a second question."""
    return any(ACCENTED.match(w) for w in re.findall(r"\w+", question.lower()))


def _clauses(piece: str, *, accents: bool) -> list[str]:
    """One «¿…?» split at its coordinated interrogatives. What comes before its «¿» is
    context: a sentence of its own («Ya vamos a arrancar en campo. ¿Qué implica…») is not
    a part (the whole question is still what the passages are searched with); a clause
    («Para el taller, ¿quién…») belongs to the first part."""
    opening = piece.rfind("¿")
    context = piece[:opening] if opening > 0 else ""
    if context.strip() and _opens_asking(piece[opening:]):
        clauses = _clauses(piece[opening:], accents=accents)
        if len(clauses) < 2:
            return [piece]
        if context.rstrip()[-1:] in ".!:":
            return clauses  # a sentence of its own before the question: chatter
        return [context + clauses[0], *clauses[1:]]
    if not _opens_asking(piece):
        return [piece]  # not a question that opens with an interrogative: kept whole
    out: list[str] = []
    rest = piece
    while True:
        cut = _next_cut(rest, accents=accents)
        if cut is None:
            out.append(rest)
            return out
        out.append(rest[: cut[0]])
        rest = rest[cut[1] :]


def _next_cut(text: str, *, accents: bool) -> tuple[int, int] | None:
    """Where the first second question of ``text`` begins (end of the first, start of the
    second), or None."""
    cuts = []
    for match in COORDINATED.finditer(text):
        word = re.match(rf"(y|e)\s+{PREPOSITION}(\w+)", text[match.end() :], re.IGNORECASE)
        interrogative = word.group(4) if word else ""
        if (accents and not ACCENTED.match(interrogative.lower())) or not _enough(
            text[: match.start()]
        ):
            continue
        cuts.append((match.start(), match.end()))
        break
    for match in COMMA_IF.finditer(text):
        if _enough(text[: match.start()]):
            cuts.append((match.start(), match.end()))
            break
    for match in COMMA_AND.finditer(text):
        after = text[match.end() :]
        if (
            _enough(text[: match.start()])
            and len(after.split()) > MIN_CLAUSE_WORDS
            and VERB.search(fold(after))
        ):
            cuts.append((match.start(), match.end()))
            break
    return min(cuts) if cuts else None


def _asks(text: str) -> bool:
    """``text`` holds an interrogative word (a resolved follow-up, «ficha pre diseño y quién
    la aprueba», opens with the previous topic: that topic is not a question of its own)."""
    return any(ASKS.match(w) for w in re.findall(r"\w+", text))


def _opens_asking(piece: str) -> bool:
    """An interrogative within the first words («¿qué…», «según la política, ¿quién…»)."""
    words = re.findall(r"\w+", piece)[:OPENING_WORDS]
    return any(ASKS.match(w) for w in words)


def _enough(clause: str) -> bool:
    """The clause before a cut asks something of its own (an interrogative and words)."""
    return bool(content_stems(clause)) and len(clause.split()) >= 2


def _clean(part: str) -> str:
    """``part`` without its question marks and leading connector."""
    text = CONNECTOR.sub("", part.strip()).strip()
    return " ".join(text.replace("¿", "").replace("?", "").split())
