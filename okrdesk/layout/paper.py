"""Paper sizes in exact PostScript points, and the printable area okrdesk uses on them."""

from __future__ import annotations

from dataclasses import dataclass

from okrdesk.layout.picture import Rect

MM = 72 / 25.4
INCH = 72.0

# Portrait width × height in points. ISO sizes from their millimetre definitions.
SIZES: dict[str, tuple[float, float]] = {
    "A0": (841 * MM, 1189 * MM),
    "A1": (594 * MM, 841 * MM),
    "A2": (420 * MM, 594 * MM),
    "A3": (297 * MM, 420 * MM),
    "A4": (210 * MM, 297 * MM),
    "A5": (148 * MM, 210 * MM),
    "tabloid": (11 * INCH, 17 * INCH),
    "letter": (8.5 * INCH, 11 * INCH),
}
# What to propose when a picture does not fit: the next ISO size up.
LARGER: dict[str, str] = {"A5": "A4", "A4": "A3", "A3": "A2", "A2": "A1", "A1": "A0",
                          "letter": "tabloid", "tabloid": "A2"}
LABELS: dict[str, str] = {"tabloid": "Tabloid/Ledger", "letter": "Letter"}


CUSTOM = "custom"


@dataclass(frozen=True)
class Paper:
    """A named paper (see SIZES), or a custom sheet (`Paper.custom`) for a picture larger
    than A0 that is only ever printed in tiles."""

    name: str = "A3"
    landscape: bool = True
    margin: float = 10 * MM
    custom_size: tuple[float, float] | None = None  # width × height as laid out

    def __post_init__(self) -> None:
        if self.name == CUSTOM:
            if not self.custom_size or min(self.custom_size) <= 2 * self.margin:
                raise ValueError("a custom paper needs a size larger than its margins")
        elif self.name not in SIZES:
            raise ValueError(f"unknown paper {self.name!r}; choose from {', '.join(SIZES)}")

    @classmethod
    def custom(cls, width: float, height: float, margin: float = 10 * MM) -> Paper:
        return cls(CUSTOM, width >= height, margin, (width, height))

    @property
    def size(self) -> tuple[float, float]:
        if self.custom_size is not None:
            return self.custom_size
        w, h = SIZES[self.name]
        return (h, w) if self.landscape else (w, h)

    @property
    def width(self) -> float:
        return self.size[0]

    @property
    def height(self) -> float:
        return self.size[1]

    @property
    def printable(self) -> Rect:
        return Rect(self.margin, self.margin, self.width - 2 * self.margin,
                    self.height - 2 * self.margin)

    @property
    def label(self) -> str:
        if self.custom_size is not None:
            w, h = self.custom_size
            return f"{w / MM:.0f} × {h / MM:.0f} mm"
        return f"{LABELS.get(self.name, self.name)} {'landscape' if self.landscape else 'portrait'}"

    def larger(self) -> Paper | None:
        bigger = LARGER.get(self.name)
        return Paper(bigger, self.landscape, self.margin) if bigger else None

    def oriented(self, landscape: bool) -> Paper:
        """The same paper turned (a custom sheet keeps its shape)."""
        if self.custom_size is not None or landscape == self.landscape:
            return self
        return Paper(self.name, landscape, self.margin)
