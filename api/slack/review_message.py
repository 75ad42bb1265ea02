"""The DER channel's message for one sent version of a ficha: what DER needs to decide in
Slack (key fields, validation report, what changed, the DOCX in its thread, a link to the
web review), "Aprobar" (with a confirmation) and "Devolver con comentarios"; after a decision,
or once a newer version arrives, the same message without buttons.

Buttons carry ``<ficha id>:<version>``, so a message of an older version cannot act on a newer
one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from api.rendering.markdown_text import clip, escape
from api.slack.blocks import (
    ACTION_DER_APPROVE,
    ACTION_DER_RETURN,
    Block,
    button,
    context,
    section,
)
from intake import FichaVersion, FieldChange, StoredFicha

BOGOTA = ZoneInfo("America/Bogota")
SLACK_USER = re.compile(r"[UW][A-Z0-9]+")
MAX_FINDINGS = 8
MAX_CHANGES = 10
MAX_ITEMS = 3
ACTION_DER_WEB = "der_ver_web"

VALUE_CHAIN = (
    ("insumos", "Insumos"),
    ("actividades", "Actividades"),
    ("productos", "Productos"),
    ("resultados_intermedios", "Resultados intermedios"),
    ("resultados_finales", "Resultados finales"),
    ("impactos", "Impactos"),
)


def when(moment: datetime) -> str:
    """``moment`` as people in Colombia read it: «6/12/2026 9:41 a. m.»."""
    local = moment.astimezone(BOGOTA)
    hour = local.hour % 12 or 12
    half = "a. m." if local.hour < 12 else "p. m."
    return f"{local.day}/{local.month}/{local.year} {hour}:{local.minute:02d} {half}"


def action_value(ficha_id: str, version: int) -> str:
    """The value of DER's buttons for ``version`` of ``ficha_id``."""
    return f"{ficha_id}:{version}"


def parse_value(value: str) -> tuple[str, int | None]:
    """(ficha id, version) of a button value (version None for messages older than this)."""
    ficha_id, _, version = value.partition(":")
    return ficha_id, int(version) if version.isdigit() else None


@dataclass(frozen=True)
class ReviewCard:
    """What the DER message shows about one sent version."""

    stored: StoredFicha
    version: FichaVersion
    changes: list[FieldChange]
    web_url: str | None = None

    @property
    def name(self) -> str:
        """The ficha's name as the unit wrote it."""
        return self.version.ficha.nombre or "(sin nombre)"

    def review_url(self) -> str | None:
        """The web's review page of this ficha."""
        if not self.web_url:
            return None
        return f"{self.web_url.rstrip('/')}/der/{self.stored.id}"

    def fallback(self) -> str:
        """The notification text."""
        return f"Nueva ficha para revisar: «{self.name}» (versión {self.version.number})"

    def decided_fallback(self, approved: bool) -> str:
        """The message's text once DER decided."""
        verb = "aprobada" if approved else "devuelta"
        return f"Ficha «{self.name}» (versión {self.version.number}): {verb}."

    def superseded_fallback(self, newer: int) -> str:
        """The message's text once a newer version replaced this one."""
        return f"Ficha «{self.name}» (versión {self.version.number}): reemplazada por la versión {newer}."


def _by(who: str) -> str:
    """« por @persona» for a Slack user id (other ids, e.g. the web's, are not shown)."""
    return f" por <@{who}>" if SLACK_USER.fullmatch(who or "") else ""


def _fields(card: ReviewCard) -> Block:
    ficha = card.version.ficha
    again = " (reenvío tras devolución)" if card.version.number > 1 else ""
    pairs = [
        ("Dependencia", escape(ficha.dependencia or "—")),
        ("Subdirección general", escape(ficha.subdireccion_general or "—")),
        ("Versión", f"{card.version.number}{again}"),
        ("Enviada", f"{when(card.version.submitted_at)}{_by(card.version.submitted_by)}"),
    ]
    return {
        "type": "section",
        "fields": [
            {"type": "mrkdwn", "text": f"*{label}*\n{clip(value, 300)}"} for label, value in pairs
        ],
    }


def _value_chain(card: ReviewCard) -> str:
    chain = card.version.ficha.cadena_valor
    lines = []
    for attribute, label in VALUE_CHAIN:
        items: list[str] = list(getattr(chain, attribute, None) or [])
        if not items:
            continue
        shown = "; ".join(escape(clip(item, 120)) for item in items[:MAX_ITEMS])
        more = f" (+{len(items) - MAX_ITEMS})" if len(items) > MAX_ITEMS else ""
        lines.append(f"• _{label}:_ {shown}{more}")
    return "\n".join(lines) or "_Sin diligenciar._"


