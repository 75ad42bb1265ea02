"""What a message in the middle of the intake means: a command, a correction, a policy
question, "why do you ask this?", or simply the answer to the pending question.

Commands are short fixed phrases (compared without accents, case or punctuation) so that an
answer is never mistaken for one. A correction names a field after a verb such as "cambiar" or
"corrige" and may carry the new value ("corrige el problema: …", "cambiar la vigencia a 2027").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from intake.conversation.parsing import bare
from intake.conversation.prompts import field_named
from intake.normalization import NormalizedText


class Command(StrEnum):
    """Conversation commands (the values are the words shown in the help)."""

    SUMMARY = "resumen"
    BACK = "atrás"
    SKIP = "saltar"
    CANCEL = "cancelar"
    SAVE_AND_EXIT = "guardar y salir"
    HELP = "ayuda"
    SEND = "enviar"
    RESUME = "continuar"


_COMMAND_WORDS: dict[str, Command] = {
    **dict.fromkeys(
        ["resumen", "ver resumen", "mostrar resumen", "resumen de la ficha", "ver la ficha"],
        Command.SUMMARY,
    ),
    **dict.fromkeys(
        ["atras", "volver", "volver atras", "anterior", "pregunta anterior", "regresar"],
        Command.BACK,
    ),
    **dict.fromkeys(
        ["saltar", "omitir", "saltar pregunta", "saltar esta pregunta", "saltarla", "no aplica"],
        Command.SKIP,
    ),
    **dict.fromkeys(
        ["cancelar", "cancelar ficha", "cancelar la ficha", "descartar", "descartar ficha"],
        Command.CANCEL,
    ),
    **dict.fromkeys(
        [
            "guardar y salir",
            "guardar",
            "salir",
            "pausar",
            "continuar despues",
            "continuar mas tarde",
            "guardar y continuar despues",
            "guardar y continuar mas tarde",
        ],
        Command.SAVE_AND_EXIT,
    ),
    **dict.fromkeys(["ayuda", "comandos", "que puedo hacer", "help"], Command.HELP),
    **dict.fromkeys(
        ["enviar", "enviar a la der", "enviar ficha", "enviar la ficha", "revisar y enviar"],
        Command.SEND,
    ),
    **dict.fromkeys(
        ["continuar", "continuar mi ficha", "continuar ficha", "retomar", "retomar mi ficha"],
        Command.RESUME,
    ),
}

_WHY = re.compile(
    r"^(?:y\s+)?(?:(?:por\s*que|para\s+que)\s+(?:me\s+|nos\s+)?"
    r"(?:pregunta|preguntas|pide|pides|piden|necesita|necesitan|sirve|es\s+necesari[oa]|"
    r"importa|hay\s+que)|por\s*que\s+(?:este|esta|ese|esa)\s+(?:dato|pregunta|campo))"
)
# Doubts about the pending question said naturally, anywhere in a short message: «pero es que
# de verdad no existe, ¿por qué no puedo ponerlo así?», «¿qué significa esto?», «no entiendo».
_FIELD_DOUBT = re.compile(
    r"(?:\bpor\s*que\s+(?:no\s+(?:puedo|me\s+(?:deja|acepta|lo\s+acepta|la\s+acepta)|"
    r"se\s+puede|sirve|vale|es\s+valid[oa])|(?:me\s+)?(?:lo|la)\s+rechaza|esta\s+mal|"
    r"(?:me\s+)?sale\s+(?:error|eso))|"
    r"\bque\s+(?:significa|quiere\s+decir)\s+(?:esto|eso|esta\s+pregunta|este\s+campo|"
    r"este\s+dato|lo\s+que\s+me\s+pide)\b|\ba\s+que\s+se\s+refiere\b|"
    r"\bque\s+(?:debo|tengo\s+que|hay\s+que)\s+(?:poner|escribir|responder)\b|"
    r"\bque\s+(?:pongo|escribo|respondo)\b|\bno\s+entiendo(?:\s+(?:la\s+pregunta|que\s+"
    r"(?:me\s+)?pide|esto|eso))?\s*$|\bque\s+me\s+(?:esta\s+)?pid(?:e|iendo)\b)"
)
_CORRECTION = re.compile(
    r"^\s*(?:(?:quiero|quisiera|puedo|necesito|me\s+gustaria|hay\s+que|debo|deseo)\s+)?"
    r"(?:cambiar|cambia|cambie|cambio|corregir|corrige|corrija|corrijo|modificar|modifica|"
    r"modifique|editar|edita|edite|actualizar|actualiza|actualice|ajustar|ajusta|ajuste)\b"
    r"\s*(?:(?:el|la|los|las|mi|mis|del|de\s+la|de\s+los|de\s+las)\s+)?"
)
_LEAD_PUNCT = re.compile(r"^\s*[:=\-–—]+\s*")
_LEAD_WORD = re.compile(
    r"^\s*(?:a|por|es|sea|que\s+sea|con|para\s+que\s+diga|que\s+diga|diga)\s+", re.IGNORECASE
)
_QUESTION_START = re.compile(
    r"^(?:que\s+(?:es|son|significa|quiere\s+decir|dice|pasa|hago)|como\s|cual\s|cuales\s|"
    r"cuando\s|donde\s|quien\s|quienes\s|por\s*que\s|para\s+que\s|explique|explicame|"
    r"expliqueme|me\s+explica|no\s+entiendo|en\s+que\s+consiste|que\s+diferencia)"
)


class IntentKind(StrEnum):
    """Kinds of message."""

    COMMAND = "comando"
    WHY = "por_que"
    CORRECTION = "correccion"
    QUESTION = "pregunta"
    ANSWER = "respuesta"


@dataclass(frozen=True)
class Intent:
    """What a message means.

    Attributes:
        kind: The kind of message.
        command: For commands, which one.
        field: For corrections, the field named.
        value: For corrections, the new value given in the same message ("" when none).
    """

    kind: IntentKind
    command: Command | None = None
    field: str | None = None
    value: str = ""


def command_of(text: str) -> Command | None:
    """The command ``text`` is, if it is only a command."""
    return _COMMAND_WORDS.get(bare(text))


def is_why_question(text: str) -> bool:
    """True for "¿Por qué me pregunta esto?", "¿por qué no puedo ponerlo así?", "¿qué significa
    esto?" and similar doubts about the pending question (not about a policy topic)."""
    folded = bare(text)
    if _WHY.match(folded):
        return True
    return len(folded.split()) <= 30 and bool(_FIELD_DOUBT.search(folded))


