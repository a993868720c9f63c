"""The workbook's report: every notebook run on one article, offline, as HTML to send.

``osint report`` (and ``make report``) executes each numbered notebook of
``notebooks/`` (``01-article``, ``02-places-map``, ...) with the article
injected as a parameter, the way papermill does (a cell tagged
``injected-parameters`` after the one tagged ``parameters``), exports each
to ``reports/NN-name.html`` without code cells, and writes the
self-contained map ``reports/map.html`` with ``places.csv``,
``places.geojson`` and ``places.kml``. The HTML pages load nothing from the
network: the exporter's CDN scripts (require.js, MathJax, Mermaid) are left
out and the maps inside them are self-contained.

The module also holds the small tables and HTML fragments the notebooks
show, so that notebooks tell the story and the package does the work.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import InputError, OsintError
from .paths import PROJ_ROOT, reports_dir

#: The seed article, the workbook's default.
DEFAULT_ARTICLE = "seeds/000_908df4e159e4c100.txt"
#: Notebooks the report runs: numbered, in reading order.
NOTEBOOK_RE = re.compile(r"^(\d{2})-[\w.-]+$")
#: Seconds one notebook cell may run.
CELL_TIMEOUT = 300


class NotebookError(OsintError):
    """A notebook failed while the report ran it."""

    exit_status = 1


# ------------------------------------------------------------------- articles


def resolve_article(path: str | os.PathLike[str]) -> Path:
    """Find an article given as written in a notebook or on the command line.

    The one place the workbook turns a name into a file (notebooks and
    ``osint report`` use it). An absolute path is taken as it is; a relative
    path is tried against the current folder, then the project root
    (``seeds/x.txt`` works from anywhere in the project), and nothing else: a
    mistyped folder is an error, never silently another article.

    Raises
    ------
    InputError
        When the path names no file in either place.
    """
    p = Path(path).expanduser()
    where = [p] if p.is_absolute() else [Path.cwd() / p, PROJ_ROOT / p]
    for cand in where:
        if cand.is_file():
            return cand.resolve()
    if p.is_absolute():
        raise InputError("no such file", path=str(p))
    raise InputError(f"no such file (looked in the current folder {Path.cwd()} and the project root "
                     f"{PROJ_ROOT})", path=str(path))


def metadata_table(article: Any) -> pd.DataFrame:
    """The article's metadata as a two-column table (field, value)."""
    pub = article.published.isoformat() if article.published else "unknown"
    if article.published and article.published_inferred:
        pub += " (inferred, not stated by the source)"
    rows = [
        ("title", article.title), ("id", article.id), ("language", article.language),
        ("published", pub), ("file", article.path or ""),
        ("characters", len(article.text)), ("words", len(article.text.split())),
    ]
    rows += [(str(k), str(v)) for k, v in article.meta.items()]
    return pd.DataFrame(rows, columns=["field", "value"])


def dates_table(article: Any) -> pd.DataFrame:
    """Dates the article names, resolved against its publication date (:mod:`osint.dates`)."""
    from .dates import find_dates

    refs = find_dates(article.text, article.published)
    cols = ["start", "text", "kind", "date_start", "date_end", "derivation"]
    return pd.DataFrame([{k: r.as_dict()[k] for k in cols} for r in refs], columns=cols)


# ------------------------------------------------------------------ fragments


