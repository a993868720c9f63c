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

from .engines import (
    ENGINES,
    FORMATS,
    CorpusReport,
    DocFailure,
    PartitionResult,
    dask_client,
    dask_setup,
    gazetteer_plugin,
    geoparse_corpus,
    geoparse_records,
    process_partition,
)
from .partitions import Document, Partition, iter_documents, iter_partition, plan_partitions
from .sinks import PARQUET_COLUMNS, jsonl_line, parquet_schema

__all__ = [
    "ENGINES", "FORMATS", "PARQUET_COLUMNS", "CorpusReport", "DocFailure", "Document", "Partition",
    "PartitionResult", "dask_client", "dask_setup", "gazetteer_plugin", "geoparse_corpus", "geoparse_records",
    "iter_documents", "iter_partition", "jsonl_line", "parquet_schema", "plan_partitions",
    "process_partition",
]
