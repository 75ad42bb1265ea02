"""The log of answered questions, feedback on it, and the weekly usage report."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from assistant.answering.answer import Answer
from assistant.errors import NotFoundError
from assistant.faq.usage_report import build_report
from assistant.storage.database import Database
from assistant.usage.feedback import Feedback, FeedbackError, clean_reason, parse_feedback
from assistant.usage.question_log import LoggedQuestion, QuestionLog


@pytest.fixture
def log(database_url: str) -> Iterator[QuestionLog]:
    """A log on a migrated database."""
    database = Database(database_url)
    database.create_schema()
    yield QuestionLog(database)
    database.dispose()


def _answer(route: str = "politica", **extra: object) -> Answer:
    return Answer(text="…", route=route, confidence=0.7, **extra)  # type: ignore[arg-type]


def test_record_read_and_feedback(log: QuestionLog) -> None:
    first = log.record(
        "¿Qué es el SETA?", _answer(conversation_id="c1"), channel="web", user_id="u1"
    )
    second = log.record(
        "¿y quién lo usa?",
        _answer("faq", faq_id="faq-010", conversation_id="c1"),
        channel="web",
        user_id="u1",
    )
    log.record("otra", _answer(conversation_id="c2"), channel="cli", user_id=None)
    assert first is not None and second is not None
    stored = log.get(second)
    assert (stored.question, stored.route, stored.faq_id, stored.confidence) == (
        "¿y quién lo usa?",
        "faq",
        "faq-010",
        pytest.approx(0.7),
    )
    latest = log.latest(conversation_id="c1")
    assert latest is not None and latest.log_id == second
    assert log.latest() is not None and log.latest().question == "otra"  # type: ignore[union-attr]
    marked = log.give_feedback(second, Feedback.UTIL)
    assert marked.feedback is Feedback.UTIL and not marked.unresolved
    changed = log.give_feedback(second, Feedback.NO_UTIL, "x" * 900)
    assert changed.feedback is Feedback.NO_UTIL and len(changed.feedback_reason or "") == 500
    assert [q.log_id for q in log.unresolved()] == [second]
    with pytest.raises(NotFoundError):
        log.give_feedback(999, Feedback.UTIL)
    assert log.latest(conversation_id="nadie") is None


def test_the_log_keeps_no_answer_text_and_truncates_long_questions(log: QuestionLog) -> None:
    log_id = log.record("¿" + "a" * 5000 + "?", _answer(), channel="cli", user_id=None)
    assert log_id is not None and len(log.get(log_id).question) == 2000


def test_between_filters_by_time(log: QuestionLog) -> None:
    log.record("uno", _answer(), channel="cli", user_id=None)
    now = datetime.now(UTC)
    assert [q.question for q in log.between(now - timedelta(minutes=5))] == ["uno"]
    assert log.between(now + timedelta(minutes=5)) == []
    assert [q.question for q in log.between(until=now + timedelta(minutes=5))] == ["uno"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("útil", Feedback.UTIL),
        ("Util", Feedback.UTIL),
        ("no-útil", Feedback.NO_UTIL),
        ("NO útil", Feedback.NO_UTIL),
        ("no_util", Feedback.NO_UTIL),
    ],
)
def test_feedback_spellings(text: str, value: Feedback) -> None:
    assert parse_feedback(text) is value


def test_unknown_feedback_and_reasons() -> None:
    with pytest.raises(FeedbackError, match="«regular»"):
        parse_feedback("regular")
    assert clean_reason("  a \n b  ") == "a b" and clean_reason("   ") is None


def _logged(
    log_id: int, day: datetime, question: str, route: str, **extra: object
) -> LoggedQuestion:
    return LoggedQuestion(
        log_id=log_id,
        created_at=day,
        question=question,
        route=route,
        confidence=0.5,
        abstained=route == "ninguna",
        faq_id=extra.pop("faq_id", None),  # type: ignore[arg-type]
        conversation_id=None,
        channel="slack",
        user_id=None,
        **extra,  # type: ignore[arg-type]
    )


def test_weekly_report() -> None:
    monday = datetime(2026, 11, 16, 10, tzinfo=UTC)  # ISO week 47
    questions = [
        _logged(1, monday, "¿Qué es el SETA?", "faq", faq_id="faq-030"),
        _logged(2, monday, "que es el seta", "faq", faq_id="faq-030"),
        _logged(3, monday + timedelta(days=1), "¿Vacaciones?", "ninguna"),
        _logged(4, monday + timedelta(days=2), "¿Qué es la ficha?", "glosario"),
        _logged(5, monday + timedelta(days=7), "¿Qué es el SETA?", "faq", faq_id="faq-030"),
        _logged(
            6, monday + timedelta(days=8), "¿Quién aprueba?", "politica", feedback=Feedback.NO_UTIL
        ),
    ]
    report = build_report(questions)
    assert [
        (w.week, w.questions, w.faq_hits, w.abstentions, w.not_useful) for w in report.weeks
    ] == [
        ("2026-S47", 4, 2, 1, 0),
        ("2026-S48", 2, 1, 0, 1),
    ]
    assert report.weeks[0].hit_rate == 0.5 and report.weeks[0].abstention_rate == 0.25
    assert (report.total.questions, report.total.hit_rate) == (6, 0.5)
    assert (report.most_asked[0].count, report.most_asked[0].faq_id) == (3, "faq-030")
    assert report.csv().splitlines() == [
        "semana,preguntas,faq,tasa_faq,abstenciones,tasa_abstencion,no_util",
        "2026-S47,4,2,0.500,1,0.250,0",
        "2026-S48,2,1,0.500,0,0.000,1",
        "total,6,3,0.500,1,0.167,1",
    ]
    assert report.csv("mas_preguntadas").splitlines()[1] == "¿Qué es el SETA?,3,faq,faq-030"
    table = report.table()
    assert "Uso por semana" in table and "2026-S48" in table and "(sin datos)" in table
    with pytest.raises(ValueError):
        report.csv("otra")
    empty = build_report([])
    assert empty.weeks == [] and empty.total.hit_rate == 0.0


def test_a_year_of_questions_is_52_contiguous_weeks_in_bogota_time() -> None:
    # Monday 5 Jan 2026, 03:00 UTC is still Sunday 4 Jan in Bogotá (week 1 starts the 5th).
    start = datetime(2026, 1, 5, 3, tzinfo=UTC)
    busy = [n for n in range(52) if n % 3]  # one week in three nobody asked
    questions = [
        _logged(n + 1, start + timedelta(weeks=n, hours=8), "¿Qué es el SETA?", "faq") for n in busy
    ]
    questions.insert(0, _logged(100, start, "¿Domingo?", "ninguna"))
    report = build_report(questions)
    assert len(report.weeks) == 52  # the Sunday's week, then up to the last (n = 50)
    assert report.weeks[0].monday == date(2025, 12, 29) and report.weeks[0].questions == 1
    mondays = [w.monday for w in report.weeks]
    assert all(b - a == timedelta(weeks=1) for a, b in zip(mondays, mondays[1:], strict=False))  # type: ignore[operator]
    assert [w.questions for w in report.weeks[1:4]] == [0, 1, 1]
    assert sum(w.questions for w in report.weeks) == report.total.questions == len(questions)
