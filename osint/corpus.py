"""Geoparsing whole corpora: streamed in partitions, on one process or on Dask.

A corpus is a ``.jsonl`` file (one ``{"id", "text"}`` object per line) or a
Parquet file with ``id`` and ``text`` columns; single ``.txt`` articles may be
mixed in. The input is planned into *partitions* (byte ranges of a JSONL file,
runs of row groups of a Parquet file) without reading it into memory, and each
partition is read, geoparsed and written on its own, so memory stays bounded
whatever the corpus size.

Two engines run the partitions and give byte-identical results:

``local``
    One process, partitions in order, written straight to the output.
``dask``
    A :mod:`dask.distributed` cluster: a ``LocalCluster`` of ``workers``
    single-threaded processes, or an existing scheduler at ``scheduler``.
    Each worker loads the gazetteer once (a worker plugin), reads its
    partitions from the input file itself and writes its results to a
    partition file beside the output; the client only receives small
    summaries and joins the partition files in input order. The input and the
    output folder must therefore be visible to the workers at the same path
    (one machine, or a shared file system on a cluster).

Output is JSONL exactly as ``osint geoparse`` writes it (one
``{"id", "places": [...]}`` line per document, input order), or Parquet with
one row per place mention (:data:`PARQUET_COLUMNS`). A document whose
geoparsing fails is reported with its id and left out; the rest are written.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .article import corpus_id, parse_record
from .errors import ConfigurationError, InputError
from .escape import no_surrogates

#: Target size of one partition of input text, in bytes: large enough that
#: scheduling and file overheads vanish, small enough to keep memory bounded.
DEFAULT_PARTITION_BYTES = 2 * 2**20

#: Columns of the Parquet output, one row per place mention.
PARQUET_COLUMNS = ["id", "start", "end", "text", "name", "lat", "lon", "feature", "country_code",
                   "source", "source_id", "confidence"]

ENGINES = ("local", "dask")
FORMATS = ("jsonl", "parquet")

#: A parser: article text -> its place records (``osint.pipeline.place_record`` dicts).
Parser = Callable[[str], list[dict[str, Any]]]


# ---------------------------------------------------------------------------- types


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
    """

    id: str | int
    text: str
    path: str
    line: int


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


@dataclass(frozen=True)
class DocFailure:
    """A document whose geoparsing raised: its id, where it is, and the error."""

    id: str | int
    path: str
    line: int
    error: str

    def __str__(self) -> str:
        return f"document {self.id!r} ({self.path}:{self.line}): {self.error}"


@dataclass(frozen=True)
class PartitionResult:
    """What processing one partition produced (small: sent back by workers)."""

    index: int
    docs: int
    places: int
    failures: tuple[DocFailure, ...] = ()
    file: str | None = None  # the partition's output file, on the dask engine


@dataclass(frozen=True)
class CorpusReport:
    """The outcome of :func:`geoparse_corpus`.

    Attributes
    ----------
    docs : int
        Documents read (including failed ones).
    places : int
        Place mentions written (= JSONL places, = Parquet rows).
    failures : tuple of DocFailure
        Documents that failed, in input order; they are not in the output.
    partitions : int
        Partitions processed.
    engine : str
        ``local`` or ``dask``.
    seconds : float
        Wall time.
    phases : dict
        Wall time by phase (``plan``, ``cluster``, ``gazetteer``, ``geoparse``), for profiling.
    """

    docs: int
    places: int
    failures: tuple[DocFailure, ...]
    partitions: int
    engine: str
    seconds: float = field(default=0.0, compare=False)
    phases: dict[str, float] = field(default_factory=dict, compare=False)

    @property
    def ok(self) -> bool:
        """True when every document was geoparsed."""
        return not self.failures


# ------------------------------------------------------------------------ planning


def _check_file(path: str) -> Path:
    from .io import check_regular

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
            for raw in fh:
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


# ------------------------------------------------------------------------- reading


def _iter_jsonl(part: Partition) -> Iterator[Document]:
    lineno = part.first_line - 1
    pos = part.start
    with open(part.path, "rb") as fh:
        fh.seek(part.start)
        while pos < part.stop:
            raw = fh.readline()
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
            yield Document(art.id, art.text, part.path, lineno)


def _iter_parquet(part: Partition, batch_rows: int = 2048) -> Iterator[Document]:
    pf = _parquet_file(part.path)
    has_id = "id" in pf.schema_arrow.names
    columns = ["id", "text"] if has_id else ["text"]
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
        except Exception as exc:
            raise InputError(f"damaged Parquet data near row {row} ({type(exc).__name__})",
                             path=part.path, line=row) from exc
        for doc_id, body in zip(ids, texts):
            if not isinstance(body, str):
                raise InputError('row has no "text" string', path=part.path, line=row)
            if isinstance(doc_id, float):
                doc_id = int(doc_id) if doc_id.is_integer() else str(doc_id)
            ident = row if doc_id is None else corpus_id(doc_id if isinstance(doc_id, (str, int))
                                                         else str(doc_id), row, source=part.path)
            yield Document(ident, no_surrogates(body), part.path, row)
            row += 1


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
        from .article import load_article

        art = load_article(part.path)
        yield Document(art.id, art.text, part.path, 1)


