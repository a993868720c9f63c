"""The small tables and HTML fragments the notebooks show: the package does the work.

Metadata, dates, sentences with their mentions marked, the geocoding table,
distances between the article's own places, mentions per country. HTML comes
from the package's fixed templates (:mod:`osint.render.html`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..geo import distance_km
from .html import render


def metadata_table(article: Any) -> pd.DataFrame:
    """The article's metadata as a two-column table (field, value)."""
    pub = article.published.isoformat() if article.published else "unknown"
    if article.published and article.published_inferred:
        pub += " (inferred, not stated by the source)"
    rows = [
        ("title", article.title), ("id", article.id), ("language", article.language),
        ("published", pub), ("file", article.path or ""),
        ("characters", len(article.text)), ("words", len(article.text.split())),
    ]
    rows += [(str(k), str(v)) for k, v in article.meta.items()]
    return pd.DataFrame(rows, columns=["field", "value"])


def dates_table(article: Any) -> pd.DataFrame:
    """Dates the article names, resolved against its publication date (:mod:`osint.dates`)."""
    from ..dates import find_dates

    refs = find_dates(article.text, article.published)
    cols = ["start", "text", "kind", "date_start", "date_end", "derivation"]
    return pd.DataFrame([{k: r.as_dict()[k] for k in cols} for r in refs], columns=cols)


#: The colour of each kind of mention in :func:`sentences_html`.
MARK_COLOURS = {"place": "#ffe066", "person": "#b2f2bb", "organisation": "#a5d8ff", "event": "#ffc9c9",
                "date": "#e5dbff"}


def sentences_html(text: str, spans: Iterable[tuple[int, int, str]], *, only_marked: bool = True) -> str:
    """Sentences of ``text`` as HTML, each (start, end, kind) span wrapped in ``<mark>``.

    Everything from the text is escaped (the template does it); ``kind`` becomes a
    CSS class (``place``, ``person``, ``organisation``, ``event``, ``date``) and
    the mark's title. A span that runs over a sentence boundary is marked in each
    sentence it covers; of two overlapping spans, the one that starts first is kept.
    """
    from ..text import sentences

    marks = sorted({(int(s), int(e), str(k)) for s, e, k in spans if int(s) < int(e)})
    rows = []
    i = 0
    open_marks: list[tuple[int, int, str]] = []  # started before this sentence's end
    for sent in sentences(text):
        while i < len(marks) and marks[i][0] < sent.end:
            open_marks.append(marks[i])
            i += 1
        inside = sorted((max(s, sent.start), min(e, sent.end), k)
                        for s, e, k in open_marks if e > sent.start)
        open_marks = [m for m in open_marks if m[1] > sent.end]
        if only_marked and not inside:
            continue
        pos, parts = sent.start, []
        for s, e, k in inside:
            if s < pos:
                continue
            parts.append((text[pos:s], "", ""))
            parts.append((text[s:e], k, MARK_COLOURS.get(k, "#eee")))
            pos = e
        parts.append((text[pos:sent.end], "", ""))
        rows.append(parts)
    return str(render("sentences.html.j2", colours=list(MARK_COLOURS.items()), sentences=rows))


def geocoding_table(places: pd.DataFrame) -> pd.DataFrame:
    """One row per mention: what was read, which place it became, and on what evidence.

    With online places (:func:`osint.maps.geoparse_article`), a ``fetched_at``
    column says when each online answer was fetched.
    """
    from .maps import _alt_list

    df = places
    table = pd.DataFrame({
        "mention": df["text"],
        "place": df["name"].fillna("(not placed)"),
        "lat": df["lat"].round(5), "lon": df["lon"].round(5),
        "feature": df["feature"],
        "source": [f"{s} {i}" if isinstance(s, str) else "none (offline gazetteer has no entry)"
                   for s, i in zip(df["source"], df["source_id"])],
        "source_url": df.get("source_url"),
        "confidence": df["confidence"].round(3),
        "alternatives": ["; ".join(_alt_list(a)) for a in df["alternatives"]],
    })
    if "fetched_at" in df.columns and df["fetched_at"].fillna("").astype(str).str.len().any():
        # Online places (geoparse_article(online=True)): when each answer was fetched.
        table["fetched_at"] = df["fetched_at"].fillna("")
    return table


#: Around a named site of the first feature, the nearest curated site of a
#: related feature is worth a distance even when the article does not name it:
#: parades in a square are rehearsed at a parade ground, and imagery claims
#: about one are checked against the other.
RELATED_SITES: dict[str, tuple[str, ...]] = {"square": ("parade_ground",)}


#: How far a related site may be to count as nearby.
NEARBY_KM = 20.0


#: Named sites at most this far apart are paired; farther pairs say little
#: the distances from the most-mentioned city do not.
SITE_PAIR_KM = 500.0


NEARBY_NOTE = "nearby site, not named in the article"


@dataclass(frozen=True)
class PlaceRef:
    """A place a distance is measured from or to, with the record it comes from."""

    name: str
    lat: float
    lon: float
    feature: str = ""
    source: str = ""
    source_id: str = ""


