"""Recorded text as each output shows it, so that what a title holds is read, never run.

A ledger recorded before govledger refused unsafe text may hold some; these keep it from
acting on a terminal, a Markdown or HTML page, or a spreadsheet.
"""

from __future__ import annotations

import re
from html import escape as html_escape
from typing import Any

from ledger.domain.text import UNSAFE, UNSAFE_IN_LINES

NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
MARKDOWN_PUNCTUATION = re.compile(r"([\\\[\]|])")
MARKDOWN_LINE_START = re.compile(r"^[#*+=_`~-]")
MARKDOWN_NUMBERED = re.compile(r"^(\d+)([.)])(?=\s|$)")
MARKDOWN_INDENT = re.compile(r"^ +")  # before a block marker, or as a code block's indent
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escaped(char: str) -> str:
    code = ord(char)
    return NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str, pattern: re.Pattern[str] = UNSAFE) -> str:
    """Control, bidirectional and surrogate characters written out: ESC as `\\x1b`,
    newline as `\\n`, U+202E as `\\u202e`."""
    return pattern.sub(lambda found: _escaped(found.group()), text)


def _with_breaks(text: str) -> str:
    return visible(text.replace("\r\n", "\n").replace("\n", "<br>"))


def markdown_text(text: str) -> str:
    """Text for a Markdown line or table cell: no heading, list, quote, rule, fence, code
    block, link, raw HTML or column break can come of it, whatever spaces lead it (each
    written `&#32;`); newlines become `<br>`."""
    escaped = MARKDOWN_PUNCTUATION.sub(r"\\\1", text)
    escaped = escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = MARKDOWN_INDENT.sub(lambda spaces: "&#32;" * len(spaces.group()), escaped)
    escaped = MARKDOWN_LINE_START.sub(r"\\\g<0>", escaped)
    escaped = MARKDOWN_NUMBERED.sub(r"\1\\\2", escaped)
    return _with_breaks(escaped)


def html_text(text: str) -> str:
    """Text for HTML: markup escaped, control characters written out, newlines `<br>`."""
    return _with_breaks(html_escape(text))


def cell_text(text: str) -> str:
    """Text for a spreadsheet cell: newlines and tabs kept, other control characters
    written out (XML, and so XLSX, cannot hold most of them)."""
    return visible(text, UNSAFE_IN_LINES)


def spreadsheet_text(text: str) -> str:
    """A CSV text cell a spreadsheet cannot take for a formula (OWASP's CSV injection
    defence): one beginning with =, +, -, @, tab or carriage return gets a leading '."""
    text = cell_text(text)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def csv_cell(value: Any) -> Any:
    """A CSV cell: text guarded against formula injection (see `spreadsheet_text`), a
    number as it is, nothing as empty."""
    if value is None:
        return ""
    return spreadsheet_text(value) if isinstance(value, str) else value
