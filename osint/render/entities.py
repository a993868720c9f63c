"""The article's entities for investigators' tools: FollowTheMoney (Aleph) and a network graph.

:func:`article_entities` gathers, from one article, the people and organisations it names,
the places with their coordinates and provenance, and the statements linking speakers to what
they said. :func:`ftm_entities` writes them as FollowTheMoney entities (the ``followthemoney``
package, so Aleph loads them): the article as an ``Article``, people as ``Person``,
organisations as ``Organization`` (with a ``Membership`` where the text gives an affiliation),
places as ``Address`` (latitude and longitude as given, the source in ``sourceUrl`` and
``remarks``), each statement as a ``Note`` about its speaker with the article as ``proof``,
and a ``Documentation`` linking the article to every entity it mentions. :func:`entity_graph`
links the same entities by statements and by being named in one sentence, as a ``networkx``
graph for GraphML.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..model import Article, Statement

#: The id namespace of this tool's entities (FtM ids are hashes of these parts).
ID_PREFIX = "osint"


@dataclass
class ArticleEntities:
    """What :func:`article_entities` gathers from one article."""

    article_id: str
    title: str
    text: str
    sha256: str
    published: str | None
    language: str
    places: pd.DataFrame
    names: pd.DataFrame
    statements: list = field(default_factory=list)
    tool: str = ""


def article_entities(article: Article, places: pd.DataFrame, *, names: pd.DataFrame,
                     statements: Sequence[Statement]) -> ArticleEntities:
    """Gather an article's places, people, organisations and statements for the exports.

    Parameters
    ----------
    article : Article
    places : DataFrame
        The places table (reviewed, if a review was applied): an analysis's ``places``.
    names : DataFrame
        The people, organisations and events: an analysis's ``names``.
    statements : sequence of Statement
        Who said what: an analysis's ``statements``.
    """
    from .. import __version__
    from ..provenance import sha256_file, sha256_text

    # The file's hash when there is a file (what a colleague checks with sha256sum), else the text's.
    path = getattr(article, "path", None)
    digest = sha256_file(path)[0] if path and os.path.isfile(path) else sha256_text(article.text)
    return ArticleEntities(
        article_id=str(article.id), title=article.title or str(article.id), text=article.text,
        sha256=digest,
        published=article.published.isoformat() if article.published else None,
        language=article.language or "en", places=places, names=names, statements=list(statements),
        tool=f"osint {__version__}",
    )


def _sentence_of(text: str, start: int) -> str:
    from ..text import sentences

    return next((s.text for s in sentences(text) if s.start <= start < s.end), "")


def _place_rows(places: pd.DataFrame, *, every: bool = False) -> Iterator[dict[str, Any]]:
    """One row per distinct place (by source and id, else by name), with its mentions' count
    (``every``: one row per mention)."""
    seen: dict[tuple, dict[str, Any]] = {}
    for row in places.to_dict("records"):
        # A missing value is NaN in the table and None here: NaN is truthy and prints as "nan".
        r = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
        if every:
            yield r
            continue
        if r.get("kind") == "rejected":
            continue
        key = (r.get("source"), r.get("source_id")) if r.get("source_id") else ("text", r.get("text"))
        if key in seen:
            seen[key]["mentions"] += 1
            continue
        seen[key] = {**r, "mentions": 1}
    yield from seen.values()


def _num(v: Any) -> str | None:
    return None if v is None or (isinstance(v, float) and v != v) else f"{float(v):.6f}"


def ftm_entities(ents: ArticleEntities) -> list[dict[str, Any]]:
    """The article's entities as FollowTheMoney dicts (``{"id", "schema", "properties"}``).

    Every entity is checked with the schema's own validation before it is returned.
    """
    from followthemoney import model

    made: list = []

    def make(schema: str, *parts: str):
        e = model.make_entity(schema)
        e.make_id(ID_PREFIX, ents.sha256, schema, *parts)
        made.append(e)
        return e

    doc = make("Article", "article")
    doc.add("title", ents.title)
    doc.add("bodyText", ents.text)
    doc.add("language", ents.language, quiet=True)
    doc.add("publishedAt", ents.published, quiet=True)
    doc.add("processingAgent", ents.tool)
    doc.add("notes", f"SHA-256 of the article: {ents.sha256}")
    doc.add("fileName", ents.article_id)

    def mention(entity, role: str, summary: str) -> None:
        d = make("Documentation", entity.id)
        d.add("document", doc.id)
        d.add("entity", entity.id)
        d.add("role", role)
        d.add("summary", summary[:1000])

    people: dict[str, Any] = {}
    for r in ents.names.to_dict("records"):
        kind = r.get("kind")
        if kind not in ("person", "organisation"):
            continue
        e = make("Person" if kind == "person" else "Organization", r["name"])
        e.add("name", r["name"])
        if r.get("titles"):
            e.add("notes", f"titles in the text: {r['titles']}")
        people[r["name"]] = e
        mention(e, "mentioned", _sentence_of(ents.text, int(r["first_start"])))

    for st in ents.statements:
        sp = st.speaker
        # "officials said", "analysts said": a statement, but nobody an investigator can link.
        if sp is None or not any(ch.isupper() for ch in sp.name):
            continue
        who = people.get(sp.name)
        if who is None:
            who = make("Person" if sp.kind == "person" else "Organization", sp.name)
            who.add("name", sp.name)
            people[sp.name] = who
            mention(who, "quoted", st.sentence)
        if sp.role:
            who.add("description", sp.role)
        if sp.affiliation:
            org = people.get(sp.affiliation)
            if org is None:
                org = make("Organization", sp.affiliation)
                org.add("name", sp.affiliation)
                if sp.acronym:
                    org.add("abbreviation", sp.acronym)
                people[sp.affiliation] = org
                mention(org, "mentioned", st.sentence)
            if who.schema.name == "Person" and not any(
                    x.schema.name == "Membership" and x.first("member") == who.id for x in made):
                mship = make("Membership", who.id, org.id)
                mship.add("member", who.id)
                mship.add("organization", org.id)
                mship.add("role", sp.role, quiet=True)
                mship.add("proof", doc.id)
        note = make("Note", "statement", str(st.id))
        note.add("name", f"Statement {st.id} by {sp.name}")
        note.add("entity", who.id)
        note.add("description", st.text)
        note.add("summary", st.sentence[:1000])
        note.add("proof", doc.id)
        note.add("publisher", ents.title)

    for r in _place_rows(ents.places):
        e = make("Address", str(r.get("source")), str(r.get("source_id") or r.get("text")))
        e.add("full", r.get("name") or r.get("text"))
        lat, lon = _num(r.get("lat")), _num(r.get("lon"))
        if lat is not None:
            e.add("latitude", lat)
            e.add("longitude", lon)
        cc = r.get("country_code")
        if isinstance(cc, str) and len(cc) == 2:
            e.add("country", cc.lower(), quiet=True)
        url = r.get("source_url")
        if isinstance(url, str) and url.startswith(("http://", "https://")):
            e.add("sourceUrl", url)
        e.add("remarks", _remark(r))
        mention(e, "place", str(r.get("sentence") or ""))

    out = []
    for e in made:
        data = e.to_dict()
        problem = e.schema.validate(data)
        if problem:  # never expected: every value above is of its property's type
            raise ValueError(f"FtM entity {e.schema.name} does not validate: {problem}")
        out.append(data)
    return out


def _remark(r: dict[str, Any]) -> str:
    bits = [f"named as {r.get('text')!r} ({r.get('mentions', 1)} mention(s))"]
    if r.get("source"):
        bits.append(f"source {r['source']} {r.get('source_id') or ''}".strip())
    if isinstance(r.get("confidence"), float) and r.get("source"):
        bits.append(f"confidence {r['confidence']:.2f}")
    if r.get("reason"):
        bits.append(str(r["reason"]))
    if r.get("analyst_note"):
        bits.append(str(r["analyst_note"]))
    if r.get("kind") == "unresolved":
        bits.append("not placed by the gazetteer")
    return "; ".join(bits)


def ftm_lines(ents: ArticleEntities) -> Iterable[str]:
    """The entities as FtM JSON lines (what ``ftm`` and Aleph's importer read)."""
    for e in ftm_entities(ents):
        yield json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n"


def entity_key(name: str) -> str:
    """The key one entity has under every spelling: folded words, a leading article or
    number word dropped ("the White House" and "White House" meet)."""
    from ..lexicon import FUNCTION_WORDS
    from ..text import name_key

    words = name_key(name).split()
    while len(words) > 1 and words[0] in FUNCTION_WORDS:
        words = words[1:]
    return " ".join(words)


def _nameable(name: str) -> bool:
    """A speaker an investigator can link: some capital once an opening "The", "One" or "A" is
    set aside ("analysts", "One analyst" and "The state media" are nobody in particular)."""
    from ..lexicon import FUNCTION_WORDS

    words = name.split()
    while len(words) > 1 and words[0].lower() in FUNCTION_WORDS:
        words = words[1:]
    return any(ch.isupper() for ch in " ".join(words))


#: Which kind a merged entity takes: a university the gazetteer also holds as a place is an
#: organisation that has an address, not two entities.
_KIND_ORDER = ("person", "organisation", "place")


class _Entities:
    """The graph's nodes, one per entity: every spelling, kind and acronym of it meets in one key."""

    def __init__(self, graph: Any):
        self.g = graph
        self.alias: dict[str, str] = {}
        self.node_of: dict[str, str] = {}

    def key(self, name: str) -> str:
        k = entity_key(name)
        return self.alias.get(k, k)

    def add(self, name: str, kind: str, **attrs: Any) -> str:
        """The node of ``name`` (made, or merged into the one its key has)."""
        key = self.key(name)
        node = self.node_of.get(key)
        if node is None:
            node = f"{kind}:{name}"
            self.node_of[key] = node
            self.g.add_node(node, kind=kind, label=name, also="", mentions=0, **attrs)
            return node
        data = self.g.nodes[node]
        if kind != data["kind"]:
            kinds = {data["kind"], kind, *filter(None, data["also"].split(","))}
            data["kind"] = min(kinds, key=_KIND_ORDER.index)
            data["also"] = ",".join(sorted(kinds - {data["kind"]}, key=_KIND_ORDER.index))
        for k, v in attrs.items():
            data.setdefault(k, v)
        return node

    def find(self, name: str) -> str | None:
        return self.node_of.get(self.key(name))


def entity_graph(ents: ArticleEntities):
    """People, organisations and places linked by statements and by sharing a sentence: one node
    per entity.

    Names meet under :func:`entity_key`, so an organisation the gazetteer also holds as a place
    ("Carnegie Endowment for International Peace") is one node, of kind ``organisation`` with
    ``also`` ``place``; an acronym the text gives ("CNS") is its organisation; a speaker named
    with a known organisation's name and generic words ("Yonhap news agency") is that
    organisation; speakers that name nobody ("analysts", "The state media") are left out.

    Nodes carry ``kind`` (person, organisation, place), ``label``, ``also`` (the other kinds
    merged into the node, comma-separated), ``mentions`` and, for places, ``lat``/``lon``;
    edges carry ``kind`` (``said`` for a speaker and the places and names in what they said,
    ``member`` for an affiliation, ``co-mention`` for names in one sentence) and ``weight``.
    """
    import networkx as nx

    from ..lexicon import PRONOUNS
    from ..text import sentences
    from .labels import article_spelling

    g = nx.Graph(article=ents.title, article_sha256=ents.sha256, made_by=ents.tool)
    nodes = _Entities(g)
    for st in ents.statements:  # the other names first: "CNS" is the centre wherever it occurs
        sp = st.speaker
        if sp is None:
            continue
        if sp.affiliation and sp.acronym:
            nodes.alias[entity_key(sp.acronym)] = entity_key(sp.affiliation)
        named = st.speaker_text  # "Rina", a misspelt "Rinna", linked to the full name
        if sp.kind == "person" and _nameable(named) and entity_key(named) != entity_key(sp.name) \
                and named.lower() not in PRONOUNS:
            nodes.alias[entity_key(named)] = entity_key(sp.name)
    spans: list[tuple[int, int, str]] = []
    orgs: list[str] = []
    for r in ents.names.to_dict("records"):
        if r.get("kind") in ("person", "organisation"):
            node = nodes.add(r["name"], r["kind"])
            if r["kind"] == "organisation":
                orgs.append(r["name"])
            for k in _occurrences(ents.text, r["name"], int(r["first_start"])):
                spans.append((k, k + len(r["name"]), node))
    written: dict[tuple, list[str]] = {}
    for r in _place_rows(ents.places, every=True):
        if r.get("kind") not in ("demonym", "rejected", "part"):
            written.setdefault((r.get("source"), r.get("source_id")), []).append(str(r.get("text")))
    for r in _place_rows(ents.places):
        name = str(r.get("name") or r.get("text"))
        attrs: dict[str, Any] = {}
        lat, lon = r.get("lat"), r.get("lon")
        if isinstance(lat, float) and lat == lat and isinstance(lon, float):
            attrs.update(lat=float(lat), lon=float(lon))
        node = nodes.add(name, "place", **attrs)
        # Labelled as the article spells it ("Oryol"); the gazetteer's name ("Orël") kept beside.
        label = article_spelling(name, written.get((r.get("source"), r.get("source_id")), []))
        if label != name and g.nodes[node]["label"] == name:
            g.nodes[node].update(label=label, gazetteer_name=name)
    for r in _place_rows(ents.places, every=True):
        if r.get("kind") != "rejected":
            found = nodes.find(str(r.get("name") or r.get("text")))
            if found is not None:
                spans.append((int(r["start"]), int(r["end"]), found))

    def speaker_node(name: str, kind: str) -> str | None:
        if not _nameable(name):
            return None
        known = nodes.find(name)
        if known is not None:  # an affiliation the gazetteer holds as a place is an organisation
            return nodes.add(name, kind) if kind == "organisation" else known
        if kind == "organisation":  # "Russia's RIA state news agency" is RIA
            words = f" {entity_key(name)} "
            inside = {nodes.find(o) for o in orgs if f" {entity_key(o)} " in words}
            if len(inside) == 1:
                return inside.pop()
        return nodes.add(name, kind)

    def link(a: str | None, b: str | None, kind: str) -> None:
        if a is None or b is None or a == b:
            return
        if g.has_edge(a, b):
            g[a][b]["weight"] += 1
            # A membership is what ties a speaker to an organisation, whatever sentence they share.
            if _WORTH[kind] > _WORTH[g[a][b]["kind"]]:
                g[a][b]["kind"] = kind
        else:
            g.add_edge(a, b, kind=kind, weight=1)

    for s in sentences(ents.text):
        inside = sorted({n for a, _b, n in spans if s.start <= a < s.end})
        for i, a in enumerate(inside):
            for b in inside[i + 1:]:
                link(a, b, "co-mention")
    for st in ents.statements:
        if st.speaker is None:
            continue
        who = speaker_node(st.speaker.name, st.speaker.kind)
        if who is None:
            continue
        for at, _end, n in spans:
            if st.start <= at < st.end:
                link(who, n, "said")
        if st.speaker.affiliation:
            link(who, speaker_node(st.speaker.affiliation, "organisation"), "member")
    for node, count in _counts(spans).items():
        g.nodes[node]["mentions"] = count
    # A node's id names its kind as merged ("organisation:the White House", not "place:...").
    return nx.relabel_nodes(g, {n: f"{d['kind']}:{d['label']}" for n, d in g.nodes(data=True)})


def _counts(spans: list[tuple[int, int, str]]) -> dict[str, int]:
    starts: dict[str, set[int]] = {}
    for a, _b, n in spans:
        starts.setdefault(n, set()).add(a)
    return {n: len(s) for n, s in starts.items()}


def _occurrences(text: str, name: str, start: int) -> Iterator[int]:
    k = text.find(name, start)
    while k >= 0:
        yield k
        k = text.find(name, k + len(name))


def write_graphml(ents: ArticleEntities, out) -> None:
    """Write :func:`entity_graph` as GraphML to a binary file.

    Node ids and every text attribute go through :func:`osint.escape.xml_text` first: a
    control character in a title or a name (which XML 1.0 forbids) would make the whole
    file unreadable.
    """
    import networkx as nx

    from ..escape import xml_text

    def clean(v):
        return xml_text(v) if isinstance(v, str) else v

    g = entity_graph(ents)
    h = nx.relabel_nodes(g, {n: clean(n) for n in g}, copy=True)
    for _, data in h.nodes(data=True):
        data.update({k: clean(v) for k, v in data.items()})
    for _, _, data in h.edges(data=True):
        data.update({k: clean(v) for k, v in data.items()})
    h.graph.update({k: clean(v) for k, v in h.graph.items()})
    nx.write_graphml(h, out, encoding="utf-8")


#: Node colours of :func:`draw_entity_graph`, by kind.
GRAPH_COLOURS = {"person": "#d62728", "organisation": "#1f77b4", "place": "#2ca02c"}
#: The most entities the drawn graph shows (the most connected); the rest are counted, not drawn.
TOP_ENTITIES = 20
#: Fewer entities than this and a graph says nothing a table would not say better.
MIN_DRAWN = 6


#: What one link is worth in ranking the entities: a membership ties a speaker to the
#: organisation they speak for, a statement to what it names; a shared sentence least.
_WORTH = {"member": 8, "said": 3, "co-mention": 1}


def _strength(graph: Any, node: str) -> tuple:
    links = sum(d["weight"] * _WORTH[d["kind"]] for _, _, d in graph.edges(node, data=True))
    return (-links, -graph.nodes[node].get("mentions", 0), graph.nodes[node]["label"])


def _ranked(graph: Any) -> list[str]:
    """The linked entities, most connected first, each speaker's organisation right after them
    (who speaks for whom is what the graph is read for)."""
    out: list[str] = []
    for n in sorted((n for n in graph if graph.degree(n)), key=lambda n: _strength(graph, n)):
        for m in (n, *sorted(b for _, b, d in graph.edges(n, data=True) if d["kind"] == "member")):
            if m not in out:
                out.append(m)
    return out


def top_entities(graph: Any, top: int = TOP_ENTITIES) -> Any:
    """The ``top`` most connected entities of :func:`entity_graph` and the links between them.

    Entities that link to nothing are left out with the rest; the graph's ``entities``,
    ``shown`` and ``left_out`` attributes say how many.
    """
    sub = graph.subgraph(_ranked(graph)[:top]).copy()
    sub.remove_nodes_from([n for n in list(sub) if not sub.degree(n)])
    sub.graph.update(entities=graph.number_of_nodes(), shown=sub.number_of_nodes(),
                     left_out=graph.number_of_nodes() - sub.number_of_nodes())
    return sub


def _drawn_edges(graph: Any) -> list[tuple[str, str]]:
    """The links worth a line: statements and memberships, shared sentences that recur, and
    each entity's strongest link (so that nothing drawn floats alone)."""
    keep = {(a, b) for a, b, d in graph.edges(data=True) if d["kind"] != "co-mention" or d["weight"] >= 2}
    for n in graph:
        if not any(n in e for e in keep):
            best = max(graph.edges(n, data=True), key=lambda e: e[2]["weight"], default=None)
            if best is not None:
                keep.add((best[0], best[1]))
    return sorted(keep)


def connections_table(graph: Any, top: int = TOP_ENTITIES) -> pd.DataFrame:
    """Who is connected to whom as a table: one row per entity (the ``top`` most connected),
    with its kind, mentions and links, strongest first (statements and memberships named)."""
    rows = []
    for n in _ranked(graph)[:top]:
        data = graph.nodes[n]
        links = sorted(graph.edges(n, data=True), key=lambda e: (-e[2]["weight"], graph.nodes[e[1]]["label"]))
        said = [f"{graph.nodes[b]['label']} ({d['kind']})" for _, b, d in links if d["kind"] != "co-mention"]
        shared = [f"{graph.nodes[b]['label']} ({d['weight']})"
                  for _, b, d in links if d["kind"] == "co-mention"]
        kind = data["kind"] + (f" (also {data['also'].replace(',', ', ')})" if data.get("also") else "")
        rows.append({"entity": data["label"], "kind": kind, "mentions": data.get("mentions", 0),
                     "said or member": ", ".join(said),
                     "in the same sentence as (times)": ", ".join(shared[:8]) + (
                         f" and {len(shared) - 8} more" if len(shared) > 8 else "")})
    df = pd.DataFrame(rows, columns=["entity", "kind", "mentions", "said or member",
                                     "in the same sentence as (times)"])
    df.attrs["left_out"] = graph.number_of_nodes() - len(rows)
    return df


def draw_entity_graph(graph: Any, ax: Any = None, *, top: int = TOP_ENTITIES) -> Any:
    """Draw the ``top`` most connected entities of :func:`entity_graph` with matplotlib:
    statements (``said``) solid, memberships dashed, shared sentences grey (thicker the more
    often); the title says how many entities are left out.

    Returns the figure, or None when it cannot be drawn clearly: no link at all, or labels that
    still overlap with the graph cut down to :data:`MIN_DRAWN` entities (show
    :func:`connections_table` instead).
    """
    import matplotlib.pyplot as plt

    if not graph.number_of_edges():
        return None
    n = top
    while True:
        sub = top_entities(graph, n)
        if sub.number_of_nodes() < 2:
            return None
        if ax is None:
            fig, axes = plt.subplots(figsize=(11, 8))
        else:
            fig, axes = ax.figure, ax
        if _draw(sub, axes):
            return fig
        if ax is None:
            plt.close(fig)
        else:
            axes.clear()
        if sub.number_of_nodes() <= MIN_DRAWN:
            return None
        n = min(n, sub.number_of_nodes()) - 3


def _draw(graph: Any, ax: Any) -> bool:
    """Draw ``graph`` on ``ax``; False when some label would overlap another or a node."""
    import networkx as nx

    k = len(graph)
    pos = nx.spring_layout(graph, seed=7, k=2.2 / k ** 0.5, iterations=300, weight=None)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    pad = 0.15
    ax.set_xlim(min(xs) - pad, max(xs) + pad)
    ax.set_ylim(min(ys) - pad, max(ys) + pad)
    drawn = _drawn_edges(graph)
    for kind, style, colour in (("co-mention", "-", "#bbbbbb"), ("member", "--", "#333333"),
                                ("said", "-", "#333333")):
        edges = [(a, b) for a, b in drawn if graph[a][b]["kind"] == kind]
        widths = [min(6.0, 0.8 + 0.5 * graph[a][b]["weight"]) if kind == "co-mention" else 2.2
                  for a, b in edges]
        nx.draw_networkx_edges(graph, pos, edgelist=edges, style=style, ax=ax, width=widths,
                               edge_color=colour, alpha=0.9)
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=260, edgecolors="white",
                           node_color=[GRAPH_COLOURS.get(graph.nodes[n]["kind"], "#7f7f7f") for n in graph])
    ax.set_axis_off()
    left = graph.graph.get("left_out", 0)
    ax.set_title(f"The {len(graph)} most connected of {graph.graph.get('entities', len(graph))} entities "
                 f"({left} left out): people (red), organisations (blue), places (green)", fontsize=11)
    ax.figure.tight_layout()
    return _place_labels(graph, pos, ax)


