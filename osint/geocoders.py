"""Geocoding providers: the embedded gazetteer offline, geopy's geocoders online.

Every provider answers :meth:`Provider.search` with an :class:`Answer`: a list
of :class:`Candidate` places, best first, each an :class:`osint.gazetteer.Entry`
(an :class:`OnlineEntry` for online providers, which adds the provider, the OSM
type and id, the display name and the fetch time).

Online providers are used only when the caller allows the network
(``osint geoparse --online``, ``osint.geoparse(text, online=True)``), and then
only for what the gazetteer cannot place well: unresolved mentions and places
resolved with a confidence below :data:`LOW_CONFIDENCE`. They are polite
(one request per second per provider, timeouts, a few retries with backoff on
429 and 5xx answers honouring ``Retry-After``), cached (:mod:`osint.geocache`),
and safe to lose: a failing service leaves the offline places in place and
prints one warning.

Configuration, by environment:

``OSINT_GEOCODER``
    ``nominatim`` (default), ``photon`` or ``arcgis``.
``OSINT_NOMINATIM_URL``, ``OSINT_PHOTON_URL``, ``OSINT_ARCGIS_URL``
    The service's base URL (default: the public endpoint).
``OSINT_USER_AGENT``
    Names the application and a contact; required for Nominatim by its usage policy.
``OSINT_GEOCODER_TIMEOUT``, ``OSINT_GEOCODER_RETRIES``
    Seconds per request (default 10) and retries per query (default 2).
``OSINT_CACHE_DIR``
    Where the answers are cached (see :func:`osint.paths.cache_dir`).

OpenStreetMap data (Nominatim, Photon) is © OpenStreetMap contributors,
available under the Open Database License (ODbL); maps that show it must say so
(:data:`OSM_ATTRIBUTION`).
"""

from __future__ import annotations

import dataclasses
import math
import os
import sys
import threading
import time
import warnings
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .errors import ConfigurationError, ServiceError
from .escape import no_surrogates
from .gazetteer import Entry, Gazetteer, load_gazetteer
from .geocache import GeoCache
from .resolve import Alternative, Place, haversine_km
from .services.http import geopy_adapter_factory

#: Places resolved offline with a confidence below this are also asked online.
LOW_CONFIDENCE = 0.5
#: An online answer is a match on the name only; its best share of the
#: provider's ranking is scaled by this to become a confidence.
ONLINE_WEIGHT = 0.8
#: An online answer within this distance of the offline pick confirms it.
AGREE_KM = 25.0
#: Results asked per query (the best is used, the rest become alternatives).
RESULT_LIMIT = 5
#: At most this many of the document's countries bias a query.
MAX_BIAS_COUNTRIES = 5
#: Places within this distance of the document's most-named place make its viewbox.
CLUSTER_KM = 500.0
#: Degrees added around the viewbox's places.
VIEWBOX_PAD_DEG = 1.0
#: Minimum seconds between two requests to one provider (Nominatim's policy: 1).
MIN_DELAY_S = 1.0
#: First backoff when the service gives no Retry-After; doubles at each retry.
BACKOFF_S = 1.0
#: A Retry-After longer than this ends the retries rather than stall the run.
MAX_RETRY_WAIT_S = 60.0
DEFAULT_TIMEOUT_S = 10.0
DEFAULT_RETRIES = 2

OSM_ATTRIBUTION = "© OpenStreetMap contributors, ODbL (https://www.openstreetmap.org/copyright)"
OSM_TYPES = {"N": "node", "W": "way", "R": "relation"}


class GeocodingWarning(UserWarning):
    """An online geocoder failed; the offline places were kept."""


# ------------------------------------------------------------------------ results


