"""The one path from data to HTML: fixed templates in the package, every value escaped.

Templates live in ``osint/render/templates/`` and are loaded by name only; no
text from an article, a sidecar or an online answer is ever template source.
The environment is sandboxed and autoescaped, and every value a template
prints goes through :func:`osint.escape.html_text`, which escapes braces as
well, because folium compiles rendered output as a template a second time.
Fragments already made safe by another template are passed as
:class:`markupsafe.Markup` and printed as they are.

>>> render("link.html.j2", url="javascript:alert(1)", text="{{x}}")
'&#123;&#123;x&#125;&#125;'
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from markupsafe import Markup

from ..escape import html_text, safe_url


def _finalize(value: Any) -> Any:
    # Runs on every {{ expression }}: values become escaped Markup (braces too); Markup
    # made by a template passes as it is.
    if isinstance(value, Markup):
        return value
    return Markup(html_text(value))


@lru_cache(maxsize=1)
def environment():
    """The sandboxed, autoescaped Jinja2 environment over the package's templates."""
    from jinja2 import PackageLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(
        loader=PackageLoader("osint.render", "templates"), autoescape=True, finalize=_finalize,
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
    )
    env.filters["safe_url"] = safe_url
    env.filters["host"] = _host
    return env


def _host(url: str) -> str:
    import re

    m = re.match(r"https?://([^/]+)", url or "")
    return m.group(1) if m else url


class Fragment(Markup):
    """Safe HTML that a notebook shows as HTML (``_repr_html_``): ``display(fragment)``."""

    def _repr_html_(self) -> str:
        return str(self)


def render(template: str, /, **data: Any) -> Fragment:
    """Render the package template ``template`` with ``data``; returns safe HTML (:class:`Fragment`)."""
    return Fragment(environment().get_template(template).render(**data))


def fragment(text: str, *, kind: str = "text", label: str = "", hint: str = "") -> Fragment:
    """A short piece of HTML a notebook shows: ``kind`` ``text`` (a paragraph), ``note`` (a bold
    ``label``, then ``text`` and a ``hint``), ``verdict``, ``details`` (``text`` folded under
    ``label``) or ``heading``; every value escaped."""
    return render("fragment.html.j2", kind=kind, label=label, text=text, hint=hint)


def marked(text: str, spans: Any) -> Markup:
    """``text`` with each (start, end) span in ``<mark>``; overlapping or out-of-range spans dropped."""
    parts: list[tuple[str, bool]] = []
    pos = 0
    for s, e in sorted(set(spans)):
        if s < pos or e > len(text) or s >= e:
            continue
        parts.append((text[pos:s], False))
        parts.append((text[s:e], True))
        pos = e
    parts.append((text[pos:], False))
    return render("marked.html.j2", parts=parts)
