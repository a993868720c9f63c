# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 01 · The article: who, what, where and when
#
# Before checking a report, read it the way the tools will: what the article is,
# and every person, organisation, place and date it names. Each table below is
# computed by the `osint` package from the text alone, offline; nothing here is
# typed in by hand, so the same notebook reads the next article dropped into `seeds/`.
#
# Change `ARTICLE` in the next cell (or run `osint report --article PATH`) to read another one:
# a path from the current folder or from the project root, such as `seeds/other.txt`.
# `PUBLISHED` gives the publication date (`YYYY-MM-DD`) when the article's sidecar lacks it.

# %% tags=["parameters"]
ARTICLE = "seeds/000_908df4e159e4c100.txt"
ONLINE = False
PUBLISHED = ""
REVIEW = ""  # an analyst's review file; "" uses the article's own NAME.review.csv

# %%
import matplotlib.pyplot as plt
import networkx as nx
from IPython.display import display

import osint
from osint.places import find_names, people_and_organisations
from osint.render.entities import article_entities, entity_graph
from osint.render.html import render
from osint.render.tables import (
    date_notice,
    dates_table,
    geocoding_table,
    metadata_table,
    sentences_html,
    table_html,
)

article = osint.load_article(ARTICLE, published=PUBLISHED or None)
dates = dates_table(article)
display(date_notice(article, relative=int((dates["kind"] == "relative").sum())))

# %% [markdown]
# ## The article and what is known about it
#
# The metadata come from the JSON sidecar beside the text. A publication date
# marked *inferred* was worked out from the text, not stated by the source:
# every relative date below ("on Thursday", "last week") hangs on it.

# %%
display(table_html(metadata_table(article)))

# %%
display(render("fragment.html.j2", kind="details", label="Full text", text=article.text))

# %% [markdown]
# ## People, organisations and events
#
# Capitalised names that are not places, sorted by first appearance. A surname on
# its own ("Shoigu", "Kim") counts for the full name found elsewhere; titles in
# capitals ("President", "Ambassador") are kept. The rules are simple and their
# limits are listed in `osint.people`: check this table against the text.

# %%
names = people_and_organisations(article.text)
for kind in ("person", "organisation", "event"):
    part = names[names["kind"] == kind].drop(columns="kind")
    display(table_html(part, caption=f"{kind.capitalize()}s ({len(part)})",
                       columns={"first_start": "first at character", "count": "mentions"}))

# %% [markdown]
# ## Places
#
# Every place mention, resolved offline against the embedded gazetteer (GeoNames
# plus curated sites), one row per place with how often and how the article names
# it. The next notebook shows each mention with its evidence, and the map.

# %%
places = osint.geoparse(article, online=ONLINE, review=REVIEW or None)
summary = geocoding_table(places)[["place", "mentions", "written_as", "feature", "country_code", "source"]]
display(table_html(summary, columns={"written_as": "written as", "country_code": "country"}))

# %% [markdown]
# ## Who is connected to whom
#
# People, organisations and places, linked when a statement's speaker names them
# (`said`, solid), when the text gives a speaker's organisation (`member`, dashed),
# and when they share a sentence (`co-mention`, thin grey; thicker the more often).
# The same graph is written by `osint export ARTICLE -o FILE.graphml` for Gephi or
# networkx, and as FollowTheMoney entities for Aleph (`-o FILE.ftm`).

# %%
ents = article_entities(article, places)
graph = entity_graph(ents)
if graph.number_of_edges():
    colours = {"person": "#d62728", "organisation": "#1f77b4", "place": "#2ca02c"}
    pos = nx.spring_layout(graph, seed=7, k=1.2 / max(1, graph.number_of_nodes()) ** 0.5)
    fig, ax = plt.subplots(figsize=(11, 8))
    for kind, style in (("co-mention", "-"), ("member", "--"), ("said", "-")):
        edges = [(a, b) for a, b, d in graph.edges(data=True) if d["kind"] == kind]
        widths = [0.6 + 0.4 * graph[a][b]["weight"] for a, b in edges]
        nx.draw_networkx_edges(graph, pos, edgelist=edges, style=style, ax=ax, alpha=0.6,
                               width=widths if kind != "said" else [2.5] * len(edges),
                               edge_color="#999999" if kind == "co-mention" else "#333333")
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=220,
                           node_color=[colours.get(graph.nodes[n]["kind"], "#7f7f7f") for n in graph])
    # Labels are drawn as plain text: an article's "$" must never become a formula.
    for n, (x, y) in pos.items():
        ax.text(x, y + 0.03, graph.nodes[n]["label"], fontsize=8, ha="center", usetex=False,
                parse_math=False)
    ax.set_axis_off()
    ax.set_title("People (red), organisations (blue) and places (green)")
    fig.tight_layout()
    plt.show()
else:
    display(render("fragment.html.j2", kind="text", text="No statement or shared sentence links the "
                   "article's people, organisations and places."))

# %% [markdown]
# ## Dates
#
# Absolute dates, years and relative expressions, each resolved against the
# publication date with the rule applied, so a reader can redo it with another anchor.
# Without a publication date, relative ones stay unresolved and say so.

# %%
display(table_html(dates, columns={"start": "at character", "date_start": "from", "date_end": "to"}))

# %% [markdown]
# ## The sentences, marked up
#
# Every sentence that names someone, somewhere or some time, with the mentions
# highlighted. The text is the article's own, escaped: markup in an article is shown, never run.

# %%
spans = [(s, e, "place") for s, e in zip(places["start"], places["end"])]
spans += [(int(r.start), int(r.start) + len(r.text), "date") for r in dates.itertuples()]
found = find_names(article.text)
spans += [(n.start, n.end, n.kind) for n in found]
display(sentences_html(article.text, spans))
