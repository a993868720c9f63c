"""What every online geocoder shares: geopy to ask, the session to send, the cache to keep.

Online providers are used only when the caller allows the network
(``osint geoparse --online``, ``osint.geoparse(text, online=True)``). geopy builds each
request (the service's parameters, the user agent) through its public API only; the request
itself goes through the online layer's session (:mod:`osint.online.http`, reached through
geopy's ``adapter_factory``), which bounds it (a total deadline, a size cap, same-host
redirects), retries a few times on 429, 5xx and timeouts honouring ``Retry-After``, spaces the
requests to one service a second apart, and stops asking a service that keeps failing. Answers
are kept in the cache of online answers (:mod:`osint.online.cache`), result by result checked,
and a failing service raises :class:`osint.errors.ServiceError`, which the refiner turns into
one warning. Settings (:mod:`osint.config`): ``OSINT_<NAME>_URL``, ``OSINT_USER_AGENT``,
``OSINT_GEOCODER_TIMEOUT``, ``OSINT_GEOCODER_RETRIES``.
"""

from __future__ import annotations

import math
import re
import threading
import time
from abc import abstractmethod
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote, urlsplit

from .. import config
from ..errors import ConfigurationError, ServiceError
from ..escape import no_surrogates
from ..provenance import note_answer
from .base import MIN_DELAY_S, Answer, Bias, Candidate, Provider
from .cache import AnswerCache, geocoder_key
from .http import Session, default_session

#: Bounds of ``OSINT_GEOCODER_TIMEOUT`` (seconds) and ``OSINT_GEOCODER_RETRIES``: a value outside
#: them is a configuration error, not something to wait out.
MIN_TIMEOUT_S, MAX_TIMEOUT_S = 0.1, 300.0
MAX_RETRIES = 10
#: The largest answer a geocoder may give (a page of five results is a few kilobytes).
MAX_ANSWER_BYTES = 2 * 2**20

#: No page read yet (the request failed before an answer came).
_NO_PAGE = object()


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


def _session_adapter(provider: GeopyProvider) -> Callable[..., Any]:
    """geopy's ``adapter_factory`` for ``provider``: every request geopy builds is sent by the
    provider (:meth:`GeopyProvider._get`), and the decoded page is kept for it to read.

    The adapter raises only what geopy's adapter contract allows (its ``GeocoderTimedOut``,
    ``GeocoderUnavailable``, ``GeocoderServiceError`` and ``AdapterHTTPError``), each chained to
    the session's error, which the provider hands on.
    """
    from geopy.adapters import AdapterHTTPError, BaseSyncAdapter
    from geopy.exc import GeocoderServiceError, GeocoderTimedOut, GeocoderUnavailable

    from .transport import DeadlineExceeded, Unreachable

    def fetch(url: str, headers: Mapping[str, str], as_json: bool) -> Any:
        try:
            resp = provider._get(url, headers)
            if resp.status >= 400:
                raise AdapterHTTPError(f"HTTP {resp.status}", status_code=resp.status, headers=resp.headers,
                                       text=resp.text()[:500])
            page = resp.json() if as_json else resp.text()
        except DeadlineExceeded as exc:
            raise GeocoderTimedOut(str(exc)) from exc
        except Unreachable as exc:
            raise GeocoderUnavailable(str(exc)) from exc
        except ServiceError as exc:
            raise GeocoderServiceError(str(exc)) from exc
        provider._pages.page = page
        return page

    class SessionAdapter(BaseSyncAdapter):
        def get_text(self, url: str, *, timeout: float, headers: Mapping[str, str]) -> str:
            return fetch(url, headers, as_json=False)

        def get_json(self, url: str, *, timeout: float, headers: Mapping[str, str]) -> Any:
            return fetch(url, headers, as_json=True)

    def factory(*, proxies: Any, ssl_context: Any) -> Any:
        return SessionAdapter(proxies=proxies, ssl_context=ssl_context)

    return factory


