"""The small tables and HTML fragments the notebooks show: the package does the work.

Metadata, dates, sentences with their mentions marked, the geocoding table (one
row per place, its mentions folded open), distances between the article's own
places, mentions per country, and :func:`table_html`, which shows any table so
that it reads at 1280 px and on a phone: no index, every cell whole (text
wraps; nothing is cut off with an ellipsis), URLs as links, no "None" or "NaN".
HTML comes from the package's fixed templates (:mod:`osint.render.html`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from markupsafe import Markup

from ..escape import safe_url
from ..geo import distance_km
from .html import Fragment, marked, render

#: What an empty cell shows.
EMPTY = "\u2014"


#: A cell with a token longer than this may break it anywhere (else a table would scroll sideways).
LONG_TOKEN = 24


_URL = re.compile(r"https?://[^\s;,<>\"']+[^\s;,<>\"'.)]")


def _parts(text: str) -> list[tuple[str, str | None]]:
    """A cell's text as (text, url) parts: each http(s) URL becomes a link, the rest stays text."""
    out: list[tuple[str, str | None]] = []
    pos = 0
    for m in _URL.finditer(text):
        url = safe_url(m.group())
        if url is None:
            continue
        if m.start() > pos:
            out.append((text[pos:m.start()], None))
        out.append((m.group(), url))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], None))
    return out


def _blank(v: Any) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and not v.strip()


def _text(v: Any) -> str:
    """A cell as text: missing (None, NaN, NA) is '', never "nan"."""
    return "" if _blank(v) else str(v)


def _cell(v: Any, digits: int | None) -> dict[str, Any]:
    if isinstance(v, Markup):
        return {"html": v, "parts": [], "cls": ""}
    if _blank(v):
        return {"html": None, "parts": [(EMPTY, None)], "cls": "none"}
    if isinstance(v, bool) or type(v).__name__ == "bool_":
        return {"html": None, "parts": [("yes" if v else "no", None)], "cls": ""}
    if isinstance(v, (int, float)) or hasattr(v, "dtype"):
        if isinstance(v, float) or (hasattr(v, "dtype") and v.dtype.kind == "f"):
            text = f"{float(v):,.{digits}f}" if digits is not None else f"{float(v):g}"
        else:
            text = str(v)
        return {"html": None, "parts": [(text, None)], "cls": "num"}
    if isinstance(v, (list, tuple)):
        v = "; ".join(str(x) for x in v if not _blank(x))
        if not v:
            return {"html": None, "parts": [(EMPTY, None)], "cls": "none"}
    text = str(v)
    # A long unbroken token (a URL, "a/b/c_d") may break anywhere; other text wraps at spaces.
    long = max((len(t) for t in text.split()), default=0) > LONG_TOKEN
    return {"html": None, "parts": _parts(text), "cls": "long" if long else ""}


def table_html(df: pd.DataFrame, *, digits: Mapping[str, int] | None = None, caption: str = "",
               note: str = "", columns: Mapping[str, str] | None = None) -> Fragment:
    """A table for a report: every cell whole, escaped, URLs as links, empty cells as a dash.

    Parameters
    ----------
    df : DataFrame
        Any table; its index is left out (make it a column to show it).
    digits : mapping, optional
        Decimals per float column (default: as short as exact).
    caption, note : str
        A line above the table and a paragraph under it.
    columns : mapping, optional
        Headings to show instead of column names.

    Returns
    -------
    Fragment
        HTML that ``display()`` shows; cells that are :class:`markupsafe.Markup`
        (made by the package's templates) are put in as they are (keep such a
        column ``dtype=object``: pandas turns ``str`` subclasses into strings).

    Examples
    --------
    >>> "None" in table_html(pd.DataFrame({"a": [None, 1.5]}))
    False
    """
    digits = dict(digits or {})
    names = dict(columns or {})
    cols = [str(c) for c in df.columns]
    heads = [names.get(c, c.replace("_", " ")) for c in cols]
    rows = []
    for values in df.itertuples(index=False, name=None):
        rows.append([(head, _cell(v, digits.get(col))) for head, col, v in zip(heads, cols, values)])
    return render("table.html.j2", columns=heads, rows=rows, caption=caption, note=note)


def shown_path(path: str | None) -> str:
    """A path as a report may show it: relative to the project, else the file name; never absolute.

    Examples
    --------
    >>> shown_path("/home/someone/articles/x.txt")
    'x.txt'
    """
    if not path:
        return ""
    from ..paths import PROJ_ROOT

    p = Path(path)
    if not p.is_absolute():
        return p.as_posix()
    try:
        return p.resolve().relative_to(PROJ_ROOT.resolve()).as_posix()
    except (ValueError, OSError):
        return p.name


