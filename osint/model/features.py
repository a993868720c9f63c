"""The vocabulary of feature types: which outrank towns, which draw where (the gazetteer, the
resolver and the maps read it)."""

from __future__ import annotations

#: Features of large named areas from ``data/regions.csv`` (GeoNames, no country).
REGION_FEATURES = frozenset(
    {
        "region",
        "ocean",
        "sea",
        "gulf",
        "strait",
        "bay",
        "peninsula",
        "desert",
        "mountains",
        "mountain",
        "river",
        "lake",
        "island",
    }
)


#: Feature types that outrank towns sharing their names (the classic "China,
#: Maine" error): countries, continents, divisions, capitals and large areas.
STRONG_FEATURES = frozenset({"continent", "country", "admin1", "capital"}) | (
    REGION_FEATURES - {"mountain", "river", "lake", "island"}
)


#: Features drawn as countries and regions (and left out of distances: a centroid says little).
COUNTRY_FEATURES = frozenset({"continent", "country", "admin1"})
#: Populated places.
CITY_FEATURES = frozenset({"capital", "city"})

#: How a reason names a feature type.
FEATURE_LABELS = {
    "country": "country",
    "continent": "continent",
    "admin1": "first-order division",
    "admin2": "second-order division (point estimated)",
    "capital": "capital city",
    "airport": "airport",
    "airfield": "airfield",
    "air_base": "military airfield",
}
