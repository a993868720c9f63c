"""The vocabulary of feature types: which outrank towns, which draw where (the gazetteer, the
resolver and the maps read it)."""

from __future__ import annotations

#: Features of large named areas from ``data/regions.csv`` (GeoNames, no country) and
#: ``data/regions_curated.csv`` (a "corridor" is a strip of land: "Lachin corridor", "Suwalki Gap").
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
        "corridor",
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
    "border": "border (a point on it, estimated)",
}


#: Natural features of the sites-and-water layer (``data/sites_water.csv``) beyond
#: :data:`REGION_FEATURES`: named by their own names, ranked like them.
WATER_FEATURES = frozenset({"reservoir", "islands", "reef", "shoal", "atoll", "plain", "cape", "channel",
                            "sound", "valley", "lagoon"})
#: Sites of that layer: named with their kind ("Kavumu camp", "Rooppur nuclear power plant",
#: "port of Ras Isa"), never by the bare name a town shares.
SITE_FEATURES = frozenset({"camp", "port", "energy_site", "nuclear_site", "bridge", "border_crossing"})

#: A feature word next to a name, and the features it allows: "the Don river" is a river, "Manus
#: Island" an island; the word stays in the mention and restricts its candidates.
FEATURE_CUES: dict[str, frozenset[str]] = {
    "river": frozenset({"river"}),
    "lake": frozenset({"lake", "reservoir"}),
    "reservoir": frozenset({"reservoir", "lake"}),
    "island": frozenset({"island", "islands", "atoll", "reef", "admin1"}),
    "islands": frozenset({"islands", "island", "atoll"}),
    "reef": frozenset({"reef", "atoll", "shoal", "island"}),
    "shoal": frozenset({"shoal", "reef", "atoll"}),
    "atoll": frozenset({"atoll", "reef", "island", "islands"}),
    "strait": frozenset({"strait", "channel"}),
    "sea": frozenset({"sea"}),
    "gulf": frozenset({"gulf", "bay"}),
    "bay": frozenset({"bay", "gulf"}),
    "mountains": frozenset({"mountains", "mountain"}),
    "desert": frozenset({"desert"}),
    # A valley bears its division's or its town's name ("Bekaa Valley", "Salinas Valley"), never
    # its country's ("Jordan Valley" is not Jordan's point).
    "valley": frozenset({"valley", "region", "admin1", "admin2"}),
    "camp": frozenset({"camp"}),
    "refugee camp": frozenset({"camp"}),
    "crossing": frozenset({"border_crossing", "bridge"}),
    "border crossing": frozenset({"border_crossing", "bridge"}),
    "nuclear power plant": frozenset({"nuclear_site"}),
    "nuclear plant": frozenset({"nuclear_site"}),
    "power plant": frozenset({"energy_site", "nuclear_site"}),
    "power station": frozenset({"energy_site", "nuclear_site"}),
}
#: Of those, the words of sites named after their town ("Odesa port"): the town stays a candidate,
#: for the document's geography to weigh. A natural feature never falls back to a town.
TOWN_NAMED_CUES = frozenset({"valley", "camp", "refugee camp", "crossing", "border crossing", "power plant",
                             "power station", "nuclear power plant", "nuclear plant"})
#: Words before a name that say what it is ("Lake Chad", "River Danube", "Mount Hermon").
FEATURE_PREFIX_CUES: dict[str, frozenset[str]] = {
    "lake": FEATURE_CUES["lake"],
    "river": FEATURE_CUES["river"],
    "mount": frozenset({"mountain", "mountains"}),
}
