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
CASE = ""  # a saved analysis (osint report passes one); "" analyses ARTICLE here

# %%
import matplotlib.pyplot as plt
from IPython.display import display

import osint

case = (osint.load_case(CASE) if CASE else
        osint.analyze(ARTICLE, online=ONLINE, published=PUBLISHED or None, review=REVIEW or None))
article = case.article
dates = case.dates()
display(case.date_notice(relative=int((dates["kind"] == "relative").sum())))

# %% [markdown]
# ## The article and what is known about it
#
# The metadata come from the JSON sidecar beside the text. A publication date
# marked *inferred* was worked out from the text, not stated by the source:
# every relative date below ("on Thursday", "last week") hangs on it.

# %%
display(osint.table_html(case.metadata()))

# %%
display(osint.fragment(article.text, kind="details", label="Full text"))

# %% [markdown]
# ## People, organisations and events
#
# Capitalised names that are not places, sorted by first appearance. A surname on
# its own ("Shoigu", "Kim") counts for the full name found elsewhere; titles in
# capitals ("President", "Ambassador") are kept. The rules are simple and their
# limits are listed in `osint.people`: check this table against the text.

# %%
names = case.names
for kind in ("person", "organisation", "event"):
    part = names[names["kind"] == kind].drop(columns="kind")
    display(osint.table_html(part, caption=f"{kind.capitalize()}s ({len(part)})",
                       columns={"first_start": "first at character", "count": "mentions"}))

# %% [markdown]
# ## Places
#
# Every place mention, resolved offline against the embedded gazetteer (GeoNames
# plus curated sites), one row per place with how often and how the article names
# it. The next notebook shows each mention with its evidence, and the map.

# %%
summary = case.geocoding()[["place", "mentions", "written_as", "feature", "country_code", "source"]]
display(osint.table_html(summary, columns={"written_as": "written as", "country_code": "country"}))

# %% [markdown]
# ## Who is connected to whom
#
# People, organisations and places, one node each (an organisation the gazetteer also
# holds as a place is one organisation; an acronym is its organisation), linked when a
# statement's speaker names them (`said`, solid), when the text gives a speaker's
# organisation (`member`, dashed), and when they share a sentence (grey, thicker the
# more often). Only the most connected are drawn, and the title says how many are left
# out; when the graph cannot be drawn without labels running into each other, a table
# says the same. The whole graph is written by `osint export ARTICLE -o FILE.graphml`
# for Gephi or networkx, and as FollowTheMoney entities for Aleph (`-o FILE.ftm`).

# %%
connections = case.connections()
if case.draw_entity_graph() is not None:
    plt.show()
elif len(connections):
    display(osint.table_html(connections, caption=f"The {len(connections)} most connected entities "
                             f"({connections.attrs['left_out']} left out)"))
else:
    display(osint.fragment("No statement or shared sentence links the article's people, organisations "
                           "and places."))

# %% [markdown]
# ## Dates
#
# Absolute dates, years and relative expressions, each resolved against the
# publication date with the rule applied, so a reader can redo it with another anchor.
# Without a publication date, relative ones stay unresolved and say so.

# %%
display(osint.table_html(dates, columns={"start": "at character", "date_start": "from", "date_end": "to"}))

# %% [markdown]
# ## The sentences, marked up
#
# Every sentence that names someone, somewhere or some time, with the mentions
# highlighted. The text is the article's own, escaped: markup in an article is shown, never run.

# %%
display(case.sentences_html())
