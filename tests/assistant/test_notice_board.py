"""Each person's notices come from the outbox: the ficha workflow's and the FAQ bank's, read
or unread per person, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from assistant.access.users import User, UserStore
from assistant.faq.bank import FaqBank
from assistant.faq.notices import REVIEW_REQUESTED
from assistant.faq.revision import FaqContent
from assistant.faq.store import FaqStore
from assistant.faq.workflow import Actor
from assistant.notices.board import NoticeBoard
from assistant.storage.database import Database
from intake import DER_RECIPIENT, Notification, Outbox, unit_recipient

UNIT = "Dirección de Desarrollo Territorial"


@dataclass
class Board:
    board: NoticeBoard
    outbox: Outbox
    bank: FaqBank
    people: dict[str, User]

    def write(self, notification: Notification) -> None:
        with self.board.database.session() as session:
            self.outbox.enqueue(session, notification)


@pytest.fixture
def board(database_url: str) -> Iterator[Board]:
    database = Database(database_url)
    database.create_schema()
    outbox = Outbox(transaction=database.session)
    users = UserStore(database)
    people = {}
    for who, roles, unit in (
        ("unidad", ["unidad_tecnica"], UNIT),
        ("otra", ["unidad_tecnica"], "Otra dirección"),
        ("der", ["der"], None),
        ("editora", ["comunicaciones"], None),
        ("revisora", ["comunicaciones"], None),
    ):
        user, _ = users.create(name=who, email=f"{who}@dnp.gov.co", roles=roles, unit=unit)
        people[who] = user
    yield Board(
        NoticeBoard(database, outbox), outbox, FaqBank(FaqStore(database), outbox=outbox), people
    )
    database.dispose()


def _notice(event: str, recipient: str) -> Notification:
    return Notification(event, recipient, f"Asunto {event}", "Cuerpo", {"ficha_id": "F-1"}, "F-1")


def test_each_person_sees_what_is_addressed_to_them(board: Board) -> None:
    board.write(_notice("ficha_enviada", DER_RECIPIENT))
    board.write(_notice("ficha_devuelta", unit_recipient(UNIT, "someone")))
    editor = Actor.of(board.people["editora"].user_id, "comunicaciones")
    entry = board.bank.create(FaqContent("¿Quién aprueba la ficha?", "La DER."), editor)
    board.bank.submit(entry.entry_id, editor)
    seen = {who: [n.event for n in board.board.notices(p)] for who, p in board.people.items()}
    assert seen == {
        "unidad": ["ficha_devuelta"],
        "otra": [],
        "der": ["ficha_enviada"],
        "editora": [REVIEW_REQUESTED],
        "revisora": [REVIEW_REQUESTED],
    }
    [faq] = board.board.notices(board.people["revisora"])
    assert faq.faq_id == entry.entry_id and "¿Quién aprueba la ficha?" in faq.subject


def test_read_marks_are_per_person(board: Board) -> None:
    board.write(_notice("ficha_enviada", DER_RECIPIENT))
    board.write(_notice("ficha_enviada", DER_RECIPIENT))
    second_der = UserStore(board.board.database).create(
        name="der2", email="der2@dnp.gov.co", roles=["der"]
    )[0]
    der = board.people["der"]
    newest, oldest = board.board.notices(der)
    assert board.board.unread(der) == 2
    board.board.mark_read(der, [oldest.notice_id])
    board.board.mark_read(der, [oldest.notice_id])  # twice is fine
    assert [n.read for n in board.board.notices(der)] == [False, True]
    assert board.board.unread(der) == 1 and board.board.unread(second_der) == 2
    assert board.board.get(board.people["unidad"], newest.notice_id) is None  # not theirs
