"""Planning a corpus into partitions, and reading them back, without loading the whole file.

A corpus is a ``.jsonl`` file (one ``{"id", "text"}`` object per line) or a
Parquet file with ``id`` and ``text`` columns; single ``.txt`` articles may be
mixed in. The input is planned into *partitions* (byte ranges of a JSONL file,
runs of row groups of a Parquet file) and each is read on its own, so memory
stays bounded whatever the corpus size.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..article import corpus_id, parse_record
from ..errors import InputError
from ..escape import no_surrogates

#: Target size of one partition of input text, in bytes: large enough that
#: scheduling and file overheads vanish, small enough to keep memory bounded.
DEFAULT_PARTITION_BYTES = 2 * 2**20


@dataclass(frozen=True)
class Document:
    """One document of a corpus, with where it came from.

    Attributes
    ----------
    id : str or int
        The record's ``id`` as given, else its 1-based line (row) number; a
        ``.txt`` article's file stem (or sidecar id).
    text : str
        The text to geoparse.
    path : str
        The file it was read from.
    line : int
        Its 1-based line (JSONL) or row (Parquet) number; 1 for a ``.txt`` file.
    source, place : str or None
        The record's (or sidecar's) outlet and place hint, when given: where the article
        comes from (see :mod:`osint.places.home`).
    """

    id: str | int
    text: str
    path: str
    line: int
    source: str | None = None
    place: str | None = None


@dataclass(frozen=True)
class Partition:
    """A slice of one input file, read and geoparsed as a unit.

    Attributes
    ----------
    index : int
        Position of the partition in the run (output order).
    path : str
        The input file.
    kind : str
        ``jsonl``, ``parquet`` or ``txt``.
    start, stop : int
        JSONL: byte range ``[start, stop)`` holding whole lines. Parquet: row
        groups ``[start, stop)``. Unused for ``txt``.
    first_line : int
        1-based line (row) number of the partition's first line (row).
    docs : int
        Number of documents in it (for the progress bar).
    """

    index: int
    path: str
    kind: str
    start: int = 0
    stop: int = 0
    first_line: int = 1
    docs: int = 1


def _check_file(path: str) -> Path:
    from ..io import check_regular

    return check_regular(path)


def _plan_jsonl(path: str, target_bytes: int, first_index: int) -> list[Partition]:
    """Cut a JSONL file into byte ranges of whole lines, reading it once, line by line."""
    _check_file(path)
    parts: list[Partition] = []
    pos = part_start = 0
    lineno = 0
    part_first = 1
    docs = 0
    try:
        with open(path, "rb") as fh:
            for raw in _capped_lines(fh, path, 1):
                lineno += 1
                pos += len(raw)
                if raw.strip():
                    docs += 1
                if pos - part_start >= target_bytes and docs:
                    parts.append(Partition(first_index + len(parts), path, "jsonl", part_start, pos,
                                           part_first, docs))
                    part_start, part_first, docs = pos, lineno + 1, 0
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", path=path) from exc
    if docs:
        parts.append(Partition(first_index + len(parts), path, "jsonl", part_start, pos, part_first, docs))
    if not parts:
        raise InputError("empty input", path=path)
    return parts


def _parquet_file(path: str):
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ... for non-Parquet files
        raise InputError(f"not a readable Parquet file ({exc})", path=path) from exc


def _plan_parquet(path: str, target_bytes: int, first_index: int) -> list[Partition]:
    """Group a Parquet file's row groups into partitions of about ``target_bytes``."""
    _check_file(path)
    pf = _parquet_file(path)
    names = pf.schema_arrow.names
    if "text" not in names:
        raise InputError(f'no "text" column (columns: {", ".join(names)})', path=path)
    meta = pf.metadata
    parts: list[Partition] = []
    row = 1
    group_start = 0
    rows = size = 0
    for g in range(meta.num_row_groups):
        rg = meta.row_group(g)
        rows += rg.num_rows
        size += rg.total_byte_size
        if size >= target_bytes or g == meta.num_row_groups - 1:
            if rows:
                parts.append(Partition(first_index + len(parts), path, "parquet", group_start, g + 1,
                                       row, rows))
            row += rows
            group_start, rows, size = g + 1, 0, 0
    if not parts:
        raise InputError("empty input", path=path)
    return parts


def plan_partitions(paths: Iterable[str], *,
                    partition_bytes: int = DEFAULT_PARTITION_BYTES) -> list[Partition]:
    """Plan the partitions of the input files, in order, without loading them.

    Parameters
    ----------
    paths : iterable of str
        ``.jsonl`` and ``.parquet`` corpora, ``.txt`` articles.
    partition_bytes : int
        Target input size of one partition.

    Raises
    ------
    InputError
        A missing, empty or unreadable file; a Parquet file without ``text``;
        standard input (``-``), which cannot be split between workers.
    """
    parts: list[Partition] = []
    for path in paths:
        path = str(path)
        if path == "-":
            raise InputError("a corpus run needs a file, not standard input", path="<stdin>")
        suffix = Path(path).suffix.lower()
        if suffix == ".jsonl":
            parts.extend(_plan_jsonl(path, partition_bytes, len(parts)))
        elif suffix in (".parquet", ".pq"):
            parts.extend(_plan_parquet(path, partition_bytes, len(parts)))
        else:
            _check_file(path)
            parts.append(Partition(len(parts), path, "txt"))
    return parts