def _report(card: ReviewCard) -> str:
    report: dict[str, Any] = card.version.report or {}
    accepted = set(card.version.acknowledged)
    findings = list(report.get("hallazgos") or [])
    errors, warnings = int(report.get("errores") or 0), int(report.get("advertencias") or 0)
    taken = sum(1 for f in findings if f.get("clave") in accepted)
    if not errors and not warnings:
        counts = "sin errores ni advertencias."
    else:
        counts = f"{errors} error(es), {warnings} advertencia(s)"
        counts += f", {taken} aceptada(s) por la unidad." if taken else "."
    lines = [f"*Validación:* {counts}"]
    for finding in findings[:MAX_FINDINGS]:
        error = finding.get("severidad") == "error"
        mark = ":x:" if error else ":warning:"
        note = ""
        if finding.get("clave") in accepted:
            reason = card.version.reasons.get(str(finding.get("clave")))
            note = (
                f" _(aceptada por la unidad: «{escape(clip(reason, 200))}»)_"
                if reason
                else " _(aceptada por la unidad)_"
            )
        label = escape(str(finding.get("etiqueta_campo") or ""))
        message = escape(clip(str(finding.get("mensaje") or ""), 200))
        lines.append(f"{mark} {label}: {message}{note}")
    if len(findings) > MAX_FINDINGS:
        lines.append(f"… y {len(findings) - MAX_FINDINGS} más (en el documento adjunto).")
    return "\n".join(lines)


def _changes(card: ReviewCard) -> str | None:
    if card.version.number <= 1:
        return None
    if not card.changes:
        return f"*Cambios desde la versión {card.version.number - 1}:* ninguno."
    labels = [escape(change.label) for change in card.changes[:MAX_CHANGES]]
    more = len(card.changes) - MAX_CHANGES
    tail = f" y {more} más" if more > 0 else ""
    return f"*Cambios desde la versión {card.version.number - 1}:* {', '.join(labels)}{tail}."


def _approve_button(card: ReviewCard) -> Block:
    approve = button(
        "Aprobar",
        ACTION_DER_APPROVE,
        action_value(card.stored.id, card.version.number),
        "primary",
    )
    approve["confirm"] = {
        "title": {"type": "plain_text", "text": "¿Aprobar la ficha?"},
        "text": {
            "type": "mrkdwn",
            "text": f"Se aprobará la versión {card.version.number} de «{escape(clip(card.name, 200))}» "
            "y se avisará a la unidad.",
        },
        "confirm": {"type": "plain_text", "text": "Aprobar"},
        "deny": {"type": "plain_text", "text": "Cancelar"},
    }
    return approve


def card_blocks(card: ReviewCard, title: str = "Ficha para revisar") -> list[Block]:
    """The card without buttons: header (``title``: the name), key fields, problem, value
    chain, report, changes."""
    problem = card.version.ficha.problema.enunciado or "_Sin diligenciar._"
    result: list[Block] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": clip(f"{title}: {card.name}", 150)},
        },
        _fields(card),
        section(f"*Problema*\n{escape(clip(problem, 700))}"),
        section(f"*Cadena de valor*\n{_value_chain(card)}"),
        section(_report(card)),
    ]
    changes = _changes(card)
    if changes:
        result.append(section(changes))
    return result


def review_blocks(card: ReviewCard) -> list[Block]:
    """The card with "Aprobar", "Devolver con comentarios" and the web review link."""
    value = action_value(card.stored.id, card.version.number)
    elements = [
        _approve_button(card),
        button("Devolver con comentarios", ACTION_DER_RETURN, value, "danger"),
    ]
    url = card.review_url()
    if url:
        web = button("Revisar en la web", ACTION_DER_WEB, value)
        web["url"] = url
        elements.append(web)
    actions = {"type": "actions", "block_id": f"der:{value}", "elements": elements}
    return [*card_blocks(card), actions]


def decision_line(*, user_id: str, approved: bool, at: datetime) -> str:
    """What DER decided, who and when (mrkdwn)."""
    verb = ":white_check_mark: Aprobada" if approved else ":leftwards_arrow_with_hook: Devuelta"
    return f"{verb} por <@{user_id}> el {when(at)}."


def decided_blocks(card: ReviewCard, decision: str) -> list[Block]:
    """The card after DER's decision (``decision``, a `decision_line`): no buttons."""
    return [*card_blocks(card, "Ficha revisada"), context(decision)]


def superseded_blocks(card: ReviewCard, newer: int, decision: str | None = None) -> list[Block]:
    """An older version's card once a newer one was sent: no buttons; the decision it had
    (``decision``, a `decision_line`), if any, stays."""
    note = f":arrows_counterclockwise: Reemplazada por la versión {newer}; revise el mensaje nuevo."
    kept = [context(decision)] if decision else []
    title = f"Versión {card.version.number} (reemplazada)"
    return [*card_blocks(card, title), *kept, context(note)]


def stale(version: int, current: int) -> str:
    """Why an old message's button did nothing."""
    return (
        f"Este mensaje es de la versión {version} y la ficha ya va en la versión {current}. "
        "Use el mensaje de la versión más reciente."
    )


__all__ = [
    "ACTION_DER_WEB",
    "ReviewCard",
    "action_value",
    "decided_blocks",
    "decision_line",
    "parse_value",
    "review_blocks",
    "stale",
    "superseded_blocks",
    "when",
]
