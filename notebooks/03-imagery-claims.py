# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 03 · Imagery claims: who claims what, and does the evidence agree?
#
# The article's satellite-imagery claims, pinned down (speaker, provider, sensor,
# site, time window, what is said to be seen) and checked against independent
# evidence: geometry, the sun, the weather, catalog records, orbits, other
# reports, and the article itself. Each check ends `consistent`, `inconsistent`,
# `unverified` or `not checked` (with the reason); a verdict per claim sums them
# up. Offline by default: the weather, catalog and orbit checks then use what the
# cache holds or say `not checked`. With `ONLINE = True` they query Open-Meteo,
# Earth Search / Umbra's open catalog and CelesTrak, and cache the answers so the
# notebook re-runs offline. See `docs/crossref.md`.

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
report = case.report
claims = [r.claim for r in report.imagery]
published = (f"published {report.published.isoformat()}{' (inferred)' if report.published_inferred else ''}"
             if report.published else "publication date unknown")
display(osint.fragment(f"{published}; {len(claims)} imagery claim{'' if len(claims) == 1 else 's'}; "
                       f"{'online' if report.online else 'offline'}.", kind="note", label=article.title))
display(case.date_notice())

# %% [markdown]
# ## Who says what
#
# Every attributed statement: the speaker's full name (later surnames, a
# misspelt surname one letter away, and pronouns are linked back to it, with the
# link shown), their affiliation and role, the reporting verb and the quoted or
# reported words.

# %%
display(osint.table_html(case.statements_table()[
    ["speaker", "affiliation", "role", "speaker_text", "link", "verb", "quoted", "text"]],
    columns={"speaker_text": "named as", "link": "how linked"}))

# %% [markdown]
# ## The imagery claims
#
# Sentences asserting what satellite or radar imagery shows. `site_reasoning`
# says how each site was placed: named in the sentence, or resolved from a
# description ("a training area outside Pyongyang") to gazetteer sites of the
# fitting type near the named city. `window_derivation` says how the dates were
# worked out from the publication date.

# %%
display(osint.table_html(case.imagery_table()))

# %% [markdown]
# ## Where: the claim sites and their areas of interest
#
# Each site with the 1 km box searched in the catalogs (the area of interest),
# and, for a described site, the city point it was measured from. Popups carry the
# claim and the source of the coordinates. The map opens offline (country
# outlines); tiles show when the network is there.

# %%
sites_map = case.sites_map()
if sites_map is not None:
    display(sites_map)
else:
    display(osint.fragment("No claim site could be placed."))

# %% [markdown]
# ## When: the window on a timeline
#
# The claims' windows, the dated events the article mentions (its date
# expressions, resolved), the reports in `data/imagery_evidence.csv`, daylight at
# the first site (sunrise to sunset each day), and satellite passes where the
# orbit check computed them.

# %%
if case.timeline() is None:
    display(osint.fragment("No claim has a time window"
                           + ("." if report.published else " (the publication date is unknown).")))
else:
    plt.show()

# %% [markdown]
# ## Verdicts
#
# One card per claim: the verdict, the claim as the article words it, who said it, the
# site and the dates, the checks that found something (against the claim first) and
# what would change the verdict. Hard facts decide, soft signals inform. `contradicted`:
# a hard fact contradicts the claim (the provider has no such sensor, imagery dated after
# publication, optical in the dark with no lit scene or night capability, a pixel clearly
# too coarse, a site far from where the claim places it); `corroborated`: an independent
# record agrees (reports of one image or one outlet chain count once, and the claim's own
# report never counts); `plausible`: at least two informative checks agree (daylight
# somewhere in a long window does not count); `unverified`: too little evidence. Soft
# signals (model cloud, night words, vague wording) lower the confidence, said in the ICD
# 203 likelihood words ("likely", "very unlikely", ...) with the evidence behind them. To settle an
# open check, add reports you keep with `--evidence FILE` (or
# `osint.analyze(..., evidence=[...])`), historical orbital elements with `--elements`,
# and cached answers with `ONLINE = True`.

# %%
display(case.verdict_cards())

# %% [markdown]
# ## Every check, with its sources
#
# The full record behind the cards: one row per claim and check. `sources` lead to the
# evidence; a `not checked` row says why it could not run.

# %%
display(osint.table_html(case.checks))
