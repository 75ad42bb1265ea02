"""The rules file: loading and validating the ficha's validation rules.

Rules are data. The shipped file is ``intake/data/reglas_ficha.yaml``; DER may point
``Settings.rules_path`` to its own copy. Changing a threshold, a list or a message needs no
code. A malformed file is refused when it is loaded, with a Spanish message that names the rule
and the problem (`RulesConfigError`), never half-applied.

File layout (keys in Spanish, for DER)::

    version: "2026.1"
    listas:            # closed lists: name -> {titulo, referencia, valores}
    vocabularios:      # word lists that patterns reference as {{name}}
    reglas:            # one entry per rule:
      - id: NAME-LENGTH
        severidad: error            # error | advertencia
        campos: [nombre]            # field ids the rule reads
        tipo: conteo_palabras       # check type (see intake.rules.checks)
        parametros: {minimo: 2, maximo: 15}
        mensaje: "…"                # default message
        mensajes: {largo: "…"}      # per-outcome messages (optional)
        severidades: {largo: advertencia}  # per-outcome severity (optional)
        justificable: true          # an error the unit may keep with a written justification
        referencia: "Lineamiento 2 > 2.2.3 > Etapa 1 > Paso 1"
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from intake.errors import RulesConfigError
from intake.fields import FIELDS
from intake.normalization import normalize
from intake.rules.checks.base import COMMON_PLACEHOLDERS, Check, CheckEnv
from intake.rules.checks.registry import CHECK_TYPES
from intake.rules.report import Severity
from intake.rules.rule_set import Rule, RulesConfig
from intake.value_lists import ListItem, ValueList

_RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$")
_TOP_KEYS = {"version", "descripcion", "listas", "vocabularios", "reglas"}
_RULE_KEYS = {
    "id",
    "severidad",
    "campos",
    "tipo",
    "parametros",
    "mensaje",
    "mensajes",
    "severidades",
    "referencia",
    "descripcion",
    "activa",
    "justificable",
}
_SEVERITIES = {s.value: s for s in Severity}


def default_rules_path() -> Path:
    """Path of the rules file shipped with the project."""
    return Path(str(resources.files("intake") / "data" / "reglas_ficha.yaml"))


class _Problems:
    """Collects Spanish problems while a file is parsed."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, problem: str) -> None:
        self.items.append(f"{where}: {problem}")


def _parse_list(name: str, raw: Any) -> ValueList:
    if isinstance(raw, list):
        raw = {"valores": raw}
    if not isinstance(raw, Mapping):
        raise ValueError("debe ser una lista de valores o un grupo con «valores»")
    unknown = set(raw) - {"titulo", "referencia", "valores", "sinonimos"}
    if unknown:
        raise ValueError(f"claves desconocidas: {', '.join(sorted(map(str, unknown)))}")
    values = raw.get("valores")
    if not isinstance(values, list) or not values:
        raise ValueError("«valores» debe ser una lista no vacía")
    items = []
    for value in values:
        if isinstance(value, Mapping) and {"codigo", "nombre"} <= set(value):
            items.append(
                ListItem(code=str(value["codigo"]).strip(), name=str(value["nombre"]).strip())
            )
        elif isinstance(value, str) and value.strip():
            items.append(ListItem(code=value.strip(), name=value.strip()))
        else:
            raise ValueError(f"valor no válido {value!r}: use un texto o {{codigo, nombre}}")
    return ValueList(
        name=name,
        title=str(raw.get("titulo") or name),
        reference=str(raw.get("referencia") or ""),
        items=tuple(items),
        aliases=_parse_aliases(raw.get("sinonimos"), items),
    )