def sentences_html(text: str, spans: Iterable[tuple[int, int, str]], *, only_marked: bool = True) -> str:
    """Sentences of ``text`` as HTML, each (start, end, kind) span wrapped in ``<mark>``.

    Everything from the text is escaped; ``kind`` becomes a CSS class
    (``place``, ``person``, ``organisation``, ``event``, ``date``) and the mark's title.
    A span that runs over a sentence boundary is marked in each sentence it
    covers; of two overlapping spans, the one that starts first is kept.
    """
    from .escape import esc
    from .text import sentences

    colours = {"place": "#ffe066", "person": "#b2f2bb", "organisation": "#a5d8ff",
               "event": "#ffc9c9", "date": "#e5dbff"}
    marks = sorted({(int(s), int(e), str(k)) for s, e, k in spans if int(s) < int(e)})
    out = ['<ol class="osint-sentences" style="line-height:1.5">']
    i = 0
    open_marks: list[tuple[int, int, str]] = []  # started before this sentence's end
    for sent in sentences(text):
        while i < len(marks) and marks[i][0] < sent.end:
            open_marks.append(marks[i])
            i += 1
        inside = sorted((max(s, sent.start), min(e, sent.end), k)
                        for s, e, k in open_marks if e > sent.start)
        open_marks = [m for m in open_marks if m[1] > sent.end]
        if only_marked and not inside:
            continue
        pos, parts = sent.start, []
        for s, e, k in inside:
            if s < pos:
                continue
            parts.append(esc(text[pos:s]))
            colour = colours.get(k, "#eee")
            parts.append(f'<mark class="osint-{esc(k)}" title="{esc(k)}" '
                         f'style="background:{colour}">{esc(text[s:e])}</mark>')
            pos = e
        parts.append(esc(text[pos:sent.end]))
        out.append(f"<li>{''.join(parts)}</li>")
    out.append("</ol>")
    legend = " ".join(f'<mark style="background:{c}">{k}</mark>' for k, c in colours.items())
    return f"<div>{legend}</div>" + "".join(out)


def geocoding_table(places: pd.DataFrame) -> pd.DataFrame:
    """One row per mention: what was read, which place it became, and on what evidence.

    With online places (:func:`osint.maps.geoparse_article`), a ``fetched_at``
    column says when each online answer was fetched.
    """
    from .maps import _alt_list

    df = places
    table = pd.DataFrame({
        "mention": df["text"],
        "place": df["name"].fillna("(not placed)"),
        "lat": df["lat"].round(5), "lon": df["lon"].round(5),
        "feature": df["feature"],
        "source": [f"{s} {i}" if isinstance(s, str) else "none (offline gazetteer has no entry)"
                   for s, i in zip(df["source"], df["source_id"])],
        "source_url": df.get("source_url"),
        "confidence": df["confidence"].round(3),
        "alternatives": ["; ".join(_alt_list(a)) for a in df["alternatives"]],
    })
    if "fetched_at" in df.columns and df["fetched_at"].fillna("").astype(str).str.len().any():
        # Online places (geoparse_article(online=True)): when each answer was fetched.
        table["fetched_at"] = df["fetched_at"].fillna("")
    return table


#: Around a named site of the first feature, the nearest curated site of a
#: related feature is worth a distance even when the article does not name it:
#: parades in a square are rehearsed at a parade ground, and imagery claims
#: about one are checked against the other.
RELATED_SITES: dict[str, tuple[str, ...]] = {"square": ("parade_ground",)}
#: How far a related site may be to count as nearby.
NEARBY_KM = 20.0
#: Named sites at most this far apart are paired; farther pairs say little
#: the distances from the most-mentioned city do not.
SITE_PAIR_KM = 500.0
NEARBY_NOTE = "nearby site, not named in the article"


@dataclass(frozen=True)
class PlaceRef:
    """A place a distance is measured from or to, with the record it comes from."""

    name: str
    lat: float
    lon: float
    feature: str = ""
    source: str = ""
    source_id: str = ""


