"""The Panel report from its templates: Markdown and HTML, one template each, one model."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from projections.escaping import html_text, markdown_text
from projections.report import Report
from projections.report_paper import paper

if TYPE_CHECKING:
    import jinja2

ESCAPES = {"md": markdown_text, "html": html_text}


@cache
def environment(fmt: str) -> jinja2.Environment:
    """Every value a template writes is escaped once for its format (control characters
    written out too), so that no title or note can act as markup. Autoescaping marks what
    a macro has written as done; `finalize` escapes everything else in the format's way."""
    import jinja2
    from markupsafe import Markup

    escape = ESCAPES[fmt]

    def finalize(value: Any) -> Markup:
        if isinstance(value, Markup):
            return value
        return Markup(escape("" if value is None else str(value)))

    return jinja2.Environment(
        loader=jinja2.PackageLoader("projections", "templates"),
        autoescape=True,
        finalize=finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(
    report: Report, fmt: str, classification: str = "White", author: str | None = None
) -> str:
    template = environment(fmt).get_template(f"report.{fmt}.j2")
    return template.render(paper=paper(report, classification, author))
