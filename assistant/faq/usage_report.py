"""The usage report: most asked, most unresolved, FAQ hit rate and abstention rate per week.

Weeks are Bogotá's (a question at 8 p.m. on Sunday belongs to that Sunday's week), and every
week between the first and the last question has its row, quiet ones with zeros, so a chart
of a year is 52 evenly spaced bars.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from assistant.faq.backlog import UnresolvedGroup, question_key
from assistant.usage.feedback import Feedback
from assistant.usage.question_log import LoggedQuestion

BOGOTA = ZoneInfo("America/Bogota")


@dataclass(frozen=True)
class WeekRow:
    """One ISO week (or the total)."""

    week: str
    questions: int
    faq_hits: int
    abstentions: int
    not_useful: int
    monday: date | None = None
    """The week's Monday (None for the total)."""

    @property
    def hit_rate(self) -> float:
        """Share of questions answered with a FAQ entry."""
        return self.faq_hits / self.questions if self.questions else 0.0

    @property
    def abstention_rate(self) -> float:
        """Share of questions the assistant did not answer."""
        return self.abstentions / self.questions if self.questions else 0.0


@dataclass(frozen=True)
class AskedRow:
    """A question (repeats counted together) and how it is usually answered."""

    question: str
    count: int
    route: str
    faq_id: str | None


@dataclass
class UsageReport:
    """The report's three tables and the total."""

    weeks: list[WeekRow]
    total: WeekRow
    most_asked: list[AskedRow] = field(default_factory=list)
    most_unresolved: list[UnresolvedGroup] = field(default_factory=list)

    def csv(self, table: str = "semanas") -> str:
        """One table as CSV: ``semanas``, ``mas_preguntadas`` or ``sin_resolver``."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        if table == "semanas":
            writer.writerow(_WEEK_HEADER)
            writer.writerows(_week_cells(w) for w in [*self.weeks, self.total])
        elif table == "mas_preguntadas":
            writer.writerow(["pregunta", "veces", "ruta", "faq"])
            writer.writerows(
                [a.question, a.count, a.route, a.faq_id or ""] for a in self.most_asked
            )
        elif table == "sin_resolver":
            writer.writerow(["grupo", "pregunta", "veces", "no_util", "ultima_vez"])
            writer.writerows(
                [g.key, g.representative, g.count, g.negative_feedback, g.newest.date().isoformat()]
                for g in self.most_unresolved
            )
        else:
            raise ValueError(f"Tabla desconocida: {table}")
        return buffer.getvalue()

    def table(self) -> str:
        """The three tables for a terminal."""
        lines = ["Uso por semana"]
        lines += _grid(_WEEK_HEADER, [_week_cells(w) for w in [*self.weeks, self.total]])
        lines += ["", "Más preguntadas"]
        lines += _grid(
            ["veces", "ruta", "pregunta"],
            [[str(a.count), a.faq_id or a.route, _short(a.question)] for a in self.most_asked],
        )
        lines += ["", "Más preguntadas sin resolver (grupos)"]
        lines += _grid(
            ["grupo", "veces", "no útil", "última vez", "pregunta"],
            [
                [
                    str(g.key),
                    str(g.count),
                    str(g.negative_feedback),
                    g.newest.date().isoformat(),
                    _short(g.representative),
                ]
                for g in self.most_unresolved
            ],
        )
        return "\n".join(lines)


_WEEK_HEADER = [
    "semana",
    "preguntas",
    "faq",
    "tasa_faq",
    "abstenciones",
    "tasa_abstencion",
    "no_util",
]


def _week_cells(row: WeekRow) -> list[str]:
    return [
        row.week,
        str(row.questions),
        str(row.faq_hits),
        f"{row.hit_rate:.3f}",
        str(row.abstentions),
        f"{row.abstention_rate:.3f}",
        str(row.not_useful),
    ]


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _grid(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    if not rows:
        return ["  (sin datos)"]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return (
            "  " + "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()
        )

    return [line(header), "  " + "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


def _iso_week(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-S{week:02d}"


def _week_row(
    week: str, questions: Sequence[LoggedQuestion], monday: date | None = None
) -> WeekRow:
    return WeekRow(
        week=week,
        monday=monday,
        questions=len(questions),
        faq_hits=sum(q.route == "faq" for q in questions),
        abstentions=sum(q.abstained for q in questions),
        not_useful=sum(q.feedback is Feedback.NO_UTIL for q in questions),
    )


def build_report(
    questions: Iterable[LoggedQuestion],
    groups: Sequence[UnresolvedGroup] = (),
    *,
    top: int = 10,
) -> UsageReport:
    """The report for ``questions`` (and the unresolved ``groups``, largest first)."""
    questions = list(questions)
    by_week: dict[date, list[LoggedQuestion]] = defaultdict(list)
    for q in questions:
        day = q.created_at.astimezone(BOGOTA).date()
        by_week[day - timedelta(days=day.weekday())].append(q)
    mondays = (
        [
            min(by_week) + timedelta(weeks=n)
            for n in range((max(by_week) - min(by_week)).days // 7 + 1)
        ]
        if by_week
        else []
    )
    asked: dict[str, list[LoggedQuestion]] = defaultdict(list)
    for q in questions:
        asked[question_key(q.question)].append(q)
    most_asked = []
    for members in sorted(asked.values(), key=lambda m: (-len(m), -m[-1].log_id))[:top]:
        routes = Counter((q.route, q.faq_id) for q in members)
        (route, faq_id), _ = routes.most_common(1)[0]
        most_asked.append(AskedRow(members[-1].question, len(members), route, faq_id))
    return UsageReport(
        weeks=[_week_row(_iso_week(m), by_week.get(m, []), m) for m in mondays],
        total=_week_row("total", questions),
        most_asked=most_asked,
        most_unresolved=sorted(groups, key=lambda g: (-g.count, -g.key))[:top],
    )


__all__ = ["AskedRow", "UsageReport", "WeekRow", "build_report"]
