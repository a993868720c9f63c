"""Articles: reading them safely, with their metadata.

An article is a UTF-8 ``.txt`` file, optionally with a JSON sidecar of the same
name (``article.json`` beside ``article.txt``) holding its title, language and
publication date. A corpus is a ``.jsonl`` file of ``{"id", "text"}`` records.
Input is untrusted: empty, binary, badly encoded, huge or malformed files raise
:class:`~osint.errors.InputError` with the file (and line) named.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .errors import InputError
from .escape import no_surrogates
from .io import MAX_INPUT_BYTES, lexists, parse_json, read_limited
from .model.article import PRECISION_KEY, Article
from .paths import PROJ_ROOT, in_checkout

#: Larger inputs are refused: an article is kilobytes, not gigabytes.
MAX_ARTICLE_BYTES = MAX_INPUT_BYTES
#: A metadata sidecar is a few hundred bytes.
MAX_SIDECAR_BYTES = 1024 * 1024


def resolve_article(path: str | os.PathLike[str]) -> Path:
    """Find an article given as written in a notebook, a script or on the command line.

    The one place a name becomes a file (:func:`load_article`, the notebooks and
    every subcommand use it). An absolute path is taken as it is; a relative path
    is tried against the current folder, then, in a checkout, against the project
    root (``seeds/x.txt`` works from anywhere in the project), and nothing else: a
    mistyped folder is an error, never silently another article.

    Parameters
    ----------
    path : str or PathLike
        As the user wrote it.

    Returns
    -------
    Path
        The absolute path of the file. Whether it can be read (a regular file,
        not a folder or a FIFO) is for the reader to say.

    Raises
    ------
    InputError
        When the path names nothing in either place.

    Examples
    --------
    >>> resolve_article("seeds/000_908df4e159e4c100.txt").name
    '000_908df4e159e4c100.txt'
    """
    p = Path(path).expanduser()
    if p.is_absolute():
        if not (p.exists() or p.is_symlink()):
            raise InputError("no such file", path=str(p))
        return p
    where = [Path.cwd() / p] + ([PROJ_ROOT / p] if in_checkout() else [])
    for cand in where:
        if cand.exists() or cand.is_symlink():
            return cand.resolve() if cand.is_file() else cand.absolute()
    if len(where) == 1:
        raise InputError(f"no such file (looked in the current folder {Path.cwd()})", path=str(path))
    raise InputError(f"no such file (looked in the current folder {Path.cwd()} and the project root "
                     f"{PROJ_ROOT})", path=str(path))


def decode_text(data: bytes, *, source: str) -> str:
    """Decode article bytes as UTF-8 (a BOM is dropped), refusing binary data.

    Raises
    ------
    InputError
        When the bytes are empty, contain NUL bytes or are not valid UTF-8.
    """
    if not data.strip():
        raise InputError("empty input", path=source)
    if b"\x00" in data[:65536]:
        raise InputError("binary file (NUL bytes), expected UTF-8 text", path=source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8 at byte {exc.start}; convert it first (e.g. iconv -f latin1 -t utf-8)",
            path=source,
        ) from exc
    if not text.strip():
        raise InputError("empty input", path=source)
    return text


def read_bytes(path: str | Path) -> bytes:
    """Read a regular file (``-`` for standard input), refusing missing, huge or special files."""
    return read_limited(path, limit=MAX_ARTICLE_BYTES, what="article")


def _sidecar(path: Path, *, shown: str | None = None) -> dict[str, Any]:
    side = path.with_suffix(".json")
    if not lexists(side):
        return {}
    name = shown or str(side)
    data = read_limited(side, limit=MAX_SIDECAR_BYTES, what="metadata sidecar")
    try:
        meta = parse_json(data)
    except UnicodeDecodeError as exc:
        raise InputError(f"metadata sidecar is not UTF-8 text (byte {exc.start})", path=name) from exc
    except ValueError as exc:
        raise InputError(f"malformed metadata sidecar ({exc})", path=name) from exc
    if not isinstance(meta, dict):
        raise InputError("metadata sidecar must hold a JSON object", path=name)
    return meta


_MONTH = re.compile(r"(\d{4})-(\d{2})")


def parse_published(value: Any) -> tuple[dt.date | None, bool]:
    """A publication date as given: ``YYYY-MM-DD``, or a month only (``YYYY-MM``).

    Returns ``(date, inferred)``. A month only stands for its last day, marked inferred: the day
    is unknown and the month's last day is the one bound every date of the article keeps (a
    year-free "November 24" is still the latest such day on or before it, and no image it names
    can come after it). Raises ValueError for anything else.

    >>> parse_published("2024-11")
    (datetime.date(2024, 11, 30), True)
    """
    if value in (None, ""):
        return None, False
    text = str(value).strip()
    m = _MONTH.fullmatch(text)
    if m is None:
        return dt.date.fromisoformat(text), False
    year, month = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} out of range")
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1), True


def _parse_date(value: Any, source: str) -> tuple[dt.date | None, bool]:
    try:
        return parse_published(value)
    except ValueError as exc:
        raise InputError(f"published date {value!r} is not YYYY-MM-DD (or YYYY-MM)", path=source) from exc


def _parse_bool(value: Any, key: str, source: str) -> bool:
    """A sidecar flag: JSON true/false (or the strings "true"/"false"); anything else is an error."""
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise InputError(f'"{key}" must be true or false, not {value!r}', path=source)


def _text_field(value: Any, key: str, source: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise InputError(f'"{key}" must be a string, not {type(value).__name__}', path=source)
    return no_surrogates(str(value))


def load_article(path: str | Path, *, published: str | dt.date | None = None) -> Article:
    """Read an article and its sidecar.

    Parameters
    ----------
    path : str or Path
        A UTF-8 ``.txt`` file, or ``-`` for standard input. A relative path is
        looked up as :func:`resolve_article` says: the current folder, then the
        project root.
    published : str or date, optional
        Overrides the sidecar's publication date.

    Returns
    -------
    Article

    Raises
    ------
    InputError
        Missing, empty, binary, badly encoded or oversized input; a malformed sidecar.

    Examples
    --------
    >>> a = load_article("seeds/000_908df4e159e4c100.txt")
    >>> a.published.isoformat(), a.published_inferred
    ('2023-07-27', True)
    """
    given = str(path)
    real: str | Path = "-" if given == "-" else resolve_article(path)
    # Messages name the file as the user wrote it, unless it was found under the project root.
    shown = given if given == "-" or Path(given).is_absolute() or (Path.cwd() / given).exists() \
        else str(real)
    try:
        data = read_bytes(real)
    except InputError as exc:
        if exc.path != str(real) or shown == str(real):
            raise
        # Named as the user wrote it, not by the absolute path it was found at.
        raise InputError(str(exc)[len(f"{exc.path}: "):], path=shown) from None
    text = decode_text(data, source=shown)
    meta: dict[str, Any] = {}
    side = "-" if given == "-" else str(Path(shown).with_suffix(".json"))
    if given != "-":
        meta = _sidecar(Path(real), shown=side)
    pub_raw = published if published is not None else meta.get("published")
    # A bad date names the file it came from: the sidecar, or the caller's argument.
    pub, month_only = (pub_raw, False) if isinstance(pub_raw, dt.date) else _parse_date(
        pub_raw, side if published is None else "published")
    first_line = text.strip().splitlines()[0].strip()
    aid = "stdin" if given == "-" else Path(given).stem
    rest = {
        k: v
        for k, v in meta.items()
        if k not in ("title", "language", "published", "published_inferred", "id", PRECISION_KEY)
    }
    if month_only:
        rest[PRECISION_KEY] = "month"
    inferred = _parse_bool(meta.get("published_inferred"), "published_inferred", side)
    return Article(
        id=_text_field(meta.get("id", aid), "id", side),
        text=text,
        title=_text_field(meta.get("title"), "title", side) or first_line[:120],
        language=_text_field(meta.get("language"), "language", side) or "en",
        published=pub,
        published_inferred=month_only or (inferred and published is None),
        path=None if given == "-" else given,
        meta=MappingProxyType(rest),
    )


def iter_corpus(path: str | Path) -> Iterator[Article]:
    """Yield the articles of a ``.jsonl`` corpus, one ``{"id", "text"}`` per line.

    A record without ``id`` gets its 1-based line number. Blank lines are skipped.

    Raises
    ------
    InputError
        Naming the file and line, for malformed JSON, a record that is not an
        object, or a missing or non-string ``text``.
    """
    source = "<stdin>" if str(path) == "-" else str(path)
    yield from parse_corpus_bytes(read_bytes(path), source=source)


def parse_corpus_bytes(data: bytes, *, source: str) -> Iterator[Article]:
    """Yield the articles of JSONL bytes, decoding line by line so that an error names its line."""
    if not data.strip():
        raise InputError("empty input", path=source)
    if b"\x00" in data[:65536] and not data.lstrip().startswith(b"{"):
        raise InputError("binary file (NUL bytes), expected UTF-8 text", path=source)
    for lineno, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"not valid UTF-8 at byte {exc.start} of the line", path=source,
                             line=lineno) from exc
        yield parse_record(line, lineno, source=source)


def corpus_id(value: Any, lineno: int, *, source: str) -> str | int:
    """A record's id: a string or an integer as given, else its line number.

    Raises
    ------
    InputError
        An id that is not a string or a whole number (objects, ``NaN``, ``1e400``),
        or one holding a lone surrogate, which no output could encode.
    """
    if value is None:
        return lineno
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InputError(f'"id" must be a string or a whole number, not {value!r:.40}', path=source,
                         line=lineno)
    if isinstance(value, str) and no_surrogates(value) != value:
        raise InputError('"id" holds a lone surrogate (\\ud800-\\udfff), which UTF-8 cannot encode',
                         path=source, line=lineno)
    return value


def parse_record(line: str, lineno: int, *, source: str) -> Article:
    """One JSONL line as an :class:`Article` (see :func:`iter_corpus`)."""
    try:
        rec = parse_json(line)
    except ValueError as exc:
        raise InputError(f"malformed JSON ({getattr(exc, 'msg', exc)})", path=source, line=lineno) from exc
    if not isinstance(rec, dict):
        raise InputError("record is not a JSON object", path=source, line=lineno)
    body = rec.get("text")
    if not isinstance(body, str):
        raise InputError('record has no "text" string', path=source, line=lineno)
    title = rec.get("title", "")
    # Where the article comes from: its outlet and a place hint (see osint.places.home).
    hints = {}
    for k in RECORD_HINTS:
        v = rec.get(k)
        if v is None:
            continue
        if not isinstance(v, str) or len(v) > MAX_HINT_CHARS:
            raise InputError(f'record\'s "{k}" must be a string of at most {MAX_HINT_CHARS} characters',
                             path=source, line=lineno)
        if v.strip():
            hints[k] = no_surrogates(v.strip())
    return Article(id=corpus_id(rec.get("id"), lineno, source=source), text=no_surrogates(body),
                   title=no_surrogates(title) if isinstance(title, str) else "", path=source,
                   meta=MappingProxyType(hints))


#: Record fields that say where an article comes from: the outlet, a place.
RECORD_HINTS = ("source", "place")
MAX_HINT_CHARS = 500


def parse_corpus(text: str, *, source: str) -> Iterator[Article]:
    """Yield the articles of JSONL ``text`` read from ``source`` (see :func:`iter_corpus`)."""
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        yield parse_record(line, lineno, source=source)
