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

# %% tags=["parameters"]
ARTICLE = "seeds/000_908df4e159e4c100.txt"
ONLINE = False

# %%
import pandas as pd
from IPython.display import HTML, display

import osint
from osint.places import find_names, people_and_organisations
from osint.render.html import render
from osint.render.tables import dates_table, metadata_table, sentences_html
from osint.workbook import resolve_article

pd.set_option("display.max_colwidth", 120)
article = osint.load_article(resolve_article(ARTICLE))

# %% [markdown]
# ## The article and what is known about it
#
# The metadata come from the JSON sidecar beside the text. A publication date
# marked *inferred* was worked out from the text, not stated by the source:
# every relative date below ("on Thursday", "last week") hangs on it.

# %%
display(metadata_table(article))

# %%
display(HTML(render("fragment.html.j2", kind="details", label="Full text", text=article.text)))

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
    part = names[names["kind"] == kind].drop(columns="kind").reset_index(drop=True)
    display(HTML(render("fragment.html.j2", kind="heading", text=f"{kind.capitalize()}s ({len(part)})")))
    display(part)

# %% [markdown]
# ## Places
#
# Every place mention, resolved offline against the embedded gazetteer (GeoNames
# plus curated sites). Repeated mentions of one place are grouped here; the next
# notebook shows every mention with its evidence, and the map.

# %%
places = osint.geoparse(article, online=ONLINE)
summary = (
    places.assign(place=places["name"].fillna("(not placed: " + places["text"] + ")"))
    .groupby("place", sort=False)
    .agg(mentions=("text", "size"), written_as=("text", lambda s: ", ".join(dict.fromkeys(s))),
         feature=("feature", "first"), country=("country_code", "first"),
         source=("source", "first"), confidence=("confidence", "max"))
    .sort_values("mentions", ascending=False)
)
display(summary)

# %% [markdown]
# ## Dates
#
# Absolute dates, years and relative expressions, each resolved against the
# publication date with the rule applied, so a reader can redo it with another anchor.

# %%
dates = dates_table(article)
display(dates)

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
display(HTML(sentences_html(article.text, spans)))
