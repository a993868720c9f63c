"""Model objects to JSON and back: how a case is saved in one file that anything can read.

Only the types listed in :data:`TYPES` and :data:`ENUMS` are written and read back, by
name and field: reading a file never runs code from it (unlike a pickle), and a file that
names another type is refused. Dates, tuples, mappings and non-finite floats are tagged so
that they come back as they were.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from enum import Enum
from types import MappingProxyType
from typing import Any

from ..dates import DateRef, Event, TimeRef
from .article import Article
from .checks import Check, ClaimResult, CrossrefReport, Status, Verdict, Weight
from .claims import ImageryClaim, Observation, Site, Speaker, Statement, WeatherWord, Window
from .names import Name
from .places import Alternative, Analyst, Entry, Mention, Place

#: The record types a saved case may hold, by name.
TYPES: dict[str, type] = {t.__name__: t for t in (
    Article, Entry, Mention, Alternative, Analyst, Place, Name, Speaker, Statement, Site, Window, Observation,
    ImageryClaim, DateRef, TimeRef, Event, WeatherWord, Check, ClaimResult, CrossrefReport)}
#: The enumerations a saved case may hold, by name.
ENUMS: dict[str, type[Enum]] = {e.__name__: e for e in (Status, Verdict, Weight)}


def encode(v: Any) -> Any:
    """``v`` as JSON-ready data (see the module description)."""
    if v is None or isinstance(v, (str, bool, int)):
        return v
    if isinstance(v, float):
        return v if math.isfinite(v) else {"@f": repr(v)}
    if isinstance(v, Enum):
        return {"@e": type(v).__name__, "v": v.value}
    if isinstance(v, dt.datetime):
        return {"@dt": v.isoformat()}
    if isinstance(v, dt.date):
        return {"@d": v.isoformat()}
    name = type(v).__name__
    if TYPES.get(name) is type(v):
        if dataclasses.is_dataclass(v):
            return {"@": name, "f": {f.name: encode(getattr(v, f.name)) for f in dataclasses.fields(v)}}
        named: Any = v  # a named tuple
        return {"@": name, "f": {k: encode(x) for k, x in named._asdict().items()}}
    if isinstance(v, tuple):
        return {"@t": [encode(x) for x in v]}
    if isinstance(v, list):
        return [encode(x) for x in v]
    if isinstance(v, (dict, MappingProxyType)):
        return {"@m": [[encode(k), encode(x)] for k, x in v.items()]}
    raise TypeError(f"a case cannot hold a {name}")


def decode(v: Any) -> Any:
    """The inverse of :func:`encode`.

    Raises
    ------
    ValueError
        A tag or type this module does not write.
    """
    if isinstance(v, list):
        return [decode(x) for x in v]
    if not isinstance(v, dict):
        return v
    if "@" in v:
        cls = TYPES.get(v["@"])
        if cls is None or not isinstance(v.get("f"), dict):
            raise ValueError(f"not a record type of a case: {str(v.get('@'))[:40]!r}")
        fields = {str(k): decode(x) for k, x in v["f"].items()}
        if cls is Article:
            fields["meta"] = MappingProxyType(fields.get("meta") or {})
        return cls(**fields)
    if "@t" in v:
        return tuple(decode(x) for x in v["@t"])
    if "@m" in v:
        return {decode(k): decode(x) for k, x in v["@m"]}
    if "@e" in v:
        enum = ENUMS.get(v["@e"])
        if enum is None:
            raise ValueError(f"not an enumeration of a case: {str(v['@e'])[:40]!r}")
        return enum(v["v"])
    if "@d" in v:
        return dt.date.fromisoformat(v["@d"])
    if "@dt" in v:
        return dt.datetime.fromisoformat(v["@dt"])
    if "@f" in v:
        return float(v["@f"])
    raise ValueError(f"not a value of a case: keys {sorted(v)[:5]}")