def geodesic_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic distance in km between two (lat, lon) points on the WGS84 ellipsoid (geopy).

    The workbook's one distance: every table and notebook measures with it.
    """
    from geopy.distance import geodesic

    return float(geodesic(a, b).km)


def distance_table(pairs: Sequence[tuple[Any, ...]], *, gazetteer: Any = None) -> pd.DataFrame:
    """Geodesic distances (:func:`geodesic_km`) between pairs of places.

    Parameters
    ----------
    pairs : sequence of (place, place) or (place, place, note)
        A place is a name, looked up in the gazetteer (its first reading:
        countries and capitals first, then the most populous), or anything
        with ``name``, ``lat``, ``lon`` (a :class:`PlaceRef`, a gazetteer entry).
    gazetteer : Gazetteer, optional
        For names; defaults to the embedded gazetteer.

    Returns
    -------
    pandas.DataFrame
        from, to, km, the record each end comes from (so a wrong reading is
        visible), and the note. Names the gazetteer lacks give no distance.
    """
    gaz = gazetteer
    rows = []
    for pair in pairs:
        a, b, note = (*pair, "")[:3]
        ends = []
        for x in (a, b):
            if isinstance(x, str):
                if gaz is None:
                    from .gazetteer import load_gazetteer

                    gaz = load_gazetteer()
                ends.append((x, (gaz.lookup(x) or [None])[0]))
            else:
                ends.append((x.name, x))
        (na, ea), (nb, eb) = ends
        km = geodesic_km((ea.lat, ea.lon), (eb.lat, eb.lon)) if ea and eb else float("nan")
        rows.append({"from": na, "to": nb, "km": round(km, 1), "from_entry": _entry_label(ea),
                     "to_entry": _entry_label(eb), "note": note})
    return pd.DataFrame(rows, columns=["from", "to", "km", "from_entry", "to_entry", "note"])


def _entry_label(e: Any) -> str:
    if e is None:
        return "not in the gazetteer"
    return f"{e.name} ({e.feature}, {e.source} {e.source_id}, {e.lat:.4f}, {e.lon:.4f})"


def article_distance_pairs(places: pd.DataFrame, *, gazetteer: Any = None) -> list[tuple[Any, Any, str]]:
    """The distances worth showing for an article, from its own places.

    From the most-mentioned city (else the most-mentioned site) to every
    other city and site the article names; between the curated sites it
    names that lie within :data:`SITE_PAIR_KM` of each other; and from a
    named site to the nearest curated site of a related feature
    (:data:`RELATED_SITES`) within :data:`NEARBY_KM`, noted as not named in
    the article. Countries and regions are left out: a distance to
    their centre means little.

    Parameters
    ----------
    places : DataFrame
        The article's geoparse table (:func:`osint.geoparse`).
    gazetteer : Gazetteer, optional
        Where nearby curated sites are looked up.

    Returns
    -------
    list of (PlaceRef, PlaceRef or Entry, note)
        For :func:`distance_table`.
    """
    from .gazetteer import REGION_FEATURES
    from .maps import CITY_FEATURES, COUNTRY_FEATURES

    placed = places.dropna(subset=["lat", "lon"])
    refs: dict[tuple[str, str], PlaceRef] = {}
    counts: dict[tuple[str, str], int] = {}
    for r in placed.itertuples(index=False):
        feature = str(r.feature or "")
        if feature in COUNTRY_FEATURES or feature in REGION_FEATURES:
            continue
        key = (str(r.source), str(r.source_id))
        refs.setdefault(key, PlaceRef(str(r.name), float(r.lat), float(r.lon), feature,
                                      str(r.source), str(r.source_id)))
        counts[key] = counts.get(key, 0) + 1
    if not refs:
        return []
    cities = [k for k in refs if refs[k].feature in CITY_FEATURES]
    # max() keeps the first of equals: ties go to the place named first.
    hub = max(cities or list(refs), key=lambda k: counts[k])
    out: list[tuple[Any, Any, str]] = []
    others = sorted((k for k in refs if k != hub),
                    key=lambda k: geodesic_km((refs[hub].lat, refs[hub].lon), (refs[k].lat, refs[k].lon)))
    out += [(refs[hub], refs[k], "from the most-mentioned city" if cities else "from the most-mentioned site")
            for k in others]
    sites = [k for k in refs if k[0] == "curated"]
    for i, a in enumerate(sites):
        for b in sites[i + 1:]:
            if hub not in (a, b) and geodesic_km((refs[a].lat, refs[a].lon),
                                                 (refs[b].lat, refs[b].lon)) <= SITE_PAIR_KM:
                out.append((refs[a], refs[b], "between sites the article names"))
    named_ids = {k[1] for k in sites}
    curated = None
    for k in sites:
        related = RELATED_SITES.get(refs[k].feature)
        if not related:
            continue
        if curated is None:
            curated = _curated_entries(gazetteer)
        here = (refs[k].lat, refs[k].lon)
        near = sorted(((geodesic_km(here, (e.lat, e.lon)), e) for e in curated
                       if e.feature in related and e.source_id not in named_ids),
                      key=lambda t: t[0])
        if near and near[0][0] <= NEARBY_KM:
            out.append((refs[k], near[0][1], NEARBY_NOTE))
    return out


def article_distances(places: pd.DataFrame, *, gazetteer: Any = None) -> pd.DataFrame:
    """:func:`distance_table` of :func:`article_distance_pairs`: the article's own key distances."""
    return distance_table(article_distance_pairs(places, gazetteer=gazetteer), gazetteer=gazetteer)


