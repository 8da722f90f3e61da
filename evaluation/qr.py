"""QR codes for a round's public link, drawn as inline SVG from segno's module matrix (made here, no service).

The code is a path of dark modules: digits and path letters only, so the template prints it escaped like any
other value and nothing is marked safe.
"""

from __future__ import annotations

from dataclasses import dataclass

import segno

QUIET_ZONE = 4  # modules of white border the QR standard asks for around the code


@dataclass(frozen=True)
class QRCode:
    data: str  # what the code encodes
    size: int  # modules across, quiet zone included (the SVG's viewBox)
    path: str  # SVG path data of the dark modules, one unit per module


def qr_code(data: str) -> QRCode:
    """A QR code for `data` (medium error correction: it still reads when printed small or a little smudged)."""
    code = segno.make(data, error="m", micro=False)
    rows = [list(row) for row in code.matrix_iter(border=QUIET_ZONE)]
    parts = []
    for y, row in enumerate(rows):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            parts.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
    return QRCode(data=data, size=len(rows), path="".join(parts))
