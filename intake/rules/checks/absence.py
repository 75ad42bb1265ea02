"""A problem statement whose head is the absence of a solution (rule PROB-NEGATIVE).

Paso 2 of Etapa 1: "Un problema no es la ausencia de su solución, sino un estado existente
negativo". A word list alone cannot tell «Falta de una guía para…» (the missing solution is the
problem) from «Baja calidad de los POT debido a la falta de una guía» (a negative state, with
the absence as its cause), so the check reads each sentence:

1. A statement that *starts* by asking for something («Se requiere…», «Es urgente…») is a need,
   not a state.
2. Otherwise it looks for an absence whose object is a solution (a tool, system, guide,
   training, technical assistance, programme, strategy…), in four shapes: a marker with an
   object («falta de», «no cuentan con», «sin»… + solution); a scarcity adjective before the
   solution («poca oferta de capacitación», «insuficiente acompañamiento»); a negated perfect
   («no se ha implementado un programa», «no han recibido capacitación»); or the solution as
   subject of an insufficiency («la asistencia técnica es insuficiente»).
3. Such an absence counts only when it is the head of its sentence: not after a causal
   connector («porque», «debido a», «por falta de»…), not inside a relative clause («los
   municipios que no cuentan con…»), and «sin» only when no verb precedes it («Municipios sin
   herramientas…», not «Los municipios formulan proyectos sin…»).

Every vocabulary is DER's, in the rules file; only the sentence reading is code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from intake.normalization import NormalizedText
from intake.rules.checks.base import (
    CheckEnv,
    Params,
    parse_params,
)
from intake.rules.checks.patterns import QuotingCheck, vocabulary_regex

_SENTENCE = re.compile(r"[^.;:!?\n]+")
_RELATIVE = re.compile(r"\b(?:que|quienes|cuales|cual|donde|cuyo|cuya|cuyos|cuyas)\s*$")
# A conjugated verb in the third person plural or a frequent singular one, before «sin».
_VERB = re.compile(
    r"\b(?:[a-z]{3,}(?:an|en|aron|ieron)|es|esta|estan|tiene|hace|opera|funciona|trabaja|"
    r"formula|ejecuta|realiza|presenta|llega|queda|cuenta)\b"
)
_NOT_VERBS = frozenset(
    {
        "origen",
        "imagen",
        "regimen",
        "volumen",
        "examen",
        "dictamen",
        "orden",
        "joven",
        "bien",
        "plan",
        "tambien",
        "segun",
        "resumen",
        "margen",
        "germen",
        "almacen",
        "certamen",
    }
)
_PERFECT = (
    r"no\s+(?:se\s+)?(?:ha|han|habia|habian|hemos)\s+(?:sido\s+)?"
    r"[a-z]+(?:ado|ada|ados|adas|ido|ida|idos|idas|to|ta|tos|tas|cho|cha)"
)


class _AbsenceParams(Params):
    marcadores: str
    cuantificadores: str
    soluciones: str
    acompanantes: str
    conectores_causales: str
    enunciados_de_necesidad: str


def _vocabulary(env: CheckEnv, name: str) -> str:
    if name not in env.vocabularies or not any(p.strip() for p in env.vocabularies[name]):
        known = ", ".join(sorted(env.vocabularies)) or "ninguno"
        raise ValueError(
            f"el vocabulario «{name}» no está en «vocabularios» o está vacío (hay: {known})"
        )
    return vocabulary_regex(env.vocabularies[name])


@dataclass(frozen=True)
class AbsentSolution(QuotingCheck):
    """``ausencia_de_solucion``: the statement's head is not the absence of a solution.

    Parameters name the word lists (``vocabularios``) it reads: ``marcadores`` (absence
    markers that take an object), ``cuantificadores`` (scarcity adjectives), ``soluciones``,
    ``acompanantes`` (words allowed between marker and solution), ``conectores_causales`` and
    ``enunciados_de_necesidad`` (starts that ask for something).
    """

    type_name = "ausencia_de_solucion"
    description = "El enunciado no tiene como idea principal la ausencia de una solución."
    need: re.Pattern[str] = re.compile("$^")
    absences: tuple[re.Pattern[str], ...] = ()
    causal: re.Pattern[str] = re.compile("$^")

    @classmethod
    def build(cls, params: Mapping[str, Any], env: CheckEnv) -> AbsentSolution:
        """Parameters: the names of the six word lists (see the class docstring)."""
        parsed = parse_params(_AbsenceParams, params)
        marker = _vocabulary(env, parsed.marcadores)
        scarce = _vocabulary(env, parsed.cuantificadores)
        solution = _vocabulary(env, parsed.soluciones)
        filler = _vocabulary(env, parsed.acompanantes)
        obj = rf"(?:\s+{filler}){{0,4}}\s+{solution}\b"
        absences = (
            rf"\b(?P<fragmento>{marker}{obj})",
            rf"\b(?P<fragmento>{scarce}(?:\s+(?:oferta|disponibilidad|cobertura|presencia)\s+de)?"
            rf"(?:\s+{filler}){{0,2}}\s+{solution}\b)",
            rf"\b(?P<fragmento>{_PERFECT}{obj})",
            rf"^\W*(?:{filler}\s+)*(?P<fragmento>(?:oferta\s+de\s+)?{solution}\b[^,]{{0,80}}?"
            rf"\b(?:es|son|resulta|resultan|sigue\s+siendo|siguen\s+siendo)\s+(?:muy\s+)?{scarce})\b",
        )
        return cls(
            need=re.compile(
                rf"^\W*(?P<fragmento>{_vocabulary(env, parsed.enunciados_de_necesidad)})\b"
            ),
            absences=tuple(re.compile(p) for p in absences),
            causal=re.compile(rf"\b{_vocabulary(env, parsed.conectores_causales)}\b"),
        )

    def _is_head(self, sentence: str, start: int, fragment: str) -> bool:
        before = sentence[:start]
        # «por falta de…» starts the fragment itself: look up to its end for the connector.
        if self.causal.search(sentence[: start + len(fragment)]) or _RELATIVE.search(before):
            return False
        if fragment.startswith("sin "):
            verbs = [v for v in _VERB.findall(before) if v not in _NOT_VERBS]
            return not verbs
        return True

    def first_match(self, text: str) -> str | None:
        """The user's words for the absence that heads ``text``, or ``None``."""
        normalized = NormalizedText.of(text)
        folded = normalized.folded
        need = self.need.search(folded)
        if need:
            return normalized.excerpt(*need.span("fragmento"))
        for sentence in _SENTENCE.finditer(folded):
            clause = sentence.group(0)
            for pattern in self.absences:
                for found in pattern.finditer(clause):
                    fragment = found.group("fragmento")
                    if self._is_head(clause, found.start("fragmento"), fragment):
                        start = sentence.start() + found.start("fragmento")
                        return normalized.excerpt(start, start + len(fragment))
        return None


__all__ = ["AbsentSolution"]