def is_question(text: str) -> bool:
    """True for a question (¿…?, or starting with a question word), not a long answer."""
    stripped = text.strip()
    if len(stripped.split()) > 40:
        return False
    return (
        stripped.startswith("¿")
        or stripped.endswith("?")
        or bool(_QUESTION_START.match(bare(text)))
    )


def correction_of(text: str) -> Intent | None:
    """A correction ("cambiar el nombre", "corrige el problema: …"), if ``text`` is one."""
    folded = NormalizedText.of(text).folded
    match = _CORRECTION.match(folded)
    if match is None:
        return None
    named = field_named(text[match.end() :])
    if named is None:
        return None
    field, rest = named
    if _LEAD_PUNCT.match(rest):
        value = _LEAD_PUNCT.sub("", rest, count=1)
    else:
        value = _LEAD_WORD.sub("", rest, count=1)
    return Intent(IntentKind.CORRECTION, field=field, value=value.strip())


def classify(text: str) -> Intent:
    """What ``text`` means in the middle of the intake."""
    command = command_of(text)
    if command is not None:
        return Intent(IntentKind.COMMAND, command=command)
    if is_why_question(text):
        return Intent(IntentKind.WHY)
    correction = correction_of(text)
    if correction is not None:
        return correction
    if is_question(text):
        return Intent(IntentKind.QUESTION)
    return Intent(IntentKind.ANSWER)


__all__ = [
    "Command",
    "Intent",
    "IntentKind",
    "classify",
    "command_of",
    "correction_of",
    "is_question",
    "is_why_question",
]
