"""The guided intake as a conversation: one question at a time, each answer validated at once.

`IntakeConversation` is a state machine over (`SessionState`, draft `Ficha`): ``handle`` takes
a message and returns an `Outcome` (the reply, the new state and draft, and an `Action` for the
session service: send, pause, discard). It performs no I/O except through the injected
`PolicyAdvisor` (digressions and "why do you ask this?"); storing is `intake.workflow.guided_intake`'s job.

Rules of the conversation:

- Fields are asked in the order of the six Pasos, with what the policy asks and an example.
- Each answer is validated with the rules that read that field (`RulesEngine.validate_field`):
  an error re-asks with the rule's message and policy reference (a bad value never replaces a
  good one); a warning is shown and may be accepted.
- After three failed answers to the same field the help changes: an explanation with an
  example and the ways out (skip if optional, save and continue later).
- A policy question is answered by the advisor and the pending question is restated once.
"""

from __future__ import annotations

from typing import Any

from intake.conversation.advisor import PolicyAdvisor
from intake.conversation.answer_block import BlockAnswer, read_block
from intake.conversation.answers import MAX_ATTEMPTS, answered_fields
from intake.conversation.intent import Command, Intent, IntentKind, classify
from intake.conversation.justification import JUSTIFY_HINT
from intake.conversation.list_answers import ListAnswers
from intake.conversation.parsing import is_yes
from intake.conversation.prompts import PROMPTS
from intake.conversation.reply import choices_for, pending_question, summarize
from intake.conversation.state import Mode, SessionState
from intake.conversation.texts import (
    COMMANDS_HELP,
    ORDER,
    echo,
    finding_text,
    format_summary,
    question_line,
)
from intake.conversation.turn import Action, Outcome, Turn, TurnView, set_field
from intake.ficha import Ficha
from intake.fields import FIELDS, FieldKind, is_blank
from intake.rules.engine import RulesEngine
from intake.rules.report import Finding

WELCOME = (
    "Vamos a diligenciar la ficha de pre-diseño de su producto o servicio de ATT "
    "(Política de Llegada a Territorio, Lineamiento 2, 2.2.3, Etapa 1). Son seis pasos; le "
    "pregunto un dato a la vez y reviso cada respuesta con las reglas de la DER. Escriba "
    "«ayuda» para ver los comandos."
)

UNIT_PREFILLED = (
    "Dependencia: {unit} (la de su usuario). Si la ficha es de otra dependencia, escriba "
    "«cambiar dependencia»."
)


