"""Geocoding providers' common interface: a query in, an :class:`Answer` of candidates out.

Every provider (the embedded gazetteer offline, an online geocoder through
geopy) answers :meth:`Provider.search` with an :class:`Answer`: a list of
:class:`Candidate` places, best first, each an :class:`osint.gazetteer.Entry`
(an :class:`OnlineEntry` for online providers, which adds the provider, the OSM
type and id, the display name and the fetch time).

OpenStreetMap data (Nominatim, Photon) is © OpenStreetMap contributors,
available under the Open Database License (ODbL); maps that show it must say so
(:data:`OSM_ATTRIBUTION`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from ..gazetteer import Entry

#: Results asked per query (the best is used, the rest become alternatives).
RESULT_LIMIT = 5


#: Minimum seconds between two requests to one provider (Nominatim's policy: 1).
MIN_DELAY_S = 1.0


OSM_ATTRIBUTION = "© OpenStreetMap contributors, ODbL (https://www.openstreetmap.org/copyright)"


OSM_TYPES = {"N": "node", "W": "way", "R": "relation"}


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
