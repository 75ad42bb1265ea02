"""Field ids, labels and the canonical order of the ficha, derived from the `Ficha` model.

A field id is the dotted path of a leaf of the model (``"nombre"``,
``"problema.enunciado"``, ``"cadena_valor.actividades"``). Findings, per-field validation and
DER's per-field comments all use these ids. `FIELD_ORDER` follows the ficha as it is filled in
(identification, then Pasos 2 to 6, then the optional Etapa 2 preview), and findings are
sorted by it.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from intake.errors import UnknownFieldError
from intake.ficha import Ficha


class FieldKind(StrEnum):
    """What kind of value a field holds (checks declare which kinds they accept)."""

    TEXT = "texto"
    LIST = "lista"
    NUMBER = "numero"


class ItemStyle(StrEnum):
    """How a typed answer to a list field is cut into items (declared on the `Ficha` field)."""

    SENTENCES = "oraciones"
    """Lines and «;» only: items are sentences that may carry commas (productos, metas)."""
    LABELS = "etiquetas"
    """Also commas and a last «y»/«e»: «capacitación, asesoría y acompañamiento» is three."""
    NAMES = "nombres"
    """Also commas, never «y»: names such as «Dirección de … y Fortalecimiento Fiscal»."""


@dataclass(frozen=True)
class Step:
    """One Paso of Etapa 1 (pre-diseño), as titled in the policy.

    Attributes:
        number: 1 to 6.
        title: The Paso's title in the policy text.
        reference: Where the Paso is in the policy.
    """

    number: int
    title: str
    reference: str


ETAPA_1 = "Lineamiento 2 > 2.2.3 > Etapa 1"
"""Policy path of the pre-diseño stage."""

STEPS: tuple[Step, ...] = (
    Step(1, "Nombrar el producto o servicio de ATT", f"{ETAPA_1} > Paso 1"),
    Step(
        2,
        "Delimitar el problema o necesidad que se quiere atender a través de un producto o "
        "servicio de ATT",
        f"{ETAPA_1} > Paso 2",
    ),
    Step(3, "Revisar la alineación estratégica del producto o servicio", f"{ETAPA_1} > Paso 3"),
    Step(
        4,
        "Definir la cadena de valor del producto o servicio (lógica de intervención)",
        f"{ETAPA_1} > Paso 4",
    ),
    Step(
        5,
        "Ubicar el producto o servicio en el ciclo de generación de valor público",
        f"{ETAPA_1} > Paso 5",
    ),
    Step(
        6,
        "Detallar variables básicas de pre-diseño de productos o servicios de ATT",
        f"{ETAPA_1} > Paso 6",
    ),
)
"""The six Pasos of Etapa 1, in order."""


@dataclass(frozen=True)
class FieldSpec:
    """One answerable field of the ficha.

    Attributes:
        id: Dotted path, e.g. ``"problema.enunciado"``.
        label: Spanish label (the model field's ``title``).
        help: Spanish help text (the model field's ``description``).
        group: Id of the section (``"identificacion"``, ``"problema"``…).
        group_label: Spanish title of the section.
        step: The Paso it belongs to (``None`` for identification data without a Paso).
        stage: 1 (pre-diseño) or 2 (the optional design preview).
        kind: Text, list of texts or number.
        position: Index in `FIELD_ORDER`.
        items: For lists, how a typed answer is cut into items.
    """

    id: str
    label: str
    help: str
    group: str
    group_label: str
    step: int | None
    stage: int
    kind: FieldKind
    position: int
    items: ItemStyle = ItemStyle.SENTENCES

    @property
    def full_label(self) -> str:
        """Section and field label, e.g. "Problema o necesidad › Enunciado del problema"."""
        if self.group == "identificacion":
            return self.label
        return f"{self.group_label} › {self.label}"


def _kind(annotation: Any) -> FieldKind:
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin is list:
        return FieldKind.LIST
    if origin in (typing.Union, types.UnionType):
        return _kind(next(a for a in args if a is not type(None)))
    if annotation is int or annotation is float:
        return FieldKind.NUMBER
    return FieldKind.TEXT


def _extra(info: FieldInfo) -> dict[str, Any]:
    extra = info.json_schema_extra
    return dict(extra) if isinstance(extra, dict) else {}


def _section_model(info: FieldInfo) -> type[BaseModel] | None:
    annotation = info.annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _walk() -> list[FieldSpec]:
    specs: list[FieldSpec] = []

    def add(field_id: str, info: FieldInfo, group: str, group_label: str) -> None:
        extra = _extra(info)
        specs.append(
            FieldSpec(
                id=field_id,
                label=info.title or field_id,
                help=info.description or "",
                group=group,
                group_label=group_label,
                step=extra.get("paso"),
                stage=int(extra.get("etapa", 1)),
                kind=_kind(info.annotation),
                position=len(specs),
                items=ItemStyle(extra.get("elementos", ItemStyle.SENTENCES.value)),
            )
        )

    for name, info in Ficha.model_fields.items():
        if _extra(info).get("metadato"):
            continue
        section = _section_model(info)
        if section is None:
            add(name, info, "identificacion", "Identificación")
            continue
        # The leader is identification data nested for structure; the rest are real sections.
        group = "identificacion" if name == "lider_tecnico" else name
        group_label = "Identificación" if name == "lider_tecnico" else (info.title or name)
        for sub_name, sub_info in section.model_fields.items():
            add(f"{name}.{sub_name}", sub_info, group, group_label)
    return specs


FIELDS: dict[str, FieldSpec] = {spec.id: spec for spec in _walk()}
"""Every answerable field, by id, in canonical order."""

FIELD_ORDER: tuple[str, ...] = tuple(FIELDS)
"""Field ids in the ficha's order (identification, Pasos 2–6, Etapa 2 preview)."""


def field_spec(field_id: str) -> FieldSpec:
    """The `FieldSpec` of ``field_id``.

    Raises:
        UnknownFieldError: ``field_id`` is not a field of the ficha.
    """
    try:
        return FIELDS[field_id]
    except KeyError:
        raise UnknownFieldError(
            f"El campo «{field_id}» no existe en la ficha.", detail=field_id
        ) from None


def field_value(ficha: Ficha, field_id: str) -> Any:
    """The current value of ``field_id`` in ``ficha`` (``None``, text, list or number)."""
    field_spec(field_id)
    value: Any = ficha
    for part in field_id.split("."):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def field_texts(value: Any) -> list[tuple[int | None, str]]:
    """The non-blank texts of a value with their list position (``None`` for a single value)."""
    if value is None:
        return []
    if isinstance(value, list):
        return [(i, str(v)) for i, v in enumerate(value) if v is not None and str(v).strip()]
    text = str(value)
    return [(None, text)] if text.strip() else []


def is_blank(value: Any) -> bool:
    """True when a value has no content: ``None``, blank text, or a list of blank texts."""
    return not field_texts(value)


def fields_of_step(step: int, *, stage: int = 1) -> list[FieldSpec]:
    """The fields that belong to a Paso, in order."""
    return [s for s in FIELDS.values() if s.step == step and s.stage == stage]


__all__ = [
    "ETAPA_1",
    "FIELDS",
    "FIELD_ORDER",
    "STEPS",
    "FieldKind",
    "FieldSpec",
    "ItemStyle",
    "Step",
    "field_spec",
    "field_texts",
    "field_value",
    "fields_of_step",
    "is_blank",
]