@dataclass(frozen=True, slots=True)
class OnlineEntry(Entry):
    """A place an online geocoder answered, with its provenance.

    Attributes
    ----------
    provider : str
        ``nominatim``, ``photon``, ``arcgis``.
    display_name : str
        The provider's full name of the place ("Hoechang County, South Pyongan, North Korea").
    osm_type, osm_id : str
        The OpenStreetMap object (``relation``, ``way``, ``node``; '' for non-OSM providers).
    fetched_at : str
        When the answer was fetched (ISO 8601, UTC).
    endpoint : str
        The service's base URL.
    attribution : str
        The credit a map showing the place must carry.
    """

    provider: str = ""
    display_name: str = ""
    osm_type: str = ""
    osm_id: str = ""
    fetched_at: str = ""
    endpoint: str = ""
    attribution: str = ""


@dataclass(frozen=True, slots=True)
class Candidate:
    """One place a provider offers for a query.

    Attributes
    ----------
    entry : Entry
        The place (an :class:`OnlineEntry` for online providers).
    importance : float or None
        The provider's own ranking score, where it gives one.
    raw : dict or None
        The provider's result object as received.
    """

    entry: Entry
    importance: float | None = None
    raw: dict | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    """A provider's answer to one query."""

    provider: str
    query: str
    candidates: tuple[Candidate, ...]
    fetched_at: str = ""
    from_cache: bool = False


@dataclass(frozen=True, slots=True)
class Bias:
    """The document's context a query is asked in.

    Attributes
    ----------
    country_codes : tuple of str
        ISO alpha-2 codes of the countries the document's confident places lie in
        (Nominatim restricts its results to them).
    viewbox : tuple of float or None
        (south, west, north, east) around the document's main cluster of places
        (Nominatim prefers results inside it).
    """

    country_codes: tuple[str, ...] = ()
    viewbox: tuple[float, float, float, float] | None = None

    def key(self) -> str:
        """Return the bias as a stable string, part of the cache key."""
        cc = ",".join(self.country_codes)
        vb = ",".join(f"{v:.1f}" for v in self.viewbox) if self.viewbox else ""
        return f"cc={cc};vb={vb}"

    @classmethod
    def from_places(cls, places: Iterable[Place], threshold: float = LOW_CONFIDENCE) -> Bias:
        """Derive the bias from the places a document already has with confidence.

        Country codes: the :data:`MAX_BIAS_COUNTRIES` most frequent among the
        confident places. Viewbox: the confident places below country level that
        lie within :data:`CLUSTER_KM` of the most often named one, padded by
        :data:`VIEWBOX_PAD_DEG` and rounded outwards to a tenth of a degree.
        """
        sure = [p.entry for p in places if p.entry is not None and p.confidence >= threshold]
        counts = Counter(e.country_code for e in sure if e.country_code)
        codes = tuple(sorted(c for c, _ in counts.most_common(MAX_BIAS_COUNTRIES)))
        local = [e for e in sure if e.feature not in ("country", "continent")]
        viewbox = None
        if local:
            hub_name, _ = Counter(e.name for e in local).most_common(1)[0]
            hub = next(e for e in local if e.name == hub_name)
            near = [e for e in local if haversine_km(hub.lat, hub.lon, e.lat, e.lon) <= CLUSTER_KM]
            s = min(e.lat for e in near) - VIEWBOX_PAD_DEG
            n = max(e.lat for e in near) + VIEWBOX_PAD_DEG
            w = min(e.lon for e in near) - VIEWBOX_PAD_DEG
            ea = max(e.lon for e in near) + VIEWBOX_PAD_DEG
            viewbox = (
                max(-90.0, math.floor(s * 10) / 10), max(-180.0, math.floor(w * 10) / 10),
                min(90.0, math.ceil(n * 10) / 10), min(180.0, math.ceil(ea * 10) / 10),
            )
        return cls(codes, viewbox)


# ---------------------------------------------------------------------- providers


class Provider(ABC):
    """A source of places for a name: the offline gazetteer or an online geocoder."""

    #: Short name, used as ``source`` of the places it gives and in the cache key.
    name: str = ""
    #: True when answering needs the network.
    online: bool = False

    @abstractmethod
    def search(self, query: str, bias: Bias | None = None, *, cache_only: bool = False) -> Answer:
        """Return the places ``query`` may name, best first.

        Parameters
        ----------
        query : str
            A place name as written.
        bias : Bias, optional
            The document's context.
        cache_only : bool, default False
            For online providers: answer from the cache only, never the network.

        Raises
        ------
        ServiceError
            When an online service fails, times out or answers in an unexpected format.
        """


