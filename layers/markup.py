"""Text from data: escaped for map HTML (tooltips, popups, labels, legends) or Markdown, shortened,
and flags read from data values."""

from __future__ import annotations

import html
from typing import Any

# Beyond html.escape: characters that would let text break out of a JavaScript template literal
# (folium puts tooltip text inside `...`): the backtick, "${" and the backslash.
_TEMPLATE_LITERAL = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def escape(value: Any) -> str:
    """``value`` as text that shows literally in HTML and is inert in a JS template literal.

    ``None`` and NaN become the empty string. ``<img src=x onerror=alert(1)>`` shows as text.
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return html.escape(str(value), quote=True).translate(_TEMPLATE_LITERAL)


def shorten(text: str, limit: int = 160) -> str:
    """``text`` cut to at most ``limit`` characters, with an ellipsis when cut (before escaping)."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# Characters with a meaning in Streamlit's Markdown (CommonMark, plus $ for LaTeX and : for
# emoji shortcodes and colour directives).
_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()<>#+-.!|~$:"})


def markdown_text(value: Any) -> str:
    """``value`` as Markdown that shows literally (for ``st.markdown``/``st.error`` text from
    data or files): every Markdown-special character is backslash-escaped, newlines kept."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).translate(_MARKDOWN_SPECIAL)


def truthy(value: Any, default: bool = False) -> bool:
    """A flag from data: True, 1, "true", "yes"; ``default`` for None/NaN; anything else False."""
    if value is None or (isinstance(value, float) and value != value):
        return default
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)
