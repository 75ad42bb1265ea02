"""The FAQ bank's workflow on SQLite and PostgreSQL: who may do what, from which status,
revisions, history, diff and restore."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assistant.errors import NotFoundError
from assistant.faq.bank import FaqBank
from assistant.faq.errors import (
    FaqConflictError,
    FaqPermissionDeniedError,
    FaqValidationError,
    FaqWorkflowError,
)
from assistant.faq.revision import FaqContent
from assistant.faq.store import FaqStore
from assistant.faq.workflow import ALLOWED_ROLES, Action, Actor, Role, Status
from assistant.storage.database import Database

EDITOR = Actor.of("ana", "editor")
OTHER_EDITOR = Actor.of("beto", "editor")
REVIEWER = Actor.of("rosa", "revisor")
COMMS = Actor.of("carla", "comunicaciones")
ADMIN = Actor.of("admin1", "admin")

CONTENT = FaqContent(
    question="¿Quién aprueba la ficha de pre-diseño?",
    answer="La **DER** la revisa y da *feedback*.\n\n- Paso 1\n- Paso 2",
    alternatives=("quien aprueba la ficha", "¿La DER aprueba la ficha?"),
    tags=("ficha",),
)


@pytest.fixture
def bank(database_url: str) -> Iterator[FaqBank]:
    """An empty bank (no index: sections are not checked here)."""
    database = Database(database_url)
    database.create_schema()
    yield FaqBank(FaqStore(database))
    database.dispose()


def _published(bank: FaqBank) -> str:
    record = bank.create(CONTENT, EDITOR)
    bank.submit(record.entry_id, EDITOR)
    bank.approve(record.entry_id, REVIEWER)
    bank.publish(record.entry_id, REVIEWER)
    return record.entry_id


def test_the_full_path_from_draft_to_archive(bank: FaqBank) -> None:
    record = bank.create(CONTENT, EDITOR)
    assert (record.entry_id, record.status, record.head_revision) == ("faq-001", Status.BORRADOR, 1)
    assert bank.entries() == []
    assert bank.submit(record.entry_id, EDITOR).status is Status.EN_REVISION
    approved = bank.approve(record.entry_id, REVIEWER)
    assert (approved.status, approved.approved_by, approved.reviewer) == (
        Status.EN_REVISION,
        "rosa",
        "rosa",
    )
    version = bank.version()
    outcome = bank.publish(record.entry_id, COMMS)
    assert outcome.record.status is Status.PUBLICADA and outcome.record.published_revision == 1
    assert bank.version() != version
    [served] = bank.entries()
    assert served.entry_id == "faq-001" and served.answer == CONTENT.answer
    assert served.alternatives == CONTENT.alternatives
    archived = bank.archive(record.entry_id, COMMS, "ya no aplica")
    assert archived.status is Status.ARCHIVADA and not archived.served
    assert bank.entries() == []
    # Nothing is deleted: the entry, its revision and its history remain.
    assert bank.store.get("faq-001").content == CONTENT
    actions = [e.action for e in bank.store.events("faq-001")]
    assert actions == ["crear", "enviar-revision", "aprobar", "publicar", "archivar"]
    assert bank.store.events("faq-001")[-1].reason == "ya no aplica"


@pytest.mark.parametrize(
    ("actor", "action"),
    [
        (REVIEWER, Action.CREAR),
        (Actor.of("x", "revisor"), Action.EDITAR),
        (EDITOR, Action.APROBAR),
        (COMMS, Action.APROBAR),
        (EDITOR, Action.PUBLICAR),
        (EDITOR, Action.ARCHIVAR),
    ],
)
def test_roles_that_may_not_act(actor: Actor, action: Action) -> None:
    assert not actor.may(action)


def test_permission_table_is_what_the_issue_asks() -> None:
    assert ALLOWED_ROLES[Action.CREAR] == {Role.EDITOR, Role.COMUNICACIONES, Role.ADMIN}
    assert ALLOWED_ROLES[Action.APROBAR] == {Role.REVISOR, Role.ADMIN}
    assert Role.EDITOR not in ALLOWED_ROLES[Action.PUBLICAR]


def test_permissions_are_enforced(bank: FaqBank) -> None:
    with pytest.raises(FaqPermissionDeniedError, match="no tiene permiso para «crear»"):
        bank.create(CONTENT, REVIEWER)
    entry_id = bank.create(CONTENT, EDITOR).entry_id
    bank.submit(entry_id, EDITOR)
    with pytest.raises(FaqPermissionDeniedError):
        bank.approve(entry_id, OTHER_EDITOR)
    with pytest.raises(FaqPermissionDeniedError):
        bank.publish(entry_id, EDITOR)
    assert bank.store.get(entry_id).status is Status.EN_REVISION


def test_a_reviewer_cannot_approve_their_own_revision(bank: FaqBank) -> None:
    editor_and_reviewer = Actor.of("dora", "editor", "revisor")
    entry_id = bank.create(CONTENT, editor_and_reviewer).entry_id
    bank.submit(entry_id, editor_and_reviewer)
    with pytest.raises(FaqPermissionDeniedError, match="otra persona"):
        bank.approve(entry_id, editor_and_reviewer)
    with pytest.raises(FaqPermissionDeniedError, match="otra persona"):
        bank.approve(entry_id, Actor.of("dora", "admin"))
    assert bank.approve(entry_id, REVIEWER).approved_by == "rosa"


def test_an_author_cannot_approve_after_someone_else_edits_one_character(bank: FaqBank) -> None:
    """Four eyes over the content, not the revision: every author since the last publish."""
    dora = Actor.of("dora", "editor", "revisor")
    entry_id = bank.create(CONTENT, dora).entry_id
    touched = FaqContent(
        question=CONTENT.question,
        answer=CONTENT.answer + ".",
        alternatives=CONTENT.alternatives,
        tags=CONTENT.tags,
    )
    bank.edit(entry_id, touched, OTHER_EDITOR)
    bank.submit(entry_id, OTHER_EDITOR)
    with pytest.raises(FaqPermissionDeniedError, match="otra persona"):
        bank.approve(entry_id, dora)
    bank.approve(entry_id, REVIEWER)
    bank.publish(entry_id, REVIEWER)
    # After the publish, only the new revisions count: dora wrote none of them.
    bank.edit(entry_id, CONTENT, OTHER_EDITOR)
    bank.submit(entry_id, OTHER_EDITOR)
    assert bank.approve(entry_id, dora).approved_by == "dora"


def test_transitions_out_of_order_are_refused(bank: FaqBank) -> None:
    entry_id = bank.create(CONTENT, EDITOR).entry_id
    with pytest.raises(FaqWorkflowError, match="está borrador"):
        bank.approve(entry_id, REVIEWER)
    with pytest.raises(FaqWorkflowError):
        bank.publish(entry_id, REVIEWER)
    bank.submit(entry_id, EDITOR)
    with pytest.raises(FaqWorkflowError, match="aún no está aprobada"):
        bank.publish(entry_id, REVIEWER)
    bank.approve(entry_id, REVIEWER)
    with pytest.raises(FaqWorkflowError, match="ya está aprobada"):
        bank.approve(entry_id, ADMIN)
    bank.archive(entry_id, COMMS)
    with pytest.raises(FaqWorkflowError, match="está archivada"):
        bank.archive(entry_id, COMMS)


def test_a_draft_without_answer_cannot_go_to_review(bank: FaqBank) -> None:
    entry_id = bank.create(FaqContent(question="¿Hay horario de atención?"), EDITOR).entry_id
    with pytest.raises(FaqValidationError, match="la respuesta está vacía"):
        bank.submit(entry_id, EDITOR)


def test_sending_back_returns_the_entry_to_its_editor(bank: FaqBank) -> None:
    entry_id = bank.create(CONTENT, EDITOR).entry_id
    bank.submit(entry_id, EDITOR)
    record = bank.send_back(entry_id, REVIEWER, "falta citar la sección")
    assert record.status is Status.BORRADOR
    assert bank.store.events(entry_id)[-1].reason == "falta citar la sección"


def test_editing_a_published_entry_keeps_serving_it_until_the_new_revision_is_published(
    bank: FaqBank,
) -> None:
    entry_id = _published(bank)
    version = bank.version()
    changed = FaqContent(CONTENT.question, "Respuesta corregida.", CONTENT.alternatives)
    record = bank.edit(entry_id, changed, EDITOR)
    assert (record.status, record.head_revision, record.published_revision) == (
        Status.BORRADOR,
        2,
        1,
    )
    assert bank.version() == version
    assert bank.entries()[0].answer == CONTENT.answer
    bank.submit(entry_id, EDITOR)
    bank.approve(entry_id, REVIEWER)
    bank.publish(entry_id, REVIEWER)
    assert bank.entries()[0].answer == "Respuesta corregida." and bank.entries()[0].revision == 2


def test_every_edit_is_a_revision_with_diff_and_restore(bank: FaqBank) -> None:
    entry_id = bank.create(CONTENT, EDITOR).entry_id
    second = FaqContent(
        CONTENT.question,
        CONTENT.answer.replace("Paso 2", "Paso 2 corregido"),
        (*CONTENT.alternatives, "¿quién da visto bueno a la ficha?"),
        tags=("ficha", "der"),
    )
    bank.edit(entry_id, second, OTHER_EDITOR, note="agrega formulación")
    revisions = bank.store.revisions(entry_id)
    assert [(r.number, r.author, r.note) for r in revisions] == [
        (1, "ana", None),
        (2, "beto", "agrega formulación"),
    ]
    diff = "\n".join(bank.diff(entry_id, 1, 2))
    assert "--- respuesta (revisión 1)" in diff and "+- Paso 2 corregido" in diff
    assert "+¿quién da visto bueno a la ficha?" in diff and "+der" in diff
    assert "pregunta (revisión" not in diff
    assert bank.diff(entry_id, 1, 1) == []
    restored = bank.restore(entry_id, 1, EDITOR)
    assert restored.head_revision == 3 and restored.content == CONTENT
    assert bank.store.revision(entry_id, 3).note == "restaurada desde la revisión 1"
    assert bank.store.revision(entry_id, 2).content == second
    with pytest.raises(NotFoundError):
        bank.restore(entry_id, 9, EDITOR)


def test_restoring_an_archived_entry_reopens_it_as_a_draft(bank: FaqBank) -> None:
    entry_id = _published(bank)
    bank.archive(entry_id, COMMS)
    record = bank.restore(entry_id, 1, EDITOR)
    assert record.status is Status.BORRADOR and not record.served


def test_an_edit_on_a_stale_base_revision_is_refused(bank: FaqBank) -> None:
    entry_id = bank.create(CONTENT, EDITOR).entry_id
    bank.edit(entry_id, FaqContent("¿Otra?", "Sí."), OTHER_EDITOR, base_revision=1)
    with pytest.raises(FaqConflictError, match="revisión 2, no 1"):
        bank.edit(entry_id, FaqContent("¿Mía?", "No."), EDITOR, base_revision=1)


def test_ids_and_content_are_validated(bank: FaqBank) -> None:
    with pytest.raises(FaqValidationError, match="la pregunta está vacía"):
        bank.create(FaqContent(question="  "), EDITOR)
    with pytest.raises(FaqValidationError, match="varias líneas"):
        bank.create(FaqContent("¿Una?", "r", alternatives=("dos\nlíneas",)), EDITOR)
    with pytest.raises(FaqValidationError, match="Id inválido"):
        bank.create(CONTENT, EDITOR, entry_id="Con Espacios")
    bank.create(CONTENT, EDITOR, entry_id="horario")
    with pytest.raises(FaqConflictError, match="Ya existe"):
        bank.create(CONTENT, EDITOR, entry_id="horario")
    with pytest.raises(NotFoundError):
        bank.submit("no-existe", EDITOR)


def test_content_is_normalized(bank: FaqBank) -> None:
    record = bank.create(
        FaqContent(
            question="  ¿Qué es el SETA? ",
            answer="\nEl sistema.\n\n",
            alternatives=("", "¿Qué es el SETA?", "seta", "seta"),
            tags=(" seta ",),
        ),
        EDITOR,
    )
    assert record.content == FaqContent("¿Qué es el SETA?", "El sistema.", ("seta",), (), ("seta",))


def test_unknown_roles_and_missing_user_are_refused() -> None:
    with pytest.raises(FaqValidationError, match="Rol desconocido: jefe"):
        Actor.of("ana", "jefe")
    with pytest.raises(FaqValidationError, match="usuario"):
        Actor.of(" ", "editor")
