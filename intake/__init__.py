"""Ficha de pre-diseño de productos o servicios de ATT: model, rules engine and documents.

``intake`` owns the ficha (Lineamiento 2, 2.2.3, Etapa 1 of the Política Institucional de
Llegada a Territorio), the rules that validate it (data in ``intake/data/reglas_ficha.yaml``),
and its exports (Markdown, JSON, DOCX). It depends on no adapter: embeddings come in through
the `TextEmbedder` protocol.

Typical use::

    engine = RulesEngine.from_file(settings.rules_path)
    ficha = load_ficha("ficha.yaml")
    report = engine.validate(ficha)
    if report.ok:
        Path("ficha.docx").write_bytes(export_docx(ficha, report, config=engine.config))

It also owns the guided intake (`IntakeConversation`, stored per user by `IntakeSessions`) and
the DER submission workflow (`FichaWorkflow`, `FichaReview`, `FichaCatalog`, the notification `Outbox`), on
its own tables (`intake.storage.tables`); policy answers come in through the `PolicyAdvisor` port.
"""

from intake.actor import Actor, Role
from intake.conversation.advisor import AdvisorReply, PolicyAdvisor, PolicyPassage
from intake.conversation.machine import IntakeConversation
from intake.conversation.prompts import field_named
from intake.conversation.reply import (
    Choice,
    ChoiceRole,
    FichaSummary,
    FieldQuestion,
    Notice,
    NoticeKind,
    PartKind,
    ReplyPart,
    SummaryField,
    SummaryStep,
    summarize,
)
from intake.conversation.state import SessionState
from intake.conversation.texts import format_summary, report_text, summary_text
from intake.conversation.turn import TurnView
from intake.documents.decision_trail import DecisionTrail, decision_trail
from intake.documents.document import CHAIN_FIELDS, COLOMBIA, FichaDocument, build_document
from intake.documents.docx import export_docx
from intake.documents.markdown import export_markdown
from intake.errors import (
    ConflictError,
    FichaFormatError,
    FichaNotFoundError,
    IntakeError,
    PermissionDeniedError,
    RulesConfigError,
    SubmissionBlockedError,
    UnknownFieldError,
    WorkflowError,
)
from intake.examples import example_paths, load_examples
from intake.ficha import (
    Alineacion,
    AvanceDiseno,
    CadenaValor,
    CicloValorPublico,
    Contexto,
    Ficha,
    LiderTecnico,
    Problema,
)
from intake.fields import FIELD_ORDER, FIELDS, STEPS, FieldKind, FieldSpec, Step, field_value
from intake.ports import TextEmbedder
from intake.rules.benchmark import generate_portfolio, run_validation_benchmark
from intake.rules.config import Rule, RulesConfig, default_rules_path, load_rules, parse_rules
from intake.rules.duplicates import DuplicateIndex, DuplicateMatch, PortfolioEntry
from intake.rules.engine import RulesEngine
from intake.rules.report import DuplicateRef, Finding, Severity, SkippedRule, ValidationReport
from intake.rules.rule_quality import NO_RULE, format_scores, score_rules
from intake.rules.rule_quality import load_cases as load_statement_cases
from intake.serialization import (
    dumps_ficha,
    export_json,
    ficha_from_data,
    ficha_json_schema,
    load_ficha,
    loads_ficha,
    save_ficha,
    write_text_atomic,
)
from intake.status import SHARED_STATUSES, FichaStatus
from intake.storage.catalog import FichaCatalog
from intake.storage.records import FichaVersion, ReviewComment, StoredFicha, Transition
from intake.storage.tables import IntakeBase, TransactionFactory
from intake.value_lists import ListItem, ValueList
from intake.version_diff import FieldChange, diff_fichas, format_diff, format_value
from intake.workflow.guided_intake import IntakeReply, IntakeSessions
from intake.workflow.notices import DER_RECIPIENT, unit_recipient
from intake.workflow.outbox import (
    DrainReport,
    LogChannel,
    Notification,
    NotificationChannel,
    Outbox,
    StoredNotification,
)
from intake.workflow.review import FichaReview
from intake.workflow.submission import FichaWorkflow

__all__ = [
    "DecisionTrail",
    "decision_trail",
    "NO_RULE",
    "format_scores",
    "load_statement_cases",
    "score_rules",
    "SHARED_STATUSES",
    "Actor",
    "AdvisorReply",
    "Alineacion",
    "AvanceDiseno",
    "CHAIN_FIELDS",
    "COLOMBIA",
    "CadenaValor",
    "Choice",
    "ChoiceRole",
    "CicloValorPublico",
    "ConflictError",
    "Contexto",
    "DER_RECIPIENT",
    "DrainReport",
    "DuplicateIndex",
    "DuplicateMatch",
    "DuplicateRef",
    "FIELDS",
    "FIELD_ORDER",
    "Ficha",
    "FichaCatalog",
    "FichaDocument",
    "FichaFormatError",
    "FichaNotFoundError",
    "FichaReview",
    "FichaStatus",
    "FichaSummary",
    "FichaVersion",
    "FichaWorkflow",
    "FieldChange",
    "FieldKind",
    "FieldQuestion",
    "FieldSpec",
    "Finding",
    "IntakeBase",
    "IntakeConversation",
    "IntakeError",
    "IntakeReply",
    "IntakeSessions",
    "LiderTecnico",
    "ListItem",
    "LogChannel",
    "Notice",
    "NoticeKind",
    "Notification",
    "NotificationChannel",
    "Outbox",
    "StoredNotification",
    "unit_recipient",
    "PartKind",
    "PermissionDeniedError",
    "PolicyAdvisor",
    "PolicyPassage",
    "PortfolioEntry",
    "Problema",
    "ReplyPart",
    "ReviewComment",
    "Role",
    "Rule",
    "RulesConfig",
    "RulesConfigError",
    "RulesEngine",
    "STEPS",
    "SessionState",
    "Severity",
    "SkippedRule",
    "Step",
    "StoredFicha",
    "SubmissionBlockedError",
    "SummaryField",
    "SummaryStep",
    "TextEmbedder",
    "TransactionFactory",
    "Transition",
    "TurnView",
    "UnknownFieldError",
    "ValidationReport",
    "ValueList",
    "WorkflowError",
    "build_document",
    "default_rules_path",
    "diff_fichas",
    "dumps_ficha",
    "example_paths",
    "export_docx",
    "export_json",
    "export_markdown",
    "ficha_from_data",
    "ficha_json_schema",
    "field_named",
    "field_value",
    "format_diff",
    "format_summary",
    "format_value",
    "generate_portfolio",
    "load_examples",
    "load_ficha",
    "load_rules",
    "loads_ficha",
    "parse_rules",
    "report_text",
    "run_validation_benchmark",
    "save_ficha",
    "summarize",
    "summary_text",
    "write_text_atomic",
]
