"""The house: data flows one way, nothing imports upward, no import cycles, the CLI stays light.

Read with a plain AST scan of every module of ``osint/``, counting imports made
inside functions as well as at the top; see docs/architecture.md for the layers.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "osint"

#: Layers from the bottom up: a module may import its own layer and those below, never above.
LAYERS: dict[str, int] = {
    **dict.fromkeys(["errors", "config", "paths", "io", "escape", "text", "lexicon", "geo", "dates",
                     "sun", "provenance", "sensors", "satellites", "objects", "language"], 0),
    "model": 1,
    "article": 2,
    "gazetteer": 3,
    "online": 4,
    **dict.fromkeys(["names", "places", "claims", "checks", "render"], 5),
    "case": 6,
    "workbook": 7,
    "corpus": 7,
    "cli": 8,
}
#: The stages: each is handed the one before it as model types (by :mod:`osint.case`), so none
#: imports another.
STAGES = ("names", "places", "claims", "checks", "render")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Every osint module ``name`` imports, at the top or inside a function."""
    is_pkg = path.name == "__init__.py"
    package = name if is_pkg else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == "osint":
                    out.add(a.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                if node.level > 1:
                    base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "osint":
                continue
            for a in node.names:
                sub = f"{target}.{a.name}"
                out.add(sub if sub in known else target)
    return {m for m in out if m in known and m != name}


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    mods = _modules()
    known = set(mods)
    return {name: _imports(name, path, known) for name, path in mods.items()}


def test_every_module_has_a_layer(graph):
    unplaced = sorted(m for m in graph if m != "osint" and _layer(m) is None
                      and m.split(".")[1] not in ("data", "notebooks"))
    assert unplaced == [], f"give these a layer here and in docs/architecture.md: {unplaced}"


def test_nothing_imports_upward(graph):
    upward = []
    for importer, targets in graph.items():
        lo = _layer(importer)
        if lo is None:
            continue  # the package's face loads the public API lazily, by name
        for t in targets:
            hi = _layer(t)
            if hi is not None and hi > lo:
                upward.append(f"{importer} -> {t}")
    assert upward == []


def test_stages_are_handed_their_inputs(graph):
    def stage(module: str) -> str | None:
        parts = module.split(".")
        return parts[1] if len(parts) > 1 and parts[1] in STAGES else None

    crossing = [f"{a} -> {t}" for a, ts in graph.items() for t in ts
                if stage(a) and stage(t) and stage(a) != stage(t)]
    assert crossing == []


def test_no_import_cycles(graph):
    # Tarjan's strongly connected components: any with two or more modules is a cycle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    sys.setrecursionlimit(10_000)
    for v in graph:
        if v not in index:
            visit(v)
    assert cycles == []


def test_nothing_below_the_command_line_imports_it(graph):
    assert [m for m, ts in graph.items() if not m.startswith("osint.cli") and any(
        t.startswith("osint.cli") for t in ts)] == []


def test_help_imports_no_heavy_library():
    """``osint --help`` builds the parser from the subcommands' argument definitions only."""
    code = ("import sys; from osint.cli import build_parser; build_parser(); "
            "heavy = {'pandas', 'folium', 'skyfield', 'numpy', 'jinja2', 'geopy', 'requests', 'dask'}; "
            "print(sorted(heavy & {m.split('.')[0] for m in sys.modules} | "
            "{'osint.article', 'osint.model'} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"  # nor the article reader and the model (report's constants)


def test_corpus_geoparse_imports_only_what_it_uses(tmp_path):
    """``osint geoparse CORPUS.jsonl`` loads neither the article reader's dates, the claims, the
    checks, the renderers nor pandas: a run over many documents pays for none of them (the
    parser reads two constants of the workbook, which loads nothing of the analysis)."""
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": 1, "text": "Talks in Seoul."}\n', encoding="utf-8")
    code = ("import sys; from osint.cli import main; main(['geoparse', sys.argv[1], '-o', sys.argv[2]]); "
            "unused = {'osint.dates', 'osint.render', 'osint.claims', 'osint.checks', "
            "'pandas', 'folium', 'skyfield'}; print(sorted(unused & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code, str(corpus), str(tmp_path / "out.jsonl")],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_every_package_is_shipped_in_the_wheel():
    """A subpackage missing from pyproject.toml's list would be left out of ``pip install .``."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    listed = set(project["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in PACKAGE.rglob("__init__.py")}
    assert found - listed == set()
