"""A small JSON-over-HTTP helper with a file cache, shared by the online clients."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ServiceError
from ..paths import cache_dir

#: Seconds before a request is abandoned.
TIMEOUT = 20.0
USER_AGENT = "osint-workbench/0.1 (+imagery cross-reference)"


class NotAvailable(ServiceError):
    """The answer is not cached and the network is not allowed."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """A JSON answer and where it came from."""

    data: Any
    url: str
    cached: bool
    fetched_at: str

    @property
    def provenance(self) -> str:
        """One line: URL, and whether it came from the cache."""
        how = f"cache, fetched {self.fetched_at}" if self.cached else f"fetched {self.fetched_at}"
        return f"{self.url} ({how})"


def base_url(env: str, default: str) -> str:
    """The base URL from ``env``, else ``default`` (no trailing slash)."""
    return (os.environ.get(env) or default).rstrip("/")


def cache_root() -> Path:
    """``<cache dir>/crossref``."""
    return cache_dir() / "crossref"


def _cache_file(service: str, key: str) -> Path:
    return cache_root() / service / (hashlib.sha256(key.encode()).hexdigest()[:24] + ".json")


def _full_url(url: str, params: dict[str, Any] | None) -> str:
    if not params:
        return url
    from urllib.parse import urlencode

    return f"{url}?{urlencode(params)}"


def fetch_json(service: str, url: str, params: dict[str, Any] | None = None, *, online: bool,
               body: dict | None = None, timeout: float = TIMEOUT, refresh: bool = False) -> Fetched:
    """GET (or POST ``body``) ``url`` and return its JSON, through the cache.

    Parameters
    ----------
    service : str
        Cache folder name ("open-meteo", "stac", "celestrak").
    url : str
    params : dict, optional
        Query parameters.
    online : bool
        Whether the network may be used; offline, only the cache answers.
    body : dict, optional
        JSON body for a POST.
    refresh : bool
        Fetch again even when cached (online only).

    Raises
    ------
    NotAvailable
        Offline and not cached.
    ServiceError
        The service is unreachable, answers with an error status or not JSON.
    """
    full = _full_url(url, params)
    key = json.dumps({"url": full, "body": body}, sort_keys=True)
    path = _cache_file(service, key)
    if path.exists() and not (refresh and online):
        try:
            rec = json.loads(path.read_text(encoding="utf-8"))
            return Fetched(rec["data"], full, True, rec.get("fetched_at", "?"))
        except (OSError, ValueError, KeyError):
            pass  # an unreadable cache entry is fetched again when allowed
    if not online:
        raise NotAvailable(f"offline, and {service} has no cached answer for this query "
                           f"(run with --online / online=True to fetch it)")
    import requests

    headers = {"User-Agent": USER_AGENT, "Accept": "application/json, application/geo+json"}
    try:
        if body is None:
            resp = requests.get(full, headers=headers, timeout=timeout)
        else:
            resp = requests.post(full, json=body, headers=headers, timeout=timeout)
    except requests.RequestException as exc:
        raise ServiceError(f"{service} unreachable at {url}: {type(exc).__name__}") from exc
    if resp.status_code >= 400:
        raise ServiceError(f"{service} answered HTTP {resp.status_code} for {full}")
    try:
        data = resp.json()
    except ValueError as exc:
        raise ServiceError(f"{service} answered with something that is not JSON ({full})") from exc
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    _write(path, {"url": full, "body": body, "fetched_at": now, "data": data})
    return Fetched(data, full, False, now)


def _write(path: Path, rec: dict) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(rec, fh, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache costs a refetch next time, nothing more