def date_notice(article: Any, *, relative: int | None = None) -> Fragment:
    """Say once, clearly, that the publication date is unknown, what that costs and how to give it.

    Empty when the article has a date.

    Parameters
    ----------
    article : Article
    relative : int, optional
        How many relative dates ("on Thursday") the article holds, to say what is lost.
    """
    if getattr(article, "published", None):
        return Fragment("")
    name = Path(article.path).with_suffix(".json").name if getattr(article, "path", None) else "NAME.json"
    return render("notice.html.j2", name=name, relative=relative)


def metadata_table(article: Any) -> pd.DataFrame:
    """The article's metadata as a two-column table (field, value)."""
    pub = article.published.isoformat() if article.published else "unknown (no sidecar date; see below)"
    if article.published and article.published_inferred:
        pub += " (inferred, not stated by the source)"
    rows = [
        ("title", article.title), ("id", str(article.id)), ("language", article.language),
        ("published", pub), ("file", shown_path(article.path) or "standard input"),
        ("characters", f"{len(article.text):,}"), ("words", f"{len(article.text.split()):,}"),
    ]
    rows += [(str(k), "" if v is None else str(v)) for k, v in article.meta.items()]
    return pd.DataFrame(rows, columns=["field", "value"])


def dates_table(article: Any) -> pd.DataFrame:
    """Dates the article names, resolved against its publication date (:mod:`osint.dates`).

    A date that cannot be resolved (a relative one, without a publication date) has
    empty ``date_start``/``date_end`` and says why in ``derivation``.
    """
    from ..dates import find_dates

    refs = find_dates(article.text, article.published)
    cols = ["start", "text", "kind", "date_start", "date_end", "derivation"]
    return pd.DataFrame([{k: r.as_dict()[k] for k in cols} for r in refs], columns=cols)


#: The colour of each kind of mention in :func:`sentences_html`.
MARK_COLOURS = {"place": "#ffe066", "person": "#b2f2bb", "organisation": "#a5d8ff", "event": "#ffc9c9",
                "date": "#e5dbff"}


def sentences_html(text: str, spans: Iterable[tuple[int, int, str]], *, only_marked: bool = True) -> Fragment:
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
    return render("sentences.html.j2", colours=list(MARK_COLOURS.items()), sentences=rows)


def _source_link(source: str, source_id: str, source_url: Any, osm_type: Any = None,
                 osm_id: Any = None) -> str | None:
    """Where a row's record can be read: GeoNames' own page for a GeoNames row, else its source."""
    from ..gazetteer import GEONAMES_URL

    if source == "geonames" and source_id:
        return GEONAMES_URL.format(id=source_id)
    if osm_type in ("node", "way", "relation") and str(osm_id or "").isdigit():
        return f"https://www.openstreetmap.org/{osm_type}/{osm_id}"
    return safe_url(source_url) if isinstance(source_url, str) else None


def _groups(df: pd.DataFrame) -> dict[str, list[int]]:
    """Row positions of each place: placed mentions by record, unplaced ones by their text."""
    out: dict[str, list[int]] = {}
    for i, (lat, lon, src, sid, text) in enumerate(zip(df["lat"], df["lon"], df["source"], df["source_id"],
                                                      df["text"])):
        placed = not (pd.isna(lat) or pd.isna(lon))
        out.setdefault(f"{src}:{sid}" if placed else f"unplaced:{text}", []).append(i)
    return out


def _place_rows(df: pd.DataFrame) -> list[tuple[list[int], dict[str, Any]]]:
    """Each place's mention rows (positions in ``df``) and its row of :func:`geocoding_table`, in order."""
    from .maps import _alternatives, alternative_label, contender

    rows = []
    for key, idx in _groups(df).items():
        sub = df.iloc[idx]
        r = sub.iloc[0]
        placed = not key.startswith("unplaced:")
        counts = Counter(str(t) for t in sub["text"])
        alts: dict[str, None] = {}
        weaker: set[str] = set()
        for cell in sub["alternatives"]:
            for a in _alternatives(cell):
                if contender(a):
                    alts[alternative_label(a)] = None
                else:
                    weaker.add(alternative_label(a))
        conf = sub["confidence"].dropna()
        rows.append((idx, {
            "place": _text(r["name"]) if placed else _text(r["text"]),
            "mentions": len(sub),
            "written_as": ", ".join(f"{t} \u00d7{n}" if n > 1 else t for t, n in counts.most_common()),
            "feature": (_text(r["feature"]) or "unknown") if placed else "not placed",
            "country_code": _text(r["country_code"]) if placed else "",
            "lat": float(r["lat"]) if placed else float("nan"),
            "lon": float(r["lon"]) if placed else float("nan"),
            "source": f"{_text(r['source'])} {_text(r['source_id'])}".strip() if placed else
                      "none: the offline gazetteer has no entry",
            "source_link": _source_link(_text(r["source"]), _text(r["source_id"]), r["source_url"],
                                        r.get("osm_type"), r.get("osm_id")) if placed else None,
            "confidence": float(conf.max()) if placed and len(conf) else float("nan"),
            "confidence_min": float(conf.min()) if placed and len(conf) else float("nan"),
            "alternatives": "; ".join(alts),
            "weaker": len(weaker - set(alts)),
            "first_start": int(r["start"]),
            "fetched_at": _text(r.get("fetched_at")),
        }))
    # Placed first, most mentioned first, then in text order; what could not be placed last.
    rows.sort(key=lambda t: (t[1]["feature"] == "not placed", -t[1]["mentions"], t[1]["first_start"]))
    return rows


