"""Answering list fields: a whole list per message, one-item edits and corrections.

Lists never lose a valid item: a corrected version replaces only the items a warning pointed
at, «quitar 2» / «reemplazar 2 por …» / «mover 3 a 1» edit one item, and «agregar: …» adds a
forgotten item to the list answered last. An answer is the whole list (no «listo» needed);
closed lists answered one option at a time (buttons) stay open until «ya está».
"""

from __future__ import annotations

from intake.conversation.answers import FieldAnswers
from intake.conversation.list_edits import (
    ListEdit,
    apply_edit,
    read_edit,
    splice,
    without_repeats,
)
from intake.conversation.parsing import (
    acceptance_reason,
    is_finish,
    is_no,
    is_yes,
    match_options,
)
from intake.conversation.state import Mode
from intake.conversation.turn import Turn
from intake.fields import FIELDS, FieldKind, field_value


class ListAnswers(FieldAnswers):
    """`FieldAnswers` plus the answers to list fields and to a warning about a value."""

    def _confirm_warning(self, turn: Turn, field_id: str, text: str) -> None:
        state = turn.state
        if is_yes(text) or is_finish(text):
            value, close, keys = state.candidate, state.candidate_close, state.candidate_keys
            reason = acceptance_reason(text)
            state.clear_candidate()
            state.mode = Mode.ASK
            turn.say(
                "De acuerdo, la dejo así; no se la vuelvo a preguntar si no cambia el dato."
                + (" La DER verá su motivo junto a la advertencia." if reason else "")
            )
            if close or FIELDS[field_id].kind is not FieldKind.LIST:
                self._commit(turn, field_id, value, [], accepted=keys, reason=reason)
            else:
                state.keep(keys)
                state.acknowledge(keys, reason=reason)
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
        items, notes, close = self._read_items(field_id, text)
        items, repeated = without_repeats(buffer, items)
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
            # An answer is the whole list (no «listo»): «agregar: …» adds what was forgotten.
            # Closed lists answered one option at a time (buttons) stay open for more.
            close = close or len(items) > 1 or options is None
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

    def _add_to_last_list(self, turn: Turn, list_id: str, text: str) -> None:
        state = turn.state
        current = [str(v) for v in (field_value(turn.ficha, list_id) or [])]
        items, repeated = without_repeats(current, self._read_items(list_id, text)[0])
        if repeated:
            turn.say(
                "Ya estaba en la lista, no lo repito: " + "; ".join(f"«{r}»" for r in repeated)
            )
        if not items:
            turn.ask(self._prompt(turn, state.field or list_id, full=False))
            return
        if state.field and state.field != list_id:
            state.return_field = state.field
        state.mode, state.field = Mode.ASK, list_id
        self._try_value(turn, list_id, current + items, close=True)

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
        new = self._read_items(field_id, text)[0]
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


__all__ = ["ListAnswers"]
