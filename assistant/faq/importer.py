"""Applying an import file to the bank, and building the rows of an export.

An import is all-or-nothing: any invalid row (with its row number) stops it, unless
``partial`` is set, in which case the valid rows are imported and the rest reported. By
default imported content becomes drafts (review still applies); ``keep_status`` (admin only)
keeps each row's ``estado`` — the way to move a bank between databases exactly.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from assistant.faq.bank import FaqBank
from assistant.faq.errors import (
    FaqError,
    FaqImportError,
    FaqPermissionDeniedError,
    MatchingConflictError,
)
from assistant.faq.exchange import ExchangeRow, ImportReport, RowProblem
from assistant.faq.regression import replace_entries
from assistant.faq.revision import FaqContent
from assistant.faq.store import ID_PATTERN, content_of
from assistant.faq.tables import FaqEntryRow, utc_now
from assistant.faq.workflow import Action, Actor, Role, Status, authorize

IMPORT_NOTE = "importada"


class FaqImporter:
    """Validates and applies import rows; builds export rows."""

    def __init__(self, bank: FaqBank) -> None:
        self.bank = bank

    # -- validation -------------------------------------------------------------------
    def check(
        self, rows: list[ExchangeRow], *, keep_status: bool
    ) -> tuple[list[ExchangeRow], list[RowProblem]]:
        """The rows that can be imported, and a problem for each one that cannot."""
        valid: list[ExchangeRow] = []
        problems: list[RowProblem] = []
        seen: dict[str, int] = {}
        current = {r.entry_id: r.content for r in self.bank.store.records()}
        for row in rows:
            # A row that repeats what the entry already says changes nothing: its links are
            # not checked again (dead links are reported by the staleness check instead).
            unchanged = current.get(row.entry_id) == row.content
            found = self._row_problems(row, keep_status=keep_status, links=not unchanged)
            if row.entry_id and row.entry_id in seen:
                found.append(("id", f"«{row.entry_id}» ya aparece en la fila {seen[row.entry_id]}"))
            if row.entry_id:
                seen.setdefault(row.entry_id, row.row)
            problems += [RowProblem(row.row, f, m, row.location) for f, m in found]
            if not found:
                valid.append(row)
        return valid, problems

    def _row_problems(
        self, row: ExchangeRow, *, keep_status: bool, links: bool = True
    ) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        if row.entry_id and not ID_PATTERN.match(row.entry_id):
            found.append(("id", f"«{row.entry_id}» no es un id válido"))
        for_review = keep_status and row.status in (Status.EN_REVISION, Status.PUBLICADA)
        try:
            self.bank.validate(row.content, for_review=for_review, links=links)
        except FaqError as exc:
            field = {
                "secci": "secciones",
                "pregunta": "pregunta",
                "respuesta": "respuesta",
                "formulaci": "alternativas",
                "etiqueta": "etiquetas",
            }
            for problem in getattr(exc, "problems", []) or [exc.message]:
                name = next((v for k, v in field.items() if k in problem), "")
                found.append((name, problem))
        return found

    # -- applying ---------------------------------------------------------------------
    def run(
        self,
        rows: list[ExchangeRow],
        actor: Actor,
        *,
        read_problems: list[RowProblem] | None = None,
        keep_status: bool = False,
        partial: bool = False,
        override_reason: str | None = None,
    ) -> ImportReport:
        """Import ``rows`` (``read_problems`` are those found while reading the file)."""
        authorize(actor, Action.IMPORTAR)
        if keep_status and Role.ADMIN not in actor.roles:
            raise FaqPermissionDeniedError(
                "Conservar el estado del archivo (publicar sin revisión) requiere el rol admin."
            )
        valid, problems = self.check(rows, keep_status=keep_status)
        problems = sorted([*(read_problems or []), *problems], key=lambda p: p.row)
        if problems and not partial:
            raise FaqImportError(
                f"El archivo tiene {len(problems)} problema(s); no se importó nada.",
                problems=problems,
            )
        if keep_status:
            self._regression(valid, override_reason)
        report = ImportReport(problems=problems)
        next_number = int(self.bank.store.next_id()[4:])
        with self.bank.store.database.session() as session:
            served_changed = False
            for row in valid:
                if not row.entry_id:
                    row = replace(row, entry_id=f"faq-{next_number:03d}")
                    next_number += 1
                served_changed |= self._apply(session, row, actor, keep_status, report)
            if served_changed:
                self.bank.store.bump_version(session)
        return report

    def _regression(self, rows: list[ExchangeRow], override_reason: str | None) -> None:
        if self.bank.regression is None:
            return
        published = self.bank.store.entries()
        changed = [r.content.as_entry(r.entry_id, 0) for r in rows if r.status is Status.PUBLICADA]
        removed = [r.entry_id for r in rows if r.status is Status.ARCHIVADA]
        if not changed and not removed:
            return
        after = replace_entries(published, changed, removed)
        report = self.bank.regression.check(published, after)
        if report.blocking and not (override_reason or "").strip():
            raise MatchingConflictError(
                f"La importación crearía {len(report.blocking)} conflicto(s) de coincidencia; "
                "corrige las formulaciones o importa indicando un motivo.",
                conflicts=report.blocking,
            )

    def _apply(
        self,
        session: Session,
        row: ExchangeRow,
        actor: Actor,
        keep_status: bool,
        report: ImportReport,
    ) -> bool:
        store = self.bank.store
        target = (row.status or Status.BORRADOR) if keep_status else Status.BORRADOR
        entry = session.get(FaqEntryRow, row.entry_id, with_for_update=True)
        hashes = self.bank.fingerprints(row.content)
        if entry is None:
            entry = FaqEntryRow(
                id=row.entry_id, status=target.value, head_revision=0, author=actor.user_id
            )
            session.add(entry)
            store.add_revision(
                session, entry, row.content, author=actor.user_id, note=IMPORT_NOTE, hashes=hashes
            )
            report.created.append(row.entry_id)
        else:
            head = store.revision_row(session, row.entry_id, entry.head_revision)
            same_content = content_of(head) == row.content
            if same_content and (not keep_status or entry.status == target.value):
                report.unchanged.append(row.entry_id)
                return False
            if not same_content:
                store.add_revision(
                    session,
                    entry,
                    row.content,
                    author=actor.user_id,
                    note=IMPORT_NOTE,
                    hashes=hashes,
                )
            entry.status = target.value
            report.updated.append(row.entry_id)
        store.add_event(
            session, entry, Action.IMPORTAR.value, actor.user_id, f"estado {target.value}"
        )
        return self._serve(session, entry, target, actor) if keep_status else False

    def _serve(self, session: Session, entry: FaqEntryRow, target: Status, actor: Actor) -> bool:
        """Make the served revision match a kept status; True when the served set changed."""
        before = entry.published_revision
        if target is Status.PUBLICADA:
            head = self.bank.store.revision_row(session, entry.id, entry.head_revision)
            if head.approved_by is None:
                head.approved_by, head.approved_at = actor.user_id, utc_now()
            entry.published_revision, entry.published_at = entry.head_revision, utc_now()
            entry.needs_review, entry.review_reason = False, None
        elif target is Status.ARCHIVADA:
            entry.published_revision = None
        return entry.published_revision != before

    # -- exporting --------------------------------------------------------------------
    def export(
        self, *, published_only: bool = False, status: Status | None = None
    ) -> list[ExchangeRow]:
        """Rows for an export: every entry's latest revision with its status, or only the
        revisions being served."""
        if published_only:
            return [
                ExchangeRow(i, e.entry_id, Status.PUBLICADA, FaqContent.from_entry(e))
                for i, e in enumerate(self.bank.store.entries(), start=1)
            ]
        return [
            ExchangeRow(i, r.entry_id, r.status, r.content)
            for i, r in enumerate(self.bank.store.records(status=status), start=1)
        ]


__all__ = ["FaqImporter"]