def _curated_entries(gazetteer: Any = None) -> list[Any]:
    from .gazetteer import load_gazetteer

    gaz = gazetteer or load_gazetteer()
    return [gaz.entry(i) for i, src in enumerate(gaz.source) if src == "curated"]


def mentions_per_country(places: pd.DataFrame, *, gazetteer: Any = None) -> pd.Series:
    """Count placed mentions by country (names from the gazetteer), most first."""
    from .gazetteer import load_gazetteer

    gaz = gazetteer or load_gazetteer()
    codes = places["country_code"].dropna()
    codes = codes[codes != ""]

    def name(code: str) -> str:
        e = gaz.country(code)
        return e.name if e else code

    counts = codes.map(name).value_counts()
    counts.index.name = "country"
    return counts.rename("mentions")


# ------------------------------------------------------------------ notebooks


def find_notebooks(folder: str | os.PathLike[str]) -> list[Path]:
    """The numbered notebooks of ``folder`` in order, one per name.

    The jupytext ``.py`` file is preferred to the ``.ipynb`` of the same name
    (it is what developers edit); a notebook kept only as ``.ipynb`` is used as it is.
    """
    folder = Path(folder)
    found: dict[str, Path] = {}
    for p in sorted(folder.glob("[0-9][0-9]-*")):
        if p.suffix not in (".py", ".ipynb") or not NOTEBOOK_RE.match(p.stem):
            continue
        if p.stem not in found or p.suffix == ".py":
            found[p.stem] = p
    return [found[k] for k in sorted(found)]


def read_notebook(path: Path) -> Any:
    """Read a notebook from ``.ipynb`` or a jupytext ``py:percent`` file."""
    import nbformat

    if path.suffix == ".py":
        import jupytext

        return jupytext.read(path, fmt="py:percent")
    return nbformat.read(path, as_version=4)


def inject_parameters(nb: Any, params: dict[str, Any]) -> Any:
    """Insert a cell tagged ``injected-parameters`` after the ``parameters`` cell (papermill's way).

    Without a ``parameters`` cell the new cell goes first. An earlier injected cell is replaced.
    """
    import nbformat

    src = "# Parameters injected by osint report\n" + "".join(
        f"{k} = {v!r}\n" for k, v in params.items())
    cell = nbformat.v4.new_code_cell(src, metadata={"tags": ["injected-parameters"]})
    cells = [c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    at = next((i + 1 for i, c in enumerate(cells)
               if "parameters" in c.get("metadata", {}).get("tags", [])), 0)
    cells.insert(at, cell)
    nb.cells = cells
    return nb


def execute_notebook(nb: Any, *, cwd: str | os.PathLike[str], timeout: int = CELL_TIMEOUT,
                     name: str = "notebook") -> Any:
    """Run every cell of ``nb`` in a fresh kernel started in ``cwd``.

    Raises
    ------
    NotebookError
        Naming the notebook, the failing cell and the error.
    """
    import asyncio
    import subprocess
    import tempfile

    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    # The kernel's warning about TCP on 127.0.0.1 says nothing a reader of the report needs.
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            extra_arguments=["--IPKernelApp.log_level=ERROR"],
                            resources={"metadata": {"path": str(cwd)}})
    # The kernel's own stderr goes to a file: it is shown only when the kernel dies, so that
    # an interrupted run does not print the kernel's shutdown noise.
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace") as log:
        try:
            client.execute(stderr=log, stdout=subprocess.DEVNULL)
        except CellTimeoutError as exc:
            raise NotebookError(f"{name}: a cell ran longer than {timeout} s") from exc
        except CellExecutionError as exc:
            plain = re.sub(r"\x1b\[[0-9;]*m", "", str(exc))  # tracebacks come coloured
            last = [ln for ln in plain.strip().splitlines() if ln.strip()]
            raise NotebookError(f"{name}: {last[-1] if last else 'a cell failed'}") from exc
        except DeadKernelError as exc:
            log.seek(0)
            tail = [ln for ln in log.read().splitlines() if ln.strip()][-1:] or ["no message"]
            raise NotebookError(f"{name}: the notebook's kernel died ({tail[0][:200]})") from exc
        except (KeyboardInterrupt, asyncio.CancelledError):
            # Ctrl-C inside the client's event loop surfaces as a cancelled task.
            raise KeyboardInterrupt from None
    return nb


