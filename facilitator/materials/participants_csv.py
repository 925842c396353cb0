"""participants.csv for Russian Excel: UTF-8 with BOM, «;» between fields, CRLF line ends."""

from __future__ import annotations

import csv
import datetime as dt
import io

from flask_babel import force_locale
from flask_babel import gettext as _

from facilitator.materials.records import SessionMaterials
from facilitator.materials.workbook import (
    DEFAULT_TIMEZONE,
    local_time,
    participant_fields,
    participant_headers,
)
from facilitator.text.sanitize import csv_safe


def build_participants_csv(
    materials: SessionMaterials, zone: dt.tzinfo = DEFAULT_TIMEZONE
) -> bytes:
    """The participants' list; a cell that would start a formula gets a leading apostrophe."""
    with force_locale(materials.session.language):
        headers = participant_headers()
        yes = _("yes")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(headers)
    for number, p in enumerate(materials.participants, start=1):
        joined = local_time(p.joined_at, zone)
        writer.writerow(
            [
                number,
                *(csv_safe(v) for v in participant_fields(p)),
                yes if p.is_leader else "",
                joined.strftime("%d.%m.%Y %H:%M") if joined else "",
            ]
        )
    # Excel guesses the encoding from the BOM; without it Cyrillic turns into mojibake.
    return buffer.getvalue().encode("utf-8-sig")