def _parse_aliases(raw: Any, items: list[ListItem]) -> dict[str, str]:
    """``sinonimos: {alias: valor}`` → normalized alias → the item's code."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ValueError("«sinonimos» debe ser un grupo «sinónimo: valor de la lista»")
    known = {normalize(i.code): i.code for i in items} | {normalize(i.name): i.code for i in items}
    aliases: dict[str, str] = {}
    for alias, target in raw.items():
        code = known.get(normalize(str(target)))
        if code is None:
            raise ValueError(f"el sinónimo «{alias}» apunta a «{target}», que no está en la lista")
        aliases[normalize(str(alias))] = code
    return aliases


def _parse_lists(raw: Any, problems: _Problems) -> dict[str, ValueList]:
    lists: dict[str, ValueList] = {}
    if raw is None:
        return lists
    if not isinstance(raw, Mapping):
        problems.add("«listas»", "debe ser un grupo de listas con nombre")
        return lists
    for name, value in raw.items():
        try:
            lists[str(name)] = _parse_list(str(name), value)
        except ValueError as exc:
            problems.add(f"Lista «{name}»", str(exc))
    return lists


def _parse_vocabularies(raw: Any, problems: _Problems) -> dict[str, tuple[str, ...]]:
    vocabularies: dict[str, tuple[str, ...]] = {}
    if raw is None:
        return vocabularies
    if not isinstance(raw, Mapping):
        problems.add("«vocabularios»", "debe ser un grupo de listas de palabras con nombre")
        return vocabularies
    for name, words in raw.items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            problems.add(f"Vocabulario «{name}»", "debe ser una lista de textos")
            continue
        vocabularies[str(name)] = tuple(words)
    return vocabularies


def _severity(value: Any, where: str) -> Severity:
    if isinstance(value, str) and value.strip().lower() in _SEVERITIES:
        return _SEVERITIES[value.strip().lower()]
    raise ValueError(f"{where} «{value}» no es válida: use «error» o «advertencia»")


def _placeholders(template: str) -> set[str]:
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise ValueError(
            f"el mensaje tiene llaves mal cerradas ({exc}); para una llave literal escriba {{{{ o }}}}"
        ) from exc
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in parsed if name is not None}


def _check_message(template: Any, check: Check, where: str) -> str:
    if not isinstance(template, str) or not template.strip():
        raise ValueError(f"{where} está vacío")
    allowed = COMMON_PLACEHOLDERS | check.placeholders
    unknown = _placeholders(template) - allowed
    if unknown:
        raise ValueError(
            f"{where} usa {', '.join('{' + u + '}' for u in sorted(unknown))}, que no existe "
            f"para «{check.type_name}» (disponibles: {', '.join(sorted(allowed))})"
        )
    return template.strip()


def _fields(raw: Any, check_type: type[Check]) -> tuple[str, ...]:
    names = [raw] if isinstance(raw, str) else raw
    if not isinstance(names, list) or not names:
        raise ValueError("«campos» debe nombrar al menos un campo")
    for name in names:
        if name not in FIELDS:
            raise ValueError(f"el campo «{name}» no existe en la ficha")
        kind = FIELDS[name].kind
        if kind not in check_type.kinds:
            raise ValueError(
                f"el campo «{name}» ({kind.value}) no sirve para la verificación "
                f"«{check_type.type_name}»"
            )
    if len(names) < check_type.min_fields or (
        check_type.max_fields is not None and len(names) > check_type.max_fields
    ):
        raise ValueError(f"número de campos no válido para «{check_type.type_name}»")
    return tuple(str(n) for n in names)


def _outcome_map(raw: Any, check: Check, key: str) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ValueError(f"«{key}» debe asociar cada resultado con un valor")
    unknown = set(map(str, raw)) - set(check.outcomes())
    if unknown:
        raise ValueError(
            f"«{key}» usa resultados que «{check.type_name}» no produce: "
            f"{', '.join(sorted(unknown))} (produce: {', '.join(check.outcomes())})"
        )
    return {str(k): v for k, v in raw.items()}


def _parse_rule(raw: Any, position: int, env: CheckEnv) -> Rule | None:
    if not isinstance(raw, Mapping):
        raise ValueError("debe ser un grupo de claves (id, severidad, campos, tipo…)")
    unknown = set(map(str, raw)) - _RULE_KEYS
    if unknown:
        raise ValueError(f"claves desconocidas: {', '.join(sorted(unknown))}")
    rule_id = str(raw.get("id") or "")
    if not _RULE_ID.match(rule_id):
        raise ValueError("falta «id» o no es válido (mayúsculas, números y guiones: PROB-NEGATIVE)")
    severity = _severity(raw.get("severidad"), "la severidad")
    check_name = raw.get("tipo")
    if check_name not in CHECK_TYPES:
        raise ValueError(
            f"el tipo de verificación «{check_name}» no existe "
            f"(tipos disponibles: {', '.join(sorted(CHECK_TYPES))})"
        )
    check_type = CHECK_TYPES[str(check_name)]
    fields = _fields(raw.get("campos"), check_type)
    params = raw.get("parametros") or {}
    if not isinstance(params, Mapping):
        raise ValueError("«parametros» debe ser un grupo de claves")
    check = check_type.build(params, env)
    reference = raw.get("referencia")
    if not isinstance(reference, str) or not reference.strip():
        raise ValueError("falta «referencia» (la parte de la política que la regla hace cumplir)")
    messages = {
        outcome: _check_message(text, check, f"el mensaje «{outcome}»")
        for outcome, text in _outcome_map(raw.get("mensajes"), check, "mensajes").items()
    }
    default = raw.get("mensaje")
    message = _check_message(default, check, "«mensaje»") if default is not None else None
    missing = [o for o in check.outcomes() if o not in messages and message is None]
    if missing:
        raise ValueError(f"falta «mensaje» (o «mensajes» para: {', '.join(missing)})")
    severities = {
        outcome: _severity(value, f"la severidad de «{outcome}»")
        for outcome, value in _outcome_map(raw.get("severidades"), check, "severidades").items()
    }
    if raw.get("activa", True) is False:
        return None
    return Rule(
        id=rule_id,
        severity=severity,
        fields=fields,
        check_type=check_type.type_name,
        check=check,
        message=message,
        messages=messages,
        severities=severities,
        reference=reference.strip(),
        description=str(raw.get("descripcion") or "").strip(),
        position=position,
        justifiable=_flag(raw.get("justificable", False), "«justificable»"),
    )


def _flag(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{what} debe ser true o false")
    return value


def _rule_label(raw: Any, position: int) -> str:
    rule_id = raw.get("id") if isinstance(raw, Mapping) else None
    return f"Regla «{rule_id}»" if rule_id else f"Regla n.º {position + 1} (sin id)"


def _parse_rules_list(raw: Any, env: CheckEnv, problems: _Problems) -> list[Rule]:
    if not isinstance(raw, list) or not raw:
        problems.add("«reglas»", "debe ser una lista no vacía de reglas")
        return []
    rules: list[Rule] = []
    seen: set[str] = set()
    for position, entry in enumerate(raw):
        label = _rule_label(entry, position)
        try:
            rule = _parse_rule(entry, position, env)
        except ValueError as exc:
            problems.add(label, str(exc))
            continue
        rule_id = entry["id"]
        if rule_id in seen:
            problems.add(label, "el id está repetido")
        seen.add(rule_id)
        if rule is not None:
            rules.append(rule)
    return rules


def parse_rules(data: Any, *, source: str = "") -> RulesConfig:
    """Validate the parsed content of a rules file.

    Args:
        data: What ``yaml.safe_load`` returned.
        source: Where it came from (for messages).

    Raises:
        RulesConfigError: Listing every problem found, each naming its rule.
    """
    where = f"El archivo de reglas «{source}»" if source else "La configuración de reglas"
    if not isinstance(data, Mapping):
        raise RulesConfigError(f"{where} no es válido: debe ser un documento YAML con «reglas».")
    problems = _Problems()
    unknown = set(map(str, data)) - _TOP_KEYS
    if unknown:
        problems.add("Documento", f"claves desconocidas: {', '.join(sorted(unknown))}")
    lists = _parse_lists(data.get("listas"), problems)
    vocabularies = _parse_vocabularies(data.get("vocabularios"), problems)
    env = CheckEnv(lists=lists, vocabularies=vocabularies)
    rules = _parse_rules_list(data.get("reglas"), env, problems)
    if problems.items:
        count = len(problems.items)
        lines = "\n".join(f"- {p}" for p in problems.items)
        raise RulesConfigError(
            f"{where} no es válido ({count} problema{'s' if count != 1 else ''}):\n{lines}",
            detail="\n".join(problems.items),
        )
    return RulesConfig(
        version=str(data.get("version") or ""),
        rules=tuple(rules),
        lists=lists,
        vocabularies=vocabularies,
        source=source,
    )


def load_rules(path: str | Path | None = None) -> RulesConfig:
    """Load and validate a rules file (``None``: the one shipped with the project).

    Raises:
        RulesConfigError: The file cannot be read, is not YAML, or has invalid rules.
    """
    file = Path(path) if path is not None else default_rules_path()
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise RulesConfigError(f"No se encontró el archivo de reglas «{file}».") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesConfigError(
            f"No se pudo leer el archivo de reglas «{file}»: {exc}", detail=repr(exc)
        ) from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" (línea {mark.line + 1}, columna {mark.column + 1})" if mark else ""
        raise RulesConfigError(
            f"El archivo de reglas «{file}» no es YAML válido{at}.", detail=str(exc)
        ) from exc
    return parse_rules(data, source=str(file))


__all__ = ["Rule", "RulesConfig", "default_rules_path", "load_rules", "parse_rules"]