_OFFLINE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""


def notebook_html(nb: Any, *, title: str = "") -> str:
    """Export an executed notebook to one HTML page without code, loading nothing from the network."""
    import jinja2
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        extra_loaders=[jinja2.DictLoader({"osint-offline.html.j2": _OFFLINE_TEMPLATE})],
        template_file="osint-offline.html.j2",
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
    )
    if title:
        nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb)
    return body


def make_output_dir(path: str | os.PathLike[str]) -> Path:
    """Create the report's output folder (and missing parents), or say in one line why not.

    Raises
    ------
    InputError
        When ``path`` is an existing file, cannot be created, or is not
        writable. Folders made before a failure are removed again.
    """
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise InputError("output is not a folder (an existing file)", path=str(p))
    missing = []
    q = p
    while not q.exists() and q != q.parent:
        missing.append(q)
        q = q.parent
    try:
        p.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        for made in missing:  # deepest first
            with contextlib.suppress(OSError):
                made.rmdir()
        raise InputError(f"cannot create the output folder: {exc.strerror or exc}", path=str(p)) from exc
    if not os.access(p, os.W_OK | os.X_OK):
        raise InputError("output folder is not writable", path=str(p))
    return p


def run_report(article: str | os.PathLike[str] = DEFAULT_ARTICLE, out: str | os.PathLike[str] | None = None,
               *, notebooks: str | os.PathLike[str] | None = None, timeout: int = CELL_TIMEOUT,
               progress: bool = True) -> dict[str, Path]:
    """Run the workbook on an article and write the reports.

    Parameters
    ----------
    article : path
        A ``.txt`` article (resolved by :func:`resolve_article`).
    out : path, optional
        Output folder, created if missing (default ``reports/``), after every
        other check has passed (:func:`make_output_dir`).
    notebooks : path, optional
        Folder of numbered notebooks (default the repository's ``notebooks/``).
    timeout : int
        Seconds one cell may run.
    progress : bool
        Print a line per step on standard error.

    Returns
    -------
    dict
        Name -> path written (``NN-name`` per notebook, then ``map``, ``csv``,
        ``geojson``, ``kml``).

    Raises
    ------
    InputError
        Unreadable article, missing notebooks folder, an output that is a
        file or a folder that cannot be made.
    NotebookError
        A notebook failed; the reports of those that ran are written.
    """
    from .article import load_article
    from .io import atomic_output, refuse_overwrite, sidecars, signals_deferred, sweep_stale, temp_name
    from .maps import export_all, geoparse_article

    path = resolve_article(article)
    art = load_article(path)
    nb_dir = Path(notebooks) if notebooks is not None else PROJ_ROOT / "notebooks"
    if not nb_dir.is_dir():
        raise InputError("notebooks folder not found", path=str(nb_dir))
    found = find_notebooks(nb_dir)
    if not found:
        raise InputError("no numbered notebooks (NN-name.py or .ipynb)", path=str(nb_dir))
    # Last of the checks, so that bad input leaves no empty folder behind.
    out_dir = make_output_dir(Path(out) if out is not None else reports_dir())
    names = [f"{nb.stem}.html" for nb in found] + ["map.html", "places.csv", "places.geojson", "places.kml"]
    inputs = [path, *sidecars(path), *found]
    for name in names:
        refuse_overwrite(out_dir / name, inputs)

    def say(msg: str) -> None:
        if progress:
            print(f"osint report: {msg}", file=sys.stderr, flush=True)

    # Everything is written into a staging folder first and moved in at the end, with
    # signals held: an interrupted run leaves the previous report whole, never a mix.
    sweep_stale(out_dir)
    staging = temp_name(out_dir / "report", ".parts")
    try:
        staging.mkdir(mode=0o700)
    except OSError as exc:
        raise InputError(f"cannot write into the output folder ({exc.strerror})", path=str(out_dir)) from exc
    staged: dict[str, Path] = {}
    failures: list[str] = []
    try:
        for nb_path in found:
            t0 = time.perf_counter()
            nb = inject_parameters(read_notebook(nb_path), {"ARTICLE": str(path), "ONLINE": False})
            try:
                execute_notebook(nb, cwd=nb_dir, timeout=timeout, name=nb_path.name)
            except NotebookError as exc:
                failures.append(str(exc))
                say(f"FAILED {exc}")
            target = staging / f"{nb_path.stem}.html"
            page = notebook_html(nb, title=f"{nb_path.stem}: {art.title}")
            with atomic_output(str(target)) as fh:
                fh.write(page)
            staged[nb_path.stem] = target
            say(f"{nb_path.stem}.html ({time.perf_counter() - t0:.1f} s)")

        t0 = time.perf_counter()
        df = geoparse_article(art.text)
        files = export_all(df, staging / "map.html", title=art.title, text=art.text)
        for kind, p in files.items():
            final = p if kind == "html" else p.with_name(f"places{p.suffix}")
            if final != p:
                p.replace(final)
            staged["map" if kind == "html" else kind] = final
        say(f"map.html and places.csv/.geojson/.kml ({time.perf_counter() - t0:.1f} s)")
        written: dict[str, Path] = {}
        with signals_deferred():
            for key, p in staged.items():
                dest = out_dir / p.name
                os.replace(p, dest)
                written[key] = dest
    finally:
        import shutil

        shutil.rmtree(staging, ignore_errors=True)
    say(f"written to {out_dir}")
    if failures:
        raise NotebookError("; ".join(failures))
    return written


