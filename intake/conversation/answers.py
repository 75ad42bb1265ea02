"""Answering the pending field: reading, validating, holding list items, committing.

Base of `intake.conversation.machine.IntakeConversation` (split out to keep modules small). Each
answer is validated with the rules that read its field (`RulesEngine.validate_field`): an
error re-asks with the rule's message and policy reference and never replaces a good value;
warnings are shown and may be accepted; list items accumulate until "listo".
"""

from __future__ import annotations

import re
from typing import Any

from intake.conversation.answer_block import without_own_label
from intake.conversation.final_check import FinalCheck
from intake.conversation.justification import (
    JUSTIFY,
    JUSTIFY_HINT,
    MIN_JUSTIFICATION,
    justifiable_rules,
    with_justification,
    without_stale,
)
from intake.conversation.parsing import (
    extract_email,
    is_keep,
    match_option,
    match_options,
    parse_year,
    split_items,
)
from intake.conversation.responsible_unit import read_unit
from intake.conversation.state import Mode, SessionState
from intake.conversation.texts import (
    ORDER,
    echo,
    field_prompt,
    finding_text,
    help_after_failures,
)
from intake.conversation.turn import Turn, set_field
from intake.ficha import Ficha
from intake.fields import FIELDS, FieldKind, ItemStyle, field_value, is_blank
from intake.rules.engine import RulesEngine
from intake.rules.report import Finding

MAX_ATTEMPTS = 3
"""Failed answers to one field before the help changes."""

