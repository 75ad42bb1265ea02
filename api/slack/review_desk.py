"""What the DER message needs from the fichas: the card of a sent version and its DOCX."""

from __future__ import annotations

from api.slack.review_message import ReviewCard
from assistant.fichas.documents import FichaDocuments, FichaFile
from intake import Actor, FichaCatalog, FichaStatus, Role

READER = Actor.of("slack-der", roles=[Role.DER])
"""The bot reads fichas as DER does, to show them in DER's channel."""
WITH_DER = {FichaStatus.SUBMITTED, FichaStatus.IN_REVIEW}


class ReviewDesk:
    """Builds review cards and documents of sent fichas.

    Args:
        catalog: Reads fichas, versions and their differences.
        documents: Builds a version's DOCX (with its validation report).
        web_url: The web's public address, for the review link (None: no link).
    """

    def __init__(
        self, *, catalog: FichaCatalog, documents: FichaDocuments, web_url: str | None
    ) -> None:
        self.catalog = catalog
        self.documents = documents
        self.web_url = web_url

    def card(self, ficha_id: str, version: int | None = None) -> ReviewCard:
        """The card of ``version`` (default: the last one sent)."""
        stored = self.catalog.get(READER, ficha_id)
        number = version or stored.current_version
        sent = self.catalog.version(READER, ficha_id, number)
        changes = self.catalog.diff(READER, ficha_id, number - 1, number) if number > 1 else []
        return ReviewCard(stored=stored, version=sent, changes=changes, web_url=self.web_url)

    def with_der(self, card: ReviewCard) -> bool:
        """True while DER has to decide on the ficha."""
        return card.stored.status in WITH_DER

    def docx(self, ficha_id: str, version: int) -> FichaFile:
        """The DOCX of a sent version."""
        return self.documents.docx(READER, ficha_id, version)


__all__ = ["ReviewDesk"]