def geodesic_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic distance in km between two (lat, lon) points (:func:`osint.geo.distance_km`)."""
    return distance_km(a[0], a[1], b[0], b[1])


def distance_table(pairs: Sequence[tuple[Any, ...]], *, gazetteer: Any = None) -> pd.DataFrame:
    """Geodesic distances (:func:`geodesic_km`) between pairs of places.

    Parameters
    ----------
    pairs : sequence of (place, place) or (place, place, note)
        A place is a name, looked up in the gazetteer (its first reading:
        countries and capitals first, then the most populous), or anything
        with ``name``, ``lat``, ``lon`` (a :class:`PlaceRef`, a gazetteer entry).
    gazetteer : Gazetteer, optional
        For names; defaults to the embedded gazetteer.

    Returns
    -------
    pandas.DataFrame
        from, to, km, the record each end comes from (so a wrong reading is
        visible), and the note. Names the gazetteer lacks give no distance.
    """
    gaz = gazetteer
    rows = []
    for pair in pairs:
        a, b, note = (*pair, "")[:3]
        ends = []
        for x in (a, b):
            if isinstance(x, str):
                if gaz is None:
                    from ..gazetteer import load_gazetteer

                    gaz = load_gazetteer()
                ends.append((x, (gaz.lookup(x) or [None])[0]))
            else:
                ends.append((x.name, x))
        (na, ea), (nb, eb) = ends
        km = geodesic_km((ea.lat, ea.lon), (eb.lat, eb.lon)) if ea and eb else float("nan")
        rows.append({"from": na, "to": nb, "km": round(km, 1), "from_entry": _entry_label(ea),
                     "to_entry": _entry_label(eb), "note": note})
    return pd.DataFrame(rows, columns=["from", "to", "km", "from_entry", "to_entry", "note"])


def _entry_label(e: Any) -> str:
    if e is None:
        return "not in the gazetteer"
    return f"{e.name} ({e.feature}, {e.source} {e.source_id}, {e.lat:.4f}, {e.lon:.4f})"


def article_distance_pairs(places: pd.DataFrame, *, gazetteer: Any = None) -> list[tuple[Any, Any, str]]:
    """The distances worth showing for an article, from its own places.

    From the most-mentioned city (else the most-mentioned site) to every
    other city and site the article names; between the curated sites it
    names that lie within :data:`SITE_PAIR_KM` of each other; and from a
    named site to the nearest curated site of a related feature
    (:data:`RELATED_SITES`) within :data:`NEARBY_KM`, noted as not named in
    the article. Countries and regions are left out: a distance to
    their centre means little.

    Parameters
    ----------
    places : DataFrame
        The article's geoparse table (:func:`osint.geoparse`).
    gazetteer : Gazetteer, optional
        Where nearby curated sites are looked up.

    Returns
    -------
    list of (PlaceRef, PlaceRef or Entry, note)
        For :func:`distance_table`.
    """
    from ..gazetteer import CITY_FEATURES, COUNTRY_FEATURES, REGION_FEATURES

    placed = places.dropna(subset=["lat", "lon"])
    refs: dict[tuple[str, str], PlaceRef] = {}
    counts: dict[tuple[str, str], int] = {}
    for r in placed.itertuples(index=False):
        feature = str(r.feature or "")
        if feature in COUNTRY_FEATURES or feature in REGION_FEATURES:
            continue
        key = (str(r.source), str(r.source_id))
        refs.setdefault(key, PlaceRef(str(r.name), float(r.lat), float(r.lon), feature,
                                      str(r.source), str(r.source_id)))
        counts[key] = counts.get(key, 0) + 1
    if not refs:
        return []
    cities = [k for k in refs if refs[k].feature in CITY_FEATURES]
    # max() keeps the first of equals: ties go to the place named first.
    hub = max(cities or list(refs), key=lambda k: counts[k])
    out: list[tuple[Any, Any, str]] = []
    others = sorted((k for k in refs if k != hub),
                    key=lambda k: geodesic_km((refs[hub].lat, refs[hub].lon), (refs[k].lat, refs[k].lon)))
    out += [(refs[hub], refs[k], "from the most-mentioned city" if cities else "from the most-mentioned site")
            for k in others]
    sites = [k for k in refs if k[0] == "curated"]
    for i, a in enumerate(sites):
        for b in sites[i + 1:]:
            if hub not in (a, b) and geodesic_km((refs[a].lat, refs[a].lon),
                                                 (refs[b].lat, refs[b].lon)) <= SITE_PAIR_KM:
                out.append((refs[a], refs[b], "between sites the article names"))
    named_ids = {k[1] for k in sites}
    curated = None
    for k in sites:
        related = RELATED_SITES.get(refs[k].feature)
        if not related:
            continue
        if curated is None:
            curated = _curated_entries(gazetteer)
        here = (refs[k].lat, refs[k].lon)
        near = sorted(((geodesic_km(here, (e.lat, e.lon)), e) for e in curated
                       if e.feature in related and e.source_id not in named_ids),
                      key=lambda t: t[0])
        if near and near[0][0] <= NEARBY_KM:
            out.append((refs[k], near[0][1], NEARBY_NOTE))
    return out


def article_distances(places: pd.DataFrame, *, gazetteer: Any = None) -> pd.DataFrame:
    """:func:`distance_table` of :func:`article_distance_pairs`: the article's own key distances."""
    return distance_table(article_distance_pairs(places, gazetteer=gazetteer), gazetteer=gazetteer)


def _curated_entries(gazetteer: Any = None) -> list[Any]:
    from ..gazetteer import load_gazetteer

    gaz = gazetteer or load_gazetteer()
    return [gaz.entry(i) for i, src in enumerate(gaz.source) if src == "curated"]


def mentions_per_country(places: pd.DataFrame, *, gazetteer: Any = None) -> pd.Series:
    """Count placed mentions by country (names from the gazetteer), most first."""
    from ..gazetteer import load_gazetteer

    gaz = gazetteer or load_gazetteer()
    codes = places["country_code"].dropna()
    codes = codes[codes != ""]

    def name(code: str) -> str:
        e = gaz.country(code)
        return e.name if e else code

    counts = codes.map(name).value_counts()
    counts.index.name = "country"
    return counts.rename("mentions")
