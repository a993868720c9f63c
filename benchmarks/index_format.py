"""Index formats for the gazetteer's name table: open time, memory and look-up time.

What the geoparser asks of the index (read off ``osint/places`` and ``osint/names``):

- per distinct token and per run of tokens: one look-up of the name key giving its bits
  (a longer key starts here, a whole key, acronym forms), whether it names places, the
  population of the largest place whose own name it is, whether some reading is strong
  (:func:`osint.places.extract._key_bits`, memoised per process);
- per place name matched: its candidate entry ids (``names[key]``), then per candidate the
  columns lat, lon, feature, country code, population, source, admin1 in the resolver's
  scoring loops, the name and source id for the alternatives;
- rarely, the keys of one country by consonant skeleton (respelling) and the keys in Hangul
  or Han (Korean), each built once per process.

So the large part is a map from ~0.9 million keys to a few small integers and a short list
of ids; the columns are 0.3 million rows of fixed-width numbers and a few strings. This
script builds the key map three ways from the current gazetteer, in a temporary folder, and
measures each in a fresh interpreter: time to open, resident memory after opening, and the
time of a look-up of keys not seen before (tokens of GeoWebNews, present and absent):

1. ``pickle``: the dicts pickled, loaded whole (what the index was);
2. ``sqlite``: one ``WITHOUT ROWID`` table, key -> bits and packed ids, opened read-only;
3. ``mmap``: keys sorted by a 64-bit hash in a memory-mapped file, found by ``bisect`` over
   a ``memoryview``, the key bytes compared, the ids read from an offsets array.

Usage::

    python benchmarks/index_format.py [../shared/eval/geowebnews/texts.jsonl]

Only the figures relative to each other carry over to another machine; give ``uptime``
with them.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import re
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time
from array import array
from pathlib import Path

_TOKEN = re.compile(r"[^\W\d_]+(?:[ '-][^\W\d_]+)?")


def build(folder: Path) -> None:
    """Write the three candidates into ``folder`` from the gazetteer this checkout builds."""
    import osint

    g = osint.load_gazetteer()
    rows = []  # key, bits, ids
    names = g.names
    for key, bits in g.prefixes.items():
        rows.append((key, bits, tuple(names.get(key, ()))))
    with (folder / "index.pkl").open("wb") as fh:
        pickle.dump({k: (b, ids) for k, b, ids in rows}, fh, protocol=pickle.HIGHEST_PROTOCOL)
    con = sqlite3.connect(folder / "index.sqlite")
    con.execute("CREATE TABLE k (key TEXT PRIMARY KEY, bits INTEGER, ids BLOB) WITHOUT ROWID")
    con.executemany("INSERT INTO k VALUES (?, ?, ?)",
                    ((k, b, array("i", ids).tobytes()) for k, b, ids in rows))
    con.commit()
    con.close()
    # mmap: header (n), hashes (n x u64, sorted), key offsets (n+1 x u32), id offsets (n+1 x u32),
    # bits (n x u32), key bytes, ids (i32).
    import hashlib

    def h(k: str) -> int:
        return int.from_bytes(hashlib.blake2b(k.encode(), digest_size=8).digest(), "little")

    rows.sort(key=lambda r: (h(r[0]), r[0]))
    hashes = array("Q", (h(k) for k, _, _ in rows))
    kb, ko, io_, ids_all, bits = bytearray(), array("I", [0]), array("I", [0]), array("i"), array("I")
    for k, b, ids in rows:
        kb += k.encode()
        ko.append(len(kb))
        ids_all.extend(ids)
        io_.append(len(ids_all))
        bits.append(b)
    with (folder / "index.map").open("wb") as fh:
        fh.write(struct.pack("<Q", len(rows)))
        for part in (hashes, ko, io_, bits, ids_all):
            fh.write(part.tobytes())
        fh.write(bytes(kb))


_PROBE = r"""
import json, resource, sys, time
fmt, folder, keys = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3]))
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
base = rss()
t = time.perf_counter()
if fmt == "pickle":
    import pickle, gc
    gc.disable()
    d = pickle.load(open(folder + "/index.pkl", "rb"))
    gc.enable()
    def get(k):
        return d.get(k)