def iter_documents(paths: Iterable[str], *,
                   partition_bytes: int = DEFAULT_PARTITION_BYTES) -> Iterator[Document]:
    """Stream every document of ``paths`` in order (see :func:`plan_partitions`).

    Unlike :func:`osint.article.iter_corpus` this never holds the whole file,
    so it has no size limit.
    """
    for part in plan_partitions(paths, partition_bytes=partition_bytes):
        yield from iter_partition(part)


# ------------------------------------------------------------------------- parsing

_GAZETTEER = None


def _gazetteer():
    """The gazetteer of this process, loaded on first use and kept (one per worker)."""
    global _GAZETTEER
    if _GAZETTEER is None:
        from .gazetteer import load_gazetteer

        _GAZETTEER = load_gazetteer()
    return _GAZETTEER


def geoparse_records(text: str) -> list[dict[str, Any]]:
    """The default parser: offline geoparsing into ``place_record`` dicts."""
    from .pipeline import geoparse_places, place_record

    return [place_record(p) for p in geoparse_places(text, gazetteer=_gazetteer())]


def jsonl_line(doc_id: str | int, records: list[dict[str, Any]]) -> str:
    """One output line, exactly as ``osint geoparse`` writes it."""
    return json.dumps({"id": doc_id, "places": records}, ensure_ascii=False) + "\n"


# ------------------------------------------------------------------------- writing


def parquet_schema():
    """The Arrow schema of the Parquet output (:data:`PARQUET_COLUMNS`)."""
    import pyarrow as pa

    s, i, f = pa.string(), pa.int64(), pa.float64()
    types = [s, i, i, s, s, f, f, s, s, s, s, f]
    return pa.schema(list(zip(PARQUET_COLUMNS, types)))


class _JsonlSink:
    def __init__(self, fh: IO[bytes]):
        self.fh = fh

    def write(self, doc: Document, records: list[dict[str, Any]]) -> None:
        self.fh.write(jsonl_line(doc.id, records).encode("utf-8"))

    def flush(self) -> None:
        pass


class _ParquetSink:
    """Buffers place rows column-wise and writes them as record batches."""

    def __init__(self, writer, batch_rows: int = 65536):
        self.writer = writer
        self.batch_rows = batch_rows
        self.cols: dict[str, list] = {c: [] for c in PARQUET_COLUMNS}
        self.n = 0

    def write(self, doc: Document, records: list[dict[str, Any]]) -> None:
        doc_id = str(doc.id)
        for r in records:
            self.cols["id"].append(doc_id)
            for c in PARQUET_COLUMNS[1:]:
                self.cols[c].append(r[c])
        self.n += len(records)
        if self.n >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if self.n:
            self.writer.write_batch(pa.record_batch(self.cols, schema=parquet_schema()))
            self.cols = {c: [] for c in PARQUET_COLUMNS}
            self.n = 0


def process_partition(part: Partition, sink, parse: Parser | None = None,
                      on_doc: Callable[[], None] | None = None) -> PartitionResult:
    """Read, geoparse and write one partition.

    A document whose parser raises is recorded as a :class:`DocFailure` and
    skipped; bad *input* (:class:`InputError`) stops the run.
    """
    parse = parse or geoparse_records
    docs = places = 0
    failures: list[DocFailure] = []
    for doc in iter_partition(part):
        docs += 1
        try:
            records = parse(doc.text)
        except Exception as exc:  # one bad document must not cost the corpus
            failures.append(DocFailure(doc.id, doc.path, doc.line, f"{type(exc).__name__}: {exc}"))
        else:
            sink.write(doc, records)
            places += len(records)
        if on_doc is not None:
            on_doc()
    sink.flush()
    return PartitionResult(part.index, docs, places, tuple(failures))


# ------------------------------------------------------------------------- engines


def _progress(total: int, desc: str, show: bool | None):
    from tqdm import tqdm

    # Shown for long runs even in a pipe (it goes to stderr); short runs stay quiet off a terminal.
    disable = None if total < 50 else False
    if show is not None:
        disable = not show
    return tqdm(total=total, desc=desc, unit="doc", file=sys.stderr, disable=disable, leave=False,
                smoothing=0.1)