#: Columns of :func:`geocoding_table`.
GEOCODING_COLUMNS = ["place", "mentions", "written_as", "feature", "country_code", "lat", "lon", "source",
                     "source_link", "confidence", "confidence_min", "alternatives", "weaker", "first_start",
                     "fetched_at"]


def geocoding_table(places: pd.DataFrame) -> pd.DataFrame:
    """One row per place: how often and how the article names it, which record it became, how sure.

    Parameters
    ----------
    places : DataFrame
        :func:`osint.geoparse`'s table (one row per mention).

    Returns
    -------
    pandas.DataFrame
        place, mentions (count), written_as ("Russia ×20, Russian ×7"), feature,
        country_code, lat, lon, source (the record: ``geonames ID``, a curated id,
        an online answer), source_link (GeoNames' page for GeoNames rows, else the
        cited source), confidence (the highest; ``confidence_min`` the lowest),
        alternatives (real contenders only, see
        :data:`osint.render.maps.ALTERNATIVE_MIN_SHARE`), weaker (readings left
        out), first_start; and ``fetched_at`` when an online geocoder answered.
        Placed rows first, most mentioned first; mentions the offline gazetteer
        could not place last, one row per text.
    """
    from .maps import mention_table

    table = pd.DataFrame([row for _, row in _place_rows(mention_table(places))], columns=GEOCODING_COLUMNS)
    if not table["fetched_at"].astype(str).str.len().any():
        table = table.drop(columns="fetched_at")
    return table


def geocoding_html(places: pd.DataFrame, text: str | None = None) -> Fragment:
    """The geocoding table for a report: one row per place, its mentions folded open.

    Each row's mentions open (a click) on every sentence that names the place,
    the mention marked; the source links to GeoNames' page for GeoNames rows;
    alternatives are the real contenders. Reads at 1280 px without scrolling
    sideways, and as one card per place on a phone.
    """
    from .maps import ALTERNATIVE_MIN_SHARE, _sentence_spans, mention_table

    df = mention_table(places)
    spans = _sentence_spans(df, text)
    share = f"{ALTERNATIVE_MIN_SHARE:.0%}"
    online = any(row["fetched_at"] for _, row in _place_rows(df))
    out = []
    placed = 0
    for idx, row in _place_rows(df):
        r = pd.Series(row)
        placed += not pd.isna(r.lat)
        sentences: dict[str, list[tuple[int, int]]] = {}
        for i in idx:
            sent, s, e = spans[i]
            sentences.setdefault(sent, []).append((s, e))
        mentions = render("mentions.html.j2", count=r.mentions, written=r.written_as,
                          sentences=[marked(sent, sp) for sent, sp in sentences.items()])
        where = "" if pd.isna(r.lat) else f"{r.lat:.5f}, {r.lon:.5f}"
        kind = " \u00b7 ".join(x for x in (r.feature, r.country_code) if x)
        source = render("link.html.j2", url=r.source_link, text=r.source) if r.source_link else r.source
        conf = "" if pd.isna(r.confidence) else (
            f"{r.confidence:.2f}" if pd.isna(r.confidence_min) or abs(r.confidence - r.confidence_min) < 0.005
            else f"{r.confidence_min:.2f}\u2013{r.confidence:.2f}")
        alts = r.alternatives or ("none" if not pd.isna(r.lat) else "")
        if r.weaker:
            alts += f" (and {r.weaker} under {share})"
        cells = {"place": r.place, "mentions": mentions, "kind": kind, "lat, lon": where, "source": source,
                 "confidence": conf, "alternatives": alts}
        if online:
            cells["fetched"] = r.fetched_at
        out.append(cells)
    unplaced = len(out) - placed
    caption = f"{len(df)} mentions: {placed} places" + (
        f", and {unplaced} names the offline gazetteer could not place" if unplaced else "")
    # object dtype: pandas would turn the cells' HTML (Markup) into plain strings
    return table_html(pd.DataFrame(out, dtype=object), caption=caption)


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


def plot_mentions_per_country(counts: pd.Series, ax: Any = None) -> Any:
    """A bar chart of :func:`mentions_per_country`; returns the figure, or None when it is empty."""
    import matplotlib.pyplot as plt

    if not len(counts):
        return None
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.35 * max(len(counts), 3) + 0.8))
    ordered = counts.sort_values()
    ordered.plot.barh(ax=ax, color="#1f77b4")
    ax.set_xlabel("mentions")
    ax.set_ylabel("")
    ax.set_title("Place mentions per country")
    for i, v in enumerate(ordered):
        ax.text(v, i, f" {v}", va="center")
    ax.figure.tight_layout()
    return ax.figure
