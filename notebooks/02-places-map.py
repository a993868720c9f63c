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

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, display

import osint
from osint.render import place_map, unplaced_mentions
from osint.render.html import render
from osint.render.tables import article_distances, geocoding_table, mentions_per_country
from osint.workbook import resolve_article

pd.set_option("display.max_colwidth", 90)
pd.set_option("display.max_rows", 1000)
article = osint.load_article(resolve_article(ARTICLE))
places = osint.geoparse(article, online=ONLINE)
gazetteer = osint.load_gazetteer()
print(f"{article.title}\n{len(places)} place mentions, "
      f"{places['name'].nunique()} distinct places, "
      f"{int(places['lat'].isna().sum())} not placed")

# %% [markdown]
# ## Geocoding, with provenance
#
# One row per mention, in text order. `source` is the gazetteer record
# (`geonames ID` or a curated site's id) and `source_url` where its coordinates
# come from. `confidence` is the share of the resolver's score the chosen place
# holds; `alternatives` are the runners-up. A mention without a place is one the
# offline gazetteer cannot place: it is listed, not guessed.

# %%
table = geocoding_table(places)
display(table)

# %%
missing = unplaced_mentions(places, article.text)
if missing:
    display(HTML(render("fragment.html.j2", kind="note", label="Not placed offline:", text=", ".join(missing),
                        hint="try ONLINE = True, or add a cited row to data/curated_places.csv")))

# %% [markdown]
# ## The map
#
# One marker per place; click it for the sentences that name it (mention
# highlighted), the source, the confidence and the alternatives. Layers (top
# right) toggle countries, cities, and landmarks and sites; the country outlines
# need no network, the OpenStreetMap and Esri imagery layers do. The same map is
# written as a single file that opens offline by `osint map` and `make report`.

# %%
m = place_map(places, title=article.title, text=article.text)
m

# %% [markdown]
# ## Distances between the key places
#
# Geodesic distances on the WGS84 ellipsoid (geopy), between places the article
# itself names: from its most-mentioned city to every other city and site, and
# between named sites close to each other. Where the article names a parade
# square, the nearest curated parade training ground (within 20 km) is added and
# marked as not named in the article: imagery claims about parades turn on that
# distance. Each end shows the record its coordinates come from, so that a wrong
# reading is visible.

# %%
distances = article_distances(places, gazetteer=gazetteer)
if len(distances):
    display(distances)
else:
    display(HTML(render("fragment.html.j2", kind="text", text="The article names no city or site to measure "
                        "between.")))

# %% [markdown]
# ## Mentions per country
#
# Which countries the article is about, counting every placed mention (cities and
# sites count for their country).

# %%
counts = mentions_per_country(places, gazetteer=gazetteer)
fig, ax = plt.subplots(figsize=(7, 0.35 * max(len(counts), 3) + 0.8))
counts.sort_values().plot.barh(ax=ax, color="#1f77b4")
ax.set_xlabel("mentions")
ax.set_ylabel("")
ax.set_title("Place mentions per country")
for i, v in enumerate(counts.sort_values()):
    ax.text(v, i, f" {v}", va="center")
fig.tight_layout()
plt.show()