def _capped_lines(fh, path: str, first_line: int) -> Iterator[bytes]:
    """The lines of a binary file, each read with a cap: a line longer than
    :data:`osint.io.MAX_INPUT_BYTES` (an article is kilobytes) is an error naming it, never read whole."""
    from ..io import MAX_INPUT_BYTES

    lineno = first_line
    while True:
        raw = fh.readline(MAX_INPUT_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_INPUT_BYTES:
            raise InputError(f"line longer than {MAX_INPUT_BYTES // 2**20} MiB, the most one article may be",
                             path=path, line=lineno)
        yield raw
        lineno += 1


def _iter_jsonl(part: Partition) -> Iterator[Document]:
    lineno = part.first_line - 1
    pos = part.start
    with open(part.path, "rb") as fh:
        fh.seek(part.start)
        lines = _capped_lines(fh, part.path, part.first_line)
        while pos < part.stop:
            raw = next(lines, b"")
            if not raw:
                break
            pos += len(raw)
            lineno += 1
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"not valid UTF-8 at byte {exc.start} of the line",
                                 path=part.path, line=lineno) from exc
            art = parse_record(line, lineno, source=part.path)
            yield Document(art.id, art.text, part.path, lineno, art.meta.get("source"), art.meta.get("place"))


def _iter_parquet(part: Partition, batch_rows: int = 2048) -> Iterator[Document]:
    pf = _parquet_file(part.path)
    names = pf.schema_arrow.names
    has_id = "id" in names
    hint_cols = [c for c in ("source", "place") if c in names]
    columns = (["id", "text"] if has_id else ["text"]) + hint_cols
    row = part.first_line
    batches = pf.iter_batches(batch_size=batch_rows, row_groups=range(part.start, part.stop),
                              columns=columns)
    while True:
        try:
            batch = next(batches, None)
        except Exception as exc:  # pyarrow: ArrowInvalid, OSError, ... for damaged pages
            raise InputError(f"damaged Parquet data near row {row} ({type(exc).__name__}: {exc})",
                             path=part.path, line=row) from exc
        if batch is None:
            break
        try:
            texts = batch.column("text").to_pylist()
            ids = batch.column("id").to_pylist() if has_id else [None] * len(texts)
            hints = {c: batch.column(c).to_pylist() for c in hint_cols}
        except Exception as exc:
            raise InputError(f"damaged Parquet data near row {row} ({type(exc).__name__})",
                             path=part.path, line=row) from exc
        for k, (doc_id, body) in enumerate(zip(ids, texts)):
            if not isinstance(body, str):
                raise InputError('row has no "text" string', path=part.path, line=row)
            source, place = (_hint(hints, c, k, part.path, row) for c in ("source", "place"))
            if isinstance(doc_id, float):
                doc_id = int(doc_id) if doc_id.is_integer() else str(doc_id)
            ident = row if doc_id is None else corpus_id(doc_id if isinstance(doc_id, (str, int))
                                                         else str(doc_id), row, source=part.path)
            yield Document(ident, no_surrogates(body), part.path, row, source, place)
            row += 1


def _hint(hints: dict[str, list], column: str, k: int, path: str, row: int) -> str | None:
    """A row's outlet or place hint: a short string, or None."""
    from ..article import MAX_HINT_CHARS

    v = hints[column][k] if column in hints else None
    if v is None:
        return None
    if not isinstance(v, str) or len(v) > MAX_HINT_CHARS:
        raise InputError(f'row\'s "{column}" must be a string of at most {MAX_HINT_CHARS} characters',
                         path=path, line=row)
    return no_surrogates(v.strip()) or None


def iter_partition(part: Partition) -> Iterator[Document]:
    """Yield the documents of one partition, streaming.

    Raises
    ------
    InputError
        Naming the file and line (row): malformed JSON, a record that is not
        an object, a missing or non-string ``text``, bad UTF-8.
    """
    if part.kind == "jsonl":
        yield from _iter_jsonl(part)
    elif part.kind == "parquet":
        yield from _iter_parquet(part)
    else:
        from ..article import load_article

        art = load_article(part.path)
        hint = {k: v.strip() for k in ("source", "place")
                if isinstance(v := art.meta.get(k), str) and v.strip()}
        yield Document(art.id, art.text, part.path, 1, hint.get("source"), hint.get("place"))


def iter_documents(paths: Iterable[str], *,
                   partition_bytes: int = DEFAULT_PARTITION_BYTES) -> Iterator[Document]:
    """Stream every document of ``paths`` in order (see :func:`plan_partitions`).

    Unlike :func:`osint.article.iter_corpus` this never holds the whole file,
    so it has no size limit.
    """
    for part in plan_partitions(paths, partition_bytes=partition_bytes):
        yield from iter_partition(part)
