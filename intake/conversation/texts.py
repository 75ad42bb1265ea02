"""The Spanish wording of the guided intake: questions, summaries, findings and help.

Everything the conversation says is built here so the state machine (`intake.conversation.machine`)
only decides *what* to say. Question prompts come in two sizes: the full prompt (Paso header,
what the policy asks, an example, the options) when a field is first asked, and the short one
when the pending question is restated after a digression or a command.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from intake.conversation.list_edits import EDIT_HINT
from intake.conversation.prompts import PROMPTS, conversation_order, step_of
from intake.conversation.reply import FichaSummary, summarize
from intake.ficha import Ficha
from intake.fields import FIELDS, STEPS, FieldKind, field_value, is_blank
from intake.rules.config import RulesConfig
from intake.rules.report import Finding
from intake.version_diff import format_value

ORDER = conversation_order()
"""Field ids in the order they are asked."""

COMMANDS_HELP = (
    "Puede escribir en cualquier momento:\n"
    "  • «resumen»: lo que lleva diligenciado\n"
    "  • «atrás»: volver a la pregunta anterior\n"
    "  • «saltar»: omitir una pregunta opcional\n"
    "  • «cambiar <campo>» o «corrige <campo>: <nuevo valor>»: corregir una respuesta\n"
    "  • «¿por qué me pregunta esto?»: lo que dice la política sobre el dato\n"
    "  • «guardar y salir»: seguir después donde quedó (escriba «continuar mi ficha»)\n"
    "  • «cancelar»: descartar el borrador\n"
    "  • «enviar»: revisar la ficha completa y enviarla a la DER\n"
    "También puede hacer preguntas sobre la política («¿qué es la cadena de valor?»)."
)

LIST_HINT = (
    "Escriba todos los elementos en un mensaje (uno por línea, con viñetas o separados por "
    "«;»); si luego recuerda otro, escriba «agregar: …»."
)


def _first_of_step(field_id: str) -> bool:
    index = ORDER.index(field_id)
    return index == 0 or step_of(FIELDS[ORDER[index - 1]]) != step_of(FIELDS[field_id])


def step_header(field_id: str) -> str:
    """ "Paso 2 de 6: …" for the field's Paso (the optional Etapa 2 preview has its own)."""
    stage, step = step_of(FIELDS[field_id])
    if stage == 2:
        return "Avance de diseño (opcional, Etapa 2): si ya lo sabe, adelántelo; si no, «saltar»."
    title = STEPS[step - 1].title
    extra = " (con los datos de identificación)" if step == 1 else ""
    return f"Paso {step} de 6: {title}{extra}."


def options_text(config: RulesConfig, field_id: str) -> str:
    """The numbered options of a closed-list field ("" when it has none)."""
    options = config.options_for(field_id)
    if options is None:
        return ""
    lines = [f"  {n}. {item.display}" for n, item in enumerate(options.items, start=1)]
    return "Opciones (escriba el número o el nombre):\n" + "\n".join(lines)


def value_text(config: RulesConfig, field_id: str, value: Any) -> str:
    """A stored value for people (codes with their names, list items one per line)."""
    if is_blank(value):
        return "(sin responder)"
    if isinstance(value, list):
        items = [config.display_value(field_id, str(v)) for v in value if str(v).strip()]
        return "\n".join(f"      - {item}" for item in items)
    return config.display_value(field_id, format_value(value))


def question_line(field_id: str, *, required: bool) -> str:
    """ "Label (opcional): question" — the line restated after a digression."""
    spec = FIELDS[field_id]
    optional = "" if required else " (opcional)"
    return f"{spec.full_label}{optional}: {PROMPTS[field_id].question}"


def field_prompt(
    field_id: str,
    ficha: Ficha,
    config: RulesConfig,
    *,
    required: bool,
    buffer: Iterable[str] = (),
    full: bool = True,
) -> str:
    """The question for ``field_id`` (full: with the policy's ask, an example, the options)."""
    spec = FIELDS[field_id]
    prompt = PROMPTS[field_id]
    lines: list[str] = []
    if full and _first_of_step(field_id):
        lines.append(step_header(field_id))
    position = f"({ORDER.index(field_id) + 1}/{len(ORDER)}) " if full else ""
    lines.append(position + question_line(field_id, required=required))
    if full:
        lines.append(f"Lo que pide la política: {spec.help}")
        if prompt.configured:
            lines.append(
                f"Configuración de la DER (no es texto de la política): {prompt.configured}"
            )
        lines.append(f"Ejemplo: «{prompt.example}»")
    options = options_text(config, field_id)
    if options:
        lines.append(options)
    if spec.kind is FieldKind.LIST:
        lines.append(LIST_HINT)
    collected = list(buffer)
    if collected:
        listed = "\n".join(f"      {n}. {item}" for n, item in enumerate(collected, start=1))
        lines.append(f"Llevo:\n{listed}\n{EDIT_HINT}")
    current = field_value(ficha, field_id)
    if not is_blank(current):
        keep = "«ya está» sin elementos nuevos" if spec.kind is FieldKind.LIST else "«mantener»"
        lines.append(
            f"Valor actual:\n{numbered(value_text(config, field_id, current))}\n"
            f"(Una lista nueva lo reemplaza; escriba {keep} para dejarlo como está. "
            f"{EDIT_HINT})"
            if spec.kind is FieldKind.LIST
            else f"Valor actual: {value_text(config, field_id, current)} "
            f"(escriba {keep} para dejarlo como está)."
        )
    return "\n".join(lines)


