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

# %%
import folium
import matplotlib.pyplot as plt
from IPython.display import display

from osint.article import load_article
from osint.checks import crossref, load_evidence, settle_frame
from osint.claims import claims_frame, imagery_frame
from osint.escape import esc
from osint.gazetteer import load_gazetteer
from osint.render import BoundContent, add_claim_sites, base_map, claim_sites, window_label
from osint.render.html import render
from osint.render.tables import date_notice, table_html
from osint.render.timeline import claims_timeline
from osint.services.stac import point_bbox

article = load_article(ARTICLE, published=PUBLISHED or None)
gazetteer = load_gazetteer()
report = crossref(article, online=ONLINE, gazetteer=gazetteer, review=REVIEW or None)
claims = [r.claim for r in report.imagery]
published = (f"published {article.published.isoformat()}{' (inferred)' if report.published_inferred else ''}"
             if article.published else "publication date unknown")
display(render("fragment.html.j2", kind="note", label=article.title,
               text=f"{published}; {len(claims)} imagery claim{'' if len(claims) == 1 else 's'}; "
                    f"{'online' if ONLINE else 'offline'}."))
display(date_notice(article))

# %% [markdown]
# ## Who says what
#
# Every attributed statement: the speaker's full name (later surnames, a
# misspelt surname one letter away, and pronouns are linked back to it, with the
# link shown), their affiliation and role, the reporting verb and the quoted or
# reported words.

# %%
display(table_html(claims_frame(article, gazetteer=gazetteer)[
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
imagery = imagery_frame(claims)
imagery["window"] = [window_label(c.window) for c in claims]
display(table_html(imagery))

# %% [markdown]
# ## Where: the claim sites and their areas of interest
#
# Each site with the 1 km box searched in the catalogs (the area of interest),
# and, for a described site, the city point it was measured from. Popups carry the
# claim and the source of the coordinates. The map opens offline (country
# outlines); tiles show when the network is there.

# %%
sites = [(c, s) for c in claims for s in c.sites]
if sites:
    lat0 = sum(s.lat for _, s in sites) / len(sites)
    lon0 = sum(s.lon for _, s in sites) / len(sites)
    # base_map: Leaflet inlined and country outlines embedded, so the map opens offline; it opens on
    # the claim sites, labelled at close zoom.
    fmap = base_map(title="Imagery claim sites", location=[lat0, lon0], zoom_start=12, show_tiles=ONLINE)
    add_claim_sites(fmap, claim_sites(claims))
    aoi_layer = folium.FeatureGroup(name="Areas of interest (catalog search boxes)").add_to(fmap)
    # Names and sources come from the gazetteer and the article: they are bound with BoundContent
    # (escaped HTML passed as JSON strings), never through folium's Tooltip/Popup, which paste text
    # into JavaScript template literals.
    for _c, s in sites:
        w, so, e, n = point_bbox(s.lat, s.lon)
        box = folium.Rectangle([[so, w], [n, e]], color="#c0392b", weight=2, fill=False)
        box.add_child(BoundContent(None, esc(f"AOI {s.name}")))
        box.add_to(aoi_layer)
        if s.reference:
            name, rlat, rlon, rsrc = s.reference
            ref = folium.CircleMarker([rlat, rlon], radius=5, color="#555")
            ref.add_child(BoundContent(esc(rsrc), esc(f"{name} (reference)")))
            ref.add_to(aoi_layer)
            folium.PolyLine([[rlat, rlon], [s.lat, s.lon]], color="#555", dash_array="5,5").add_to(aoi_layer)
            fmap.osint_points.append((rlat, rlon))  # the reference point in the opening view too
    display(fmap)
else:
    display(render("fragment.html.j2", kind="text", text="No claim site could be placed."))

# %% [markdown]
# ## When: the window on a timeline
#
# The claims' windows, the dated events the article mentions (its date
# expressions, resolved), the reports in `data/imagery_evidence.csv`, daylight at
# the first site (sunrise to sunset each day), and satellite passes where the
# orbit check computed them.

# %%
if claims_timeline(report, load_evidence()) is None:
    display(render("fragment.html.j2", kind="text", text="No claim has a time window"
                   + ("." if article.published else " (the publication date is unknown).")))
else:
    plt.show()

# %% [markdown]
# ## The checks
#
# One row per claim and check. `sources` lead to the evidence; a `not checked`
# row says why it could not run.

# %%
display(table_html(report.checks_frame()))

# %% [markdown]
# ## Verdicts
#
# Hard facts decide, soft signals inform. `contradicted`: a hard fact contradicts the
# claim (the provider has no such sensor, imagery dated after publication, optical in
# the dark with no lit scene or night capability, a pixel clearly too coarse, a site
# far from where the claim places it); `corroborated`: an independent record agrees
# (reports of one image or one outlet chain count once, and the claim's own report
# never counts); `plausible`: at least two informative checks agree (daylight
# somewhere in a long window does not count); `unverified`: too little evidence.
# Soft signals (model cloud, night words, vague wording) lower the confidence.

# %%
verdicts = report.verdict_frame()
display(table_html(verdicts))
for r in report.imagery:
    display(render("fragment.html.j2", kind="verdict",
                   label=f"{r.id}: {r.verdict} (confidence {r.confidence_level})", text=r.reasoning))

# %% [markdown]
# ## What would settle each open check
#
# For every check that could not decide (or only signalled softly), the evidence
# that would settle it and where to get it, computed by the package
# (`osint.checks.settle_frame`). Add reports you keep with `--evidence FILE`
# (or `crossref(..., evidence=[...])`), historical orbital elements with
# `--elements`, and cached answers with `ONLINE = True`.

# %%
display(table_html(settle_frame(report)))
