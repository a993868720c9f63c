"""Names typed before anything is placed: what each capitalised name in the text is."""

from __future__ import annotations

from dataclasses import dataclass

#: The kinds a name is typed as. ``place`` is what is left for the geoparser; the others keep
#: the places inside them off the map ("Black Sea Fleet", "Bank of England", "USS Carney").
NAME_KINDS = ("person", "organisation", "unit", "vessel", "weapon", "outlet", "company", "event", "people",
              "time zone", "satellite")


@dataclass(frozen=True, slots=True)
class Name:
    """A name the text gives and what it is, with the evidence.

    Attributes
    ----------
    start, end : int
        The span (code points, end exclusive).
    text : str
        The name as written.
    kind : str
        One of :data:`NAME_KINDS`.
    why : str
        The cue that typed it ("'Fleet' ends an organisation's name", "'USS' names a ship").
    whole : bool
        True when the name as a whole is no place either ("The Kremlin said": the government
        speaking, not the building); by default a place's whole name stays a place ("Far Eastern
        Federal University" is a campus).
    """

    start: int
    end: int
    text: str
    kind: str
    why: str
    whole: bool = False

    def covers(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` lies inside this name."""
        return self.start <= start and end <= self.end
