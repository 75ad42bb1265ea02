"""A ficha as a file to download: its draft, or one version sent to DER, as a DOCX document.

The web and the HTTP API both serve it from here, so what DER reads (the validation report with
the warnings the unit accepted for that version) is the same wherever it is downloaded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from intake import Actor, FichaCatalog, RulesEngine, decision_trail, export_docx

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class FichaFile:
    """A document ready to send: its file name, media type and bytes."""

    filename: str
    media_type: str
    content: bytes


class FichaDocuments:
    """Builds the documents of stored fichas (the catalog checks who may read them).

    Args:
        catalog: Reads fichas and their versions.
        engine: Validates the content that goes in the document.
    """

    def __init__(self, *, catalog: FichaCatalog, engine: RulesEngine) -> None:
        self._catalog = catalog
        self._engine = engine

    def docx(self, actor: Actor, ficha_id: str, version: int | None = None) -> FichaFile:
        """The draft (``version`` None) or a sent version, with its validation report.

        Raises:
            FichaNotFoundError: No such ficha or version.
            PermissionDeniedError: The actor may not read it.
        """
        stored = self._catalog.get(actor, ficha_id)
        ficha, name = stored.draft, stored.id
        acknowledged: tuple[str, ...] = ()
        reasons: Mapping[str, str] = {}
        if version is not None:
            sent = self._catalog.version(actor, stored.id, version)
            ficha, name, acknowledged = sent.ficha, f"{stored.id}-v{version}", sent.acknowledged
            reasons = sent.reasons
        trail = decision_trail(
            stored.status,
            self._catalog.history(actor, stored.id),
            self._catalog.comments(actor, stored.id),
        )
        content = export_docx(
            ficha,
            self._engine.validate(ficha),
            config=self._engine.config,
            acknowledged=acknowledged,
            trail=trail,
            reasons=reasons,
        )
        return FichaFile(f"{name}.docx", DOCX_MEDIA_TYPE, content)


__all__ = ["DOCX_MEDIA_TYPE", "FichaDocuments", "FichaFile"]
