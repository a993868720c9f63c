"""The workbook's report: every notebook run on one article, offline, as HTML to send.

``osint report`` (and ``make report``) analyses the article once (:func:`osint.analyze`),
saves the analysis (``case.json``), and executes each numbered notebook of
``notebooks/`` (``01-article``, ``02-places-map``, ...) with ``CASE`` (the saved
analysis, which the notebooks read instead of redoing it), ``ARTICLE``, ``ONLINE``,
``PUBLISHED`` and ``REVIEW`` injected by papermill, exports each
to ``reports/NN-name.html`` without code cells, and writes the
self-contained map ``reports/map.html`` (the article's places and the sites
of its imagery claims), the same map for print (``map.png``, ``map.pdf``),
``places.csv``, ``places.geojson`` and ``places.kml``. The HTML pages load
nothing from the network: the exporter's CDN scripts (require.js, MathJax,
Mermaid) are left out and the maps inside them are self-contained.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError, OsintError
from .paths import CELL_TIMEOUT, DEFAULT_ARTICLE, notebooks_dir, reports_dir

if TYPE_CHECKING:
    from .article import resolve_article

__all__ = ["CELL_TIMEOUT", "DEFAULT_ARTICLE", "NotebookError", "execute_notebook", "execute_notebooks",
           "find_notebooks", "import_notebook_libraries", "inject_parameters", "make_output_dir",
           "notebook_html", "read_notebook", "require_notebooks", "resolve_article", "run_report"]


def __getattr__(name: str) -> Any:
    # resolve_article is the article module's, loaded when first asked for: a run that only
    # finds the notebooks or makes a folder need not load the article reader.
    if name == "resolve_article":
        from .article import resolve_article

        return resolve_article
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Notebooks the report runs: numbered, in reading order.
NOTEBOOK_RE = re.compile(r"^(\d{2})-[\w.-]+$")


class NotebookError(OsintError):
    """A notebook failed while the report ran it."""

    exit_status = 1


#: What running the notebooks needs: the ``notebooks`` extra (``pip install ".[notebooks]"``).
NOTEBOOK_MODULES = ("nbformat", "nbclient", "nbconvert", "papermill", "jupytext", "ipykernel")


def require_notebooks(what: str = "osint report") -> None:
    """Say in one line which extra to install when the notebooks' libraries are missing.

    Raises
    ------
    MissingExtra
        A plain ``pip install .`` (without the ``notebooks`` extra): the first missing module
        and the extra that installs it.
    """
    import importlib.util

    from .errors import MissingExtra

    for module in NOTEBOOK_MODULES:
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            raise MissingExtra(module, "notebooks", what)


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


def import_notebook_libraries() -> None:
    """Import nbformat (which every notebook library loads) without what it does not use.

    nbformat imports jsonschema, and jsonschema, when the optional ``rfc3987_syntax`` is
    installed (JupyterLab's dependencies bring it), imports it to check "iri" strings, which
    compiles some forty Lark grammars: about 1.1 CPU-s, a tenth of a report, for a check the
    notebook schema (draft 4, no "iri" format) never makes. It is kept out while jsonschema
    loads and allowed again afterwards.
    """
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        import nbformat
        return
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # "import" raises ImportError
    try:
        import nbformat  # noqa: F401
    finally:
        if sys.modules.get("rfc3987_syntax", False) is None:
            del sys.modules["rfc3987_syntax"]


def read_notebook(path: Path) -> Any:
    """Read a notebook from ``.ipynb`` or a jupytext ``py:percent`` file."""
    import_notebook_libraries()
    import nbformat

    if path.suffix == ".py":
        import jupytext

        return jupytext.read(path, fmt="py:percent")
    return nbformat.read(path, as_version=4)


def inject_parameters(nb: Any, params: dict[str, Any]) -> Any:
    """Inject ``params`` the way papermill does (its own :func:`parameterize_notebook`): a cell
    tagged ``injected-parameters`` after the one tagged ``parameters`` (first when there is none);
    an earlier injected cell is replaced."""
    import logging

    from papermill.parameterize import parameterize_notebook

    # papermill logs a warning for a notebook without a parameters cell: the cell then goes first.
    logging.getLogger("papermill").setLevel(logging.ERROR)
    # What papermill's own loader (papermill.iorw.load_notebook_node) gives every notebook it reads:
    # a tags list on every cell and a papermill section in the metadata.
    nb.metadata.setdefault("papermill", {})
    for cell in nb.cells:
        cell.metadata.setdefault("tags", [])
    spec = nb.metadata.get("kernelspec") or {}
    return parameterize_notebook(nb, params, comment="Parameters injected by osint report",
                                 kernel_name=spec.get("name") or "python3",
                                 language=spec.get("language") or "python")


def execute_notebook(nb: Any, *, cwd: str | os.PathLike[str], timeout: int = CELL_TIMEOUT,
                     name: str = "notebook") -> Any:
    """Run every cell of ``nb`` in a fresh kernel started in ``cwd``.

    A SIGINT, SIGTERM or SIGHUP while the notebook runs shuts its kernel down and stops the
    whole run (``KeyboardInterrupt`` or :class:`osint.io.Terminated`), however the kernel's end
    looked to the client: a report is never finished from half-run notebooks.

    Raises
    ------
    NotebookError
        Naming the notebook, the failing cell and the error.
    """
    error = execute_notebooks([(name, nb)], cwd=cwd, timeout=timeout)[0]
    if error is not None:
        raise error
    return nb


#: Run in the shared kernel before each notebook after the first: the notebook starts from an
#: empty namespace (no name of the one before is left), with no figure left open; the modules
#: stay imported, which is what sharing the kernel is for.
RESET_CODE = """%reset -f
import sys as _sys
if "matplotlib.pyplot" in _sys.modules:
    _sys.modules["matplotlib.pyplot"].close("all")
del _sys
"""


#: What the report's kernel imports while the article is being analysed: what every workbook
#: notebook's first cell imports, and what its osint.load_case(CASE) loads (pandas, the claims and
#: through them the renderers). Each notebook imports them again, at no cost then.
WARMUP_CODE = ("import matplotlib.pyplot\nimport IPython.display\nimport pandas\nimport osint.case\n"
               "import osint.claims\n")


def execute_notebooks(notebooks: Sequence[tuple[str, Any]] | Callable[[], Sequence[tuple[str, Any]]], *,
                      cwd: str | os.PathLike[str], timeout: int = CELL_TIMEOUT,
                      on_done: Callable[[str, Any, NotebookError | None], None] | None = None,
                      warmup: str | None = None) -> list[NotebookError | None]:
    """Run several notebooks, in order, in one kernel started in ``cwd``.

    Each notebook after the first starts with the namespace cleared (:data:`RESET_CODE`), so it
    sees none of the names of the notebooks before it, as in a kernel of its own; the libraries
    they import (pandas, matplotlib, folium, osint) are loaded once instead of once per
    notebook. A notebook whose cell raises gets its :class:`NotebookError` and the next one runs
    in the same kernel; one that times out or kills the kernel leaves the rest to a new kernel.
    Signals stop the whole run as in :func:`execute_notebook`.

    Parameters
    ----------
    notebooks : sequence of (name, notebook), or a callable returning one
        Notebooks (``nbformat`` nodes, executed in place) and the names their errors give. A
        callable is called once the kernel has started (and run ``warmup``): what it waits for
        (the analysis the notebooks read) overlaps the kernel's start.
    warmup : str, optional
        Code run first in the kernel (imports); a failure there is left to the notebooks to meet.
    on_done : callable, optional
        Called with ``(name, notebook, error or None)`` as each notebook finishes, while the
        kernel goes on with the next (a report exports the page meanwhile).

    Returns
    -------
    list
        For each notebook, None or its :class:`NotebookError`.
    """
    import subprocess
    import tempfile

    import_notebook_libraries()
    import nbformat
    from jupyter_core.utils import run_sync
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    errors: list[NotebookError | None] = []
    pending: list[tuple[str, Any]] = [] if callable(notebooks) else list(notebooks)
    asked = not callable(notebooks)

    def finish(name: str, nb: Any, error: NotebookError | None) -> None:
        pending.pop(0)
        errors.append(error)
        if on_done is not None:
            on_done(name, nb, error)

    # The kernel's own stderr goes to a file: it is shown only when the kernel dies, so that
    # an interrupted run does not print the kernel's shutdown noise.
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace") as log:

        def died() -> str:
            log.seek(0)
            tail = [ln for ln in log.read().splitlines() if ln.strip()][-1:] or ["no message"]
            log.seek(0, 2)
            return tail[0][:200]

        async def aside(client: Any, code: str) -> None:
            # In a notebook of its own: nbclient stores an executed cell back into client.nb,
            # which must not be a page being exported meanwhile.
            client.nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
            await client.async_execute_cell(client.nb.cells[0], 0)

        while pending or not asked:
            # The kernel's warning about TCP on 127.0.0.1 says nothing a reader of the report needs.
            client = _client_class()(pending[0][1] if pending else nbformat.v4.new_notebook(),
                                     timeout=timeout, kernel_name="python3",
                                     extra_arguments=["--IPKernelApp.log_level=ERROR"],
                                     resources={"metadata": {"path": str(cwd)}})

            async def run_all(client: Any = client) -> None:
                nonlocal asked
                async with client.async_setup_kernel(stderr=log, stdout=subprocess.DEVNULL):
                    ran = False
                    if not asked:
                        if warmup:
                            with contextlib.suppress(CellExecutionError):
                                await aside(client, warmup)
                            ran = True
                        pending.extend(notebooks())  # type: ignore[operator]
                        asked = True
                    for name, nb in list(pending):
                        if ran:
                            await aside(client, RESET_CODE)
                        ran = True
                        client.nb = nb
                        client.reset_execution_trackers()
                        info = await client.async_wait_for_reply(await _ensure(client.kc.kernel_info()))
                        if info is not None and "language_info" in info["content"]:
                            nb.metadata["language_info"] = info["content"]["language_info"]
                        try:
                            for index, cell in enumerate(nb.cells):
                                await client.async_execute_cell(
                                    cell, index, execution_count=client.code_cells_executed + 1)
                        except CellTimeoutError as exc:
                            finish(name, nb, _with_cause(NotebookError(
                                f"{name}: a cell ran longer than {timeout} s"), exc))
                            return  # the kernel may still be busy: the rest get a new one
                        except CellExecutionError as exc:
                            finish(name, nb, _with_cause(_cell_error(name, exc), exc))
                            continue
                        finish(name, nb, None)

            try:
                _run_client(client, run_sync(run_all))
            except DeadKernelError as exc:
                name, nb = pending[0]
                finish(name, nb, _with_cause(NotebookError(
                    f"{name}: the notebook's kernel died ({died()})"), exc))
    return errors


async def _ensure(value: Any) -> Any:
    """The value of a call that may or may not be a coroutine (jupyter_client's sync/async)."""
    import inspect

    return await value if inspect.isawaitable(value) else value


def _with_cause(error: NotebookError, cause: BaseException) -> NotebookError:
    error.__cause__ = cause
    return error


def _cell_error(name: str, exc: BaseException) -> NotebookError:
    """A failing cell's error in one line: the kernel's own name and message of the error."""
    ename, evalue = getattr(exc, "ename", ""), getattr(exc, "evalue", "")
    if ename:
        return NotebookError(f"{name}: {ename}: {evalue}".rstrip(": "))
    plain = re.sub(r"\x1b\[[0-9;]*m", "", str(exc))  # tracebacks come coloured
    last = [ln for ln in plain.strip().splitlines() if ln.strip() and not ln.startswith("---")]
    return NotebookError(f"{name}: {last[-1] if last else 'a cell failed'}")


def _run_client(client: Any, execute: Callable[[], Any]) -> None:
    """Execute, then stop the run if a signal came while the notebooks ran."""
    import asyncio

    from .io import Terminated

    def stop() -> None:
        if client.stopped_by == signal.SIGINT:
            raise KeyboardInterrupt
        if client.stopped_by is not None:
            raise Terminated(128 + client.stopped_by)

    sigs = [sig for sig in (getattr(signal, n, None) for n in ("SIGINT", "SIGTERM", "SIGHUP")) if sig]
    try:
        before = {sig: signal.getsignal(sig) for sig in sigs}
    except ValueError:  # not the main thread: nbclient sets none either
        before = {}
    try:
        execute()
    except (KeyboardInterrupt, asyncio.CancelledError):
        stop()
        # Ctrl-C inside the client's event loop surfaces as a cancelled task.
        raise KeyboardInterrupt from None
    except BaseException:
        stop()  # the signal, not the dead kernel or cancelled task it caused, is the news
        raise
    finally:
        # nbclient leaves SIGTERM at its default on the way out (the next one would kill the
        # process before it cleans up): the handlers from before come back.
        for sig, handler in before.items():
            if handler is not None:
                with contextlib.suppress(ValueError, OSError):
                    signal.signal(sig, handler)
    stop()


_CLIENT: type | None = None


def _client_class() -> type:
    """nbclient's client, noting a signal received while a notebook runs (made on first use)."""
    global _CLIENT
    if _CLIENT is not None:
        return _CLIENT
    import asyncio
    import atexit
    from contextlib import asynccontextmanager

    from nbclient import NotebookClient

    class Client(NotebookClient):
        stopped_by: int | None = None

        _hup_added = False

        def _listen(self) -> None:
            # In place of nbclient's handlers, which it sets just before the kernel starts.
            loop = asyncio.get_event_loop()
            hup = getattr(signal, "SIGHUP", None)
            for sig in (signal.SIGINT, signal.SIGTERM, hup):
                if sig is None:
                    continue
                try:
                    loop.add_signal_handler(sig, self._stop, sig)
                except (RuntimeError, ValueError):  # not the main thread
                    continue
                self._hup_added = self._hup_added or sig == hup

        async def async_start_new_kernel(self, **kwargs: Any) -> None:
            self._listen()
            await super().async_start_new_kernel(**kwargs)

        @asynccontextmanager
        async def async_setup_kernel(self, **kwargs: Any) -> Any:
            async with super().async_setup_kernel(**kwargs):
                self._listen()
                try:
                    yield
                finally:
                    if self._hup_added:  # nbclient removes its own two
                        asyncio.get_event_loop().remove_signal_handler(signal.SIGHUP)

        def _stop(self, sig: int) -> None:
            # What nbclient's own handler does, and a note of the signal: the kernel is shut
            # down, which ends the run.
            self.stopped_by = sig
            self._async_cleanup_kernel_future = asyncio.ensure_future(self._async_cleanup_kernel())
            atexit.unregister(self._cleanup_kernel)

    _CLIENT = Client
    return Client


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


@contextlib.contextmanager
def _environ(**values: str):
    """Set environment variables for a block (the notebooks' kernels inherit them)."""
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _review_lines(df: Any) -> tuple[list[str], list[str]]:
    """The analyst's review of the places, as the appendix lists it: what was changed, what not."""
    review = df.attrs.get("review") if hasattr(df, "attrs") else None
    if not review:
        return [], []
    done = [f"{r['text']!r} at {r['start']}:{r['end']}: {r['analyst_note']}"
            for r in df.to_dict("records") if isinstance(r.get("analyst_note"), str)]
    head = [f"{review['file']}: {review['applied']} row(s) applied."]
    return head + done, list(review.get("stale", []))


def _with_appendix(page: str, appendix: str) -> str:
    """The page with the appendix at the end of its body."""
    k = page.rfind("</body>")
    return page[:k] + appendix + page[k:] if k >= 0 else page + appendix


def run_report(article: str | os.PathLike[str] = DEFAULT_ARTICLE, out: str | os.PathLike[str] | None = None,
               *, notebooks: str | os.PathLike[str] | None = None, timeout: int = CELL_TIMEOUT,
               progress: bool = True, online: bool = False, published: str | None = None,
               warn: Callable[[str], None] | None = None,
               review: str | os.PathLike[str] | None = None,
               gazetteer: list[str] | None = None, home: str | None = None,
               embed: bool = False) -> dict[str, Path]:
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
    online : bool
        Pass ``ONLINE = True`` to the notebooks (online geocoders, catalogs,
        weather, orbits, each cached), geocode the map's places online, and
        open the map on the OpenStreetMap layer.
    published : str, optional
        The publication date (``YYYY-MM-DD``) when the sidecar lacks it or is
        wrong: passed to the notebooks as ``PUBLISHED``.
    warn : callable, optional
        Receives the warning of a failing online service (default: :func:`warnings.warn`).
    review : path, optional
        The analyst's review file (default: the article's own ``NAME.review.csv``), passed to the
        notebooks as ``REVIEW`` and applied to the map.
    gazetteer : list of path, optional
        The analyst's own places (``--gazetteer`` files) laid over the embedded gazetteer for the
        analysis the notebooks read (``case.json``).
    home : str, optional
        Where the article comes from (``--home``), a prior for namesakes.
    embed : bool
        Inline the cached tiles of the story's area in map.html (fetched first when ``online``).

    Returns
    -------
    dict
        Name -> path written (``NN-name`` per notebook, then ``map``, ``csv``,
        ``geojson``, ``kml``, and ``png``, ``pdf`` for the map for print).

    Raises
    ------
    InputError
        Unreadable article, a bad date, missing notebooks folder, an output
        that is a file or a folder that cannot be made.
    NotebookError
        A notebook failed; the reports of those that ran are written.
    """
    from .article import load_article, resolve_article
    from .case import analyze
    from .io import atomic_output, move_staged, refuse_overwrite, sidecars, staged_outputs
    from .paths import data_dir
    from .provenance import Record, active, public_name, read_answer_log
    from .render.exports import export_all
    from .render.html import render
    from .render.maps import claim_sites

    require_notebooks()  # before any work: a plain `pip install .` gets one line, not a traceback
    path = resolve_article(article)
    art = load_article(path, published=published or None)
    nb_dir = Path(notebooks) if notebooks is not None else notebooks_dir()
    if not nb_dir.is_dir():
        raise InputError("notebooks folder not found", path=str(nb_dir))
    found = find_notebooks(nb_dir)
    if not found:
        raise InputError("no numbered notebooks (NN-name.py or .ipynb)", path=str(nb_dir))
    if review is not None and not Path(review).is_file():
        raise InputError("review file not found", path=str(review))
    case = analyze(art, online=online, review=review or None, warn=warn, gazetteer=gazetteer or None,
                   home=home)
    # A malformed review file is said now, in one line, not once per notebook after they ran.
    if case.inputs.review:
        from .places.review import read_review

        read_review(case.inputs.review)
    # Last of the checks, so that bad input leaves no empty folder behind.
    out_dir = make_output_dir(Path(out) if out is not None else reports_dir())
    names = [f"{nb.stem}.html" for nb in found] + ["map.html", "map.png", "map.pdf", "places.csv",
                                                   "places.geojson", "places.kml", "case.json",
                                                   "provenance.json"]
    inputs = [path, *sidecars(path), *found, *([review] if review else []), *(gazetteer or [])]
    for name in names:
        refuse_overwrite(out_dir / name, inputs)

    def say(msg: str) -> None:
        if progress:
            print(f"osint report: {msg}", file=sys.stderr, flush=True)

    staged: dict[str, Path] = {}
    failures: list[str] = []
    # The run's record: the article and its sidecars by hash, the tables the checks read, the
    # gazetteer build, the parameters, and every online answer.
    record = Record("report", {"article": public_name(path), "online": bool(online),
                               "published": art.published.isoformat() if art.published else "unknown"})
    record.add_article(path)
    if review:
        record.add_input(review, "analyst review")
    for layer in gazetteer or []:
        record.add_input(layer, "gazetteer layer")
    for table, role in (("imagery_evidence.csv", "evidence table"), ("sensors.csv", "sensor table"),
                        ("satellites.csv", "satellite table"), ("image_objects.csv", "object table")):
        if (data_dir() / table).is_file():
            record.add_input(data_dir() / table, role)
    pages: dict[str, str] = {}
    # Everything is written into a staging folder first and moved in at the end, with
    # signals held: an interrupted run leaves the previous report whole, never a mix.
    with staged_outputs(out_dir, "report") as staging:
        saved = staging / "case.json"
        # Passed as papermill passes them; PUBLISHED '' leaves the sidecar's date; CASE is the
        # saved analysis, which the notebooks read instead of analysing the article again.
        given = art.published.isoformat() if published and art.published else ""
        params: dict[str, Any] = {"ARTICLE": str(path), "ONLINE": bool(online), "PUBLISHED": given,
                                  "REVIEW": str(Path(review).resolve()) if review else "",
                                  "CASE": str(saved.resolve())}
        to_run = [(nb_path.name, inject_parameters(read_notebook(nb_path), params)) for nb_path in found]
        answer_log = staging / "answers.jsonl"

        def analyse() -> None:
            t = time.perf_counter()
            with active(record):
                case.compute()  # the one analysis every notebook and export reads
            record.set_gazetteer(getattr(case.gazetteer, "build_id", "embedded"))
            case.save(saved)
            say(f"analysed: {len(case.place_list)} place mentions, {len(case.claims.imagery)} imagery "
                f"claims ({time.perf_counter() - t:.1f} s)")

        def about_lines() -> tuple[list[str], list[str], list[str]]:
            """The maps' and pages' notes: the case's notes, the review's lines and its stale ones."""
            reviewed, stale = _review_lines(case.places)
            return [f"Note: {n}" for n in case.notes], reviewed, stale

        def export_maps(about: list[str] | None = None) -> tuple[dict[str, Path], float]:
            t = time.perf_counter()
            if about is None:  # offline: known before the notebooks run
                notes, reviewed, stale = about_lines()
                about = record.methodology() + notes + reviewed + stale
            files = export_all(case.places, staging / "map.html", title=art.title, text=art.text,
                               claim_sites=claim_sites(case.claims.imagery), show_tiles=online, about=about,
                               embed=embed, fetch_tiles=online, warn=warn)
            return files, time.perf_counter() - t

        # One helper thread of this process analyses the article while the kernel (a process of
        # its own) starts and loads the notebooks' libraries; then, while the kernel runs the
        # notebooks one after another, it writes the maps and each page's HTML as its notebook
        # ends: two cores busy. Offline, the maps' "about" lines are known before the notebooks
        # run; they are made again after them only if the notebooks' answers changed the record.
        page_jobs: dict[str, Any] = {}
        helper = ThreadPoolExecutor(1, thread_name_prefix="osint-report")
        try:
            analysis = helper.submit(analyse)
            maps = None if online else helper.submit(export_maps)
            with _environ(OSINT_PROVENANCE_LOG=str(answer_log)), active(record):
                t_nb = [0.0]

                def ready() -> list[tuple[str, Any]]:
                    analysis.result()  # its error (a bad review file, ...) stops the run here
                    t_nb[0] = time.perf_counter()
                    return to_run

                def done(name: str, nb: Any, error: NotebookError | None) -> None:
                    stem = Path(name).stem
                    failed = ""
                    if error is not None:
                        failures.append(str(error))
                        say(f"FAILED {error}")
                        failed = ", failed: its page shows the cells up to the error"
                    page_jobs[stem] = helper.submit(notebook_html, nb, title=f"{stem}: {art.title}")
                    say(f"{stem}.html ({time.perf_counter() - t_nb[0]:.1f} s{failed})")
                    t_nb[0] = time.perf_counter()

                execute_notebooks(ready, cwd=nb_dir, timeout=timeout, on_done=done, warmup=WARMUP_CODE)
                pages = {stem: job.result() for stem, job in page_jobs.items()}
            t0 = time.perf_counter()
            about_before = record.methodology()
            for a in read_answer_log(answer_log):
                record.note_answer(a.service, a.request, a.fetched_at, a.from_cache)
            answer_log.unlink(missing_ok=True)
            notes, reviewed, stale = about_lines()
            if maps is not None and record.methodology() == about_before:
                files, spent = maps.result()
            else:
                if maps is not None:
                    maps.result()  # written again below, with the notebooks' answers
                files, spent = export_maps(record.methodology() + notes + reviewed + stale)
        except BaseException:
            helper.shutdown(wait=True, cancel_futures=True)
            raise
        helper.shutdown()
        appendix = str(render("appendix.html.j2", lines=record.methodology() + notes, reviewed=reviewed,
                              stale=stale))
        for stem, page in pages.items():
            target = staging / f"{stem}.html"
            with atomic_output(str(target)) as fh:
                fh.write(_with_appendix(page, appendix))
            staged[stem] = target
        for kind, p in files.items():
            final = p.with_name(f"places{p.suffix}") if kind in ("csv", "geojson", "kml") else p
            if final != p:
                p.replace(final)
            staged["map" if kind == "html" else kind] = final
        staged["case"] = saved
        say(f"map.html, map.png/.pdf and places.csv/.geojson/.kml ({spent:.1f} s, beside the notebooks; "
            f"{time.perf_counter() - t0:.1f} s after them)")
        for p in staged.values():
            record.add_output(p, "report page" if p.suffix == ".html" else p.suffix.lstrip("."))
        prov = staging / "provenance.json"
        with atomic_output(str(prov)) as fh:
            fh.write(record.prov_json())
            fh.write("\n")
        staged["provenance"] = prov
        moved = move_staged((p, out_dir / p.name) for p in staged.values())
        written = dict(zip(staged, moved))
    say(f"written to {out_dir}")
    if failures:
        raise NotebookError("; ".join(failures))
    return written