elif fmt == "sqlite":
    import sqlite3
    con = sqlite3.connect(f"file:{folder}/index.sqlite?mode=ro&immutable=1", uri=True,
                          check_same_thread=False)
    con.execute("PRAGMA mmap_size=268435456")
    q = "SELECT bits, ids FROM k WHERE key = ?"
    def get(k):
        r = con.execute(q, (k,)).fetchone()
        return None if r is None else (r[0], tuple(memoryview(r[1]).cast("i")))
else:
    import mmap, struct, hashlib, bisect
    f = open(folder + "/index.map", "rb")
    m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    n = struct.unpack_from("<Q", m)[0]
    mv = memoryview(m)
    o = 8
    hashes = mv[o:o + 8 * n].cast("Q"); o += 8 * n
    ko = mv[o:o + 4 * (n + 1)].cast("I"); o += 4 * (n + 1)
    io_ = mv[o:o + 4 * (n + 1)].cast("I"); o += 4 * (n + 1)
    bits = mv[o:o + 4 * n].cast("I"); o += 4 * n
    nids = io_[n]
    ids = mv[o:o + 4 * nids].cast("i"); o += 4 * nids
    kb = mv[o:]
    b2b = hashlib.blake2b
    def get(k):
        e = k.encode()
        h = int.from_bytes(b2b(e, digest_size=8).digest(), "little")
        i = bisect.bisect_left(hashes, h)
        while i < n and hashes[i] == h:
            if kb[ko[i]:ko[i + 1]] == e:
                return bits[i], tuple(ids[io_[i]:io_[i + 1]])
            i += 1
        return None
opened = time.perf_counter() - t
mem = rss() - base
t = time.perf_counter()
found = sum(get(k) is not None for k in keys)
per = (time.perf_counter() - t) / len(keys) * 1e6
print(json.dumps({"open_s": opened, "rss_mb": mem, "lookup_us": per, "found": found}))
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    here = Path(__file__).resolve().parent
    ap.add_argument("texts", nargs="?", type=Path,
                    default=here.parent.parent / "shared/eval/geowebnews/texts.jsonl")
    ap.add_argument("--runs", type=int, default=3, help="fresh interpreters per format (best kept)")
    args = ap.parse_args(argv)
    from osint.text import name_key

    words: dict[str, None] = {}
    for line in args.texts.read_text(encoding="utf-8").splitlines():
        for m in _TOKEN.finditer(json.loads(line)["text"]):
            words[name_key(m.group())] = None
    keys = list(words)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        build(folder)
        print(f"built the three candidates in {time.perf_counter() - t:.0f} s; {len(keys):,} distinct "
              f"tokens to look up", file=sys.stderr)
        (folder / "keys.json").write_text(json.dumps(keys), encoding="utf-8")
        print(f"load: {os.getloadavg()[0]:.2f} (1-minute average)")
        print("| format | file MB | open s | resident MB after open | look-up µs (unseen key) | found |")
        print("|---|---:|---:|---:|---:|---:|")
        for fmt, fname in (("pickle", "index.pkl"), ("sqlite", "index.sqlite"), ("mmap", "index.map")):
            runs = [json.loads(subprocess.run(
                [sys.executable, "-c", _PROBE, fmt, str(folder), str(folder / "keys.json")],
                capture_output=True, text=True, check=True).stdout) for _ in range(args.runs)]
            best = {k: min(r[k] for r in runs) for k in ("open_s", "rss_mb", "lookup_us")}
            size = (folder / fname).stat().st_size / 2**20
            print(f"| {fmt} | {size:.0f} | {best['open_s']:.3f} | {best['rss_mb']:.0f} | "
                  f"{best['lookup_us']:.2f} | {runs[0]['found']:,} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
