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


def _place_rows(places: pd.DataFrame) -> Iterator[dict[str, Any]]:
    """One row per distinct place (by source and id, else by name), with its mentions' count."""
    seen: dict[tuple, dict[str, Any]] = {}
    for row in places.to_dict("records"):
        # A missing value is NaN in the table and None here: NaN is truthy and prints as "nan".
        r = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
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


def entity_graph(ents: ArticleEntities):
    """People, organisations and places linked by statements and by sharing a sentence.

    Nodes carry ``kind`` (person, organisation, place), ``label`` and, for places, ``lat``/``lon``;
    edges carry ``kind`` (``said`` for a speaker and the places and names in what they said,
    ``member`` for an affiliation, ``co-mention`` for names in one sentence) and ``weight``.
    """
    import networkx as nx

    from ..text import sentences

    g = nx.Graph(article=ents.title, article_sha256=ents.sha256, made_by=ents.tool)
    spans: list[tuple[int, int, str]] = []
    for r in ents.names.to_dict("records"):
        if r.get("kind") in ("person", "organisation"):
            node = f"{r['kind']}:{r['name']}"
            g.add_node(node, kind=r["kind"], label=r["name"])
            start = int(r["first_start"])
            for k in _occurrences(ents.text, r["name"], start):
                spans.append((k, k + len(r["name"]), node))
    for r in _place_rows(ents.places):
        node = f"place:{r.get('name') or r.get('text')}"
        attrs: dict[str, Any] = {"kind": "place", "label": str(r.get("name") or r.get("text"))}
        lat, lon = r.get("lat"), r.get("lon")
        if isinstance(lat, float) and lat == lat and isinstance(lon, float):
            attrs.update(lat=float(lat), lon=float(lon))
        g.add_node(node, **attrs)
    for r in ents.places.to_dict("records"):
        if r.get("kind") != "rejected":
            spans.append((int(r["start"]), int(r["end"]), f"place:{r.get('name') or r.get('text')}"))

    def link(a: str, b: str, kind: str) -> None:
        if a == b or a not in g or b not in g:
            return
        if g.has_edge(a, b):
            g[a][b]["weight"] += 1
            if kind == "said":
                g[a][b]["kind"] = "said"
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
        who = f"{st.speaker.kind}:{st.speaker.name}"
        if who not in g:
            g.add_node(who, kind=st.speaker.kind, label=st.speaker.name)
        for at, _end, n in spans:
            if st.start <= at < st.end:
                link(who, n, "said")
        if st.speaker.affiliation:
            org = f"organisation:{st.speaker.affiliation}"
            if org not in g:
                g.add_node(org, kind="organisation", label=st.speaker.affiliation)
            link(who, org, "member")
    return g


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


def draw_entity_graph(graph: Any, ax: Any = None) -> Any:
    """Draw :func:`entity_graph` with matplotlib: statements (``said``) solid, memberships dashed,
    shared sentences thin and grey (thicker the more often); returns the figure, or None when no
    edge links anything."""
    import matplotlib.pyplot as plt
    import networkx as nx

    if not graph.number_of_edges():
        return None
    pos = nx.spring_layout(graph, seed=7, k=1.2 / max(1, graph.number_of_nodes()) ** 0.5)
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 8))
    for kind, style in (("co-mention", "-"), ("member", "--"), ("said", "-")):
        edges = [(a, b) for a, b, d in graph.edges(data=True) if d["kind"] == kind]
        widths = [0.6 + 0.4 * graph[a][b]["weight"] for a, b in edges]
        nx.draw_networkx_edges(graph, pos, edgelist=edges, style=style, ax=ax, alpha=0.6,
                               width=widths if kind != "said" else [2.5] * len(edges),
                               edge_color="#999999" if kind == "co-mention" else "#333333")
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=220,
                           node_color=[GRAPH_COLOURS.get(graph.nodes[n]["kind"], "#7f7f7f") for n in graph])
    # Labels are drawn as plain text: an article's "$" must never become a formula.
    for n, (x, y) in pos.items():
        ax.text(x, y + 0.03, graph.nodes[n]["label"], fontsize=8, ha="center", usetex=False, parse_math=False)
    ax.set_axis_off()
    ax.set_title("People (red), organisations (blue) and places (green)")
    ax.figure.tight_layout()
    return ax.figure
