"""Running a corpus's partitions: on this process (``local``) or on a Dask cluster (``dask``).

Both engines give byte-identical results. On Dask, each worker loads the
gazetteer once (a worker plugin), reads its partitions from the input file
itself and writes its results to a partition file beside the output; the client
only receives small summaries and joins the partition files in input order. The
input and the output folder must therefore be visible to the workers at the same
path (one machine, or a shared file system on a cluster). A document whose
geoparsing fails is reported with its id and left out; the rest are written.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import itertools
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from .. import config
from ..errors import ConfigurationError
from ..io import Terminated, termination_requested
from .partitions import DEFAULT_PARTITION_BYTES, Document, Partition, iter_partition, plan_partitions
from .sinks import _append_part, _output_sink, _parquet_writer

ENGINES = ("local", "dask")


FORMATS = ("jsonl", "parquet")


#: A parser: article text -> its place records (``osint.pipeline.place_record`` dicts). One that
#: takes a ``home`` keyword also receives each article's home region (:class:`osint.places.home.Home`).
Parser = Callable[..., list[dict[str, Any]]]


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
    notes: tuple[str, ...] = ()  # what the run should tell the user (ignored place hints)
    languages: tuple[tuple[str, int], ...] = ()  # documents by language code


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
        Wall time by phase (``plan``, ``cluster``, ``gazetteer``, ``outlets``, ``geoparse``), for
        profiling.
    outlets : dict
        The outlets' home regions learnt from the corpus (outlet -> ``Home``), used as priors.
    notes : tuple of str
        Warnings for the user (place hints that name no known place).
    languages : dict
        Documents by language (ISO 639-1 code, ``und`` when nothing tells), read from each
        document's first :data:`LANGUAGE_PREFIX` characters (:func:`osint.language.detect`).
    """

    docs: int
    places: int
    failures: tuple[DocFailure, ...]
    partitions: int
    engine: str
    seconds: float = field(default=0.0, compare=False)
    phases: dict[str, float] = field(default_factory=dict, compare=False)
    outlets: dict = field(default_factory=dict, compare=False)
    notes: tuple[str, ...] = ()
    languages: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when every document was geoparsed."""
        return not self.failures

    def unread(self) -> dict[str, int]:
        """The languages met that the tool does not read (their places are not found), by count."""
        from ..language import read_languages

        reads = read_languages()
        return {c: n for c, n in self.languages.items() if c not in reads and c != "und"}


#: How much of a document's text its language is read from: enough for the script and the
#: function words, a few per cent of the geoparsing's time.
LANGUAGE_PREFIX = 1000


_GAZETTEER = None


def _gazetteer(layers: tuple[str, ...] = ()):
    """The gazetteer of this process, loaded on first use and kept (one per worker)."""
    global _GAZETTEER
    if _GAZETTEER is None or _GAZETTEER[0] != layers:
        from ..gazetteer import load_gazetteer

        _GAZETTEER = (layers, load_gazetteer(layers=layers))
    return _GAZETTEER[1]


def geoparse_records(text: str, home=None, layers: tuple[str, ...] = (),
                     fields: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    """The default parser: offline geoparsing into rows of the places table (:func:`place_records`),
    over the embedded gazetteer and ``layers`` (see :func:`osint.gazetteer.load_gazetteer`); with
    ``fields``, rows of those fields only."""
    from ..case import geoparse_places
    from ..places.pipeline import place_records

    return place_records(text, geoparse_places(text, gazetteer=_gazetteer(layers), home=home), fields=fields)


def _takes_home(parse: Parser) -> bool:
    try:
        return "home" in inspect.signature(parse).parameters
    except (TypeError, ValueError):  # a builtin or an odd callable: give it the text only
        return False


class _Homes:
    """Each document's home region: the run's own (``--home``), else the record's ``place`` hint,
    else its outlet's inferred home. Unknown hints are noted once each and ignored."""

    def __init__(self, home=None, outlets: dict | None = None):
        self.home, self.outlets = home, outlets or {}
        self.hints: dict[str, Any] = {}
        self.unknown: dict[str, int] = {}

    def __call__(self, doc: Document):
        if self.home is not None:
            return self.home
        if doc.place:
            if doc.place not in self.hints:
                from ..errors import InputError
                from ..places.home import home_from_hint

                try:
                    self.hints[doc.place] = home_from_hint(doc.place, _gazetteer())
                except InputError:
                    self.hints[doc.place] = None
            h = self.hints[doc.place]
            if h is not None:
                return h
            self.unknown[doc.place] = self.unknown.get(doc.place, 0) + 1
        return self.outlets.get(doc.source) if doc.source else None

    def notes(self) -> tuple[str, ...]:
        return tuple(f"place hint {p!r} ({n} record{'s' * (n > 1)}) names no place the gazetteer "
                     f"knows; ignored" for p, n in self.unknown.items())


