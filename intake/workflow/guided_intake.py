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
from intake.conversation.reply import (
    Choice,
    FieldQuestion,
    Notice,
    NoticeKind,
    PartKind,
    ReplyPart,
)
from intake.conversation.state import Mode, SessionState
from intake.conversation.texts import ORDER
from intake.conversation.turn import Action, Outcome, TurnView
from intake.errors import ConflictError, SubmissionBlockedError, WorkflowError
from intake.ficha import Ficha
from intake.status import FichaStatus
from intake.storage.catalog import FichaCatalog
from intake.storage.records import StoredFicha
from intake.storage.tables import IntakeSessionRow, TransactionFactory, as_utc, utc_now
from intake.workflow.status_report import returned_text, status_text
from intake.workflow.submission import FichaWorkflow

NO_DRAFT = "No tiene fichas en curso. Escriba «quiero registrar una ficha» para empezar una nueva."


@dataclass(frozen=True)
class IntakeReply:
    """What the intake says back, as data every adapter renders the same way.

    Attributes:
        view: The turn's paragraphs (tagged), the pending question, the choices, the summary
            and report when shown, and whether the ficha can be sent.
        notices: What to tell before the reply (returned by DER, a draft in progress, a
            concurrent change).
        ficha_id: The ficha the session works on (if any).
        active: True while the intake waits for the user's next message.
        status: The ficha's status after the turn.
        submitted_version: The version number, when this turn sent the ficha to DER.
    """

    view: TurnView = TurnView()
    notices: tuple[Notice, ...] = ()
    ficha_id: str | None = None
    active: bool = False
    status: FichaStatus | None = None
    submitted_version: int | None = None

    @property
    def text(self) -> str:
        """The whole reply as plain text (notices first)."""
        return "\n\n".join([*(n.text for n in self.notices), *(p.text for p in self.view.parts)])

    @property
    def question(self) -> FieldQuestion | None:
        """The field asked for, while the intake waits for an answer."""
        return self.view.question if self.active else None

    @property
    def choices(self) -> tuple[Choice, ...]:
        """One-click answers, while the intake waits for an answer."""
        return self.view.choices if self.active else ()

    @property
    def can_send(self) -> bool:
        """The ficha can be sent to DER now (no error; it is an editable draft)."""
        editable = self.status is not None and self.status.editable
        return self.active and editable and self.view.can_send


