"""Esri's ArcGIS World Geocoding Service (check its terms before storing results)."""

from __future__ import annotations

from typing import Any

from ..errors import ServiceError
from .base import Bias, Candidate, OnlineEntry
from .geocoder import GeopyProvider, _clip, _first_part, _number


class ArcGISProvider(GeopyProvider):
    """Esri's ArcGIS World Geocoding Service (check its terms before storing results)."""

    name = "arcgis"
    url_var = "OSINT_ARCGIS_URL"

    def _build(self, **common: Any) -> Any:
        from geopy.geocoders import ArcGIS

        return ArcGIS(**common)

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
            id=-1, name=_first_part(display), lat=_number(loc["y"]), lon=_number(loc["x"]),
            feature=_clip((raw.get("attributes") or {}).get("Addr_type", ""), 40), country_code="", admin1="",
            population=0, source=self.name, source_id="", source_url="",
            provider=self.name, display_name=display, fetched_at=fetched_at, endpoint=self.endpoint,
            attribution="Esri ArcGIS World Geocoding Service",
        )
        return Candidate(entry, _number(score) / 100 if score is not None else None, raw)