def process_partition(part: Partition, sink, parse: Parser | None = None,
                      on_doc: Callable[[], None] | None = None, *, home=None,
                      outlets: dict | None = None) -> PartitionResult:
    """Read, geoparse and write one partition.

    A document whose parser raises is recorded as a :class:`DocFailure` and
    skipped; bad *input* (:class:`InputError`) stops the run. ``home`` (one region for every
    document) or each record's ``place`` hint or its outlet's region in ``outlets`` is given to
    a parser that takes a ``home`` keyword.
    """
    from collections import Counter

    from ..language import detect

    parse = parse or geoparse_records
    with_home = _takes_home(parse)
    homes = _Homes(home, outlets)
    docs = places = 0
    failures: list[DocFailure] = []
    languages: Counter[str] = Counter()
    for doc in iter_partition(part):
        docs += 1
        languages[detect(doc.text[:LANGUAGE_PREFIX]).code] += 1
        try:
            h = homes(doc) if with_home else None
            records = parse(doc.text, home=h) if h is not None else parse(doc.text)
        except Exception as exc:  # one bad document must not cost the corpus
            failures.append(DocFailure(doc.id, doc.path, doc.line, f"{type(exc).__name__}: {exc}"))
        else:
            sink.write(doc, records)
            places += len(records)
        if on_doc is not None:
            on_doc()
        if (code := termination_requested()) is not None:
            # A signal that landed inside a callback the interpreter runs for itself (a weakref's,
            # an import lock's) had its exception swallowed: stop here instead.
            raise Terminated(code)
    sink.flush()
    return PartitionResult(part.index, docs, places, tuple(failures), notes=homes.notes(),
                           languages=tuple(sorted(languages.items())))


def tally_partition(part: Partition, layers: tuple[str, ...] = ()):
    """First pass of outlet inference: count the divisions each outlet's articles (those without
    a place hint of their own) are about (:class:`osint.places.home.HomeTally`)."""
    from ..case import geoparse_places
    from ..places.home import HomeTally

    tally = HomeTally()
    for doc in iter_partition(part):
        if doc.source and not doc.place:
            try:
                tally.add(doc.source, geoparse_places(doc.text, gazetteer=_gazetteer(layers)))
            except Exception:  # the second pass reports the failure, with its id
                continue
    return tally


def _has_outlets(parts: list[Partition], sample: int = 50) -> bool:
    """Whether the corpus names its outlets (judged on its first records)."""
    if not parts:
        return False
    return any(d.source for d in itertools.islice(iter_partition(parts[0]), sample))


class _NoBar:
    """The progress bar of a run that shows none: tqdm (and the modules it loads, a tenth of a
    short run's start-up) is imported only for a bar that is drawn."""

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int = 1) -> None:
        return None


def _progress(total: int, desc: str, show: bool | None):
    # Shown for long runs even in a pipe (it goes to stderr); short runs stay quiet off a terminal.
    disable = None if total < 50 else False
    if show is not None:
        disable = not show
    if disable or (disable is None and _off_terminal(sys.stderr)):
        return _NoBar()  # what tqdm draws then: nothing (disable=None is its "off a terminal")
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="doc", file=sys.stderr, disable=disable, leave=False,
                smoothing=0.1)


def _off_terminal(stream) -> bool:
    """Whether tqdm, given ``disable=None``, leaves its bar off on ``stream`` (no terminal)."""
    return hasattr(stream, "isatty") and not stream.isatty()


def _run_local(parts: list[Partition], out: IO[bytes], fmt: str, parse: Parser | None,
               bar, home=None, outlets: dict | None = None) -> list[PartitionResult]:
    results = []
    with _output_sink(out, fmt) as sink:
        for part in parts:
            results.append(process_partition(part, sink, parse, on_doc=lambda: bar.update(1),
                                             home=home, outlets=outlets))
    return results


