"""The usage report's weekly chart with a year of questions (one bar per week)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from assistant.answering.answer import Answer
from assistant.usage.question_log import QuestionLogRow
from tests.api.web.conftest import Web

pytestmark = pytest.mark.slow


def test_a_year_of_questions_draws_52_bars_within_their_cells(web: Web) -> None:
    log = web.services.question_log
    start = datetime(2025, 12, 1, 15, tzinfo=UTC)
    for week in range(60):  # more than a year: the chart shows the last 52 weeks
        for n in range(week % 4 + 1):
            answer = Answer(text="…", route="faq" if n else "ninguna", abstained=not n)
            log_id = log.record(f"Pregunta {week}-{n}", answer, channel="web", user_id=None)
            with web.services.database.session() as session:
                session.execute(
                    update(QuestionLogRow)
                    .where(QuestionLogRow.id == log_id)
                    .values(created_at=start + timedelta(weeks=week))
                )
    web.login("editora")
    page = web.client.get("/faq/informe").text
    rows = re.findall(r"<tr><td>(\d+ \w+ \d{4})</td>", page)
    assert len(rows) == 52 and rows[-1] == "18 ene 2027" and rows[0] == "26 ene 2026"
    widths = [float(w) for w in re.findall(r'style="width: ([\d.]+)%"', page)]
    assert len(widths) == 3 * 52 and max(widths) == 100.0 and min(widths) >= 0.0
