"""The final check before sending: every answer, the full report, errors block, warnings are
accepted one by one, then an explicit confirmation.

Errors lead the user straight to the first field to fix (and back here afterwards); each
warning not yet accepted is shown with its message and policy reference and must be accepted
("acepto") or corrected; only then the check-answers summary is shown with the question
"¿Envío la ficha a la DER?".
"""

from __future__ import annotations

from intake.conversation.parsing import acceptance_reason, is_no, is_yes
from intake.conversation.reply import summarize
from intake.conversation.state import Mode
from intake.conversation.texts import field_prompt, finding_text, format_summary, report_text
from intake.conversation.turn import Action, Turn
from intake.rules.engine import RulesEngine
from intake.rules.report import Finding, ValidationReport

CONFIRM_QUESTION = (
    "¿Envío la ficha a la DER? Responda «enviar» (o «sí»). Para cambiar algo antes, escriba "
    "«cambiar <campo>»; para seguir después, «guardar y salir»."
)


class FinalCheck:
    """The check-answers step of the guided intake.

    Args:
        engine: The rules engine.
        required: Field ids the rules require.
    """

    def __init__(self, engine: RulesEngine, required: frozenset[str]) -> None:
        self._engine = engine
        self._required = required

    def report(self, turn: Turn) -> ValidationReport:
        """The full validation report of the turn's draft."""
        return self._engine.validate(turn.ficha)

    def enter(self, turn: Turn, *, show_summary: bool = True) -> None:
        """Start (or come back to) the final check."""
        state = turn.state
        state.return_field = None
        state.resume_review = False
        state.clear_candidate()
        report = self.report(turn)
        summary = summarize(turn.ficha, self._engine.config, skipped=state.skipped)
        if report.errors:
            if show_summary:
                turn.show_summary(summary, format_summary(summary))
            count = len(report.errors)
            lines = "\n".join(f"✗ {finding_text(f)}" for f in report.errors)
            turn.say(f"Revisión final: hay {count} error(es) que impiden enviar la ficha:\n{lines}")
            self._fix(turn, report.errors[0].field, "Corrijamos primero este dato.")
            return
        pending = report.pending_warnings(state.acknowledged)
        if pending:
            if show_summary:
                turn.show_summary(summary, format_summary(summary))
            turn.say(
                f"La ficha no tiene errores. Antes de enviarla, revise {len(pending)} "
                "advertencia(s), una por una."
            )
            self._ask_warning(turn, pending[0], len(pending))
            return
        state.mode = Mode.CONFIRM_SUBMIT
        state.field = None
        turn.show_summary(summary, format_summary(summary))
        turn.show_report(report, report_text(report.findings, state.acknowledged))
        turn.ask(CONFIRM_QUESTION)

    def _fix(self, turn: Turn, field_id: str, intro: str) -> None:
        state = turn.state
        state.mode = Mode.ASK
        state.field = field_id
        state.resume_review = True
        prompt = field_prompt(
            field_id,
            turn.ficha,
            self._engine.config,
            required=field_id in self._required,
            full=False,
        )
        turn.say(intro)
        turn.ask(prompt)

    def _ask_warning(self, turn: Turn, warning: Finding, count: int) -> None:
        state = turn.state
        state.mode = Mode.ACK_WARNINGS
        state.field = warning.field
        state.warning_key = warning.key
        turn.ask(self.warning_question(warning, count))

    @staticmethod
    def warning_question(warning: Finding, count: int) -> str:
        """How a pending warning is asked about."""
        more = f" (quedan {count})" if count > 1 else ""
        return (
            f"⚠ Advertencia{more}: {finding_text(warning)}\n"
            "¿La acepta y deja el dato así? Responda «acepto» (si quiere, con su motivo para la "
            "DER: «acepto, porque …»), o «corregir» para cambiar el dato."
        )

    def pending(self, turn: Turn) -> tuple[Finding, ...]:
        """Warnings not yet accepted."""
        return self.report(turn).pending_warnings(turn.state.acknowledged)

    def answer_warning(self, turn: Turn, text: str) -> None:
        """The user's answer about the warning being asked."""
        state = turn.state
        pending = self.pending(turn)
        current = next((w for w in pending if w.key == state.warning_key), None)
        if current is None:
            self.enter(turn, show_summary=False)
            return
        if is_yes(text):
            reason = acceptance_reason(text)
            state.acknowledge([current.key], reason=reason)
            turn.say("Advertencia aceptada" + (" con su motivo." if reason else "."))
            rest = [w for w in pending if w.key != current.key]
            if rest:
                self._ask_warning(turn, rest[0], len(rest))
            else:
                self.enter(turn, show_summary=False)
            return
        if is_no(text):
            self._fix(turn, current.field, "De acuerdo, corrijamos el dato.")
            return
        turn.say(
            "No entendí. Responda «acepto» para dejar el dato así o «corregir» para cambiarlo."
        )
        turn.ask(self.warning_question(current, len(pending)))

    def answer_confirmation(self, turn: Turn, text: str) -> None:
        """The user's answer to "¿Envío la ficha a la DER?"."""
        if is_yes(text):
            turn.action = Action.SUBMIT
            return
        if is_no(text):
            turn.say(
                "De acuerdo, no la envío: queda como borrador. Puede corregir con "
                "«cambiar <campo>», escribir «enviar» cuando esté lista o «guardar y salir»."
            )
            return
        turn.ask(CONFIRM_QUESTION)


__all__ = ["CONFIRM_QUESTION", "FinalCheck"]