class IntakeConversation(ListAnswers):
    """Runs the guided intake over a draft.

    Args:
        engine: The rules engine (validation of each answer and of the whole ficha).
        advisor: Answers policy questions; without one, digressions get a short apology.
        current_year: Returns the current year (for "este año").
    """

    def __init__(
        self,
        *,
        engine: RulesEngine,
        advisor: PolicyAdvisor | None = None,
        current_year: int = 2026,
    ) -> None:
        super().__init__(engine=engine, current_year=current_year)
        self.advisor = advisor

    # -- starting and restating ---------------------------------------------------------
    def begin(self, ficha_id: str, ficha: Ficha, *, unit: str | None = None) -> SessionState:
        """The state for a new conversation over ``ficha`` (answered fields are kept).

        ``unit`` is the unit the user works for: «la misma» answers the dependencia with it.
        """
        state = SessionState(ficha_id=ficha_id, answered=answered_fields(ficha), unit=unit)
        state.field = self._next_field(state, after=None)
        return state

    def prefill(self, ficha: Ficha, unit: str | None) -> tuple[Ficha, str]:
        """``ficha`` with the user's unit as its dependencia (when blank), and the line that
        says so (empty when nothing was filled): the question is not asked again."""
        name = " ".join((unit or "").split())
        if not name or not is_blank(ficha.dependencia):
            return ficha, ""
        return ficha.model_copy(update={"dependencia": name}), UNIT_PREFILLED.format(unit=name)

    def opening(self, state: SessionState, ficha: Ficha, *, intro: str = WELCOME) -> Outcome:
        """The first message (or the message on resuming): an intro and the pending question."""
        turn = Turn(state.copy(), ficha)
        turn.say(intro)
        if turn.state.field is None and turn.state.mode is Mode.ASK:
            self.final_check.enter(turn)
        else:
            turn.ask(self.restate(turn, full=True))
        return self._outcome(turn)

    def restate(self, turn: Turn, *, full: bool = False) -> str:
        """The pending question again (short form unless ``full``)."""
        state = turn.state
        if state.mode is Mode.CONFIRM_CANCEL:
            return "¿Confirma que quiere cancelar? Responda «sí» o «no»."
        if state.mode is Mode.CONFIRM_SUBMIT:
            return "¿Envío la ficha a la DER? Responda «enviar» (o «sí»)."
        if state.mode is Mode.ACK_WARNINGS:
            pending = self.final_check.pending(turn)
            current = next((w for w in pending if w.key == state.warning_key), None)
            if current is not None:
                return self.final_check.warning_question(current, len(pending))
            return "Escriba «enviar» para revisar la ficha y enviarla."
        if state.mode is Mode.CONFIRM_WARNING and state.field:
            return (
                f"{question_line(state.field, required=state.field in self.required)}\n"
                "¿Deja la respuesta con la advertencia? Responda «sí», o escriba otra versión."
            )
        if state.field is None:
            return "Escriba «enviar» para revisar la ficha y enviarla a la DER."
        return self._prompt(turn, state.field, full=full)

    def restate_state(self, state: SessionState, ficha: Ficha) -> str:
        """The pending question of a stored state (after a failed save, for instance)."""
        return self.restate(Turn(state.copy(), ficha))

    def restate_view(self, state: SessionState, ficha: Ficha, message: str) -> TurnView:
        """``message`` and the pending question of a stored state, as a turn shows them."""
        turn = Turn(state.copy(), ficha)
        turn.say(message)
        turn.ask(self.restate(turn))
        return self._outcome(turn).view

    # -- a turn --------------------------------------------------------------------------
    def handle(
        self,
        state: SessionState,
        ficha: Ficha,
        message: str,
        *,
        user_id: str | None = None,
        conversation_id: str | None = None,
    ) -> Outcome:
        """Process one user message; never raises for what the user writes."""
        turn = Turn(state.copy(), ficha)
        text = message.strip()
        if not text:
            turn.say("No recibí ninguna respuesta.")
            turn.ask(self.restate(turn))
        elif turn.state.mode is Mode.CONFIRM_CANCEL:
            self._confirm_cancel(turn, text)
        elif turn.state.mode is Mode.ASK and (block := read_block(text)):
            self._block(turn, block)
        else:
            intent = classify(text)
            if intent.kind is IntentKind.COMMAND and intent.command is not None:
                self._command(turn, intent.command)
            elif intent.kind is IntentKind.WHY:
                self._why(turn)
            elif intent.kind is IntentKind.CORRECTION:
                self._correction(turn, intent)
            elif intent.kind is IntentKind.QUESTION:
                self._question(turn, text, user_id, conversation_id)
            else:
                self._answer(turn, text)
        return self._outcome(turn)

    def _outcome(self, turn: Turn) -> Outcome:
        can_send = not self.engine.validate(turn.ficha).errors
        view = TurnView(
            parts=tuple(turn.parts),
            question=pending_question(turn.state, required=self.required),
            choices=choices_for(
                turn.state,
                turn.ficha,
                self.engine.config,
                required=self.required,
                can_send=can_send,
            ),
            can_send=can_send,
            summary=turn.summary,
            report=turn.report,
            acknowledged=tuple(turn.state.acknowledged),
            draft=summarize(turn.ficha, self.engine.config, skipped=turn.state.skipped),
        )
        return Outcome(view, turn.state, turn.ficha, turn.changed, turn.action)

    def _answer(self, turn: Turn, text: str) -> None:
        state = turn.state
        if state.mode is Mode.ACK_WARNINGS:
            self.final_check.answer_warning(turn, text)
        elif state.mode is Mode.CONFIRM_SUBMIT:
            self.final_check.answer_confirmation(turn, text)
        elif state.mode is Mode.CONFIRM_WARNING and state.field is not None:
            self._confirm_warning(turn, state.field, text)
        elif state.field is None:
            self.final_check.enter(turn)
        else:
            self._answer_field(turn, state.field, text)

    def _block(self, turn: Turn, answers: list[BlockAnswer]) -> None:
        """Several fields pasted at once: store each valid one, say what was understood and
        what was not (with the user's own text), then ask only what is missing."""
        state = turn.state
        understood: list[str] = []
        refused: list[str] = []
        for answer in answers:
            spec = FIELDS[answer.field_id]
            value, problem = self._read_block_value(answer, turn.state.unit)
            findings = [] if problem else self._own_findings(turn, answer.field_id, value)
            errors = [f for f in findings if f.is_error]
            if problem or errors:
                why = problem or finding_text(errors[0])
                refused.append(f"✗ {spec.full_label}: {why}\n  Usted escribió: «{answer.text}»")
                continue
            turn.ficha = set_field(turn.ficha, answer.field_id, value)
            turn.changed = True
            state.mark_answered(answer.field_id)
            understood.append(f"  • {echo(self.engine.config, answer.field_id, value)}")
            understood += [f"    ⚠ {finding_text(w)}" for w in findings]
        stored = sum(1 for line in understood if line.startswith("  •"))
        if stored:
            turn.say(f"Entendí {stored} dato(s) de su mensaje:\n" + "\n".join(understood))
        if refused:
            turn.say("No guardé estos; se los pregunto enseguida:\n" + "\n".join(refused))
        state.mode = Mode.ASK
        state.clear_candidate()
        state.return_field, state.resume_review = None, False
        state.field = self._next_field(state, after=None)
        if state.field is None:
            self.final_check.enter(turn)
        else:
            turn.ask(self._prompt(turn, state.field, full=True))

    def _read_block_value(self, answer: BlockAnswer, unit: str | None) -> tuple[Any, str | None]:
        if FIELDS[answer.field_id].kind is not FieldKind.LIST:
            return self._read_single(answer.field_id, answer.text, unit=unit)
        items, notes, _ = self._read_items(answer.field_id, answer.text)
        return items, (notes[0] if notes else None)

    def _own_findings(self, turn: Turn, field_id: str, value: Any) -> list[Finding]:
        findings = self.engine.validate_field(set_field(turn.ficha, field_id, value), field_id)
        return [f for f in findings if f.field == field_id]

    # -- commands, corrections, digressions -----------------------------------------------
    def _command(self, turn: Turn, command: Command) -> None:
        state = turn.state
        if command is Command.SUMMARY:
            summary = summarize(turn.ficha, self.engine.config, skipped=state.skipped)
            turn.show_summary(summary, format_summary(summary))
            turn.ask(self.restate(turn))
        elif command is Command.BACK:
            self._back(turn)
        elif command is Command.SKIP:
            self._skip_command(turn)
        elif command is Command.CANCEL:
            state.previous_mode, state.mode = state.mode, Mode.CONFIRM_CANCEL
            turn.ask(
                f"¿Seguro que quiere cancelar? Se descartará el borrador {state.ficha_id} (si la "
                "DER se lo devolvió, se descartan solo los cambios hechos desde entonces). "
                "Responda «sí» para cancelar o «no» para seguir."
            )
        elif command is Command.SAVE_AND_EXIT:
            turn.action = Action.PAUSE
            where = f" en «{FIELDS[state.field].label}»" if state.field else ""
            turn.say(
                f"Guardé su borrador {state.ficha_id}. Cuando quiera seguir, escriba «continuar mi "
                f"ficha» y retomamos{where}."
            )
        elif command is Command.SEND and state.mode is Mode.CONFIRM_SUBMIT:
            turn.action = Action.SUBMIT
        elif command is Command.SEND:
            self.final_check.enter(turn)
        elif command is Command.HELP:
            turn.say(COMMANDS_HELP)
            turn.ask(self.restate(turn))
        else:
            turn.say("Seguimos con su ficha.")
            turn.ask(self.restate(turn, full=True))

    def _back(self, turn: Turn) -> None:
        state = turn.state
        position = ORDER.index(state.field) if state.field in ORDER else len(ORDER)
        done = state.done()
        previous = [f for f in ORDER[:position] if f in done]
        if not previous:
            turn.say("Esta es la primera pregunta; no hay una anterior.")
            turn.ask(self.restate(turn))
            return
        state.clear_candidate()
        state.mode, state.field = Mode.ASK, previous[-1]
        state.return_field, state.resume_review = None, False
        turn.ask(self._prompt(turn, state.field, full=True))

    def _skip_command(self, turn: Turn) -> None:
        state = turn.state
        field_id = state.field
        if state.mode not in (Mode.ASK, Mode.CONFIRM_WARNING) or field_id is None:
            turn.say("No hay una pregunta que saltar.")
            turn.ask(self.restate(turn))
        elif field_id in self.required:
            turn.say(
                f"«{FIELDS[field_id].label}» es obligatorio para enviar la ficha a la DER; no se "
                "puede saltar. Si necesita tiempo, escriba «guardar y salir» y continúe después."
            )
            turn.ask(self.restate(turn))
        else:
            state.clear_candidate()
            state.mode = Mode.ASK
            self._skip(turn, field_id)

    def _confirm_cancel(self, turn: Turn, text: str) -> None:
        state = turn.state
        if is_yes(text):
            turn.action = Action.DISCARD
            turn.say(f"Cancelé el borrador {state.ficha_id}.")
            return
        state.mode, state.previous_mode = state.previous_mode or Mode.ASK, None
        turn.say("No cancelo nada; sigamos.")
        turn.ask(self.restate(turn))

    def _correction(self, turn: Turn, intent: Intent) -> None:
        state = turn.state
        field_id = intent.field or ""
        review = state.resume_review or state.mode in (Mode.ACK_WARNINGS, Mode.CONFIRM_SUBMIT)
        if not review and state.field and state.field != field_id:
            state.return_field = state.field
        state.resume_review = review
        state.clear_candidate()
        state.mode, state.field = Mode.ASK, field_id
        if not intent.value:
            turn.ask(self._prompt(turn, field_id, full=True))
        elif FIELDS[field_id].kind is FieldKind.LIST:
            items = self._read_items(field_id, intent.value)[0]
            self._try_value(turn, field_id, items, close=True)
        else:
            self._answer_field(turn, field_id, intent.value)

    def _question(
        self, turn: Turn, text: str, user_id: str | None, conversation_id: str | None
    ) -> None:
        if self.advisor is None:
            turn.say("Ahora no puedo consultar la política; intente la pregunta más tarde.")
        else:
            reply = self.advisor.answer(text, user_id=user_id, conversation_id=conversation_id)
            turn.say(reply.text)
        turn.say("Sigamos con la ficha.")
        turn.ask(self.restate(turn))

    def _why(self, turn: Turn) -> None:
        field_id = turn.state.field
        if field_id is None:
            turn.say(
                "Le pido confirmar porque la DER revisa cada ficha antes de que el producto pase "
                "a la Etapa 2 (Lineamiento 2 > 2.2.3 > Etapa 1 > Paso 6: Feedback al pre-diseño)."
            )
        else:
            turn.say(self.why_text(field_id))
            if turn.state.attempts.get(field_id) and PROMPTS[field_id].recipe:
                turn.say(f"Para que la respuesta pase: {PROMPTS[field_id].recipe}")
            if turn.state.candidate_rules:
                turn.say(JUSTIFY_HINT)
        turn.say("Sigamos con la ficha.")
        turn.ask(self.restate(turn))

    def reference(self, field_id: str) -> str:
        """The policy reference behind a field (its own first rule's, else the Etapa's)."""
        override = PROMPTS[field_id].reference
        if override:
            return override
        rules = self.engine.config.rules
        own = [r for r in rules if r.fields[0] == field_id]
        candidates = own or [r for r in rules if field_id in r.fields]
        if not candidates:
            return "Lineamiento 2 > 2.2.3 > Etapa 1"
        # "Paso 2: «quote»" and "Paso 4 (cadena de valor…)" name the section before the detail.
        return candidates[0].reference.split(";")[0].split(": «")[0].split(" (")[0].strip()

    def why_text(self, field_id: str) -> str:
        """Why the field is asked: the policy passage behind it, or its help text."""
        spec = FIELDS[field_id]
        reference = self.reference(field_id)
        passage = self.advisor.passage(reference) if self.advisor is not None else None
        lines = [f"Le pregunto por «{spec.label}» porque la política lo pide ({reference})."]
        if passage is not None:
            excerpt = passage.text if len(passage.text) <= 900 else passage.text[:899] + "…"
            lines.append(f"Dice la política ({passage.section}):\n«{excerpt}»")
        lines.append(f"En pocas palabras: {spec.help}")
        if PROMPTS[field_id].configured:
            lines.append(f"Lo que no es de la política: {PROMPTS[field_id].configured}")
        return "\n".join(lines)


__all__ = ["MAX_ATTEMPTS", "ORDER", "UNIT_PREFILLED", "WELCOME", "IntakeConversation"]
