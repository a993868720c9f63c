"""Every ``OSINT_*`` setting the package reads, with its default, in one place.

Settings come from the environment, read when they are needed (so a notebook or a
test can change one between calls), and always through :func:`get` and its typed
siblings: a setting not listed in :data:`SETTINGS` cannot be read.

=============================  ==================================================
``OSINT_DATA_DIR``             the curated tables (default: the shipped ones)
``OSINT_CACHE_DIR``            caches: gazetteer index, online answers
``OSINT_VERBOSE``              timings and notes on standard error when set
``OSINT_USER_AGENT``           who is asking (required by Nominatim's policy)
``OSINT_GEOCODER``             ``nominatim`` (default), ``photon``, ``arcgis``
``OSINT_NOMINATIM_URL`` ...    each online service's base URL
``OSINT_GEOCODER_TIMEOUT``     seconds per geocoding request (10; at most 300)
``OSINT_GEOCODER_RETRIES``     retries per geocoding query (2; at most 10)
=============================  ==================================================
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

from .errors import ConfigurationError


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting: its variable, default and what it does."""

    name: str
    default: str
    help: str


SETTINGS: dict[str, Setting] = {s.name: s for s in (
    Setting("OSINT_DATA_DIR", "", "folder of the curated tables (default: those shipped in the package)"),
    Setting("OSINT_CACHE_DIR", "", "folder for caches (default: data/interim in a checkout, else the "
                                   "user cache folder)"),
    Setting("OSINT_VERBOSE", "", "print timings and notes on standard error when set"),
    Setting("OSINT_USER_AGENT", "", "names the application and a contact; Nominatim requires it"),
    Setting("OSINT_GEOCODER", "nominatim", "online geocoder: nominatim, photon or arcgis"),
    Setting("OSINT_NOMINATIM_URL", "https://nominatim.openstreetmap.org", "Nominatim's base URL"),
    Setting("OSINT_PHOTON_URL", "https://photon.komoot.io", "Photon's base URL"),
    Setting("OSINT_ARCGIS_URL", "https://geocode.arcgis.com", "ArcGIS geocoding base URL"),
    Setting("OSINT_GEOCODER_TIMEOUT", "10", "seconds a geocoding request may take in all (0.1 to 300)"),
    Setting("OSINT_GEOCODER_RETRIES", "2", "retries of a geocoding query after 429, 5xx or a timeout "
                                           "(0 to 10)"),
    Setting("OSINT_STAC_URL", "https://earth-search.aws.element84.com/v1", "Earth Search STAC API"),
    Setting("OSINT_UMBRA_STAC_URL",
            "https://s3.us-west-2.amazonaws.com/umbra-open-data-catalog/stac/catalog.json",
            "Umbra open-data static STAC catalog"),
    Setting("OSINT_OPEN_METEO_URL", "https://archive-api.open-meteo.com/v1/archive",
            "Open-Meteo historical weather archive"),
    Setting("OSINT_OSM_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "OpenStreetMap tiles fetched for osint map --online --embed"),
    Setting("OSINT_IMAGERY_TILES_URL",
            "https://tiles.maps.eox.at/wmts/1.0.0/s2cloudless_3857/default/g/{z}/{y}/{x}.jpg",
            "imagery tiles fetched for --embed (Sentinel-2 cloudless 2016 by EOX, CC BY 4.0)"),
    Setting("OSINT_CELESTRAK_URL", "https://celestrak.org/NORAD/elements/gp.php", "CelesTrak GP query"),
    Setting("OSINT_PROVENANCE_LOG", "", "a file the online services also note their answers in "
                                        "(set by osint report for its notebooks' kernels)"),
    Setting("OSINT_GEONAMES_URL", "https://download.geonames.org/export/dump",
            "GeoNames' dump folder (per-country files for osint gazetteer install)"),
    Setting("OSINT_STAGE_LOG", "", "a file every process appends a line to for each stage it computes "
                                   "(extract, resolve): to see what a run recomputes"),
)}


def get(name: str) -> str:
    """The setting's value: the environment's (stripped) when set and not empty, else its default."""
    setting = SETTINGS[name]
    raw = os.environ.get(name, "").strip()
    return raw or setting.default


def is_set(name: str) -> bool:
    """True when the environment gives the setting a non-empty value."""
    _ = SETTINGS[name]
    return bool(os.environ.get(name, "").strip())


def get_float(name: str, *, minimum: float = 0.0, maximum: float = math.inf) -> float:
    """A numeric setting, finite and between ``minimum`` and ``maximum``.

    Raises
    ------
    ConfigurationError
        Naming the variable and the value, when it is not such a number.
    """
    raw = get(name)
    try:
        value = float(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be a number, not {raw!r}") from None
    if not math.isfinite(value) or value < minimum or value > maximum:
        bound = (f"between {minimum:g} and {maximum:g}" if math.isfinite(maximum)
                 else f"of at least {minimum:g}")
        raise ConfigurationError(f"{name} must be a number {bound}, not {raw!r}")
    return value


def get_int(name: str, *, minimum: int = 0, maximum: float = math.inf) -> int:
    """A whole-number setting (``2``, ``2.0``), between ``minimum`` and ``maximum``."""
    value = get_float(name, minimum=minimum, maximum=maximum)
    if not value.is_integer():
        raise ConfigurationError(f"{name} must be a whole number, not {get(name)!r}")
    return int(value)


def verbose() -> bool:
    """True when ``OSINT_VERBOSE`` is set."""
    return is_set("OSINT_VERBOSE")


def note_stage(stage: str, text: str) -> None:
    """Append ``stage``, the length of the text it ran on and this process's id to
    ``OSINT_STAGE_LOG`` when it is set (a diagnostic: how often a run extracts and resolves an
    article; one analysis does each once)."""
    path = os.environ.get("OSINT_STAGE_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"{stage}\t{len(text)}\t{os.getpid()}\n")
