"""Where a corpus run's places go: JSONL lines (one per document) or Parquet rows (one per place).

Both carry the fields of the one places table (:data:`osint.places.COLUMNS`);
Parquet holds the alternatives as JSON text.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from typing import IO, Any

from ..io import json_line
from ..places.pipeline import COLUMNS
from .partitions import Document, _parquet_file

#: Columns of the Parquet output, one row per place mention.
#: Columns of the Parquet output, one row per place mention: the document id, then the places
#: table's columns (:data:`osint.places.COLUMNS`; alternatives as JSON text).
PARQUET_COLUMNS = ["id", *COLUMNS]
_FLOATS = {"lat", "lon", "confidence"}
_INTS = {"start", "end"}


def jsonl_line(doc_id: str | int, records: list[dict[str, Any]]) -> str:
    """One output line, exactly as ``osint geoparse`` writes it (:func:`osint.io.json_line`)."""
    return json_line({"id": doc_id, "places": records}).decode("utf-8")


def parquet_schema():
    """The Arrow schema of the Parquet output (:data:`PARQUET_COLUMNS`)."""
    import pyarrow as pa

    def kind(c: str):
        return pa.float64() if c in _FLOATS else pa.int64() if c in _INTS else pa.string()

    return pa.schema([(c, kind(c)) for c in PARQUET_COLUMNS])


class _JsonlSink:
    def __init__(self, fh: IO[bytes]):
        self.fh = fh

    def write(self, doc: Document, records: list[dict[str, Any]]) -> None:
        self.fh.write(json_line({"id": doc.id, "places": records}))

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
                v = r[c]
                self.cols[c].append(json.dumps(v, ensure_ascii=False) if c == "alternatives" else v)
        self.n += len(records)
        if self.n >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if self.n:
            self.writer.write_batch(pa.record_batch(self.cols, schema=parquet_schema()))
            self.cols = {c: [] for c in PARQUET_COLUMNS}
            self.n = 0


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