def _run_local(parts: list[Partition], out: IO[bytes], fmt: str, parse: Parser | None,
               bar) -> list[PartitionResult]:
    results = []
    with _output_sink(out, fmt) as sink:
        for part in parts:
            results.append(process_partition(part, sink, parse, on_doc=lambda: bar.update(1)))
    return results


@contextlib.contextmanager
def _output_sink(out: IO[bytes], fmt: str):
    if fmt == "jsonl":
        yield _JsonlSink(out)
        return
    import pyarrow.parquet as pq

    writer = pq.ParquetWriter(out, parquet_schema())
    try:
        yield _ParquetSink(writer)
    finally:
        writer.close()


def _dask_partition(part: Partition, staging: str, fmt: str, parse: Parser | None) -> PartitionResult:
    """Worker side: geoparse one partition into its own file under ``staging``."""
    target = os.path.join(staging, f"part-{part.index:07d}.{fmt}")
    with open(target, "wb") as fh, _output_sink(fh, fmt) as sink:
        res = process_partition(part, sink, parse)
    return PartitionResult(res.index, res.docs, res.places, res.failures, target)


def _append_part(out: IO[bytes], fmt: str, writer, path: str) -> None:
    """Client side: append a worker's partition file to the output, then delete it."""
    if fmt == "jsonl":
        with open(path, "rb") as fh:
            shutil.copyfileobj(fh, out, 1 << 20)
    else:
        pf = _parquet_file(path)
        for g in range(pf.metadata.num_row_groups):
            writer.write_table(pf.read_row_group(g))
    os.unlink(path)


def dask_setup(worker) -> None:
    """Dask preload hook: load the gazetteer while the worker starts.

    For workers started by hand: ``dask worker ADDRESS --preload osint.corpus``
    loads it before the first run connects (the worker plugin registered by
    each run then finds it loaded).
    """
    _gazetteer()


def gazetteer_plugin():
    """A dask WorkerPlugin that loads the gazetteer once as each worker starts.

    Workers joining later (an adaptive cluster) load it in their setup too; the
    module-level cache of :func:`_gazetteer` keeps it for every later task.
    """
    from distributed import WorkerPlugin

    class GazetteerPlugin(WorkerPlugin):
        name = "osint-gazetteer"

        def setup(self, worker) -> None:
            _gazetteer()

    return GazetteerPlugin()


@contextlib.contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None):
    """A ``dask.distributed`` client: to ``scheduler``, or to a new LocalCluster.

    Parameters
    ----------
    workers : int, optional
        LocalCluster size (processes of one thread each); default: CPU count.
    scheduler : str, optional
        Address of a running scheduler (``tcp://host:8786``); ``workers`` is
        then ignored.
    """
    try:
        import logging

        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ConfigurationError(
            'the dask engine needs the "dask" extra: pip install "osint-workbench[dask]"') from exc
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except OSError as exc:
            raise ConfigurationError(f"cannot reach the dask scheduler at {scheduler} ({exc})") from exc
        try:
            yield client
        finally:
            client.close()
        return
    n = workers or os.cpu_count() or 1
    # No preload here: a gazetteer that fails to load then surfaces through the worker plugin
    # with its own traceback rather than as a worker that never starts. The cluster's own logs
    # are silenced (heartbeats racing the shutdown log tracebacks); task errors reach the client.
    with _workers_ignore_sigint():
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0",
                               silence_logs=logging.CRITICAL)
    with cluster, Client(cluster) as client:
        yield client


