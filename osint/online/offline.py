"""The embedded gazetteer as a geocoding provider: offline and instant."""

from __future__ import annotations

from ..gazetteer import Gazetteer, load_gazetteer
from .base import Answer, Bias, Candidate, Provider


class GazetteerProvider(Provider):
    """The embedded gazetteer as a provider (offline, instant)."""

    name = "gazetteer"
    online = False

    def __init__(self, gazetteer: Gazetteer | None = None):
        self.gazetteer = gazetteer or load_gazetteer()

    def search(self, query: str, bias: Bias | None = None, *, cache_only: bool = False) -> Answer:
        entries = self.gazetteer.lookup(query)
        if bias and bias.country_codes:
            # Same rule as Nominatim's countrycodes: only places in the document's countries.
            entries = [e for e in entries if e.country_code in bias.country_codes] or entries
        return Answer(self.name, query, tuple(Candidate(e, None, None) for e in entries))
