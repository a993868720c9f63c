"""OpenStreetMap's Nominatim (https://nominatim.org/release-docs/latest/api/Search/)."""

from __future__ import annotations

from typing import Any

from .base import OSM_ATTRIBUTION, OSM_TYPES, RESULT_LIMIT, Bias, Candidate, OnlineEntry
from .geocoder import GeopyProvider, _clip, _country, _feature, _first_part, _number, _osm_id


class NominatimProvider(GeopyProvider):
    """OpenStreetMap's Nominatim (https://nominatim.org/release-docs/latest/api/Search/)."""

    name = "nominatim"
    url_var = "OSINT_NOMINATIM_URL"
    requires_user_agent = True

    def _build(self, **common: Any) -> Any:
        from geopy.geocoders import Nominatim

        return Nominatim(**common)

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
            # Nominatim sends coordinates as decimal strings; true, "abc" or a list are refused.
            lat=_number(raw["lat"], text=True), lon=_number(raw["lon"], text=True),
            feature=_feature(_clip(cls, 40), _clip(raw.get("type", ""), 40)),
            country_code=_country(address.get("country_code")), admin1="", population=0,
            source=self.name, source_id=f"{osm_type}/{osm_id}" if osm_type and osm_id else "",
            source_url=f"https://www.openstreetmap.org/{osm_type}/{osm_id}" if osm_type and osm_id else "",
            provider=self.name, display_name=display, osm_type=osm_type, osm_id=osm_id,
            fetched_at=fetched_at, endpoint=self.endpoint, attribution=OSM_ATTRIBUTION,
        )
        return Candidate(entry, _number(imp, text=True) if imp is not None else None, raw)
