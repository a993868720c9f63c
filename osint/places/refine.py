"""Refining a document's offline places with an online geocoder.

Only what the gazetteer cannot place well is asked: unresolved mentions and
places resolved with a confidence below :data:`LOW_CONFIDENCE`, in the
document's context (:func:`document_bias`: its countries and the box around
its main cluster of places). A failing service leaves the offline places in
place and gives one warning per run.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Callable, Iterable

from ..errors import GeocodingWarning, ServiceError
from ..escape import terminal
from ..gazetteer import Entry
from ..geo import distance_km
from ..online.geocoders import Answer, Bias, Candidate, OnlineEntry, Provider, provider_from_env
from .resolve import Alternative, Place

#: Places resolved offline with a confidence below this are also asked online.
LOW_CONFIDENCE = 0.5


#: An online answer is a match on the name only; its best share of the
#: provider's ranking is scaled by this to become a confidence.
ONLINE_WEIGHT = 0.8


#: An online answer within this distance of the offline pick confirms it.
AGREE_KM = 25.0


#: At most this many of the document's countries bias a query.
MAX_BIAS_COUNTRIES = 5


#: Places within this distance of the document's most-named place make its viewbox.
CLUSTER_KM = 500.0


#: Degrees added around the viewbox's places.
VIEWBOX_PAD_DEG = 1.0


def document_bias(places: Iterable[Place], threshold: float = LOW_CONFIDENCE) -> Bias:
    """Derive the bias from the places a document already has with confidence.

    Country codes: the :data:`MAX_BIAS_COUNTRIES` most frequent among the
    confident places. Viewbox: the confident places below country level that
    lie within :data:`CLUSTER_KM` of the most often named one, padded by
    :data:`VIEWBOX_PAD_DEG` and rounded outwards to a tenth of a degree.
    """
    sure = [p.entry for p in places if p.entry is not None and p.confidence >= threshold]
    counts = Counter(e.country_code for e in sure if e.country_code)
    codes = tuple(sorted(c for c, _ in counts.most_common(MAX_BIAS_COUNTRIES)))
    local = [e for e in sure if e.feature not in ("country", "continent")]
    viewbox = None
    if local:
        hub_name, _ = Counter(e.name for e in local).most_common(1)[0]
        hub = next(e for e in local if e.name == hub_name)
        near = [e for e in local if distance_km(hub.lat, hub.lon, e.lat, e.lon) <= CLUSTER_KM]
        s = min(e.lat for e in near) - VIEWBOX_PAD_DEG
        n = max(e.lat for e in near) + VIEWBOX_PAD_DEG
        w = min(e.lon for e in near) - VIEWBOX_PAD_DEG
        ea = max(e.lon for e in near) + VIEWBOX_PAD_DEG
        viewbox = (
            max(-90.0, math.floor(s * 10) / 10), max(-180.0, math.floor(w * 10) / 10),
            min(90.0, math.ceil(n * 10) / 10), min(180.0, math.ceil(ea * 10) / 10),
        )
    return Bias(codes, viewbox)


def _warn_python(message: str) -> None:
    # A service's error text is hostile: shown in a notebook or a terminal, never raw.
    warnings.warn(terminal(message), GeocodingWarning, stacklevel=4)


def _online_confidence(cands: tuple[Candidate, ...]) -> float:
    imps = [c.importance for c in cands]
    if imps and all(i is not None and math.isfinite(i) and i > 0 for i in imps):
        share = imps[0] / sum(imps)  # type: ignore[operator,arg-type]
    else:
        share = 1.0 / len(cands)
    return round(ONLINE_WEIGHT * share, 3)


def _alternative(e: Entry, conf: float) -> Alternative:
    return Alternative.of(e, round(conf, 3))


def _provenance(ans: Answer, e: Entry) -> str:
    got = "cached answer" if ans.from_cache else "answer"
    ident = f"{e.source_id} " if e.source_id else ""
    display = getattr(e, "display_name", "") or e.name
    return f"{ans.provider} {got} fetched {ans.fetched_at}: {ident}{display!r}"


class Refiner:
    """Refines a document's offline places with an online provider, for one run.

    One refiner may serve many documents (the command line uses one per run):
    after the provider's first failure it prints one warning and answers from
    the cache only for the rest of the run.

    Parameters
    ----------
    provider : Provider
        Usually from :func:`provider_from_env`.
    threshold : float
        Places below this confidence are asked too (default :data:`LOW_CONFIDENCE`).
    warn : callable, optional
        Receives the failure message; defaults to :func:`warnings.warn` with
        :class:`GeocodingWarning`.
    """

    def __init__(self, provider: Provider, *, threshold: float = LOW_CONFIDENCE,
                 warn: Callable[[str], None] | None = None):
        self.provider = provider
        self.threshold = threshold
        self.warn = warn or _warn_python
        self.failure: str | None = None
        self.stats: Counter[str] = Counter()

    def wants(self, p: Place) -> bool:
        """True when ``p`` should be asked online."""
        if p.mention.kind == "demonym":
            return False
        if p.entry is None:
            return True
        return p.confidence < self.threshold and not isinstance(p.entry, OnlineEntry)

    def refine(self, places: list[Place]) -> list[Place]:
        """Return ``places`` with the unresolved and unsure ones refined online.

        Places the provider cannot improve are returned unchanged (unresolved
        ones gain a note in their ``reason``). Never raises for a failing
        service: see the class description.
        """
        asked = {p.mention.key: p.mention.text for p in places if self.wants(p)}
        if not asked:
            return list(places)
        bias = document_bias(places, self.threshold)
        answers: dict[str, Answer] = {}
        for key, text in asked.items():
            try:
                ans = self.provider.search(text, bias, cache_only=self.failure is not None)
            except ServiceError as exc:
                if self.failure is None:
                    self.failure = str(exc)
                    self.warn(f"{exc}; keeping the offline places")
                continue
            self.stats["cached" if ans.from_cache else "fetched"] += 1
            answers[key] = ans
        return [self._apply(p, answers.get(p.mention.key)) if self.wants(p) else p for p in places]

    def _apply(self, p: Place, ans: Answer | None) -> Place:
        if ans is None or (not ans.candidates and not ans.fetched_at):
            return p  # nothing asked (provider down, no cached answer)
        if not ans.candidates:
            note = f"{ans.provider} found nothing (fetched {ans.fetched_at})"
            return p._replace(reason=f"{p.reason}; {note}")
        best = ans.candidates[0]
        conf = _online_confidence(ans.candidates)
        others = tuple(_alternative(c.entry, 0.0) for c in ans.candidates[1:4])
        self.stats["placed"] += 1
        if p.entry is None:
            return Place(p.mention, best.entry, conf, others,
                         f"not in the gazetteer; {_provenance(ans, best.entry)}")
        e = p.entry
        if distance_km(e.lat, e.lon, best.entry.lat, best.entry.lon) <= AGREE_KM:
            return p._replace(
                confidence=max(p.confidence, conf),
                reason=f"{p.reason}; confirmed by {_provenance(ans, best.entry)}",
            )
        if conf > p.confidence:
            return Place(p.mention, best.entry, conf, (_alternative(e, p.confidence), *others),
                         f"gazetteer unsure ({e.name}, {p.confidence:.2f}); {_provenance(ans, best.entry)}")
        return p._replace(
            alternatives=(*p.alternatives, _alternative(best.entry, conf)),
            reason=f"{p.reason}; {ans.provider} suggested {best.entry.name!r} ({conf:.2f}), not taken",
        )


def refine_places(places: list[Place], *, geocoder: Provider | Refiner | None = None,
                  warn: Callable[[str], None] | None = None) -> list[Place]:
    """Refine a document's offline places online (see :class:`Refiner`).

    Parameters
    ----------
    places : list of Place
        From :func:`osint.geoparse_places` (offline).
    geocoder : Provider or Refiner, optional
        Defaults to :func:`provider_from_env`. Pass a :class:`Refiner` to share
        its one-warning-per-run state across documents.
    warn : callable, optional
        See :class:`Refiner`.

    Raises
    ------
    ConfigurationError
        When the online provider is not configured (Nominatim without ``OSINT_USER_AGENT``).
    """
    if isinstance(geocoder, Refiner):
        return geocoder.refine(places)
    provider = geocoder if geocoder is not None else provider_from_env(warn=warn)
    return Refiner(provider, warn=warn).refine(places)