def _dask_partition(part: Partition, staging: str, fmt: str, parse: Parser | None, home=None,
                    outlets: dict | None = None) -> PartitionResult:
    """Worker side: geoparse one partition into its own file under ``staging``."""
    target = os.path.join(staging, f"part-{part.index:07d}.{fmt}")
    with open(target, "wb") as fh, _output_sink(fh, fmt) as sink:
        res = process_partition(part, sink, parse, home=home, outlets=outlets)
    return PartitionResult(res.index, res.docs, res.places, res.failures, target, res.notes, res.languages)


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


#: Seconds a connection to a running scheduler may take in all (connecting and its handshake):
#: an address that accepts a connection and then says nothing must not hold the run.
CONNECT_DEADLINE = 30.0


def scheduler_address(address: str) -> str:
    """A dask scheduler address checked: ``tcp://HOST:PORT`` or ``tls://HOST:PORT`` (``HOST:PORT``
    means tcp).

    Raises
    ------
    ConfigurationError
        Anything else (``garbage``, ``tcp://[::1``, ``inproc://x``, a port out of range).
    """
    from urllib.parse import urlsplit

    raw = address.strip()
    full = raw if "://" in raw else f"tcp://{raw}"
    why = "give tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786"
    try:
        parts = urlsplit(full)
        port = parts.port
    except ValueError as exc:
        raise ConfigurationError(f"--scheduler {address!r} is not a valid address ({exc}); {why}") from None
    if parts.scheme not in ("tcp", "tls"):
        raise ConfigurationError(f"--scheduler {address!r}: the {parts.scheme!r} protocol is not supported; "
                                 f"{why}")
    if not parts.hostname or port is None or port == 0 or parts.path not in ("", "/"):
        raise ConfigurationError(f"--scheduler {address!r} has no host and port; {why}")
    return f"{parts.scheme}://{parts.netloc}"


