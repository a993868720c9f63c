"""The places table's shape, re-exported where earlier versions had it (:mod:`osint.model.table`).

The geoparser end to end for a bare text is :func:`osint.case.geoparse_places`; for an article,
:func:`osint.analyze`.
"""

from __future__ import annotations

from ..model import ALTERNATIVE_FIELDS as ALTERNATIVE_FIELDS
from ..model import COLUMNS as COLUMNS
from ..model import ELLIPSIS as ELLIPSIS
from ..model import PROVENANCE_COLUMNS as PROVENANCE_COLUMNS
from ..model import SENTENCE_WINDOW as SENTENCE_WINDOW
from ..model import alternative_record as alternative_record
from ..model import place_record as place_record
from ..model import place_records as place_records
from ..model import places_frame as places_frame
from ..model import sentence_window as sentence_window
