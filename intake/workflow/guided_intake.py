"""Guided-intake sessions: the conversation of each user, stored after every turn.

`IntakeSessions` joins the conversation (`IntakeConversation`) with storage: one session per
user (keyed by user id), holding the `SessionState` next to the draft it fills. Every turn
loads the session and the draft, runs the conversation, and stores the new state and the
changed draft in ONE transaction, with optimistic locking on the draft — so a draft resumes
exactly where it stopped, also after the process restarts, and two editors never silently
overwrite each other. Sending to DER, discarding and pausing happen in that same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from intake.actor import Actor
from intake.conversation.advisor import PolicyAdvisor
from intake.conversation.machine import WELCOME, IntakeConversation
from intake.conversation.state import Mode, SessionState
from intake.conversation.texts import ORDER
from intake.conversation.turn import Action, Outcome
from intake.errors import ConflictError, SubmissionBlockedError, WorkflowError
from intake.status import FichaStatus
from intake.storage.catalog import FichaCatalog
from intake.storage.records import StoredFicha
from intake.storage.tables import IntakeSessionRow, TransactionFactory, as_utc, utc_now
from intake.workflow.submission import FichaWorkflow

NO_DRAFT = "No tiene fichas en curso. Escriba «quiero registrar una ficha» para empezar una nueva."


@dataclass(frozen=True)
class IntakeReply:
    """What the intake says back.

    Attributes:
        text: Spanish reply.
        ficha_id: The ficha the session works on (if any).
        active: True while the intake waits for the user's next message.
        status: The ficha's status after the turn.
        submitted_version: The version number, when this turn sent the ficha to DER.
    """

    text: str
    ficha_id: str | None = None
    active: bool = False
    status: FichaStatus | None = None
    submitted_version: int | None = None


@dataclass(frozen=True)
class _Snapshot:
    state: SessionState
    stored: StoredFicha
    active: bool


class IntakeSessions:
    """Starts, resumes and runs guided-intake conversations.

    Args:
        transaction: Opens a database transaction.
        workflow: Stores drafts and sends them to DER.
        catalog: Reads fichas (to find a draft to resume and DER's comments).
        advisor: Answers policy questions asked in the middle.
        clock: Returns "now".
    """

    def __init__(
        self,
        *,
        transaction: TransactionFactory,
        workflow: FichaWorkflow,
        catalog: FichaCatalog,
        advisor: PolicyAdvisor | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._transaction = transaction
        self._workflow = workflow
        self._catalog = catalog
        self._clock = clock or utc_now
        self.conversation = IntakeConversation(
            engine=workflow.engine, advisor=advisor, current_year=as_utc(self._clock()).year
        )

    # -- queries ----------------------------------------------------------------------------
    def _snapshot(self, actor: Actor) -> _Snapshot | None:
        with self._transaction() as s:
            row = s.get(IntakeSessionRow, actor.user_id)
            if row is None:
                return None
            stored = self._workflow.get(actor, row.ficha_id, session=s)
            return _Snapshot(SessionState.from_dict(row.state), stored, row.active)

    def is_active(self, actor: Actor) -> bool:
        """True when the user's next message belongs to the intake."""
        snapshot = self._snapshot(actor)
        return snapshot is not None and snapshot.active

    def pending_ficha(self, actor: Actor) -> str | None:
        """The id of the user's draft in progress (active or paused), if any."""
        snapshot = self._snapshot(actor)
        return snapshot.stored.id if snapshot else None

    # -- starting, resuming, pausing ----------------------------------------------------------
    def start(self, actor: Actor) -> IntakeReply:
        """Start a new ficha, or resume the draft the user already has in progress.

        Raises:
            PermissionDeniedError: The actor does not draft fichas.
        """
        if self._snapshot(actor) is not None:
            return self.resume(actor, intro="Ya tiene una ficha en curso; la retomamos.")
        with self._transaction() as s:
            stored = self._workflow.create(actor, session=s)
            state = self.conversation.begin(stored.id, stored.draft)
            outcome = self.conversation.opening(
                state,
                stored.draft,
                intro=f"{WELCOME}\nSu borrador es {stored.id}.",
            )
            self._store_state(s, actor, outcome.state, stored.lock_version, active=True)
        return IntakeReply(outcome.reply, stored.id, True, stored.status)

    def resume(
        self, actor: Actor, ficha_id: str | None = None, *, intro: str | None = None
    ) -> IntakeReply:
        """Continue the user's session where it stopped, or open an editable ficha.

        Without ``ficha_id`` the user's session is resumed; without a session, the user's most
        recent returned ficha (else draft) is opened. With ``ficha_id`` that ficha is opened.

        Raises:
            FichaNotFoundError: ``ficha_id`` does not exist.
            PermissionDeniedError: It belongs to another unit.
            WorkflowError: It is not editable (with DER, approved or discarded).
        """
        snapshot = self._snapshot(actor)
        if snapshot is not None and ficha_id in (None, snapshot.stored.id):
            return self._reactivate(actor, snapshot, intro)
        target = ficha_id or self._latest_editable(actor)
        if target is None:
            return IntakeReply(NO_DRAFT)
        return self._open(actor, target)

    def _reactivate(self, actor: Actor, snapshot: _Snapshot, intro: str | None) -> IntakeReply:
        stored = snapshot.stored
        if not stored.status.editable:
            self._drop(actor)
            return IntakeReply(
                f"La ficha {stored.id} está «{stored.status.label}»; no hay nada pendiente.",
                stored.id,
                status=stored.status,
            )
        text = intro or f"Retomamos su ficha {stored.id} («{stored.name}») donde quedó."
        outcome = self.conversation.opening(snapshot.state, stored.draft, intro=text)
        with self._transaction() as s:
            self._store_state(s, actor, outcome.state, stored.lock_version, active=True)
        return IntakeReply(outcome.reply, stored.id, True, stored.status)

    def _latest_editable(self, actor: Actor) -> str | None:
        fichas = self._catalog.list_fichas(
            actor, statuses=(FichaStatus.RETURNED, FichaStatus.DRAFT)
        )
        editable = [f for f in fichas if self._catalog.can_edit(actor, f)]
        editable.sort(
            key=lambda f: (
                f.owner_id == actor.user_id,
                f.status is FichaStatus.RETURNED,
                f.updated_at,
            ),
            reverse=True,
        )
        return editable[0].id if editable else None

    def _open(self, actor: Actor, ficha_id: str) -> IntakeReply:
        stored = self._catalog.get(actor, ficha_id)
        actor.require_editor(stored.unit, stored.owner_id)
        if not stored.status.editable:
            raise WorkflowError(
                f"La ficha {stored.id} está «{stored.status.label}»: solo se edita un borrador o "
                "una ficha devuelta por la DER."
            )
        state = self.conversation.begin(stored.id, stored.draft)
        intro = f"Abrí la ficha {stored.id} («{stored.name}»)."
        if stored.status is FichaStatus.RETURNED:
            intro = self._returned_intro(actor, stored, state)
        outcome = self.conversation.opening(state, stored.draft, intro=intro)
        with self._transaction() as s:
            self._store_state(s, actor, outcome.state, stored.lock_version, active=True)
        return IntakeReply(outcome.reply, stored.id, True, stored.status)

    def _returned_intro(self, actor: Actor, stored: StoredFicha, state: SessionState) -> str:
        version = stored.current_version
        comments = self._catalog.comments(actor, stored.id, version=version)
        history = self._catalog.history(actor, stored.id)
        reason = next(
            (t.reason for t in reversed(history) if t.to_status is FichaStatus.RETURNED), ""
        )
        last = self._catalog.version(actor, stored.id, version)
        state.kept = list(last.acknowledged)
        lines = [f"La DER devolvió su ficha {stored.id} («{stored.name}», versión {version})."]
        if reason:
            lines.append(f"Motivo: {reason}")
        if comments:
            lines.append("Comentarios de la DER:")
            lines += [f"  • {c.field_label}: {c.text}" for c in comments]
        fields = [f for f in ORDER if any(c.field == f for c in comments)]
        if fields:
            state.mode, state.field, state.resume_review = Mode.ASK, fields[0], True
            lines.append("Empecemos por el primer dato comentado.")
        lines.append(
            "Cuando termine, la reviso completa y la envía como versión "
            f"{version + 1}; para cambiar otro dato escriba «cambiar <campo>»."
        )
        return "\n".join(lines)

    def pause(self, actor: Actor) -> bool:
        """Pause the user's session (the draft stays; «continuar mi ficha» resumes it)."""
        with self._transaction() as s:
            row = s.get(IntakeSessionRow, actor.user_id)
            if row is None or not row.active:
                return False
            row.active = False
            return True

    def _drop(self, actor: Actor) -> None:
        with self._transaction() as s:
            row = s.get(IntakeSessionRow, actor.user_id)
            if row is not None:
                s.delete(row)

    def _store_state(
        self, s: Session, actor: Actor, state: SessionState, lock: int, *, active: bool
    ) -> None:
        state.lock_seen = lock
        row = s.get(IntakeSessionRow, actor.user_id)
        if row is None:
            row = IntakeSessionRow(user_id=actor.user_id, ficha_id=state.ficha_id)
            s.add(row)
        row.ficha_id = state.ficha_id
        row.state = state.to_dict()
        row.active = active
        row.updated_at = as_utc(self._clock())

    # -- a turn -------------------------------------------------------------------------------
    def handle(
        self, actor: Actor, message: str, *, conversation_id: str | None = None
    ) -> IntakeReply:
        """Run one turn of the user's session (see `IntakeConversation.handle`)."""
        snapshot = self._snapshot(actor)
        if snapshot is None:
            return IntakeReply(NO_DRAFT)
        stored = snapshot.stored
        if not stored.status.editable:
            return self._reactivate(actor, snapshot, None)
        outcome = self.conversation.handle(
            snapshot.state,
            stored.draft,
            message,
            user_id=actor.user_id,
            conversation_id=conversation_id,
        )
        notice = ""
        if snapshot.state.lock_seen and snapshot.state.lock_seen != stored.lock_version:
            notice = (
                "Aviso: otra persona modificó esta ficha desde su última respuesta; sigo con "
                "la versión guardada.\n\n"
            )
        try:
            return self._apply(actor, stored, outcome, notice)
        except ConflictError as exc:
            return IntakeReply(
                f"{exc.message}\n\n{self.conversation.restate_state(snapshot.state, stored.draft)}",
                stored.id,
                True,
                stored.status,
            )
        except SubmissionBlockedError as exc:
            return IntakeReply(
                f"{exc.message}\n\nEscriba «enviar» para revisar la ficha de nuevo.",
                stored.id,
                True,
                stored.status,
            )

    def _apply(
        self, actor: Actor, stored: StoredFicha, outcome: Outcome, notice: str
    ) -> IntakeReply:
        state = outcome.state
        with self._transaction() as s:
            lock = stored.lock_version
            status = stored.status
            if outcome.changed:
                saved = self._workflow.save_draft(
                    actor, stored.id, outcome.ficha, expected_lock=lock, session=s
                )
                lock = saved.lock_version
            if outcome.action is Action.SUBMIT:
                version = self._workflow.submit(
                    actor, stored.id, acknowledged=state.acknowledged, expected_lock=lock, session=s
                )
                s.delete(s.get(IntakeSessionRow, actor.user_id))
                text = (
                    f"Envié la ficha {stored.id} a la DER como versión {version.number}. La DER "
                    "recibe un aviso y usted recibirá otro cuando la revise."
                )
                return IntakeReply(
                    notice + "\n\n".join(p for p in (outcome.reply, text) if p),
                    stored.id,
                    False,
                    FichaStatus.SUBMITTED,
                    version.number,
                )
            if outcome.action is Action.DISCARD:
                discarded = self._workflow.discard(actor, stored.id, session=s)
                s.delete(s.get(IntakeSessionRow, actor.user_id))
                return IntakeReply(notice + outcome.reply, stored.id, False, discarded.status)
            active = outcome.action is not Action.PAUSE
            self._store_state(s, actor, state, lock, active=active)
        return IntakeReply(notice + outcome.reply, stored.id, active, status)


__all__ = ["NO_DRAFT", "IntakeReply", "IntakeSessions"]
