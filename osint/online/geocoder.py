"""What every online geocoder shares: geopy underneath, the cache, the rate limit and retries.

Online providers are used only when the caller allows the network
(``osint geoparse --online``, ``osint.geoparse(text, online=True)``). They are
polite (one request per second per provider, a total deadline per request, a
few retries with backoff on 429 and 5xx answers honouring ``Retry-After``),
cached (:mod:`osint.online.geocache`), and safe to lose: a failing service
raises :class:`osint.errors.ServiceError`, which the refiner turns into one
warning. Settings (:mod:`osint.config`): ``OSINT_<NAME>_URL``,
``OSINT_USER_AGENT``, ``OSINT_GEOCODER_TIMEOUT``, ``OSINT_GEOCODER_RETRIES``.
"""

from __future__ import annotations

import math
import re
import threading
import time
from abc import abstractmethod
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlsplit

from .. import config
from ..errors import ConfigurationError, ServiceError
from ..escape import no_surrogates
from ..provenance import note_answer
from .base import (
    BACKOFF_S,
    MAX_RETRY_WAIT_S,
    MIN_DELAY_S,
    Answer,
    Bias,
    Candidate,
    Provider,
)
from .geocache import GeoCache
from .http import geopy_adapter_factory

#: Bounds of ``OSINT_GEOCODER_TIMEOUT`` (seconds) and ``OSINT_GEOCODER_RETRIES``: a value outside
#: them is a configuration error, not something to wait out.
MIN_TIMEOUT_S, MAX_TIMEOUT_S = 0.1, 300.0
MAX_RETRIES = 10

_LIMITERS: dict[str, Any] = {}


_LIMITERS_LOCK = threading.Lock()


def _call(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    return func(*args, **kwargs)


#: How retries wait (tests put a fake clock's here, as geopy's own rate-limiter tests do).
_sleep = time.sleep


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
        Seconds per request; defaults to ``$OSINT_GEOCODER_TIMEOUT`` or 10 (0.1 to 300).
    retries : int, optional
        Retries after a 429, a 5xx or a timeout; defaults to ``$OSINT_GEOCODER_RETRIES`` or 2
        (0 to 10).
    adapter_factory : callable, optional
        geopy's HTTP adapter factory (defaults to geopy's requests adapter, its retries off).
    warn : callable, optional
        Receives the cache's warnings (see :class:`osint.geocache.GeoCache`).
    """

    online = True
    #: The setting (:mod:`osint.config`) that holds the service's base URL.
    url_var = ""
    requires_user_agent = False

    def __init__(self, *, url: str | None = None, user_agent: str | None = None,
                 cache: GeoCache | bool | None = None, timeout: float | None = None,
                 retries: int | None = None, adapter_factory: Any = None,
                 warn: Callable[[str], None] | None = None):
        url = url or config.get(self.url_var)
        self.scheme, self.domain = _split_endpoint(url, self.url_var)
        self.endpoint = f"{self.scheme}://{self.domain}"
        ua = user_agent if user_agent is not None else config.get("OSINT_USER_AGENT")
        self.user_agent = ua.strip()
        if self.requires_user_agent and not self.user_agent:
            raise ConfigurationError(
                f"OSINT_USER_AGENT is not set: {self.name.title()}'s usage policy requires a user agent "
                "naming the application and a contact, e.g. "
                "OSINT_USER_AGENT='osint-workbench/0.1 (you@example.org)'"
            )
        # Bounded: a timeout of 1e10 s or 1e15 retries would hold a run for ever.
        self.timeout = timeout if timeout is not None else config.get_float(
            "OSINT_GEOCODER_TIMEOUT", minimum=MIN_TIMEOUT_S, maximum=MAX_TIMEOUT_S)
        self.retries = int(retries if retries is not None else config.get_int(
            "OSINT_GEOCODER_RETRIES", maximum=MAX_RETRIES))
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
        note_answer(self.name, f"{self.endpoint}?q={quote(query)}", fetched_at, from_cache)
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
                _sleep(wait)
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

        # geopy's ArcGIS reads its answer here rather than in _parse_json.
        def _parse_geocode(self, page: Any, *args: Any, **kwargs: Any) -> Any:
            return page

    Raw.__name__ = Raw.__qualname__ = f"Raw{cls.__name__}"
    return Raw


_DECIMAL = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)")


def _number(value: Any, *, text: bool = False) -> float:
    """A finite number from an answer: a JSON number, or (``text``) a decimal string such as
    Nominatim's ``"38.947"``; never a bool, a list or a string of anything else.

    Raises
    ------
    TypeError, ValueError
        Anything else (:meth:`GeopyProvider._usable` then leaves the result out).
    """
    numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not (numeric or (text and isinstance(value, str) and _DECIMAL.fullmatch(value.strip()))):
        raise TypeError(f"not a number: {type(value).__name__}")
    try:
        number = float(value)
    except OverflowError:  # an integer of 400 digits
        raise ValueError("number too large") from None
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return number


def _point(coordinates: Any) -> tuple[float, float]:
    """(lon, lat) of a GeoJSON position: a list of at least two JSON numbers."""
    if not isinstance(coordinates, list) or len(coordinates) < 2:
        raise TypeError("coordinates are not a list of two numbers")
    return _number(coordinates[0]), _number(coordinates[1])


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