def _connect(client_class: Any, address: str) -> Any:
    """A client of the scheduler at ``address``, or a clear error within :data:`CONNECT_DEADLINE`.

    The connection is made on a daemon thread: distributed's own timeout covers connecting,
    not a peer that accepts and never answers its handshake.
    """
    import threading

    box: dict[str, Any] = {}

    def connect() -> None:
        try:
            box["client"] = client_class(address, timeout=f"{max(1.0, CONNECT_DEADLINE - 5):g}s")
        except BaseException as exc:  # handed to the caller below
            box["error"] = exc

    worker = threading.Thread(target=connect, name="osint-dask-connect", daemon=True)
    worker.start()
    worker.join(CONNECT_DEADLINE)
    if worker.is_alive():
        raise ConfigurationError(f"the dask scheduler at {address} did not answer within "
                                 f"{CONNECT_DEADLINE:g} s (something accepts connections there, but "
                                 "it is not a dask scheduler, or it is stuck)")
    exc = box.get("error")
    if isinstance(exc, (OSError, TimeoutError)):
        raise ConfigurationError(f"cannot reach the dask scheduler at {address} ({exc})") from exc
    if isinstance(exc, (ValueError, TypeError)):  # e.g. tls:// without dask's TLS settings
        raise ConfigurationError(f"cannot connect to the dask scheduler at {address} "
                                 f"({type(exc).__name__}: {exc})") from exc
    if exc is not None:
        raise exc
    return box["client"]


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
        client = _connect(Client, scheduler_address(scheduler))
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
              client, staging: str, phases: dict[str, float], home=None,
              outlets: dict | None = None) -> list[PartitionResult]:
    from distributed import as_completed

    t0 = time.perf_counter()
    _register_gazetteer(client)
    phases["gazetteer"] = time.perf_counter() - t0
    nworkers = max(1, len(client.scheduler_info().get("workers", {})))
    # A bounded window of tasks in flight keeps the scheduler and the staging folder small
    # for corpora of any length; four per worker keeps every worker busy.
    window = 4 * nworkers
    pending = iter(parts)

    def submit(part: Partition):
        return client.submit(_dask_partition, part, staging, fmt, parse, home, outlets, pure=False,
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


def _register_gazetteer(client) -> None:
    if not getattr(client, "_osint_gazetteer", False):
        client.register_plugin(gazetteer_plugin())
        client._osint_gazetteer = True


def infer_outlet_homes(parts: list[Partition], client=None, progress: bool | None = None,
                       layers: tuple[str, ...] = ()) -> dict:
    """Each outlet's home region, from a first pass over the corpus (see :mod:`osint.places.home`).

    Returns
    -------
    dict
        Outlet (the records' ``source``) -> :class:`~osint.places.home.Home`.
    """
    from ..places.home import HomeTally

    tally = HomeTally()
    total = sum(p.docs for p in parts)
    with _progress(total, "outlets' home regions", progress) as bar:
        if client is None:
            for part in parts:
                tally.merge(tally_partition(part, layers))
                bar.update(part.docs)
        else:
            from distributed import as_completed

            _register_gazetteer(client)
            futures = [client.submit(tally_partition, p, layers, pure=False,
                                     key=f"osint-tally-{p.index}-{os.getpid()}-{time.time_ns()}")
                       for p in parts]
            for fut, part_tally in as_completed(futures, with_results=True):
                tally.merge(part_tally)
                fut.release()
                bar.update(1)
    return tally.homes()


def geoparse_corpus(paths: Iterable[str] | str, out: IO[bytes], *, fmt: str = "jsonl",
                    engine: str = "local", workers: int | None = None, scheduler: str | None = None,
                    staging_dir: str | None = None, parse: Parser | None = None,
                    partition_bytes: int = DEFAULT_PARTITION_BYTES,
                    progress: bool | None = None, home=None, infer_homes: bool = True,
                    layers: Iterable[str] = (), fields: Sequence[str] | None = None) -> CorpusReport:
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
    home : Home or str, optional
        One home region for every document (``--home``); else each record's ``place`` field,
        else its outlet's.
    layers : iterable of str
        Gazetteer layer files (the analyst's own places) for the default parser.
    fields : sequence of str, optional
        JSONL only: each place with these fields of :data:`osint.model.COLUMNS` only (a lean row
        for a corpus; the sentence windows are not looked for unless ``sentence`` is asked for).
    infer_homes : bool, default True
        When the records name their outlet (a ``source`` field), learn each outlet's home region
        from its own articles first (a second pass over the corpus) and use it as a prior.

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
        scheduler = scheduler_address(scheduler)  # a bad address stops the run before any work
    if engine not in ENGINES:
        raise ConfigurationError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    if fmt not in FORMATS:
        raise ConfigurationError(f"unknown corpus output format {fmt!r} (choose from {', '.join(FORMATS)})")
    if fields and fmt != "jsonl":
        raise ConfigurationError("fields apply to JSONL output (Parquet keeps every column)")
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
        if home is not None and not hasattr(home, "country_code"):
            from ..places.home import home_from_hint

            home = home_from_hint(home)
        outlets: dict = {}
        default_parser = parse is None or parse is geoparse_records
        layers = tuple(str(x) for x in layers)
        if (layers or fields) and default_parser:
            parse = functools.partial(geoparse_records, layers=layers,
                                      fields=tuple(fields) if fields else None)
        if home is None and infer_homes and default_parser and _has_outlets(parts):
            t1 = time.perf_counter()
            outlets = infer_outlet_homes(parts, client, progress, layers)
            phases["outlets"] = time.perf_counter() - t1
        with _progress(total, f"geoparse ({engine})", progress) as bar:
            t1 = time.perf_counter()
            if client is None:
                results = _run_local(parts, out, fmt, parse, bar, home, outlets)
            else:
                results = _run_dask(parts, out, fmt, parse, bar, client, staging, phases, home, outlets)
            phases["geoparse"] = time.perf_counter() - t1 - phases.get("gazetteer", 0.0)
    failures = tuple(f for r in results for f in r.failures)
    notes = tuple(dict.fromkeys(n for r in results for n in r.notes))
    languages: dict[str, int] = {}
    for r in results:
        for code, n in r.languages:
            languages[code] = languages.get(code, 0) + n
    languages = dict(sorted(languages.items(), key=lambda kv: (-kv[1], kv[0])))
    report = CorpusReport(sum(r.docs for r in results), sum(r.places for r in results), failures,
                          len(results), engine, time.perf_counter() - t0, phases, outlets, notes, languages)
    if config.verbose():
        spent = ", ".join(f"{k} {v:.1f} s" for k, v in phases.items())
        print(f"osint: corpus: {report.docs} documents in {report.partitions} partitions on {engine}: "
              f"{spent}; total {report.seconds:.1f} s", file=sys.stderr)
    return report