def _place_labels(graph: Any, pos: dict, ax: Any) -> bool:
    """Put each label beside its node where it overlaps no other label and no node (most
    connected first); False when one finds no such place."""
    renderer = ax.figure.canvas.get_renderer()
    to_px = ax.transData.transform
    nodes_px = {n: to_px(pos[n]) for n in graph}
    radius = 9.0  # half a marker of node_size 260, in pixels
    taken: list[Any] = []
    frame = ax.figure.bbox
    order = sorted(graph, key=lambda n: _strength(graph, n))
    for n in order:
        x, y = pos[n]
        placed = False
        for dx, dy, ha, va in ((0, 12, "center", "bottom"), (0, -12, "center", "top"),
                               (12, 0, "left", "center"), (-12, 0, "right", "center")):
            # Labels are plain text: an article's "$" must never become a formula.
            t = ax.annotate(graph.nodes[n]["label"], (x, y), xytext=(dx, dy), textcoords="offset points",
                            ha=ha, va=va, fontsize=8, usetex=False, parse_math=False,
                            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85})
            box = t.get_window_extent(renderer).expanded(1.04, 1.1)
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
            clash = not inside or any(box.overlaps(b) for b in taken) or any(
                m != n and box.x0 - radius < px < box.x1 + radius and box.y0 - radius < py < box.y1 + radius
                for m, (px, py) in nodes_px.items())
            if not clash:
                taken.append(box)
                placed = True
                break
            t.remove()
        if not placed:
            return False
    return True
