"""The tints a light's cell is shaded with on paper and in a spreadsheet (the character
stays, so a black-and-white copy still reads): light enough for black text on them."""

from __future__ import annotations

from portboard.core.lights import GREEN, RED, YELLOW

LIGHT_FILLS = {RED: "FFC7CE", YELLOW: "FFEB9C", GREEN: "C6EFCE"}