class GeopyProvider(Provider):
    """An online geocoder reached through geopy, with cache, rate limit and retries.

    Parameters
    ----------
    url : str, optional
        The service's base URL; defaults to ``$OSINT_<NAME>_URL`` or the public endpoint.
    user_agent : str, optional
        Defaults to ``$OSINT_USER_AGENT``.
    cache : AnswerCache or None or False, optional
        Defaults to the cache of online answers in :func:`osint.paths.cache_dir`; False disables
        caching.
    timeout : float, optional
        Seconds per request; defaults to ``$OSINT_GEOCODER_TIMEOUT`` or 10 (0.1 to 300).
    retries : int, optional
        Retries after a 429, a 5xx, a timeout or a broken connection; defaults to
        ``$OSINT_GEOCODER_RETRIES`` or 2 (0 to 10).
    session : Session, optional
        Sends the requests; defaults to the online layer's default session at each request
        (:func:`osint.online.http.use_session` installs another).
    warn : callable, optional
        Receives the cache's warnings (see :class:`osint.online.cache.AnswerCache`).
    """

    online = True
    #: The setting (:mod:`osint.config`) that holds the service's base URL.
    url_var = ""
    requires_user_agent = False
    #: Seconds between two requests to the service (Nominatim's usage policy: one a second).
    min_interval = MIN_DELAY_S

    def __init__(self, *, url: str | None = None, user_agent: str | None = None,
                 cache: AnswerCache | bool | None = None, timeout: float | None = None,
                 retries: int | None = None, session: Session | None = None,
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
            cache = AnswerCache(warn=warn)
        self.cache: AnswerCache | None = cache or None
        self._session = session
        self._geocoder: Any = None
        # The page the adapter read last, per thread (a notebook may geocode from several).
        self._pages = threading.local()

    @property
    def session(self) -> Session:
        """The session the requests go through."""
        return self._session or default_session()

    # Subclasses say how to build geopy's geocoder, what to ask, and how to read the answer.

    @abstractmethod
    def _build(self, **common: Any) -> Any: ...

    @abstractmethod
    def _params(self, bias: Bias | None) -> dict[str, Any]: ...

    @abstractmethod
    def _candidate(self, raw: dict, fetched_at: str) -> Candidate | None: ...

    def _results(self, page: Any) -> list:
        """The result objects of the service's answer page (each read on its own, see :meth:`_fetch`)."""
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
        """geopy's geocoder object, built on first use (its requests go through :meth:`_get`)."""
        if self._geocoder is None:
            from geopy.exc import ConfigurationError as GeopyConfigurationError

            common: dict[str, Any] = {"scheme": self.scheme, "domain": self.domain, "timeout": self.timeout,
                                      "adapter_factory": _session_adapter(self)}
            if self.user_agent:
                common["user_agent"] = self.user_agent
            try:
                self._geocoder = self._build(**common)
            except GeopyConfigurationError as exc:
                raise ConfigurationError(f"{self.name}: {exc}") from exc
        return self._geocoder

    def search(self, query: str, bias: Bias | None = None, *, cache_only: bool = False) -> Answer:
        key = geocoder_key(self.name, query, bias.key() if bias else "")
        hit = self.cache.get(key) if self.cache is not None else None
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
                self.cache.put(key, raws, endpoint=self.endpoint, fetched_at=fetched_at)
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

    def _get(self, url: str, headers: Mapping[str, str]) -> Any:
        """Send one request geopy built, through the session (retries, rate limit, breaker)."""
        return self.session.request("GET", url, headers=headers, timeout=self.timeout,
                                    max_bytes=MAX_ANSWER_BYTES, retries=self.retries,
                                    service=f"{self.name} at {self.endpoint}", min_interval=self.min_interval)

    def _fetch(self, query: str, bias: Bias | None) -> list:
        """Ask the service and return its results, each to be read on its own.

        geopy reads a whole answer at once, so one malformed result (a number in the list,
        ``"properties": null``) would spoil every other, or raise: the page the adapter received is
        read here instead, result by result (:meth:`_usable`), whatever geopy made of it.
        """
        from geopy.exc import GeopyError

        self._pages.page = _NO_PAGE
        try:
            self.geocoder.geocode(query, exactly_one=False, **self._params(bias))
        except (GeopyError, KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            if self._pages.page is _NO_PAGE:  # no answer came: the request itself failed
                if isinstance(exc.__cause__, ServiceError):
                    raise exc.__cause__ from None  # the session's own words
                raise ServiceError(f"{self.name} at {self.endpoint} failed: {exc}") from exc
        page, self._pages.page = self._pages.page, _NO_PAGE
        return self._results(page)


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