ACCEPT_QUESTION = (
    "¿Deja la respuesta así? Responda «sí» para aceptar la advertencia (si quiere, con su motivo "
    "para la DER: «sí, porque …»), o escriba una versión corregida."
)
_YEAR_PROBLEM = "Escriba la vigencia como un año de cuatro cifras, por ejemplo 2026."
_ADD = re.compile(
    r"^\s*(?:(?:agregar|agregue|agrega|a[nñ]adir|a[nñ]ada|a[nñ]ade|sumar|incluir|incluya)\b"
    r"(?:\s+(?:otro|otra|uno|una|tambi[eé]n))?\s*:?|(?:otro|otra)\s*:)\s*(?P<text>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)


def answered_fields(ficha: Ficha) -> list[str]:
    """Fields of ``ficha`` that already have a value, in the order they are asked."""
    return [f for f in ORDER if not is_blank(field_value(ficha, f))]


class FieldAnswers:
    """Answers to fields (the part of the conversation that changes the draft).

    Args:
        engine: The rules engine.
        current_year: The current year (for "este año").
    """

    def __init__(self, *, engine: RulesEngine, current_year: int = 2026) -> None:
        self.engine = engine
        self.current_year = current_year
        self.required = frozenset(engine.required_fields())
        self.final_check = FinalCheck(engine, self.required)

    def _prompt(self, turn: Turn, field_id: str, *, full: bool) -> str:
        return field_prompt(
            field_id,
            turn.ficha,
            self.engine.config,
            required=field_id in self.required,
            buffer=turn.state.buffers.get(field_id, ()),
            full=full,
        )

    # -- answers -------------------------------------------------------------------------
    def _answer_field(self, turn: Turn, field_id: str, text: str) -> None:
        justify = JUSTIFY.match(text)
        if justify and turn.state.candidate_rules:
            self._justify(turn, field_id, justify["reason"].strip())
            return
        more = _ADD.match(text)
        if more and turn.state.last_list:
            self._add_to_last_list(turn, turn.state.last_list, more["text"])
            return
        text = without_own_label(text, field_id)
        spec = FIELDS[field_id]
        has_value = not is_blank(field_value(turn.ficha, field_id))
        if spec.kind is not FieldKind.LIST and is_keep(text) and has_value:
            turn.say(f"Se mantiene «{spec.label}».")
            turn.state.mark_answered(field_id)
            self._after_field(turn, field_id)
        elif spec.kind is FieldKind.LIST:
            self._answer_list(turn, field_id, text)
        else:
            value, problem = self._read_single(field_id, text, unit=turn.state.unit)
            if problem:
                self._fail(turn, field_id, [problem])
            else:
                self._try_value(turn, field_id, value, close=True)

    def _read_single(
        self, field_id: str, text: str, *, unit: str | None = None
    ) -> tuple[Any, str | None]:
        if field_id == "dependencia":
            return read_unit(text, unit)
        if FIELDS[field_id].kind is FieldKind.NUMBER:
            year = parse_year(text, current_year=self.current_year)
            return (year, None) if year is not None else (None, _YEAR_PROBLEM)
        if field_id == "lider_tecnico.correo":
            return extract_email(text), None
        options = self.engine.config.options_for(field_id)
        if options is not None:
            match = match_option(text, options)
            if match.item is not None:
                return match.item.code, None
            if match.candidates:
                names = "; ".join(c.display for c in match.candidates)
                return None, f"«{text}» puede ser más de una opción: {names}. ¿Cuál?"
        return text.strip(), None

    def _read_items(self, field_id: str, text: str) -> tuple[list[str], list[str], bool]:
        """The items of a list answer (option codes for closed lists, cut as the field says),
        Spanish notes about ambiguous pieces, and whether it ended with a finish word."""
        options = self.engine.config.options_for(field_id)
        style = FIELDS[field_id].items
        if options is not None:
            return match_options(text, options, cut_commas=style is not ItemStyle.SENTENCES)
        items, close = split_items(text, style=style)
        return items, [], close

    def _answer_list(self, turn: Turn, field_id: str, text: str) -> None:
        """An answer to a list field (`intake.conversation.list_answers.ListAnswers`)."""
        raise NotImplementedError

    def _add_to_last_list(self, turn: Turn, list_id: str, text: str) -> None:
        """«agregar: …» (`intake.conversation.list_answers.ListAnswers`)."""
        raise NotImplementedError

    def _finish_list(self, turn: Turn, field_id: str, buffer: list[str]) -> None:
        spec = FIELDS[field_id]
        if buffer:
            self._commit(turn, field_id, buffer, [])
        elif not is_blank(field_value(turn.ficha, field_id)):
            turn.say(f"Se mantiene «{spec.label}».")
            turn.state.mark_answered(field_id)
            self._after_field(turn, field_id)
        elif field_id not in self.required:
            self._skip(turn, field_id)
        else:
            self._try_value(turn, field_id, [], close=True)

    def _try_value(self, turn: Turn, field_id: str, value: Any, *, close: bool) -> None:
        """Validate ``value`` for ``field_id``; commit it, hold it for a warning, or refuse it."""
        state = turn.state
        findings = self.engine.validate_field(set_field(turn.ficha, field_id, value), field_id)
        own = [f for f in findings if f.field == field_id]
        errors = [f for f in own if f.is_error]
        if errors:
            justifiable = justifiable_rules(self.engine.config, errors)
            state.clear_candidate()
            if justifiable:
                state.candidate, state.candidate_close = value, close
                state.candidate_rules = justifiable
            self._fail(turn, field_id, errors, hint=JUSTIFY_HINT if justifiable else "")
            return
        accepted = set(state.kept) | set(state.acknowledged)
        if FIELDS[field_id].kind is not FieldKind.LIST and value != field_value(
            turn.ficha, field_id
        ):
            # A new value: a warning accepted about the old one is asked again.
            accepted = set()
        warnings = [f for f in own if f.key not in accepted and f.justification is None]
        if warnings:
            state.mode = Mode.CONFIRM_WARNING
            state.field = field_id
            state.candidate = value
            state.candidate_close = close
            state.candidate_keys = [w.key for w in warnings]
            state.candidate_items = sorted({w.item for w in warnings if w.item is not None})
            lines = "\n".join(f"⚠ {finding_text(w)}" for w in warnings)
            turn.say(lines)
            turn.ask(ACCEPT_QUESTION)
            return
        if close or FIELDS[field_id].kind is not FieldKind.LIST:
            self._commit(turn, field_id, value, findings)
        else:
            self._hold_items(turn, field_id, value)

    def _hold_items(self, turn: Turn, field_id: str, items: list[str]) -> None:
        turn.state.buffers[field_id] = list(items)
        turn.state.attempts.pop(field_id, None)
        listed = "\n".join(f"      - {item}" for item in items)
        turn.say(f"Llevo {len(items)} en «{FIELDS[field_id].label}»:\n{listed}")
        turn.ask("¿Algo más? Escriba otro elemento, o «ya está» para seguir.")

    def _commit(
        self,
        turn: Turn,
        field_id: str,
        value: Any,
        findings: list[Finding],
        *,
        accepted: list[str] | None = None,
        reason: str = "",
    ) -> None:
        state = turn.state
        again = field_id in state.answered
        if field_value(turn.ficha, field_id) != value:
            state.forget_warnings(field_id, but=accepted or [])
        state.keep(accepted or [])
        state.acknowledge(accepted or [], reason=reason)
        state.clear_candidate()
        turn.ficha = without_stale(set_field(turn.ficha, field_id, value), field_id, value)
        turn.changed = True
        state.mode = Mode.ASK
        state.mark_answered(field_id)
        turn.say(
            f"{'Actualicé' if again else 'Anotado'}: {echo(self.engine.config, field_id, value)}"
        )
        is_free_list = FIELDS[field_id].kind is FieldKind.LIST and (
            self.engine.config.options_for(field_id) is None
        )
        state.last_list = field_id if is_free_list else None
        if is_free_list:
            turn.say("Si le faltó alguno, escriba «agregar: …» en su próximo mensaje.")
        done = state.done()
        known = set(state.kept) | set(state.acknowledged)
        for other in findings:
            if other.field != field_id and other.field in done and other.key not in known:
                turn.say(f"Nota sobre otro dato: {finding_text(other)}")
        self._after_field(turn, field_id)

    def _justify(self, turn: Turn, field_id: str, reason: str) -> None:
        state = turn.state
        if len(reason) < MIN_JUSTIFICATION:
            turn.say(
                "Escriba en una o dos oraciones por qué el dato describe la situación real "
                "(por ejemplo: «justificar: los proyectos sí existen; lo que les falta es…»)."
            )
            turn.ask(self._prompt(turn, field_id, full=False))
            return
        value, close, rules = state.candidate, state.candidate_close, state.candidate_rules
        state.clear_candidate()
        turn.ficha = with_justification(turn.ficha, field_id, value, rules, reason)
        turn.changed = True
        turn.say("Lo mantengo con su justificación; la DER la verá junto al hallazgo.")
        self._try_value(turn, field_id, value, close=close)

    def _fail(
        self,
        turn: Turn,
        field_id: str,
        problems: list[Finding] | list[str],
        *,
        hint: str = "",
    ) -> None:
        state = turn.state
        state.mode = Mode.ASK
        state.field = field_id
        state.attempts[field_id] = state.attempts.get(field_id, 0) + 1
        lines = [f"✗ {finding_text(p) if isinstance(p, Finding) else p}" for p in problems]
        turn.say("\n".join(lines))
        if not is_blank(field_value(turn.ficha, field_id)):
            turn.say("El valor anterior se mantiene.")
        if state.attempts[field_id] >= MAX_ATTEMPTS:
            turn.say(
                help_after_failures(
                    field_id, required=field_id in self.required, attempts=state.attempts[field_id]
                )
            )
        if hint:
            turn.say(hint)
        turn.ask(self._prompt(turn, field_id, full=False))

    # -- moving through the fields ---------------------------------------------------------
    def _next_field(self, state: SessionState, *, after: str | None) -> str | None:
        done = state.done()
        start = ORDER.index(after) + 1 if after in ORDER else 0
        for field_id in (*ORDER[start:], *ORDER[:start]):
            if field_id not in done:
                return field_id
        return None

    def _after_field(self, turn: Turn, field_id: str) -> None:
        state = turn.state
        if state.resume_review:
            self.final_check.enter(turn, show_summary=False)
            return
        if state.return_field and state.return_field != field_id:
            state.field, state.return_field = state.return_field, None
            turn.say("Volvamos a la pregunta pendiente.")
            turn.ask(self._prompt(turn, state.field, full=False))
            return
        state.return_field = None
        state.field = self._next_field(state, after=field_id)
        if state.field is None:
            turn.say("Respondió todas las preguntas.")
            self.final_check.enter(turn)
        else:
            turn.ask(self._prompt(turn, state.field, full=True))

    def _skip(self, turn: Turn, field_id: str) -> None:
        state = turn.state
        if field_id not in state.skipped:
            state.skipped.append(field_id)
        state.buffers.pop(field_id, None)
        state.attempts.pop(field_id, None)
        turn.say(f"Omitido: {FIELDS[field_id].full_label}.")
        self._after_field(turn, field_id)


__all__ = ["MAX_ATTEMPTS", "FieldAnswers", "answered_fields"]
