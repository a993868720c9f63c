"""One analysis per article: :func:`analyze` returns a :class:`Case` that every output reads.

A case holds the article, the inputs as resolved (the home region, the review file, the
gazetteer, online or not, the publication date the dates are anchored on) and computes each
stage once, on first use, handing it the stage before:

- :attr:`Case.place_list`: the article's places (extracted and resolved once, refined online
  when allowed, the review applied), and :attr:`Case.places`, the one places table;
- :attr:`Case.names`: the people, organisations and events, read beside those places;
- :attr:`Case.statements` and :attr:`Case.claims`: who said what, and the imagery claims, whose
  sites are the case's places (so a home hint or a review reaches them);
- :attr:`Case.report`: every check on every imagery claim and a verdict each
  (:attr:`Case.checks`, :attr:`Case.verdicts` as tables).

:meth:`Case.save` writes the whole analysis to one JSON file and :func:`load_case` reads it
back without the gazetteer, so that the report's notebooks and exports read the analysis
instead of redoing it. :func:`geoparse`, :func:`find_claims` and :func:`crossref` are the
earlier entry points, kept as thin wrappers over :func:`analyze`.

>>> import osint
>>> case = osint.analyze("Shoigu flew from Moscow to Pyongyang.")
>>> list(case.places["name"])
['Moscow', 'Pyongyang']
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .article import load_article
from .errors import InputError
from .model import Article, Mention, Name, Place, places_frame

if TYPE_CHECKING:
    import pandas as pd

    from .claims import Claims
    from .gazetteer import Gazetteer
    from .model import CrossrefReport, Statement

#: The format of a saved case; bumped when its layout changes.
CASE_FORMAT = "osint-case"
CASE_VERSION = 1
#: A saved case is the analysis of one article: megabytes at most.
MAX_CASE_BYTES = 200 * 2**20

Source = str | os.PathLike[str] | Article


@dataclass(frozen=True)
class Inputs:
    """What a case was asked, resolved: each stage reads these, never the caller's arguments.

    Attributes
    ----------
    home : str or None
        The home region hint (given, else the article's ``place`` field).
    review : str or None
        The review file applied (given, else the article's own ``NAME.review.csv``).
    online : bool
        Whether online sources may be asked.
    geocode : bool
        Whether the online geocoder refines the places.
    published : date or None
        The date relative dates are anchored on (given, else the article's).
    published_inferred : bool
        True when that date was inferred, not stated.
    layers : tuple of str
        The analyst's gazetteer layers laid over the embedded gazetteer.
    evidence : tuple of str
        Evidence tables for the cross-reference, read after the shipped one when
        ``default_evidence``.
    elements : str or None
        An orbital-elements file to use instead of CelesTrak.
    """

    home: str | None = None
    review: str | None = None
    online: bool = False
    geocode: bool = False
    published: dt.date | None = None
    published_inferred: bool = False
    layers: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    default_evidence: bool = True
    elements: str | None = None


def as_article(source: Source) -> Article:
    """The article ``source`` names: an :class:`Article` as it is, the path of a ``.txt`` article
    (read with its sidecar, as the command line reads it), or the text itself.

    A one-line string that ends in ``.txt`` is taken as a path.
    """
    if isinstance(source, Article):
        return source
    if isinstance(source, os.PathLike) or (
            isinstance(source, str) and "\n" not in source and len(source) < 4096
            and Path(source).suffix.lower() == ".txt"):
        return load_article(os.fspath(source))
    if not isinstance(source, str):
        raise TypeError(f"analyze() takes text, an Article or a path, not {type(source).__name__}")
    return Article(id="text", text=source)


def _own_review(article: Article, review: Any) -> str | None:
    """The review file to apply: the one given, else the article's own when it has one."""
    if review is False:
        return None
    if review not in (None, True):
        return str(review)
    if not article.path:
        return None
    from .article import resolve_article
    from .io import is_file
    from .places.review import review_path

    try:
        path = str(resolve_article(article.path))
    except InputError:  # "seeds/x.txt" names the project's file from elsewhere
        path = article.path
    candidate = review_path(path)
    return str(candidate) if is_file(candidate) else None


def _layers(gazetteer: Any) -> tuple[Gazetteer | None, tuple[str, ...]]:
    from .gazetteer import Gazetteer

    if gazetteer is None or isinstance(gazetteer, Gazetteer):
        return gazetteer, ()
    many = isinstance(gazetteer, (list, tuple))
    return None, tuple(str(p) for p in (gazetteer if many else [gazetteer]))


def analyze(source: Source, *, gazetteer: Any = None, home: str | Any = None,
            review: str | os.PathLike[str] | bool | None = None, online: bool = False,
            published: dt.date | str | None = None,
            evidence: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
            default_evidence: bool = True, elements: str | os.PathLike[str] | None = None,
            geocoder: Any = None, geocode: bool | None = None,
            warn: Callable[[str], None] | None = None) -> Case:
    """Analyse one article: its places, names, claims and their checks, each computed once.

    Parameters
    ----------
    source : str, Path or Article
        The text itself, an :class:`~osint.model.Article`, or the path of a ``.txt`` article
        (read with its ``.json`` sidecar); all three give the same analysis.
    gazetteer : Gazetteer, path or list of paths, optional
        The embedded gazetteer by default; a layer file (or several) of your own places (CSV,
        GeoJSON, KML/KMZ) is laid over it.
    home : str or Home, optional
        Where the article comes from ("Springfield, Ill.", "UA"): a prior for namesakes the
        text leaves open. Default: the sidecar's ``place`` field.
    review : path or bool, optional
        An analyst's review file (default: the article's own ``NAME.review.csv`` when it has
        one; ``False``: none). It reaches every output: the places table, the map and the
        claims' sites.
    online : bool, default False
        Let the checks ask their services and (unless ``geocode`` says otherwise) the geocoder
        refine the places the gazetteer cannot place well.
    geocode : bool, optional
        Whether the online geocoder refines the places (default: ``online``).
    published : date or ``YYYY-MM-DD``, optional
        The date relative dates are anchored on (default: the article's).
    evidence, default_evidence, elements :
        For the cross-reference (see :func:`osint.checks.run.check_claims`).
    geocoder : Provider or Refiner, optional
        The online geocoder (default: the one the environment configures).
    warn : callable, optional
        Receives warnings (a failing service, stale review rows); default :func:`warnings.warn`.

    Returns
    -------
    Case

    Raises
    ------
    InputError
        A path that cannot be read as an article, a bad date, a review or layer file that
        cannot be read.
    """
    article = as_article(source)
    gaz, layers = _layers(gazetteer)
    if home is None and isinstance(article.meta.get("place"), str):
        home = article.meta["place"]
    if isinstance(published, str):
        given_date = published
        try:
            published = dt.date.fromisoformat(given_date)
        except ValueError:
            raise InputError(f"published date {given_date[:40]!r} is not YYYY-MM-DD") from None
    given = (list(evidence) if isinstance(evidence, (list, tuple)) else
             [evidence] if evidence is not None else [])
    inputs = Inputs(
        home=home if home is None or isinstance(home, str) else None,
        review=_own_review(article, review), online=online, geocode=online if geocode is None else geocode,
        published=published or article.published,
        published_inferred=published is None and article.published_inferred,
        layers=layers,
        evidence=tuple(str(p) for p in given),
        default_evidence=default_evidence, elements=str(elements) if elements is not None else None)
    return Case(article, inputs, gazetteer=gaz, home=home, geocoder=geocoder, warn=warn)


def _read_languages() -> frozenset[str]:
    from .language import read_languages

    return read_languages()


def _warn_language(message: str) -> None:
    import warnings

    from .errors import LanguageWarning

    warnings.warn(message, LanguageWarning, stacklevel=4)


def _warn_python(message: str) -> None:
    import warnings

    warnings.warn(message, stacklevel=3)


@dataclass
class _Stages:
    """What a case has computed so far (all of it, in a case read back from a file)."""

    typed: list[Name] | None = None
    resolved: list[Place] | None = None
    place_list: list[Place] | None = None
    review: dict[str, Any] | None = None
    names: list[dict[str, Any]] | None = None
    statements: list[Statement] | None = None
    claims: Claims | None = None
    report: CrossrefReport | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Case:
    """The analysis of one article; every output reads it (see the module description).

    Stages are computed on first use and kept. Use :func:`analyze` to make one and
    :func:`load_case` to read a saved one.
    """

    def __init__(self, article: Article, inputs: Inputs, *, gazetteer: Gazetteer | None = None,
                 home: Any = None, geocoder: Any = None, warn: Callable[[str], None] | None = None):
        self.article = article
        self.inputs = inputs
        self._gazetteer = gazetteer
        self._home = home if home is not None else inputs.home
        self._geocoder = geocoder
        self._warn = warn
        #: Where warnings go (stale review rows; a failing service's, when given).
        self.warn = warn or _warn_python
        self._done = _Stages()

    def __repr__(self) -> str:
        done = [k for k, v in vars(self._done).items() if v is not None and k != "extra"]
        return f"Case({self.article!r}, computed: {', '.join(done) or 'nothing yet'})"

    # ------------------------------------------------------------------ inputs

    @property
    def text(self) -> str:
        """The article's text (every span indexes into it)."""
        return self.article.text

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer the places are resolved with (loaded on first use)."""
        if self._gazetteer is None:
            from .gazetteer import load_gazetteer

            self._gazetteer = load_gazetteer(layers=self.inputs.layers)
        return self._gazetteer

    @functools.cached_property
    def home(self) -> Any:
        """The home region (:class:`osint.places.home.Home`) the hint names, or None."""
        if self._home is None:
            return None
        from .places.home import home_from_hint

        return home_from_hint(self._home, self.gazetteer)

    # ------------------------------------------------------------------ places

    @functools.cached_property
    def language(self) -> Any:
        """The article's language (:class:`osint.language.Language`): the sidecar's when it names one,
        else the text's."""
        from .language import detect

        declared = self.article.language if self.article.language not in ("", "en") else None
        return detect(self.text, declared=declared)

    @functools.cached_property
    def notes(self) -> list[str]:
        """What every output must say about this analysis: a language the tool does not read, the
        stretches of another script an English article holds (counted, not read)."""
        from .language import NAMES, READ_SCRIPTS, foreign_stretches

        out = []
        if not self.language.read:
            out.append(self.language.note())
        elif self.language.script:
            read = READ_SCRIPTS if {"ru", "uk"} & _read_languages() else READ_SCRIPTS - {"Cyrillic"}
            runs = [r for r in foreign_stretches(self.text, self.language.script) if r[2] not in read]
            if runs:
                # A stretch read as a place (a Han gloss after a Korean name: "난사군도(南沙群岛)") was read.
                spans = [(p.mention.start, p.mention.end) for p in self.resolved]
                runs = [r for r in runs if not any(s <= r[0] and r[1] <= e for s, e in spans)]
            if runs:
                scripts = sorted({s if s != "Other" else "another" for _, _, s in runs})
                first = self.text[runs[0][0]:runs[0][1]][:40]
                out.append(f"{len(runs)} stretch{'es' if len(runs) != 1 else ''} in {', '.join(scripts)} "
                           f"script (first: {first!r}) {'were' if len(runs) != 1 else 'was'} not read: "
                           f"osint reads place names in "
                           f"{', '.join(sorted(NAMES[c] for c in _read_languages()))} only")
        return out

    @property
    def typed_names(self) -> list[Name]:
        """Every name the typing stage typed (ships, units, organisations, outlets, weapons,
        companies, events, people), each with the cue that typed it; the places inside them are
        no places of the story (see :mod:`osint.names`)."""
        if self._done.typed is None:
            from .names import type_names

            self._done.typed = type_names(self.text, self.gazetteer)
        return self._done.typed

    @property
    def resolved(self) -> list[Place]:
        """Every mention with the place chosen for it, before the review (extracted and resolved
        once; refined online when allowed)."""
        if self._done.resolved is None:
            places = place_text(self.text, self.gazetteer, home=self.home, names=self.typed_names)
            if self.inputs.geocode:
                from .places.refine import refine_places

                places = refine_places(places, geocoder=self._geocoder, warn=self._warn)
            self._done.resolved = places
            # Said once, with the places (the notes count what they did not read).
            for note in self.notes:
                (self._warn or _warn_language)(note)
        return self._done.resolved

    @property
    def place_list(self) -> list[Place]:
        """The places with the review applied, in text order: what the claims, the map and every
        table read."""
        if self._done.place_list is None:
            places = self.resolved
            if self.inputs.review is not None:
                from .places.review import review_places

                done = review_places(places, self.text, self.inputs.review)
                for line in done.stale_lines():
                    self.warn(line)
                places = done.places
                self._done.review = {"file": done.source, "applied": len(done.applied),
                                     "stale": done.stale_lines()}
            self._done.place_list = places
        return self._done.place_list

    @property
    def review(self) -> dict[str, Any] | None:
        """What the review did: the file, how many rows were applied, the stale rows (None: no review)."""
        self.place_list  # noqa: B018 - the review is applied with the places
        return self._done.review

    @property
    def places(self) -> pd.DataFrame:
        """The places table (:data:`osint.model.COLUMNS`, and the analyst's columns when a review
        was applied): one row per mention."""
        df = places_frame(self.text, self.place_list, reviewed=self.review is not None)
        if self.review is not None:
            df.attrs["review"] = dict(self.review)
        return df

    @property
    def names(self) -> pd.DataFrame:
        """The people, organisations and events the article names (see
        :func:`osint.places.people_and_organisations`)."""
        import pandas as pd

        from .places.people import COLUMNS

        if self._done.names is None:
            from .places import people_and_organisations

            df = people_and_organisations(self.text, gazetteer=self.gazetteer, places=self.resolved,
                                          typed=self.typed_names)
            self._done.names = df.to_dict("records")
        return pd.DataFrame(self._done.names, columns=COLUMNS)

    # ------------------------------------------------------------------ claims and checks

    @property
    def statements(self) -> list[Statement]:
        """Who said what, in text order."""
        if self._done.statements is None:
            from .claims import find_statements

            self._done.statements = find_statements(self.text, gazetteer=self.gazetteer)
        return self._done.statements

    @property
    def claims(self) -> Claims:
        """The statements and the imagery claims; the claims' sites are this case's places."""
        if self._done.claims is None:
            from .claims import Claims, find_imagery_claims

            imagery = find_imagery_claims(self.article, places=self.place_list, statements=self.statements,
                                          published=self.inputs.published, gazetteer=self.gazetteer)
            self._done.claims = Claims(tuple(self.statements), tuple(imagery))
        return self._done.claims

    @property
    def weather(self) -> tuple[Any, ...]:
        """The weather the article states (:class:`osint.model.claims.WeatherWord`: "thick
        monsoon cloud", "overcast"), in text order: soft evidence the checks read for optical
        claims (each claim also holds those of its own paragraph)."""
        from .claims.imagery import weather_words

        return weather_words(self.text)

    @property
    def report(self) -> CrossrefReport:
        """Every check on every imagery claim, and a verdict each."""
        if self._done.report is None:
            from .checks.run import check_claims

            i = self.inputs
            self._done.report = check_claims(
                self.article, self.claims.imagery, self.statements, published=i.published,
                published_inferred=i.published_inferred, online=i.online, elements=i.elements,
                evidence=list(i.evidence) or None, default_evidence=i.default_evidence,
                gazetteer=self.gazetteer)
        return self._done.report

    @property
    def checks(self) -> pd.DataFrame:
        """One row per (imagery claim, check)."""
        return self.report.checks_frame()

    @property
    def verdicts(self) -> pd.DataFrame:
        """One row per imagery claim: its verdict, reasoning and each check's status."""
        return self.report.verdict_frame()

    # ------------------------------------------------------------------ views (what the notebooks show)

    def _dated(self) -> Article:
        return replace(self.article, published=self.inputs.published,
                       published_inferred=self.inputs.published_inferred)

    def metadata(self) -> pd.DataFrame:
        """The article's metadata: title, publication date (and whether inferred), source, file."""
        from .render.tables import metadata_table

        return metadata_table(self._dated())

    def dates(self) -> pd.DataFrame:
        """Every date expression, resolved against the publication date with the rule applied."""
        from .render.tables import dates_table

        return dates_table(self._dated())

    def date_notice(self, *, relative: int | None = None) -> Any:
        """A note on the publication date the relative dates hang on (HTML)."""
        from .render.tables import date_notice

        return date_notice(self._dated(), relative=relative)

    def geocoding(self) -> pd.DataFrame:
        """One row per place, most mentioned first, with how the article names it and its source."""
        from .render.tables import geocoding_table

        return geocoding_table(self.places)

    def geocoding_html(self) -> Any:
        """:meth:`geocoding` as HTML, each place's mentions folded under it with their sentences."""
        from .render.tables import geocoding_html

        return geocoding_html(self.places, self.text)

    def unplaced(self) -> list[str]:
        """The mentions no place was found for."""
        from .render.maps import unplaced_mentions

        return unplaced_mentions(self.places, self.text)

    def review_queue(self) -> pd.DataFrame:
        """The mentions an analyst should check first (unplaced, unsure, far from the rest)."""
        from .places.review import review_queue

        return review_queue(self.places)

    def review_template(self) -> str:
        """:meth:`review_queue` as a review file (CSV) to fill in."""
        from .places.review import review_template

        return review_template(self.places, self.text)

    def map(self, *, show_tiles: bool | None = None) -> Any:
        """The map of the places and the imagery claims' sites (a folium map that opens offline)."""
        from .render.maps import claim_sites, place_map

        return place_map(self.places, title=self.article.title, text=self.text,
                         claim_sites=claim_sites(self.claims.imagery),
                         show_tiles=self.inputs.online if show_tiles is None else show_tiles)

    def sites_map(self, *, show_tiles: bool | None = None) -> Any:
        """The imagery claims' sites with their areas of interest, or None when no claim has a site."""
        from .render.maps import claim_sites_map

        return claim_sites_map(self.claims.imagery,
                               show_tiles=self.inputs.online if show_tiles is None else show_tiles)

    def distances(self) -> pd.DataFrame:
        """Geodesic distances between the key places the article names (see
        :func:`osint.render.tables.article_distances`)."""
        from .render.labels import organisation_rows
        from .render.tables import article_distances

        # An organisation named for its people is no place to measure to (a think tank
        # "10,000 km away"): only the places where something happens.
        places = self.places
        return article_distances(places[~organisation_rows(places, self.text)], gazetteer=self._gazetteer)

    def mentions_per_country(self) -> pd.Series:
        """Placed mentions per country (cities and sites count for theirs)."""
        from .render.tables import mentions_per_country

        return mentions_per_country(self.places, gazetteer=self._gazetteer)

    def entities(self) -> Any:
        """The article's places, people, organisations and statements, for FtM, GraphML and the graph."""
        from .render.entities import article_entities

        return article_entities(self.article, self.places, names=self.names, statements=self.statements)

    def entity_graph(self) -> Any:
        """Who is connected to whom (a networkx graph; see :func:`osint.render.entities.entity_graph`)."""
        from .render.entities import entity_graph

        return entity_graph(self.entities())

    def draw_entity_graph(self, ax: Any = None) -> Any:
        """Draw the most connected entities of :meth:`entity_graph` (a matplotlib figure), or None
        when nothing links anything or it cannot be drawn clearly (then :meth:`connections`)."""
        from .render.entities import draw_entity_graph

        return draw_entity_graph(self.entity_graph(), ax)

    def connections(self) -> pd.DataFrame:
        """Who is connected to whom as a table, the most connected entities first (its
        ``attrs["left_out"]`` counts the others)."""
        from .render.entities import connections_table

        return connections_table(self.entity_graph())

    def plot_mentions_per_country(self, ax: Any = None) -> Any:
        """A bar chart of :meth:`mentions_per_country`, or None when no mention was placed in a country."""
        from .render.tables import plot_mentions_per_country

        return plot_mentions_per_country(self.mentions_per_country(), ax)

    def sentences_html(self) -> Any:
        """Every sentence that names someone, somewhere or some time, the mentions marked (HTML)."""
        from .render.tables import sentences_html

        spans = [(p.mention.start, p.mention.end, "place") for p in self.place_list]
        spans += [(int(r.start), int(r.start) + len(r.text), "date") for r in self.dates().itertuples()]
        spans += self.name_spans()
        return sentences_html(self.text, spans)

    def name_spans(self) -> list[tuple[int, int, str]]:
        """Every occurrence of a person, organisation or event name: (start, end, kind)."""
        if "name_spans" not in self._done.extra:
            from .places import find_names

            found = find_names(self.text, gazetteer=self.gazetteer, places=self.resolved,
                               typed=self.typed_names)
            self._done.extra["name_spans"] = [(n.start, n.end, n.kind) for n in found]
        return [tuple(x) for x in self._done.extra["name_spans"]]

    def statements_table(self) -> pd.DataFrame:
        """Every attributed statement, one row each."""
        from .claims import statements_frame

        return statements_frame(self.statements)

    def imagery_table(self) -> pd.DataFrame:
        """The imagery claims, one row each, with how each site and window was worked out."""
        from .claims import imagery_frame
        from .render.maps import window_label

        df = imagery_frame(self.claims.imagery)
        df["window"] = [window_label(c.window) for c in self.claims.imagery]
        return df

    def timeline(self) -> Any:
        """The claims' windows, the article's dated events, the evidence and daylight on one
        timeline (a matplotlib figure), or None when no claim has a window."""
        from .checks import load_evidence
        from .render.timeline import claims_timeline

        evidence = load_evidence(list(self.inputs.evidence) or None, default=self.inputs.default_evidence)
        return claims_timeline(self.report, evidence)

    def verdict_cards(self) -> Any:
        """The verdicts as one card per imagery claim (HTML): the verdict, the claim's sentence,
        speaker, site and dates, the checks that found something and what would change it."""
        from .render.verdicts import verdict_cards

        return verdict_cards(self.report)

    def settle(self) -> pd.DataFrame:
        """For every open check, the evidence that would settle it and where to get it."""
        from .checks import settle_frame

        return settle_frame(self.report)

    # ------------------------------------------------------------------ one file

    def compute(self, *, report: bool = True) -> Case:
        """Compute every stage now (the places, names, claims and, with ``report``, the checks)."""
        self.place_list  # noqa: B018
        self._done.names is None and self.names  # noqa: B018
        self.name_spans()
        self.claims  # noqa: B018
        if report:
            self.report  # noqa: B018
        return self

    def to_dict(self) -> dict[str, Any]:
        """The whole analysis as JSON-ready data (every stage computed first)."""
        # The codec loads the dates module; a run that only geoparses needs neither.
        from .model.codec import encode

        self.compute()
        d = self._done
        return {"format": CASE_FORMAT, "version": CASE_VERSION,
                "article": encode(self.article), "inputs": encode(vars(self.inputs)),
                "gazetteer": getattr(self._gazetteer, "build_id", None),
                "typed": encode(d.typed), "resolved": encode(d.resolved), "places": encode(d.place_list),
                "review": encode(d.review),
                "names": encode(d.names), "statements": encode(d.statements),
                "imagery": encode(list(d.claims.imagery) if d.claims else None), "report": encode(d.report),
                "extra": encode(d.extra)}

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the whole analysis to one JSON file (see :func:`load_case`); returns the path."""
        from .io import atomic_output

        data = json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))
        with atomic_output(path) as fh:
            fh.write(data)
        return Path(path)


def load_case(path: str | os.PathLike[str]) -> Case:
    """Read a case :meth:`Case.save` wrote: every stage as it was computed, no gazetteer needed.

    Raises
    ------
    InputError
        Not a readable case file (another format, a newer version, damaged, too large).
    """
    from .claims import Claims
    from .io import parse_json, read_limited
    from .model.codec import decode

    raw = read_limited(path, limit=MAX_CASE_BYTES, what="saved case")
    try:
        doc = parse_json(raw)
        if not isinstance(doc, dict) or doc.get("format") != CASE_FORMAT:
            raise ValueError("not a saved case")
        if doc.get("version") != CASE_VERSION:
            raise ValueError(f"a case of version {doc.get('version')!r}; this osint reads {CASE_VERSION}")
        article = decode(doc["article"])
        inputs = Inputs(**decode(doc["inputs"]))
        statements = decode(doc["statements"])
        case = Case(article, inputs)
        case._done = _Stages(typed=decode(doc.get("typed")), resolved=decode(doc["resolved"]),
                             place_list=decode(doc["places"]),
                             review=decode(doc["review"]), names=decode(doc["names"]), statements=statements,
                             claims=Claims(tuple(statements), tuple(decode(doc["imagery"]))),
                             report=decode(doc["report"]), extra=decode(doc.get("extra") or {"@m": []}))
    except (ValueError, TypeError, KeyError, UnicodeDecodeError) as exc:
        raise InputError(f"not a readable saved case ({str(exc)[:200]})", path=str(path)) from exc
    return case


# ---------------------------------------------------------------------- the earlier entry points


def geoparse(source: Source, *, gazetteer: Any = None, online: bool = False, geocoder: Any = None,
             warn: Callable[[str], None] | None = None, home: Any = None,
             review: str | os.PathLike[str] | bool | None = None) -> pd.DataFrame:
    """Geoparse a text into the table of its place mentions: ``analyze(...).places``.

    Parameters are those of :func:`analyze`. The text, an Article and its path give the same
    rows (the sidecar's ``place`` is the home region, the article's own review file applies).

    Returns
    -------
    pandas.DataFrame
        One row per mention, :data:`osint.model.COLUMNS`: start, end (code points, end
        exclusive), text, name, lat, lon, feature, country_code, admin1, source, source_id,
        source_url, confidence, kind, alternatives, reason, review, sentence, and for places an
        online geocoder gave, provider, display_name, osm_type, osm_id, fetched_at and
        attribution (None otherwise). Unresolved mentions have NaN coordinates.

    Examples
    --------
    >>> df = geoparse("Shoigu flew from Moscow to Pyongyang.")
    >>> list(df["name"])
    ['Moscow', 'Pyongyang']
    """
    return analyze(source, gazetteer=gazetteer, online=online, geocoder=geocoder, warn=warn, home=home,
                   review=review).places


def find_claims(source: Source, *, published: dt.date | None = None, gazetteer: Any = None,
                home: Any = None, review: str | os.PathLike[str] | bool | None = None) -> Claims:
    """An article's attributed statements and imagery claims: ``analyze(...).claims``."""
    return analyze(source, gazetteer=gazetteer, published=published, home=home, review=review).claims


def crossref(source: Source, *, published: dt.date | str | None = None, online: bool = False,
             elements: str | os.PathLike[str] | None = None,
             evidence: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
             default_evidence: bool = True, gazetteer: Any = None, include_statements: bool = True,
             review: str | os.PathLike[str] | bool | None = None, home: Any = None) -> CrossrefReport:
    """Cross-reference an article's imagery claims: ``analyze(...).report``.

    With ``include_statements`` False the other attributed statements are left out of the report.
    """
    if elements is not None:
        from .online.orbits import load_elements

        load_elements(os.fspath(elements))  # a file given must be usable: checked before any work
    # The cross-reference's online sources are the checks' (weather, catalogs, orbits): the places
    # are the gazetteer's, as they always were here.
    case = analyze(source, published=published, online=online, geocode=False, elements=elements,
                   evidence=evidence, default_evidence=default_evidence, gazetteer=gazetteer, review=review,
                   home=home)
    rep = case.report
    if include_statements:
        return rep
    return replace(rep, results=tuple(r for r in rep.results if r.kind == "imagery"))


def geoparse_places(text: str, *, gazetteer: Gazetteer | None = None, online: bool = False,
                    geocoder: Any = None, warn: Callable[[str], None] | None = None,
                    home: Any = None, embedded: bool = False) -> list[Place]:
    """Find and place every place mention of ``text`` (offline unless ``online``).

    Parameters
    ----------
    text : str
        Any English text.
    gazetteer : Gazetteer, optional
        Defaults to the embedded gazetteer.
    online : bool, default False
        Ask an online geocoder (see :mod:`osint.online.geocoders`) about the mentions
        the gazetteer lacks or places with low confidence. A failing service
        leaves the offline places in place, with one warning.
    geocoder : Provider or Refiner, optional
        The online provider; defaults to the one the environment configures.
    warn : callable, optional
        Receives the warning of a failing service (default :func:`warnings.warn`).
    home : str, Home or (country code, division code), optional
        Where the article comes from ("Springfield, Mo.", "UA", ``("US", "WV")``): a prior for
        namesakes the text leaves open (see :func:`osint.places.home.home_from_hint`).
    embedded : bool, default False
        Return the toponyms inside the names of organisations, units, ships, outlets and
        events too, marked (:attr:`Place.within`): toponym corpora count them; a map does not.

    Returns
    -------
    list of Place
        In text order; unresolved mentions have ``entry`` None.
    """
    from .gazetteer import load_gazetteer
    from .places.home import home_from_hint

    gaz = gazetteer or load_gazetteer()
    hint = None if home is None else home_from_hint(home, gaz)
    places = place_text(text, gaz, home=hint, embedded=embedded)
    if online:
        from .places.refine import refine_places

        places = refine_places(places, geocoder=geocoder, warn=warn)
    return places


def place_text(text: str, gazetteer: Gazetteer, *, home: Any = None, names: Sequence[Name] | None = None,
               embedded: bool = False) -> list[Place]:
    """The places stage on one text: its names typed (unless ``names`` are given), its mentions
    found outside them and placed, the coordinates it states added (each step once).

    With ``embedded``, the toponyms inside typed names come too, placed with the others as their
    context and marked with the name (:attr:`Place.within`): what a toponym corpus counts
    ("Tennessee" in "Tennessee Valley Authority"), never a place of the story.
    """
    from .names import type_names
    from .places import extract, resolve
    from .places.anchored import with_anchored
    from .places.borders import with_borders
    from .places.compass import with_compass_parts
    from .places.coordinates import with_stated
    from .places.extract import split_by_names
    from .places.geography import settle
    from .places.parts import has_sites, site_parts
    from .places.reach import at_reach
    from .text import has_native_letters

    if has_native_letters(text):  # the native readers (loaded only for such a text) find nothing else
        from .places.native import flagged_latin_names, native_mentions

        found = _with_native(extract(text, gazetteer), native_mentions(text, gazetteer))
        # "Azov Concord (Мальта)" in a Cyrillic text: a ship under its flag, not Azov
        flagged = flagged_latin_names(text, gazetteer)
        found = [m for m in found if not any(s <= m.start and m.end <= e for s, e in flagged)]
    else:
        found = _with_native(extract(text, gazetteer), [])
    # Without the text's names, only those that touch a mention are typed (most runs touch none);
    # the named parts of a site, read from what is left, need them all.
    lazy = names is None
    if names is None:
        names = type_names(text, gazetteer, near=[(m.start, m.end) for m in found])
    outside, inside = split_by_names(found, names)
    places = at_reach(settle(resolve(text, outside, gazetteer, home=home), gazetteer, text))
    if lazy and has_sites(places):
        names = type_names(text, gazetteer)
    places = site_parts(text, places, names)
    if not embedded:
        # A map's row for "the Kyrgyz-Tajik border" is the border; a toponym corpus counts the
        # two countries.
        places = with_compass_parts(text, with_borders(text, places, gazetteer), gazetteer)
    places = with_anchored(with_stated(places, text), text, gazetteer.demonyms)
    if not (embedded and inside):
        return places
    # A name that is wholly a place's name used for something else ("The Kremlin said", "on board
    # the Moskva") holds no toponym: the building or the town stands for its occupants or a ship.
    inside = [(m, n) for m, n in inside if not (n.whole and _bare(n.text) == _bare(m.text))]
    if not inside:
        return places
    within = {m.start: n for m, n in inside}
    every = sorted(outside + [m for m, _ in inside], key=lambda m: m.start)
    both = resolve(text, every, gazetteer, home=home)
    extra = [p._replace(within=within[p.mention.start]) for p in both if p.mention.start in within]
    return sorted(places + extra, key=lambda p: p.mention.start)


def _bare(name: str) -> str:
    """A name without its article ("The Kremlin" -> "Kremlin")."""
    return name[4:] if name[:4] in ("The ", "the ") else name


def _with_native(found: list[Mention], native: list[Mention]) -> list[Mention]:
    """The English extractor's mentions with the native-script reader's (Korean, Russian,
    Ukrainian): the English reader keeps its Latin names, and a part after a hyphen in another
    script ("РБК-Україна") is the native reader's to judge."""
    from .text import fold

    # Also when the native reader found nothing there: "РБК-Україна" is an outlet, whatever a
    # part after its hyphen names.
    found = [m for m in found if m.text[:1].isascii() or "a" <= fold(m.text[:1]).lower()[:1] <= "z"]
    if not native:
        return found
    apart = [m for m in native if not any(f.start < m.end and m.start < f.end for f in found)]
    return sorted(found + apart, key=lambda m: m.start)


def people_and_organisations(text: str, *, gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """The names table of a bare text: its names typed, its places found, then the people,
    organisations, units, ships, outlets, weapons and events it names with why
    (:func:`osint.places.people_and_organisations`, handed both).

    Examples
    --------
    >>> df = people_and_organisations("President Vladimir Putin met the KCNA. Putin said no.")
    >>> df[["name", "kind", "count"]].values.tolist()
    [['Vladimir Putin', 'person', 2], ['KCNA', 'organisation', 1]]
    """
    from .gazetteer import load_gazetteer
    from .names import type_names
    from .places import people_and_organisations as table

    gaz = gazetteer or load_gazetteer()
    typed = type_names(text, gaz)
    return table(text, gazetteer=gaz, places=place_text(text, gaz, names=typed), typed=typed)