@contextlib.contextmanager
def _workers_ignore_sigint():
    """Start worker processes with Ctrl-C ignored (the disposition survives their spawn).

    Ctrl-C reaches every process of the terminal's group: without this each
    worker prints a KeyboardInterrupt traceback while this process shuts the
    cluster down in order.
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


def _run_dask(parts: list[Partition], out: IO[bytes], fmt: str, parse: Parser | None, bar,
              client, staging: str, phases: dict[str, float]) -> list[PartitionResult]:
    from distributed import as_completed

    t0 = time.perf_counter()
    client.register_plugin(gazetteer_plugin())
    phases["gazetteer"] = time.perf_counter() - t0
    nworkers = max(1, len(client.scheduler_info().get("workers", {})))
    # A bounded window of tasks in flight keeps the scheduler and the staging folder small
    # for corpora of any length; four per worker keeps every worker busy.
    window = 4 * nworkers
    pending = iter(parts)

    def submit(part: Partition):
        return client.submit(_dask_partition, part, staging, fmt, parse, pure=False,
                             key=f"osint-geoparse-{part.index}-{os.getpid()}-{time.time_ns()}")

    futures = as_completed([submit(p) for p in itertools.islice(pending, window)])
    done: dict[int, PartitionResult] = {}
    results: list[PartitionResult] = []
    with _parquet_writer(out, fmt) as writer:
        for fut in futures:
            res: PartitionResult = fut.result()  # an InputError from a worker is re-raised here
            fut.release()
            bar.update(res.docs)
            done[res.index] = res
            nxt = next(pending, None)
            if nxt is not None:
                futures.add(submit(nxt))
            # Partitions finish out of order; append each as soon as all before it are in.
            while len(results) in done:
                r = done.pop(len(results))
                _append_part(out, fmt, writer, r.file)  # type: ignore[arg-type]
                results.append(r)
    if len(results) != len(parts):  # never expected: a lost partition must not pass silently
        raise RuntimeError(f"dask engine: {len(parts) - len(results)} partition(s) missing from the output")
    return results


@contextlib.contextmanager
def _parquet_writer(out: IO[bytes], fmt: str):
    if fmt != "parquet":
        yield None
        return
    import pyarrow.parquet as pq

    writer = pq.ParquetWriter(out, parquet_schema())
    try:
        yield writer
    finally:
        writer.close()


def geoparse_corpus(paths: Iterable[str] | str, out: IO[bytes], *, fmt: str = "jsonl",
                    engine: str = "local", workers: int | None = None, scheduler: str | None = None,
                    staging_dir: str | None = None, parse: Parser | None = None,
                    partition_bytes: int = DEFAULT_PARTITION_BYTES,
                    progress: bool | None = None) -> CorpusReport:
    """Geoparse a corpus into ``out``, on one process or on Dask.

    Parameters
    ----------
    paths : str or iterable of str
        ``.jsonl`` / ``.parquet`` corpora and ``.txt`` articles, in order.
    out : binary file
        Where the output goes (see :func:`osint.cli.atomic_output`).
    fmt : {"jsonl", "parquet"}
        JSONL: a ``{"id", "places"}`` line per document, in input order.
        Parquet: a row per place mention, columns :data:`PARQUET_COLUMNS`
        (the document id as a string).
    engine : {"local", "dask"}
        Where the work runs. Both give identical output.
    workers : int, optional
        Dask LocalCluster size (default: CPU count).
    scheduler : str, optional
        Address of a running Dask scheduler (implies ``engine="dask"``).
    staging_dir : str, optional
        Folder for the dask workers' partition files (default: a temporary
        folder); it must be visible to every worker.
    parse : callable, optional
        ``text -> list of place records``; default :func:`geoparse_records`.
        On Dask it is pickled to the workers.
    partition_bytes : int
        Target input bytes per partition.
    progress : bool, optional
        Force the progress bar on or off; default: shown for 50 or more documents.

    Returns
    -------
    CorpusReport
        Counts and the documents that failed (left out of the output).

    Raises
    ------
    InputError
        Bad input, naming the file and line. Nothing useful is in ``out``.
    ConfigurationError
        An unknown engine or format; dask missing or its scheduler unreachable.
    """
    t0 = time.perf_counter()
    if isinstance(paths, (str, os.PathLike)):
        paths = [str(paths)]
    if scheduler:
        engine = "dask"
    if engine not in ENGINES:
        raise ConfigurationError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    if fmt not in FORMATS:
        raise ConfigurationError(f"unknown corpus output format {fmt!r} (choose from {', '.join(FORMATS)})")
    parts = plan_partitions(paths, partition_bytes=partition_bytes)
    total = sum(p.docs for p in parts)
    phases = {"plan": time.perf_counter() - t0}
    with contextlib.ExitStack() as stack:
        client = None
        if engine == "dask":
            # The cluster (or the connection) first: an unreachable scheduler fails before any bar.
            staging = staging_dir or stack.enter_context(tempfile.TemporaryDirectory(prefix="osint-corpus-"))
            t1 = time.perf_counter()
            client = stack.enter_context(dask_client(workers, scheduler))
            phases["cluster"] = time.perf_counter() - t1
        with _progress(total, f"geoparse ({engine})", progress) as bar:
            t1 = time.perf_counter()
            if client is None:
                results = _run_local(parts, out, fmt, parse, bar)
            else:
                results = _run_dask(parts, out, fmt, parse, bar, client, staging, phases)
            phases["geoparse"] = time.perf_counter() - t1 - phases.get("gazetteer", 0.0)
    failures = tuple(f for r in results for f in r.failures)
    report = CorpusReport(sum(r.docs for r in results), sum(r.places for r in results), failures,
                          len(results), engine, time.perf_counter() - t0, phases)
    if os.environ.get("OSINT_VERBOSE"):
        spent = ", ".join(f"{k} {v:.1f} s" for k, v in phases.items())
        print(f"osint: corpus: {report.docs} documents in {report.partitions} partitions on {engine}: "
              f"{spent}; total {report.seconds:.1f} s", file=sys.stderr)
    return report
