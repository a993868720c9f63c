"""Who is connected to whom: one node per entity, the most connected drawn legibly, a table otherwise."""

from __future__ import annotations

import itertools

import matplotlib
import networkx as nx
import pytest

import osint
from osint.render.entities import TOP_ENTITIES, connections_table, draw_entity_graph, entity_key

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def seed_graph():
    from osint.paths import PROJ_ROOT

    return osint.analyze(PROJ_ROOT / "seeds" / "000_908df4e159e4c100.txt").entity_graph()


def test_entity_key_meets_spellings():
    assert entity_key("the White House") == entity_key("White House") == "white house"
    assert entity_key("Orël") == entity_key("Orel")
    assert entity_key("The") == "the"  # a lone function word stays a key


def test_one_node_per_entity_on_the_seed(seed_graph):
    g = seed_graph
    keys = [entity_key(d["label"]) for _, d in g.nodes(data=True)]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
    # The think tank the gazetteer also holds as a place is one organisation that has an address.
    carnegie = [n for n, d in g.nodes(data=True) if d["label"].startswith("Carnegie Endowment")]
    assert len(carnegie) == 1 and g.nodes[carnegie[0]]["kind"] == "organisation"
    assert g.nodes[carnegie[0]]["also"] == "place"
    labels = {d["label"] for _, d in g.nodes(data=True)}
    # An acronym the text gives is its organisation; a misspelt surname its person; a speaker
    # named with an organisation's name and generic words is that organisation.
    assert "CNS" not in labels and "James Martin Center for Nonproliferation Studies" in labels
    assert "Rina" not in labels and "Anthony Rinna" in labels
    assert "Yonhap news agency" not in labels and "Yonhap" in labels
    # Speakers that name nobody in particular are no entities.
    assert not labels & {"analysts", "One analyst", "The state media"}
    # The speaker's organisation is a membership, whatever sentence they share.
    dave = "person:Dave Schmerler"
    assert g[dave]["organisation:James Martin Center for Nonproliferation Studies"]["kind"] == "member"
    assert g[dave]["place:Kim Il Sung Square"]["kind"] == "said"


def test_the_drawn_graph_shows_the_top_entities_legibly_and_counts_the_rest(seed_graph):
    fig = draw_entity_graph(seed_graph)
    assert fig is not None
    ax = fig.axes[0]
    labels = [t for t in ax.texts if t.get_text()]
    assert 2 <= len(labels) <= TOP_ENTITIES
    left = seed_graph.number_of_nodes() - len(labels)
    assert f"({left} left out)" in ax.get_title()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in labels]
    pairs = itertools.combinations(zip(labels, boxes, strict=True), 2)
    assert not [(a.get_text(), b.get_text()) for (a, x), (b, y) in pairs if x.overlaps(y)]
    assert all(fig.bbox.x0 <= b.x0 and b.x1 <= fig.bbox.x1 for b in boxes)  # no label cut off
    # Each speaker drawn comes with the organisation they speak for.
    drawn = {t.get_text() for t in labels}
    assert "Dave Schmerler" in drawn and "James Martin Center for Nonproliferation Studies" in drawn


def _crowd(n: int) -> nx.Graph:
    g = nx.Graph()
    for i in range(n):
        g.add_node(f"organisation:{i}", kind="organisation", label=f"Very Long Organisation Name Number {i} "
                   "for the Study of Everything", also="", mentions=1)
    for a, b in itertools.combinations(list(g), 2):
        g.add_edge(a, b, kind="co-mention", weight=1)
    return g


def test_a_graph_that_cannot_be_drawn_clearly_is_a_table():
    import matplotlib.pyplot as plt

    g = _crowd(30)
    _, ax = plt.subplots(figsize=(3, 2))
    assert draw_entity_graph(g, ax) is None
    table = connections_table(g)
    assert len(table) == TOP_ENTITIES and table.attrs["left_out"] == 30 - TOP_ENTITIES
    assert table["in the same sentence as (times)"].str.contains("more").all()
    plt.close("all")


def test_nothing_linked_draws_nothing():
    g = nx.Graph()
    g.add_node("place:A", kind="place", label="A", also="", mentions=1)
    assert draw_entity_graph(g) is None and connections_table(g).empty


def test_places_in_the_graph_are_spelt_as_the_article_spells_them():
    text = "Ivan Petrov said drones struck Oryol. Petrov said Oryol was quiet again."
    g = osint.analyze(text).entity_graph()
    place = next(d for _, d in g.nodes(data=True) if d["kind"] == "place")
    assert place["label"] == "Oryol" and place["gazetteer_name"] == "Orël"
