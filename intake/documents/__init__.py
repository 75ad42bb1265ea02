"""The ficha as documents: the shared layout, DOCX and Markdown."""
