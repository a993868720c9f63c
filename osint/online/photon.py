"""Komoot's Photon, an OpenStreetMap geocoder (https://photon.komoot.io)."""

from __future__ import annotations

from typing import Any

from ..errors import ServiceError
from .base import OSM_ATTRIBUTION, OSM_TYPES, RESULT_LIMIT, Bias, Candidate, OnlineEntry
from .geocoder import GeopyProvider, _clip, _country, _feature, _first_part, _osm_id, _point


class PhotonProvider(GeopyProvider):
    """Komoot's Photon, an OpenStreetMap geocoder (https://photon.komoot.io)."""

    name = "photon"
    url_var = "OSINT_PHOTON_URL"

    def _build(self, **common: Any) -> Any:
        from geopy.geocoders import Photon

        return Photon(**common)

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
        if not isinstance(props, dict):
            raise TypeError("properties is not an object")
        lon, lat = _point(raw["geometry"]["coordinates"])  # numbers, never "38" read as "3", "8"
        osm_type = OSM_TYPES.get(str(props.get("osm_type", "")).upper(), "")
        osm_id = _osm_id(props.get("osm_id"))
        parts = [props.get(k) for k in ("name", "city", "state", "country")]
        display = _clip(", ".join(dict.fromkeys(str(x) for x in parts if x)))
        entry = OnlineEntry(
            id=-1, name=_clip(props.get("name") or "", 120) or _first_part(display), lat=lat, lon=lon,
            feature=_feature(_clip(props.get("osm_key", ""), 40), _clip(props.get("osm_value", ""), 40)),
            country_code=_country(props.get("countrycode")), admin1="", population=0,
            source=self.name, source_id=f"{osm_type}/{osm_id}" if osm_type and osm_id else "",
            source_url=f"https://www.openstreetmap.org/{osm_type}/{osm_id}" if osm_type and osm_id else "",
            provider=self.name, display_name=display, osm_type=osm_type, osm_id=osm_id,
            fetched_at=fetched_at, endpoint=self.endpoint, attribution=OSM_ATTRIBUTION,
        )
        return Candidate(entry, None, raw)
