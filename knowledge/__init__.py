"""Knowledge layer: the policy (and other documents) as a hybrid retrieval index."""

from knowledge.base import POLICY_SOURCE_ID, IngestOutcome, KnowledgeBase, KnowledgeConfig
from knowledge.errors import (
    EmbeddingError,
    GenerationError,
    IndexNotReadyError,
    IngestError,
    KnowledgeError,
)
from knowledge.evaluation import EvalItem, coverage, covers, evaluate_retrieval, load_eval_set
from knowledge.lexical import LexicalIndex
from knowledge.normalization import collapse, content_stems, fold, tokens
from knowledge.retrieval import FusionWeights
from knowledge.types import Chunk, GlossaryEntry, ParsedDocument, SearchHit

__all__ = [
    "POLICY_SOURCE_ID",
    "Chunk",
    "EmbeddingError",
    "EvalItem",
    "FusionWeights",
    "GenerationError",
    "GlossaryEntry",
    "IndexNotReadyError",
    "IngestError",
    "IngestOutcome",
    "KnowledgeBase",
    "KnowledgeConfig",
    "KnowledgeError",
    "LexicalIndex",
    "ParsedDocument",
    "SearchHit",
    "collapse",
    "content_stems",
    "coverage",
    "covers",
    "evaluate_retrieval",
    "fold",
    "load_eval_set",
    "tokens",
]