# ------------------------------------------------------------------------ CLI


def _report_command(args: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    written = run_report(args.article, args.out, notebooks=args.notebooks, timeout=args.timeout)
    print(f"osint report: {len(written)} files in {Path(args.out or reports_dir())} "
          f"({time.perf_counter() - t0:.1f} s, {dt.datetime.now():%Y-%m-%d %H:%M})", file=sys.stderr)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``report`` subcommand."""
    p = sub.add_parser(
        "report", help="run every workbook notebook on an article and export HTML reports and the map",
        description="Execute each numbered notebook of notebooks/ on the article (offline), export it "
                    "to OUT/NN-name.html without code, and write OUT/map.html with places.csv, "
                    "places.geojson and places.kml.",
    )
    p.add_argument("--article", default=DEFAULT_ARTICLE, metavar="PATH",
                   help=f"a .txt article (default: {DEFAULT_ARTICLE})")
    p.add_argument("--out", default=None, metavar="DIR", help="output folder (default: reports/)")
    p.add_argument("--notebooks", default=None, metavar="DIR",
                   help="folder of numbered notebooks (default: the workbook's notebooks/)")
    p.add_argument("--timeout", type=int, default=CELL_TIMEOUT, metavar="SECONDS",
                   help=f"longest a notebook cell may run (default {CELL_TIMEOUT})")
    p.set_defaults(func=_report_command)