def message_reply(text: str, **fields: object) -> IntakeReply:
    """A reply that is one message and asks nothing."""
    view = TurnView(parts=(ReplyPart(PartKind.MESSAGE, text),))
    return IntakeReply(view, **fields)  # type: ignore[arg-type]


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

    def returned_notice(self, actor: Actor) -> Notice | None:
        """A notice of the unit's most recently returned ficha, if DER returned one."""
        returned = self._catalog.list_fichas(actor, statuses=(FichaStatus.RETURNED,))
        return Notice(NoticeKind.RETURNED, returned_text(returned[0])) if returned else None

    def status(self, actor: Actor) -> IntakeReply:
        """Where each of the unit's fichas is («¿ya me revisaron la ficha?»)."""
        return message_reply(status_text(self._catalog.list_fichas(actor)))

    # -- starting, resuming, pausing ----------------------------------------------------------
    def start(self, actor: Actor) -> IntakeReply:
        """Start a new ficha, or resume the draft the user already has in progress.

        Raises:
            PermissionDeniedError: The actor does not draft fichas.
        """
        if self._snapshot(actor) is not None:
            return self.resume(actor, intro="Ya tiene una ficha en curso; la retomamos.")
        draft, unit_line = self.conversation.prefill(Ficha(), actor.unit)
        with self._transaction() as s:
            stored = self._workflow.create(actor, draft, session=s)
            state = self.conversation.begin(stored.id, stored.draft, unit=actor.unit)
            intro = "\n".join(filter(None, [WELCOME, f"Su borrador es {stored.id}.", unit_line]))
            outcome = self.conversation.opening(state, stored.draft, intro=intro)
            self._store_state(s, actor, outcome.state, stored.lock_version, active=True)
        return IntakeReply(outcome.view, (), stored.id, True, stored.status)

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
            return message_reply(NO_DRAFT)
        return self._open(actor, target)

    def _reactivate(self, actor: Actor, snapshot: _Snapshot, intro: str | None) -> IntakeReply:
        stored = snapshot.stored
        if not stored.status.editable:
            self._drop(actor)
            return message_reply(
                f"La ficha {stored.id} está «{stored.status.label}»; no hay nada pendiente.",
                ficha_id=stored.id,
                status=stored.status,
            )
        text = intro or f"Retomamos su ficha {stored.id} («{stored.name}») donde quedó."
        outcome = self.conversation.opening(snapshot.state, stored.draft, intro=text)
        with self._transaction() as s:
            self._store_state(s, actor, outcome.state, stored.lock_version, active=True)
        return IntakeReply(outcome.view, (), stored.id, True, stored.status)

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
        state = self.conversation.begin(stored.id, stored.draft, unit=actor.unit)
        intro = f"Abrí la ficha {stored.id} («{stored.name}»)."
        notices: tuple[Notice, ...] = ()
        if stored.status is FichaStatus.RETURNED:
            notices = (Notice(NoticeKind.RETURNED, self._returned_notice(actor, stored, state)),)
            intro = ""
        outcome = self.conversation.opening(state, stored.draft, intro=intro)
        with self._transaction() as s:
            self._store_state(s, actor, outcome.state, stored.lock_version, active=True)
        return IntakeReply(outcome.view, notices, stored.id, True, stored.status)

    def _returned_notice(self, actor: Actor, stored: StoredFicha, state: SessionState) -> str:
        version = stored.current_version
        comments = self._catalog.comments(actor, stored.id, version=version)
        history = self._catalog.history(actor, stored.id)
        reason = next(
            (t.reason for t in reversed(history) if t.to_status is FichaStatus.RETURNED), ""
        )
        last = self._catalog.version(actor, stored.id, version)
        state.kept = list(last.acknowledged)
        state.reasons = dict(last.reasons)
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
            return message_reply(NO_DRAFT)
        stored = snapshot.stored
        if not stored.status.editable:
            return self._reactivate(actor, snapshot, None)
        snapshot.state.unit = snapshot.state.unit or actor.unit
        outcome = self.conversation.handle(
            snapshot.state,
            stored.draft,
            message,
            user_id=actor.user_id,
            conversation_id=conversation_id,
        )
        notices: tuple[Notice, ...] = ()
        if snapshot.state.lock_seen and snapshot.state.lock_seen != stored.lock_version:
            notices = (
                Notice(
                    NoticeKind.CONCURRENT_EDIT,
                    "Aviso: otra persona modificó esta ficha desde su última respuesta; sigo "
                    "con la versión guardada.",
                ),
            )
        try:
            return self._apply(actor, stored, outcome, notices)
        except ConflictError as exc:
            view = self.conversation.restate_view(snapshot.state, stored.draft, exc.message)
            return IntakeReply(view, (), stored.id, True, stored.status)
        except SubmissionBlockedError as exc:
            view = self.conversation.restate_view(
                snapshot.state,
                stored.draft,
                f"{exc.message}\n\nEscriba «enviar» para revisar la ficha de nuevo.",
            )
            return IntakeReply(view, (), stored.id, True, stored.status)

    def _apply(
        self, actor: Actor, stored: StoredFicha, outcome: Outcome, notices: tuple[Notice, ...]
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
                    actor,
                    stored.id,
                    acknowledged=state.acknowledged,
                    reasons=state.reasons,
                    expected_lock=lock,
                    session=s,
                )
                s.delete(s.get(IntakeSessionRow, actor.user_id))
                sent = ReplyPart(
                    PartKind.MESSAGE,
                    f"Envié la ficha {stored.id} a la DER como versión {version.number}. La DER "
                    "recibe un aviso y usted recibirá otro cuando la revise.",
                )
                view = TurnView(parts=(*outcome.view.parts, sent))
                return IntakeReply(
                    view, notices, stored.id, False, FichaStatus.SUBMITTED, version.number
                )
            if outcome.action is Action.DISCARD:
                discarded = self._workflow.discard(actor, stored.id, session=s)
                s.delete(s.get(IntakeSessionRow, actor.user_id))
                return IntakeReply(outcome.view, notices, stored.id, False, discarded.status)
            active = outcome.action is not Action.PAUSE
            self._store_state(s, actor, state, lock, active=active)
        return IntakeReply(outcome.view, notices, stored.id, active, status)


__all__ = ["NO_DRAFT", "IntakeReply", "IntakeSessions", "message_reply"]