class GazetteerProvider(Provider):
    """The embedded gazetteer as a provider (offline, instant)."""

    name = "gazetteer"
    online = False

    def __init__(self, gazetteer: Gazetteer | None = None):
        self.gazetteer = gazetteer or load_gazetteer()

    def search(self, query: str, bias: Bias | None = None, *, cache_only: bool = False) -> Answer:
        entries = self.gazetteer.lookup(query)
        if bias and bias.country_codes:
            # Same rule as Nominatim's countrycodes: only places in the document's countries.
            entries = [e for e in entries if e.country_code in bias.country_codes] or entries
        return Answer(self.name, query, tuple(Candidate(e, None, None) for e in entries))


_LIMITERS: dict[str, Any] = {}
_LIMITERS_LOCK = threading.Lock()


def _call(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    return func(*args, **kwargs)


def _limiter(key: str) -> Any:
    """Return the process-wide rate limiter of one provider endpoint.

    Shared by every provider object for that endpoint, so that a notebook
    calling ``geoparse(online=True)`` in a loop stays within the rate too.
    """
    from geopy.extra.rate_limiter import RateLimiter

    with _LIMITERS_LOCK:
        lim = _LIMITERS.get(key)
        if lim is None:
            # Retries are ours (they honour Retry-After); the limiter only spaces requests.
            lim = RateLimiter(_call, min_delay_seconds=MIN_DELAY_S, max_retries=0,
                              error_wait_seconds=MIN_DELAY_S, swallow_exceptions=False)
            _LIMITERS[key] = lim
        return lim


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        v = float(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be a number, not {raw!r}") from None
    if v < 0 or not math.isfinite(v):
        raise ConfigurationError(f"{name} must be a non-negative number, not {raw!r}")
    return v


def _split_endpoint(url: str, var: str) -> tuple[str, str]:
    try:
        parts = urlsplit(url.strip())
        _ = parts.port  # a bad port or an unclosed "[" bracket only shows here
    except ValueError as exc:
        raise ConfigurationError(f"{var}={url!r} is not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.netloc or not parts.hostname:
        raise ConfigurationError(f"{var} must be an http(s) URL such as https://nominatim.openstreetmap.org, "
                                 f"not {url!r}")
    return parts.scheme, (parts.netloc + parts.path).rstrip("/")


class GeopyProvider(Provider):
    """An online geocoder reached through geopy, with cache, rate limit and retries.

    Parameters
    ----------
    url : str, optional
        The service's base URL; defaults to ``$OSINT_<NAME>_URL`` or the public endpoint.
    user_agent : str, optional
        Defaults to ``$OSINT_USER_AGENT``.
    cache : GeoCache or None or False, optional
        Defaults to the cache in :func:`osint.paths.cache_dir`; False disables caching.
    timeout : float, optional
        Seconds per request; defaults to ``$OSINT_GEOCODER_TIMEOUT`` or 10.
    retries : int, optional
        Retries after a 429, a 5xx or a timeout; defaults to ``$OSINT_GEOCODER_RETRIES`` or 2.
    adapter_factory : callable, optional
        geopy's HTTP adapter factory (defaults to geopy's requests adapter, its retries off).
    warn : callable, optional
        Receives the cache's warnings (see :class:`osint.geocache.GeoCache`).
    """

    online = True
    default_url = ""
    url_var = ""
    requires_user_agent = False

    def __init__(self, *, url: str | None = None, user_agent: str | None = None,
                 cache: GeoCache | bool | None = None, timeout: float | None = None,
                 retries: int | None = None, adapter_factory: Any = None,
                 warn: Callable[[str], None] | None = None):
        url = url or os.environ.get(self.url_var, "").strip() or self.default_url
        self.scheme, self.domain = _split_endpoint(url, self.url_var)
        self.endpoint = f"{self.scheme}://{self.domain}"
        ua = user_agent if user_agent is not None else os.environ.get("OSINT_USER_AGENT", "")
        self.user_agent = ua.strip()
        if self.requires_user_agent and not self.user_agent:
            raise ConfigurationError(
                f"OSINT_USER_AGENT is not set: {self.name.title()}'s usage policy requires a user agent "
                "naming the application and a contact, e.g. "
                "OSINT_USER_AGENT='osint-workbench/0.1 (you@example.org)'"
            )
        self.timeout = (timeout if timeout is not None
                        else _env_float("OSINT_GEOCODER_TIMEOUT", DEFAULT_TIMEOUT_S))
        self.retries = int(retries if retries is not None
                           else _env_float("OSINT_GEOCODER_RETRIES", DEFAULT_RETRIES))
        if cache is None or cache is True:
            cache = GeoCache(warn=warn)
        self.cache: GeoCache | None = cache or None
        self._adapter_factory = adapter_factory
        self._geocoder: Any = None

    # Subclasses say how to build geopy's geocoder, what to ask, and how to read the answer.

    @abstractmethod
    def _build(self, **common: Any) -> Any: ...

    @abstractmethod
    def _params(self, bias: Bias | None) -> dict[str, Any]: ...

    @abstractmethod
    def _candidate(self, raw: dict, fetched_at: str) -> Candidate | None: ...

    def _results(self, page: Any) -> list:
        """The result objects of the service's answer page (geopy's parsing is bypassed, see :func:`_raw`)."""
        if page is None:
            return []
        if isinstance(page, dict):
            if page.get("error"):
                raise ServiceError(f"{self.name} at {self.endpoint} answered an error: "
                                   f"{str(page.get('error'))[:200]}")
            return [page]
        if not isinstance(page, list):
            raise ServiceError(f"{self.name} at {self.endpoint} answered in an unexpected format: "
                               f"{type(page).__name__}")
        return page

    @property
    def geocoder(self) -> Any:
        """geopy's geocoder object, built on first use."""
        if self._geocoder is None:
            from geopy.exc import ConfigurationError as GeopyConfigurationError

            common: dict[str, Any] = {"scheme": self.scheme, "domain": self.domain, "timeout": self.timeout}
            if self.user_agent:
                common["user_agent"] = self.user_agent
            common["adapter_factory"] = self._adapter_factory or geopy_adapter_factory()
            try:
                self._geocoder = self._build(**common)
            except GeopyConfigurationError as exc:
                raise ConfigurationError(f"{self.name}: {exc}") from exc
        return self._geocoder

    def search(self, query: str, bias: Bias | None = None, *, cache_only: bool = False) -> Answer:
        bias_key = bias.key() if bias else ""
        hit = None
        if self.cache is not None:
            hit = self.cache.get(self.name, query, bias_key)
        if hit is not None:
            raws, fetched_at, from_cache = hit.answer, hit.fetched_at, True
        elif cache_only:
            return Answer(self.name, query, (), "", True)
        else:
            fetched_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            raws = self._fetch(query, bias)
            from_cache = False
            # Only the results that are usable are stored: a malformed one is never replayed.
            raws = [r for r in raws if self._usable(r, fetched_at)]
            if self.cache is not None:
                self.cache.put(self.name, query, bias_key, self.endpoint, raws, fetched_at)
        cands = []
        for raw in raws if isinstance(raws, list) else []:
            c = self._usable(raw, fetched_at)
            if c is not None:
                cands.append(c)
        return Answer(self.name, query, tuple(cands), fetched_at, from_cache)

    def _usable(self, raw: Any, fetched_at: str) -> Candidate | None:
        """The candidate a result makes, or None when it is malformed (one bad result spoils no other)."""
        if not isinstance(raw, dict):
            return None
        try:
            c = self._candidate(raw, fetched_at)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            return None
        if c is None:
            return None
        e = c.entry
        if not e.name.strip():
            return None  # a place without a name is nothing a reader can check
        if not (math.isfinite(e.lat) and math.isfinite(e.lon)
                and -90 <= e.lat <= 90 and -180 <= e.lon <= 180):
            return None
        return c

    def _fetch(self, query: str, bias: Bias | None) -> list[dict]:
        """Ask the service, spacing requests and retrying transient failures."""
        from geopy.adapters import AdapterHTTPError
        from geopy.exc import GeocoderRateLimited, GeocoderServiceError, GeocoderTimedOut, GeocoderUnavailable
        from geopy.geocoders.base import get_retry_after

        params = self._params(bias)
        limiter = _limiter(f"{self.name} {self.endpoint}")
        geocoder = self.geocoder
        last = ""
        for attempt in range(self.retries + 1):
            try:
                page = limiter(geocoder.geocode, query, exactly_one=False, **params)
                return self._results(page)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise ServiceError(f"{self.name} at {self.endpoint} answered in an unexpected format: "
                                   f"{type(exc).__name__}: {exc}") from exc
            except GeocoderServiceError as exc:
                cause = exc.__cause__
                status = cause.status_code if isinstance(cause, AdapterHTTPError) else None
                last = f"HTTP {status}" if status else (str(exc) or type(exc).__name__)
                if isinstance(exc, GeocoderRateLimited):
                    wait = exc.retry_after
                elif status is not None and status >= 500:
                    wait = get_retry_after(cause.headers)
                elif isinstance(exc, GeocoderTimedOut) and not isinstance(exc, GeocoderUnavailable):
                    wait = None
                    last = f"no answer within {self.timeout:g} s"
                else:
                    raise ServiceError(f"{self.name} at {self.endpoint} failed: {last}") from exc
                if attempt == self.retries:
                    raise ServiceError(
                        f"{self.name} at {self.endpoint} failed: {last} (after {attempt + 1} tries)"
                    ) from exc
                if wait is None:
                    wait = BACKOFF_S * 2 ** attempt
                if wait > MAX_RETRY_WAIT_S:
                    raise ServiceError(
                        f"{self.name} at {self.endpoint} failed: {last}, asked to wait {wait:g} s"
                    ) from exc
                time.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover


def _raw(cls: type) -> type:
    """A geopy geocoder class that hands back the service's answer as decoded, unparsed.

    geopy reads a whole answer at once, so one malformed result (a number in the
    list, ``"properties": null``) would spoil every other; each result is read
    and checked here instead (:meth:`GeopyProvider._usable`).
    """

    class Raw(cls):  # type: ignore[misc, valid-type]
        def _parse_json(self, page: Any, *args: Any, **kwargs: Any) -> Any:
            return page

    Raw.__name__ = Raw.__qualname__ = f"Raw{cls.__name__}"
    return Raw


def _clip(value: Any, n: int = 300) -> str:
    return no_surrogates(str(value))[:n]


def _osm_id(value: Any) -> str:
    text = str(value if value is not None else "")
    return text if text.isdigit() and len(text) < 20 else ""


def _country(value: Any) -> str:
    text = str(value or "").strip().upper()
    return text if len(text) == 2 and text.isalpha() and text.isascii() else ""


def _first_part(name: str) -> str:
    return name.split(",")[0].strip() or name


def _feature(cls: str, typ: str) -> str:
    # place=* tags already read like the gazetteer's features (city, town, county);
    # anything else keeps its OSM tag ("boundary=administrative", "leisure=park").
    if cls == "place" and typ:
        return typ
    return f"{cls}={typ}" if cls and typ else cls or typ


class NominatimProvider(GeopyProvider):
    """OpenStreetMap's Nominatim (https://nominatim.org/release-docs/latest/api/Search/)."""

    name = "nominatim"
    default_url = "https://nominatim.openstreetmap.org"
    url_var = "OSINT_NOMINATIM_URL"
    requires_user_agent = True

    def _build(self, **common: Any) -> Any:
        from geopy.geocoders import Nominatim

        return _raw(Nominatim)(**common)

    def _params(self, bias: Bias | None) -> dict[str, Any]:
        p: dict[str, Any] = {"limit": RESULT_LIMIT, "addressdetails": True, "language": "en"}
        if bias and bias.country_codes:
            p["country_codes"] = [c.lower() for c in bias.country_codes]
        if bias and bias.viewbox:
            s, w, n, e = bias.viewbox
            p["viewbox"] = [(s, w), (n, e)]
            p["bounded"] = False  # a preference, not a filter
        return p

    def _candidate(self, raw: dict, fetched_at: str) -> Candidate | None:
        osm_type = str(raw.get("osm_type", "")).lower()
        osm_type = OSM_TYPES.get(osm_type.upper(), osm_type)  # some servers send N/W/R
        osm_id = _osm_id(raw.get("osm_id"))
        osm_type = osm_type if osm_type in OSM_TYPES.values() else ""
        display = _clip(raw.get("display_name", ""))
        cls = str(raw.get("class") or raw.get("category") or "")
        address = raw.get("address") if isinstance(raw.get("address"), dict) else {}
        imp = raw.get("importance")
        entry = OnlineEntry(
            id=-1, name=_clip(raw.get("name") or "", 120) or _first_part(display),
            lat=float(raw["lat"]), lon=float(raw["lon"]),
            feature=_feature(_clip(cls, 40), _clip(raw.get("type", ""), 40)),
            country_code=_country(address.get("country_code")), admin1="", population=0,
            source=self.name, source_id=f"{osm_type}/{osm_id}" if osm_type and osm_id else "",
            source_url=f"https://www.openstreetmap.org/{osm_type}/{osm_id}" if osm_type and osm_id else "",
            provider=self.name, display_name=display, osm_type=osm_type, osm_id=osm_id,
            fetched_at=fetched_at, endpoint=self.endpoint, attribution=OSM_ATTRIBUTION,
        )
        return Candidate(entry, float(imp) if imp is not None else None, raw)


class PhotonProvider(GeopyProvider):
    """Komoot's Photon, an OpenStreetMap geocoder (https://photon.komoot.io)."""

    name = "photon"
    default_url = "https://photon.komoot.io"
    url_var = "OSINT_PHOTON_URL"

    def _build(self, **common: Any) -> Any:
        from geopy.geocoders import Photon

        return _raw(Photon)(**common)

    def _params(self, bias: Bias | None) -> dict[str, Any]:
        p: dict[str, Any] = {"limit": RESULT_LIMIT, "language": "en"}
        if bias and bias.viewbox:
            s, w, n, e = bias.viewbox
            p["location_bias"] = ((s + n) / 2, (w + e) / 2)
        return p

    def _results(self, page: Any) -> list:
        if isinstance(page, dict) and "features" in page:
            feats = page["features"]
            if not isinstance(feats, list):
                raise ServiceError(f"photon at {self.endpoint} answered features that are not a list")
            return feats
        return super()._results(page)

    def _candidate(self, raw: dict, fetched_at: str) -> Candidate | None:
        props = raw.get("properties") or {}
        lon, lat = raw["geometry"]["coordinates"][:2]
        osm_type = OSM_TYPES.get(str(props.get("osm_type", "")).upper(), "")
        osm_id = _osm_id(props.get("osm_id"))
        parts = [props.get(k) for k in ("name", "city", "state", "country")]
        display = _clip(", ".join(dict.fromkeys(str(x) for x in parts if x)))
        entry = OnlineEntry(
            id=-1, name=_clip(props.get("name") or "", 120) or _first_part(display), lat=float(lat),
            lon=float(lon),
            feature=_feature(_clip(props.get("osm_key", ""), 40), _clip(props.get("osm_value", ""), 40)),
            country_code=_country(props.get("countrycode")), admin1="", population=0,
            source=self.name, source_id=f"{osm_type}/{osm_id}" if osm_type and osm_id else "",
            source_url=f"https://www.openstreetmap.org/{osm_type}/{osm_id}" if osm_type and osm_id else "",
            provider=self.name, display_name=display, osm_type=osm_type, osm_id=osm_id,
            fetched_at=fetched_at, endpoint=self.endpoint, attribution=OSM_ATTRIBUTION,
        )
        return Candidate(entry, None, raw)


class ArcGISProvider(GeopyProvider):
    """Esri's ArcGIS World Geocoding Service (check its terms before storing results)."""

    name = "arcgis"
    default_url = "https://geocode.arcgis.com"
    url_var = "OSINT_ARCGIS_URL"

    def _build(self, **common: Any) -> Any:
        from geopy.geocoders import ArcGIS

        return _raw(ArcGIS)(**common)

    def _params(self, bias: Bias | None) -> dict[str, Any]:
        return {}

    def _results(self, page: Any) -> list:
        if isinstance(page, dict) and "candidates" in page:
            cands = page["candidates"]
            if not isinstance(cands, list):
                raise ServiceError(f"arcgis at {self.endpoint} answered candidates that are not a list")
            return cands
        return super()._results(page)

    def _candidate(self, raw: dict, fetched_at: str) -> Candidate | None:
        loc = raw["location"]
        display = _clip(raw.get("address", ""))
        score = raw.get("score")
        entry = OnlineEntry(
            id=-1, name=_first_part(display), lat=float(loc["y"]), lon=float(loc["x"]),
            feature=_clip((raw.get("attributes") or {}).get("Addr_type", ""), 40), country_code="", admin1="",
            population=0, source=self.name, source_id="", source_url="",
            provider=self.name, display_name=display, fetched_at=fetched_at, endpoint=self.endpoint,
            attribution="Esri ArcGIS World Geocoding Service",
        )
        return Candidate(entry, float(score) / 100 if score is not None else None, raw)


#: Online providers by the name ``OSINT_GEOCODER`` takes.
PROVIDERS: dict[str, type[GeopyProvider]] = {
    "nominatim": NominatimProvider,
    "photon": PhotonProvider,
    "arcgis": ArcGISProvider,
}


def provider_from_env(name: str | None = None, **kwargs: Any) -> GeopyProvider:
    """Return the online provider the environment configures (``OSINT_GEOCODER``, default nominatim).

    Raises
    ------
    ConfigurationError
        For an unknown provider, a malformed URL, or Nominatim without ``OSINT_USER_AGENT``.
    """
    name = (name or os.environ.get("OSINT_GEOCODER", "") or "nominatim").strip().lower()
    cls = PROVIDERS.get(name)
    if cls is None:
        raise ConfigurationError(f"OSINT_GEOCODER={name!r} is not one of {', '.join(PROVIDERS)}")
    return cls(**kwargs)


# ---------------------------------------------------------------------- refinement


def _warn_python(message: str) -> None:
    warnings.warn(message, GeocodingWarning, stacklevel=4)


def warn_stderr(message: str) -> None:
    """Print a warning as the command line does: one line on standard error."""
    print(f"osint: warning: {message}", file=sys.stderr)


def _online_confidence(cands: tuple[Candidate, ...]) -> float:
    imps = [c.importance for c in cands]
    if imps and all(i is not None and math.isfinite(i) and i > 0 for i in imps):
        share = imps[0] / sum(imps)  # type: ignore[operator,arg-type]
    else:
        share = 1.0 / len(cands)
    return round(ONLINE_WEIGHT * share, 3)


def _alternative(e: Entry, conf: float) -> Alternative:
    return Alternative(e.name, e.lat, e.lon, e.feature, e.country_code, e.source, e.source_id, round(conf, 3))


def _provenance(ans: Answer, e: Entry) -> str:
    got = "cached answer" if ans.from_cache else "answer"
    ident = f"{e.source_id} " if e.source_id else ""
    display = getattr(e, "display_name", "") or e.name
    return f"{ans.provider} {got} fetched {ans.fetched_at}: {ident}{display!r}"


class Refiner:
    """Refines a document's offline places with an online provider, for one run.

    One refiner may serve many documents (the command line uses one per run):
    after the provider's first failure it prints one warning and answers from
    the cache only for the rest of the run.

    Parameters
    ----------
    provider : Provider
        Usually from :func:`provider_from_env`.
    threshold : float
        Places below this confidence are asked too (default :data:`LOW_CONFIDENCE`).
    warn : callable, optional
        Receives the failure message; defaults to :func:`warnings.warn` with
        :class:`GeocodingWarning`.
    """

    def __init__(self, provider: Provider, *, threshold: float = LOW_CONFIDENCE,
                 warn: Callable[[str], None] | None = None):
        self.provider = provider
        self.threshold = threshold
        self.warn = warn or _warn_python
        self.failure: str | None = None
        self.stats: Counter[str] = Counter()

    def wants(self, p: Place) -> bool:
        """True when ``p`` should be asked online."""
        if p.mention.kind == "demonym":
            return False
        if p.entry is None:
            return True
        return p.confidence < self.threshold and not isinstance(p.entry, OnlineEntry)

    def refine(self, places: list[Place]) -> list[Place]:
        """Return ``places`` with the unresolved and unsure ones refined online.

        Places the provider cannot improve are returned unchanged (unresolved
        ones gain a note in their ``reason``). Never raises for a failing
        service: see the class description.
        """
        asked = {p.mention.key: p.mention.text for p in places if self.wants(p)}
        if not asked:
            return list(places)
        bias = Bias.from_places(places, self.threshold)
        answers: dict[str, Answer] = {}
        for key, text in asked.items():
            try:
                ans = self.provider.search(text, bias, cache_only=self.failure is not None)
            except ServiceError as exc:
                if self.failure is None:
                    self.failure = str(exc)
                    self.warn(f"{exc}; keeping the offline places")
                continue
            self.stats["cached" if ans.from_cache else "fetched"] += 1
            answers[key] = ans
        return [self._apply(p, answers.get(p.mention.key)) if self.wants(p) else p for p in places]

    def _apply(self, p: Place, ans: Answer | None) -> Place:
        if ans is None or (not ans.candidates and not ans.fetched_at):
            return p  # nothing asked (provider down, no cached answer)
        if not ans.candidates:
            note = f"{ans.provider} found nothing (fetched {ans.fetched_at})"
            return dataclasses.replace(p, reason=f"{p.reason}; {note}")
        best = ans.candidates[0]
        conf = _online_confidence(ans.candidates)
        others = tuple(_alternative(c.entry, 0.0) for c in ans.candidates[1:4])
        self.stats["placed"] += 1
        if p.entry is None:
            return Place(p.mention, best.entry, conf, others,
                         f"not in the gazetteer; {_provenance(ans, best.entry)}")
        e = p.entry
        if haversine_km(e.lat, e.lon, best.entry.lat, best.entry.lon) <= AGREE_KM:
            return dataclasses.replace(
                p, confidence=max(p.confidence, conf),
                reason=f"{p.reason}; confirmed by {_provenance(ans, best.entry)}",
            )
        if conf > p.confidence:
            return Place(p.mention, best.entry, conf, (_alternative(e, p.confidence), *others),
                         f"gazetteer unsure ({e.name}, {p.confidence:.2f}); {_provenance(ans, best.entry)}")
        return dataclasses.replace(
            p, alternatives=(*p.alternatives, _alternative(best.entry, conf)),
            reason=f"{p.reason}; {ans.provider} suggested {best.entry.name!r} ({conf:.2f}), not taken",
        )


def refine_places(places: list[Place], *, geocoder: Provider | Refiner | None = None,
                  warn: Callable[[str], None] | None = None) -> list[Place]:
    """Refine a document's offline places online (see :class:`Refiner`).

    Parameters
    ----------
    places : list of Place
        From :func:`osint.pipeline.geoparse_places` (offline).
    geocoder : Provider or Refiner, optional
        Defaults to :func:`provider_from_env`. Pass a :class:`Refiner` to share
        its one-warning-per-run state across documents.
    warn : callable, optional
        See :class:`Refiner`.

    Raises
    ------
    ConfigurationError
        When the online provider is not configured (Nominatim without ``OSINT_USER_AGENT``).
    """
    if isinstance(geocoder, Refiner):
        return geocoder.refine(places)
    provider = geocoder if geocoder is not None else provider_from_env()
    return Refiner(provider, warn=warn).refine(places)
