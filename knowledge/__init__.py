"""Knowledge layer: the policy (and other documents) as a hybrid retrieval index.

The facade is light: errors, text normalization and the plain types load at once; the index,
its models and stores (chromadb, LangChain, bm25s, the embedding engine) load on first use of
the names that need them, so a package that only needs ``knowledge.errors`` (``intake``) or a
quick command (``asistente --help``) does not pay for them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from knowledge.errors import (
    EmbeddingError,
    ErrorKind,
    GenerationError,
    IndexNotReadyError,
    IngestError,
    KnowledgeError,
    UserFacingError,
)
from knowledge.normalization import collapse, content_stems, fold, tokens
from knowledge.types import Chunk, GlossaryEntry, ParsedDocument, PolicyList, SearchHit

if TYPE_CHECKING:
    from knowledge.base import POLICY_SOURCE_ID, IngestOutcome, KnowledgeBase, KnowledgeConfig
    from knowledge.evaluation import (
        EvalItem,
        coverage,
        covers,
        evaluate_retrieval,
        load_eval_set,
    )
    from knowledge.lexical import LexicalIndex
    from knowledge.retrieval import FusionWeights

_LAZY = {
    "POLICY_SOURCE_ID": "knowledge.base",
    "IngestOutcome": "knowledge.base",
    "KnowledgeBase": "knowledge.base",
    "KnowledgeConfig": "knowledge.base",
    "EvalItem": "knowledge.evaluation",
    "coverage": "knowledge.evaluation",
    "covers": "knowledge.evaluation",
    "evaluate_retrieval": "knowledge.evaluation",
    "load_eval_set": "knowledge.evaluation",
    "LexicalIndex": "knowledge.lexical",
    "FusionWeights": "knowledge.retrieval",
}


def __getattr__(name: str) -> Any:
    """Load the heavy names on first use."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'knowledge' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "POLICY_SOURCE_ID",
    "Chunk",
    "EmbeddingError",
    "ErrorKind",
    "EvalItem",
    "FusionWeights",
    "GenerationError",
    "GlossaryEntry",
    "PolicyList",
    "IndexNotReadyError",
    "IngestError",
    "IngestOutcome",
    "KnowledgeBase",
    "KnowledgeConfig",
    "KnowledgeError",
    "LexicalIndex",
    "ParsedDocument",
    "SearchHit",
    "UserFacingError",
    "collapse",
    "content_stems",
    "coverage",
    "covers",
    "evaluate_retrieval",
    "fold",
    "load_eval_set",
    "tokens",
]
