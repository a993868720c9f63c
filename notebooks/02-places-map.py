# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 02 · Places: where exactly, on what evidence
#
# Every place the article names, placed on the map with the evidence for it: the
# gazetteer record and its source, how sure the resolver is, the other readings it
# weighed, and the sentence each mention comes from. Offline by default (embedded
# GeoNames gazetteer plus curated sites); with `ONLINE = True` the online geocoders
# may refine what the gazetteer lacks, and their answers are cached.

# %% tags=["parameters"]
ARTICLE = "seeds/000_908df4e159e4c100.txt"
ONLINE = False
PUBLISHED = ""
REVIEW = ""  # an analyst's review file; "" uses the article's own NAME.review.csv
CASE = ""  # a saved analysis (osint report passes one); "" analyses ARTICLE here

# %%
import matplotlib.pyplot as plt
from IPython.display import display

import osint

case = (osint.load_case(CASE) if CASE else
        osint.analyze(ARTICLE, online=ONLINE, published=PUBLISHED or None, review=REVIEW or None))
article = case.article
places = case.places
unplaced = int(places["lat"].isna().sum())
display(osint.fragment(f"{len(places)} place mentions, {places['name'].nunique()} distinct places, "
                       f"{unplaced} {'mention' if unplaced == 1 else 'mentions'} not placed.",
                       kind="note", label=article.title))
display(case.date_notice())

# %% [markdown]
# ## Geocoding, with provenance
#
# One row per place, most mentioned first. Open a row's mentions to read every
# sentence that names it, the mention marked. `source` is the gazetteer record
# (`geonames ID`, linked to its page on geonames.org, or a curated site's id, linked
# to the page its coordinates come from). `confidence` is the share of the
# resolver's score the chosen place holds (a range when mentions differ);
# `alternatives` are the readings that were real contenders (5 % of the score or
# more). A mention without a place is one the offline gazetteer cannot place: it
# is listed, not guessed.

# %%
display(case.geocoding_html())

# %%
missing = case.unplaced()
if missing:
    display(osint.fragment(", ".join(missing), kind="note", label="Not placed offline:",
                           hint="try ONLINE = True, or add a cited row to data/curated_places.csv"))

# %% [markdown]
# ## Review queue: what an analyst should check first
#
# The machine is sometimes wrong. These are the mentions to check first: those the
# gazetteer could not place, those it placed with low confidence, and those it
# placed far from everything else the article names (the `why` column says which).
# To correct one, write a review file beside the article, `NAME.review.csv`, with
# the columns `start,end,action,name,lat,lon,note,analyst,date`: `action` is
# `accept`, `reject` (not a place), `relocate` (the mention is `name` at `lat`,
# `lon`) or `add` (the span names a place the machine missed). Every later run
# (`osint geoparse`, `map`, `report`, `crossref`, these notebooks) applies it and
# says who changed what, when and why; a row that no longer matches the text is
# reported, never applied. `case.review_template()` writes this queue as a file to
# fill in. See `docs/provenance.md`.

# %%
queue = case.review_queue()
reviewed = case.review
if reviewed:
    display(osint.fragment(f"{reviewed['applied']} row(s) applied" + (
        f"; not applied: {'; '.join(reviewed['stale'])}" if reviewed["stale"] else ""),
        kind="note", label=f"Analyst review ({reviewed['file']})"))
if len(queue):
    display(osint.table_html(queue, digits={"confidence": 2, "lat": 4, "lon": 4}))
else:
    display(osint.fragment("Nothing to check: every mention was placed with confidence, near the rest "
                           "of the article."))

# %% [markdown]
# ## The map
#
# The map opens where the story is: the region with most mentions, and every site
# an imagery claim points at (purple rings). The far places are a click away: the
# "All places" button, or the legend's list. Markers cluster at a distance and
# come apart at city zoom, where they are labelled as the article spells them
# ("Oryol"; the gazetteer's "Orël" is in the popup), sites with their distance and
# bearing from the city; a site the article describes without naming it is labelled
# *inferred*. Organisations named for their people (a think tank, "the White House
# said") are not drawn unless something happens there; the legend's "About this map"
# lists them. Click a marker for the sentences that name it (mention
# highlighted), the source, the confidence and the alternatives. The country
# outlines need no network; the OpenStreetMap and satellite layers do. The same
# map is written as one file that opens offline (`map.html`), and for print
# (`map.png`, `map.pdf`), by `osint map` and `make report`.

# %%
case.map()

# %% [markdown]
# ## Distances between the key places
#
# Geodesic distances on the WGS84 ellipsoid (geopy), between places the article
# itself names (not the organisations it names for their people, which the map leaves
# off too): from its most-mentioned city to every other city and site, and
# between named sites close to each other. Where the article names a parade
# square, the nearest curated parade training ground (within 20 km) is added and
# marked as not named in the article: imagery claims about parades turn on that
# distance. Each end shows the record its coordinates come from, so that a wrong
# reading is visible.

# %%
distances = case.distances()
if len(distances):
    display(osint.table_html(distances, digits={"km": 1},
                             columns={"from_entry": "from (record)", "to_entry": "to (record)"}))
else:
    display(osint.fragment("The article names no city or site to measure between."))

# %% [markdown]
# ## Mentions per country
#
# Which countries the article is about, counting every placed mention (cities and
# sites count for their country).

# %%
if case.plot_mentions_per_country() is not None:
    plt.show()
else:
    display(osint.fragment("No mention was placed in a country."))
