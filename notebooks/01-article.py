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

# %%
from IPython.display import display

import osint
from osint.places import find_names, people_and_organisations
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
places = osint.geoparse(article, online=ONLINE)
summary = geocoding_table(places)[["place", "mentions", "written_as", "feature", "country_code", "source"]]
display(table_html(summary, columns={"written_as": "written as", "country_code": "country"}))

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
