"""The contract every check type follows, and what it receives.

A rule in the rules file names a check type (``tipo: patron_prohibido``) and gives it
parameters. At load time `Check.build` validates those parameters (and compiles what it can),
raising `ValueError` with a Spanish reason that the loader wraps into a `RulesConfigError`
naming the rule. At validation time `Check.run` reads the rule's fields and yields `Hit` values;
the engine turns each hit into a `Finding` with the rule's message for that outcome.
"""

from __future__ import annotations

import dataclasses
import hashlib
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from intake.ficha import Ficha
from intake.fields import FieldKind, FieldSpec
from intake.normalization import normalize
from intake.rules.duplicates import DuplicateIndex
from intake.rules.messages import first_error
from intake.rules.report import DuplicateRef
from intake.value_lists import ValueList

COMMON_PLACEHOLDERS = frozenset({"campo", "elemento", "posicion"})
"""Placeholders every message may use: field label, offending text, item number (1-based)."""

ALL_TEXT = frozenset({FieldKind.TEXT, FieldKind.LIST})
"""Kinds of field that hold texts (a list is checked item by item)."""

P = TypeVar("P", bound=BaseModel)


class Params(BaseModel):
    """Base of the parameters of a check type (unknown parameters are refused)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class NoParams(Params):
    """A check type without parameters."""


@dataclass(frozen=True)
class CheckEnv:
    """What the rules file provides to checks at load time.

    Attributes:
        lists: The closed lists (``listas``), by name.
        vocabularies: Word lists (``vocabularios``) that patterns reference as ``{{name}}``.
    """

    lists: Mapping[str, ValueList] = dataclasses.field(default_factory=dict)
    vocabularies: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class RunContext:
    """What a validation provides to checks.

    Attributes:
        duplicate_index: Stored fichas and products to compare against, if an embedder exists.
        index_problem: Why there is no index although an embedder was given (Spanish).
    """

    duplicate_index: DuplicateIndex | None = None
    index_problem: str | None = None


@dataclass(frozen=True)
class Hit:
    """One raw finding of a check, before the engine attaches the rule's message.

    Attributes:
        field: Field id at fault.
        outcome: Which message of the rule applies (``"corto"``, ``"largo"``…).
        item: 0-based position of the offending list item.
        text: The offending text (fills ``{elemento}``).
        values: Other message placeholders.
        discriminator: Extra part of the finding key (the other ficha's id…).
        duplicate: The other ficha, for near-duplicates.
    """

    field: str
    outcome: str
    item: int | None = None
    text: str = ""
    values: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    discriminator: str | None = None
    duplicate: DuplicateRef | None = None


class CheckSkipped(Exception):
    """Raised by `Check.run` when the check cannot run now (reason in Spanish)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Check(ABC):
    """A configured check (a check type plus its validated parameters).

    Class attributes describe the type for the loader: its name in the rules file, which field
    kinds it reads, how many fields, which message placeholders it fills and which outcomes it
    can produce.
    """

    type_name: ClassVar[str]
    description: ClassVar[str]
    kinds: ClassVar[frozenset[FieldKind]] = ALL_TEXT
    placeholders: ClassVar[frozenset[str]] = frozenset()
    min_fields: ClassVar[int] = 1
    max_fields: ClassVar[int | None] = None
    uses_index: ClassVar[bool] = False
    """True for checks that need the near-duplicate index (built only when such a rule runs)."""

    @classmethod
    @abstractmethod
    def build(cls, params: Mapping[str, Any], env: CheckEnv) -> Check:
        """Validate ``params`` and return the configured check.

        Raises:
            ValueError: A parameter is missing or wrong (Spanish reason).
        """

    @abstractmethod
    def outcomes(self) -> tuple[str, ...]:
        """Outcomes this configured check can produce (each needs a message)."""

    def extra_fields(self) -> tuple[str, ...]:
        """Fields read besides the rule's own (e.g. those compared against)."""
        return ()

    @abstractmethod
    def run(self, fields: Sequence[FieldSpec], ficha: Ficha, ctx: RunContext) -> Iterator[Hit]:
        """Yield a hit per problem found in ``fields`` of ``ficha``."""


def parse_params(model: type[P], params: Mapping[str, Any]) -> P:
    """Validate parameters with ``model``, translating errors to one Spanish line.

    Raises:
        ValueError: Spanish description of the first problem.
    """
    try:
        return model.model_validate(dict(params))
    except ValidationError as exc:
        raise ValueError(f"parámetros: {first_error(exc)}") from exc


def text_hash(text: str) -> str:
    """Short stable hash of a text (normalized) to key per-item findings."""
    return hashlib.sha1(normalize(text).encode("utf-8")).hexdigest()[:8]


def item_hit(
    field_id: str,
    outcome: str,
    item: int | None,
    text: str,
    **values: Any,
) -> Hit:
    """A hit about one text of a field; list items get a content-based key part."""
    return Hit(
        field=field_id,
        outcome=outcome,
        item=item,
        text=text,
        values=values,
        discriminator=text_hash(text) if item is not None else None,
    )


__all__ = [
    "ALL_TEXT",
    "COMMON_PLACEHOLDERS",
    "Check",
    "CheckEnv",
    "CheckSkipped",
    "Hit",
    "NoParams",
    "Params",
    "RunContext",
    "item_hit",
    "parse_params",
    "text_hash",
]