def numbered(listed: str) -> str:
    """``value_text`` lines ("      - item") numbered as people refer to them ("quitar 2")."""
    lines = listed.splitlines()
    if len(lines) < 2 or not all(line.startswith("      - ") for line in lines):
        return listed
    return "\n".join(f"      {n}. {line[8:]}" for n, line in enumerate(lines, start=1))


def echo(config: RulesConfig, field_id: str, value: Any) -> str:
    """The field's label and, when the answer was read (an option, a year, an e-mail),
    the value as understood, so nothing loose is stored without saying it."""
    spec = FIELDS[field_id]
    read = (
        spec.kind is FieldKind.NUMBER
        or field_id in ("lider_tecnico.correo", "dependencia")
        or config.options_for(field_id) is not None
    )
    if not read and spec.kind is not FieldKind.LIST:
        return f"{spec.full_label}."
    values = value if isinstance(value, list) else [value]
    shown = [config.display_value(field_id, str(v)) for v in values]
    if spec.kind is FieldKind.LIST and not read:
        return f"{spec.full_label} ({len(shown)} elemento{'s' if len(shown) != 1 else ''})."
    return f"{spec.full_label}: " + "; ".join(shown) + "."


def finding_text(finding: Finding) -> str:
    """One finding: the message, where it is and the policy reference (never the rule's id:
    people read the sentence, not a code)."""
    where = finding.field_label
    if finding.item is not None:
        where += f" (elemento {finding.item + 1})"
    return f"{finding.message}\n  [{where} · Referencia: {finding.reference}]"


def format_summary(summary: FichaSummary) -> str:
    """The check-answers summary as plain text: every field with its value, by Paso."""
    lines = [f"Resumen de la ficha {summary.ficha_id} — «{summary.name or '(sin nombre)'}»"]
    for step in summary.steps:
        lines += ["", f"{step.title}."]
        for item in step.fields:
            if item.blank:
                lines.append(
                    f"  • {item.label}: {'(omitido)' if item.omitted else '(sin responder)'}"
                )
            elif len(item.values) == 1 and FIELDS[item.field_id].kind is not FieldKind.LIST:
                lines.append(f"  • {item.label}: {item.values[0]}")
            else:
                lines.append(f"  • {item.label}:")
                lines += [f"      - {value}" for value in item.values]
    return "\n".join(lines)


def summary_text(ficha: Ficha, config: RulesConfig, *, skipped: Iterable[str] = ()) -> str:
    """Every field of ``ficha`` with its value, grouped by Paso (the "check your answers")."""
    return format_summary(summarize(ficha, config, skipped=skipped))


def report_text(findings: Iterable[Finding], acknowledged: Iterable[str]) -> str:
    """The full validation report, with accepted warnings marked."""
    accepted = set(acknowledged)
    items = list(findings)
    if not items:
        return "Validación: sin errores ni advertencias."
    lines = ["Validación:"]
    for finding in items:
        if finding.is_error:
            tag = "ERROR"
        elif finding.key in accepted:
            tag = "ADVERTENCIA ACEPTADA"
        else:
            tag = "ADVERTENCIA"
        lines.append(f"[{tag}] {finding_text(finding)}")
    return "\n".join(lines)


def help_after_failures(field_id: str, *, required: bool, attempts: int = 3) -> str:
    """What to say after three failed answers: a different, concrete explanation (the field's
    step-by-step recipe, or the question broken down), the example, and the ways out."""
    prompt = PROMPTS[field_id]
    ways = ["escriba «guardar y salir» para continuar después"]
    if not required:
        ways.insert(0, "escriba «saltar» para omitirla (es opcional)")
    ways.append("o pregunte «¿por qué me pregunta esto?»")
    how = prompt.recipe or (
        f"Responda solo esto: {prompt.question} Una respuesta corta y concreta basta; los "
        "detalles pueden ir en los antecedentes o la justificación."
    )
    lines = [
        f"Lo intentamos {attempts} veces; se lo explico de otra forma.",
        f"Cómo armarla: {how}",
    ]
    if attempts == 3:
        lines.append(f"Así se vería: «{prompt.example}»")
    lines.append(f"Si prefiere, {', '.join(ways)}.")
    return "\n".join(lines)


__all__ = [
    "COMMANDS_HELP",
    "echo",
    "LIST_HINT",
    "ORDER",
    "field_prompt",
    "format_summary",
    "finding_text",
    "help_after_failures",
    "options_text",
    "question_line",
    "report_text",
    "step_header",
    "summary_text",
    "value_text",
]
