"""Answering the pending field: reading, validating, holding list items, committing.

Base of `intake.conversation.machine.IntakeConversation` (split out to keep modules small). Each
answer is validated with the rules that read its field (`RulesEngine.validate_field`): an
error re-asks with the rule's message and policy reference and never replaces a good value;
warnings are shown and may be accepted; list items accumulate until "listo".
"""

from __future__ import annotations

from typing import Any

from intake.conversation.final_check import FinalCheck
from intake.conversation.list_edits import ListEdit, apply_edit, read_edit, splice
from intake.conversation.parsing import (
    extract_email,
    is_finish,
    is_keep,
    is_no,
    is_yes,
    match_option,
    match_options,
    parse_year,
    split_items,
)
from intake.conversation.state import Mode, SessionState
from intake.conversation.texts import ORDER, field_prompt, finding_text, help_after_failures
from intake.conversation.turn import Turn, set_field
from intake.ficha import Ficha
from intake.fields import FIELDS, FieldKind, field_value, is_blank
from intake.normalization import normalize
from intake.rules.engine import RulesEngine
from intake.rules.report import Finding

MAX_ATTEMPTS = 3
"""Failed answers to one field before the help changes."""

_YEAR_PROBLEM = "Escriba la vigencia como un año de cuatro cifras, por ejemplo 2026."


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
        spec = FIELDS[field_id]
        has_value = not is_blank(field_value(turn.ficha, field_id))
        if spec.kind is not FieldKind.LIST and is_keep(text) and has_value:
            turn.say(f"Se mantiene «{spec.label}».")
            turn.state.mark_answered(field_id)
            self._after_field(turn, field_id)
        elif spec.kind is FieldKind.LIST:
            self._answer_list(turn, field_id, text)
        else:
            value, problem = self._read_single(field_id, text)
            if problem:
                self._fail(turn, field_id, [problem])
            else:
                self._try_value(turn, field_id, value, close=True)

    def _read_single(self, field_id: str, text: str) -> tuple[Any, str | None]:
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

    def _answer_list(self, turn: Turn, field_id: str, text: str) -> None:
        state = turn.state
        buffer = list(state.buffers.get(field_id, []))
        if is_finish(text):
            self._finish_list(turn, field_id, buffer)
            return
        edit = read_edit(text)
        if edit is not None:
            self._edit_list(turn, field_id, buffer, edit)
            return
        options = self.engine.config.options_for(field_id)
        if options is not None:
            items, notes, close = match_options(text, options)
        else:
            (items, close), notes = split_items(text), []
        items, repeated = _without_repeats(buffer, items)
        if repeated:
            shown = "; ".join(
                f"«{self.engine.config.display_value(field_id, r)}»" for r in repeated
            )
            turn.say(f"Ya estaba en la lista, no lo repito: {shown}.")
        if notes:
            self._fail(turn, field_id, notes)
        elif not items and repeated:
            turn.ask(self._prompt(turn, field_id, full=False))
        elif not items:
            self._fail(turn, field_id, ["No encontré elementos en su respuesta."])
        else:
            # Several items at once are the whole answer: no «listo» needed.
            close = close or len(items) > 1
            self._try_value(turn, field_id, buffer + items, close=close)

    def _edit_list(self, turn: Turn, field_id: str, buffer: list[str], edit: ListEdit) -> None:
        current = field_value(turn.ficha, field_id)
        items = buffer or [str(v) for v in (current or [])]
        try:
            new, what = apply_edit(items, edit)
        except ValueError as exc:
            turn.say(str(exc))
            turn.ask(self._prompt(turn, field_id, full=False))
            return
        options = self.engine.config.options_for(field_id)
        if options is not None and edit.text:
            read = match_options(edit.text, options)[0]
            new = [read[0] if item == edit.text and read else item for item in new]
        turn.say(what)
        if not new:
            turn.state.buffers.pop(field_id, None)
            self._finish_list(turn, field_id, [])
            return
        self._try_value(turn, field_id, new, close=not buffer)

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
            self._fail(turn, field_id, errors)
            return
        accepted = set(state.kept) | set(state.acknowledged)
        if FIELDS[field_id].kind is not FieldKind.LIST and value != field_value(
            turn.ficha, field_id
        ):
            # A new value: a warning accepted about the old one is asked again.
            accepted = set()
        warnings = [f for f in own if f.key not in accepted]
        if warnings:
            state.mode = Mode.CONFIRM_WARNING
            state.field = field_id
            state.candidate = value
            state.candidate_close = close
            state.candidate_keys = [w.key for w in warnings]
            state.candidate_items = sorted({w.item for w in warnings if w.item is not None})
            lines = "\n".join(f"⚠ {finding_text(w)}" for w in warnings)
            turn.say(lines)
            turn.ask(
                "¿Deja la respuesta así? Responda «sí» para aceptar la advertencia, "
                "o escriba una versión corregida."
            )
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

    def _confirm_warning(self, turn: Turn, field_id: str, text: str) -> None:
        state = turn.state
        if is_yes(text) or is_finish(text):
            value, close, keys = state.candidate, state.candidate_close, state.candidate_keys
            state.clear_candidate()
            state.mode = Mode.ASK
            turn.say("De acuerdo, la dejo así; no se la vuelvo a preguntar si no cambia el dato.")
            if close or FIELDS[field_id].kind is not FieldKind.LIST:
                self._commit(turn, field_id, value, [], accepted=keys)
            else:
                state.keep(keys)
                state.acknowledge(keys)
                self._hold_items(turn, field_id, list(value))
            return
        candidate, positions, close = state.candidate, state.candidate_items, state.candidate_close
        state.clear_candidate()
        state.mode = Mode.ASK
        if is_no(text):
            turn.say("De acuerdo, escriba la nueva versión.")
            turn.ask(self._prompt(turn, field_id, full=False))
            return
        if FIELDS[field_id].kind is FieldKind.LIST and isinstance(candidate, list) and positions:
            self._correct_items(turn, field_id, candidate, positions, text, close=close)
            return
        self._answer_field(turn, field_id, text)

    def _correct_items(
        self,
        turn: Turn,
        field_id: str,
        candidate: list[str],
        positions: list[int],
        text: str,
        *,
        close: bool,
    ) -> None:
        """A corrected version of the items a warning pointed at; the other items stay."""
        if read_edit(text) is not None:
            turn.state.buffers[field_id] = list(candidate)
            self._answer_list(turn, field_id, text)
            return
        options = self.engine.config.options_for(field_id)
        new = match_options(text, options)[0] if options else split_items(text)[0]
        if not new:
            self._fail(turn, field_id, ["No encontré elementos en su respuesta."])
            return
        value = splice(candidate, positions, new)
        numbers = ", ".join(str(p + 1) for p in positions)
        others = len(candidate) - len(positions)
        turn.say(
            f"Cambié el elemento {numbers} por su nueva versión; "
            f"{'los otros ' + str(others) + ' se mantienen' if others else 'no había otros'}."
        )
        self._try_value(turn, field_id, value, close=close)

    def _commit(
        self,
        turn: Turn,
        field_id: str,
        value: Any,
        findings: list[Finding],
        *,
        accepted: list[str] | None = None,
    ) -> None:
        state = turn.state
        again = field_id in state.answered
        if field_value(turn.ficha, field_id) != value:
            state.forget_warnings(field_id, but=accepted or [])
        state.keep(accepted or [])
        state.acknowledge(accepted or [])
        turn.ficha = set_field(turn.ficha, field_id, value)
        turn.changed = True
        state.mode = Mode.ASK
        state.mark_answered(field_id)
        turn.say(f"{'Actualicé' if again else 'Anotado'}: {self._echo(field_id, value)}")
        done = state.done()
        known = set(state.kept) | set(state.acknowledged)
        for other in findings:
            if other.field != field_id and other.field in done and other.key not in known:
                turn.say(f"Nota sobre otro dato: {finding_text(other)}")
        self._after_field(turn, field_id)

    def _echo(self, field_id: str, value: Any) -> str:
        """The field's label and, when the answer was read (an option, a year, an e-mail),
        the value as understood, so nothing loose is stored without saying it."""
        spec = FIELDS[field_id]
        read = (
            spec.kind is FieldKind.NUMBER
            or field_id == "lider_tecnico.correo"
            or self.engine.config.options_for(field_id) is not None
        )
        if not read and spec.kind is not FieldKind.LIST:
            return f"{spec.full_label}."
        values = value if isinstance(value, list) else [value]
        shown = [self.engine.config.display_value(field_id, str(v)) for v in values]
        if spec.kind is FieldKind.LIST and not read:
            return f"{spec.full_label} ({len(shown)} elemento{'s' if len(shown) != 1 else ''})."
        return f"{spec.full_label}: " + "; ".join(shown) + "."

    def _fail(self, turn: Turn, field_id: str, problems: list[Finding] | list[str]) -> None:
        state = turn.state
        state.mode = Mode.ASK
        state.field = field_id
        state.attempts[field_id] = state.attempts.get(field_id, 0) + 1
        lines = [f"✗ {finding_text(p) if isinstance(p, Finding) else p}" for p in problems]
        turn.say("\n".join(lines))
        if not is_blank(field_value(turn.ficha, field_id)):
            turn.say("El valor anterior se mantiene.")
        if state.attempts[field_id] >= MAX_ATTEMPTS:
            turn.say(help_after_failures(field_id, required=field_id in self.required))
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


def _without_repeats(buffer: list[str], items: list[str]) -> tuple[list[str], list[str]]:
    """``items`` without those already in ``buffer`` or repeated, and the repeated ones."""
    seen = {normalize(b) for b in buffer}
    fresh: list[str] = []
    repeated: list[str] = []
    for item in items:
        key = normalize(item)
        if key in seen:
            repeated.append(item)
        else:
            seen.add(key)
            fresh.append(item)
    return fresh, repeated


__all__ = ["MAX_ATTEMPTS", "FieldAnswers", "answered_fields"]
