"""The HTML renderer (the web chat) of an `Answer`, and Markdown as safe HTML.

Markdown written by people or the answerer is rendered with raw HTML shown as text and then
sanitized again (no script URLs). An answer becomes its route badge, notice, text and
numbered sources; the page around it (bubble, feedback form) stays in the templates. Fields
of `Answer` this renderer does not know are ignored.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

from api.rendering.sources import answer_sources, route_label, sources_title
from assistant.answering.answer import Answer

_PARSER = MarkdownIt(
    "commonmark", {"html": False, "linkify": False, "typographer": False, "breaks": True}
)
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str | None) -> Markup:
    """HTML for ``text``: raw HTML is shown as text (markdown-it with html off) and the
    result is sanitized again (nh3: allowed tags only, http/https/mailto links only)."""
    html = _PARSER.render(text or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)  # noqa: S704 — sanitized above


def sources_html(answer: Answer) -> Markup:
    """The numbered sources, each a section that opens to its quote ("" when none)."""
    sources = answer_sources(answer)
    if not sources:
        return Markup("")
    items = [
        Markup(
            '<li><details><summary><span class="num">[{}]</span> {}</summary>\n'
            "    <blockquote>{}</blockquote></details></li>"
        ).format(s.number, s.section, s.quote)
        for s in sources
    ]
    return Markup('<h2 class="sub">{}</h2>\n<ol class="citas">\n{}\n</ol>').format(
        sources_title(answer), Markup("\n").join(items)
    )


def answer_html(answer: Answer) -> Markup:
    """The answer as the chat shows it: route badge, notice, text (Markdown) and sources."""
    parts = [
        Markup(
            '<span class="insignia ruta-{}" title="De dónde sale la respuesta">{}</span>'
        ).format(answer.route, route_label(answer))
    ]
    if answer.notice:
        parts.append(Markup('<p class="nota">{}</p>').format(answer.notice))
    parts.append(Markup('<div class="texto-md">{}</div>').format(render_markdown(answer.text)))
    sources = sources_html(answer)
    if sources:
        parts.append(sources)
    return Markup("\n").join(parts)


__all__ = ["answer_html", "render_markdown", "sources_html"]
