"""The paper painter for SVG: one picture as a standalone SVG 1.1 drawing, in points.

Same geometry as the PDF painter: boxes, lines with their dash arrays, text lines where
`okrdesk.layout.placement.line_origins` puts them (set in DejaVu Sans, the font the layout
measured with), the correlation marks drawn as shapes, a tile's items clipped to its part,
and the overlay last. User text is character data escaped by ElementTree, never markup.
The same picture always gives the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from okrdesk.layout.picture import (
    Box,
    Glyph,
    Line,
    Picture,
    Primitive,
    Rect,
    Shape,
    TextRun,
    extent,
)
from okrdesk.layout.placement import line_origins
from okrdesk.layout.shaping import is_rtl, paragraph_direction

SVG_NS = "http://www.w3.org/2000/svg"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"  # keep the spaces the layout measured
RLI, PDI = "\u2067", "\u2069"  # right-to-left isolate, pop directional isolate
FONT_FAMILY = "DejaVu Sans, Verdana, sans-serif"
# XML 1.0 forbids these characters even escaped (tab, newline and return are allowed).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """User text made storable in XML: characters XML 1.0 cannot hold are dropped."""
    return _NOT_XML.sub("", text)


def num(value: float) -> str:
    """A coordinate with at most 3 decimals and no trailing zeros ("12.5", "0")."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _dash(dash: tuple[float, ...]) -> dict[str, str]:
    return {"stroke-dasharray": " ".join(num(d) for d in dash)} if dash else {}


def _box(parent: ET.Element, box: Box) -> None:
    if box.role == "page":  # the paper itself: the white background already is it
        return
    r = box.rect
    attributes = {
        "x": num(r.x),
        "y": num(r.y),
        "width": num(r.w),
        "height": num(r.h),
        "fill": box.fill or "none",
    }
    if box.stroke:
        attributes |= {"stroke": box.stroke, "stroke-width": num(box.stroke_width)}
        attributes |= _dash(box.dash)
    ET.SubElement(parent, "rect", attributes)


def _line(parent: ET.Element, line: Line) -> None:
    ET.SubElement(
        parent,
        "line",
        {
            "x1": num(line.x1),
            "y1": num(line.y1),
            "x2": num(line.x2),
            "y2": num(line.y2),
            "stroke": line.color,
            "stroke-width": num(line.width),
        }
        | _dash(line.dash),
    )


def _text(parent: ET.Element, run: TextRun) -> None:
    r = run.rect
    if run.rotation == 90:  # reads bottom-to-top: the frame starts at the rect's bottom-left
        transform = f"translate({num(r.x)} {num(r.bottom)}) rotate(-90)"
    else:
        transform = f"translate({num(r.x)} {num(r.y)})"
    attributes = {
        "transform": transform,
        "font-family": FONT_FAMILY,
        "font-size": num(run.size),
        "fill": run.color,
    }
    if run.bold:
        attributes["font-weight"] = "bold"
    # Text stays in logical order (searchable; viewers shape and reorder it as the PDF painter
    # does). A right-to-left paragraph is wrapped in a right-to-left isolate, so its line is
    # ordered as one but still starts at the left edge, where the layout put it; the
    # "direction" attribute would move the anchor, and Qt's SVG renderer ignores it.
    rtl = any(map(is_rtl, run.lines)) and paragraph_direction(" ".join(run.lines)) == "R"
    group = ET.SubElement(parent, "g", attributes)
    for x, y, line in line_origins(run):
        text = ET.SubElement(group, "text", {"x": num(x), "y": num(y), XML_SPACE: "preserve"})
        text.text = f"{RLI}{xml_text(line)}{PDI}" if rtl else xml_text(line)


def _glyph(parent: ET.Element, g: Glyph) -> None:
    stroke = {"stroke": g.color, "stroke-width": num(max(0.4, g.radius * 0.22))}
    cx, cy, r = g.cx, g.cy, g.radius
    circle = {"cx": num(cx), "cy": num(cy), "r": num(r)}
    if g.shape == Shape.DISC:
        ET.SubElement(parent, "circle", circle | stroke | {"fill": g.color})
    elif g.shape == Shape.CIRCLE:
        ET.SubElement(parent, "circle", circle | stroke | {"fill": "none"})
    elif g.shape == Shape.HALF:  # outline, left half filled
        ET.SubElement(parent, "circle", circle | stroke | {"fill": "none"})
        top, bottom = f"{num(cx)} {num(cy - r)}", f"{num(cx)} {num(cy + r)}"
        half = f"M {top} A {num(r)} {num(r)} 0 0 0 {bottom} Z"
        ET.SubElement(parent, "path", {"d": half, "fill": g.color, "stroke": "none"})
    else:  # triangle pointing up
        corners = [(cx, cy - r), (cx + r * 0.95, cy + r * 0.7), (cx - r * 0.95, cy + r * 0.7)]
        points = " ".join(f"{num(x)},{num(y)}" for x, y in corners)
        ET.SubElement(parent, "polygon", {"points": points, "fill": "none"} | stroke)


def draw(parent: ET.Element, primitive: Primitive) -> None:
    if isinstance(primitive, Box):
        _box(parent, primitive)
    elif isinstance(primitive, Line):
        _line(parent, primitive)
    elif isinstance(primitive, TextRun):
        _text(parent, primitive)
    else:
        _glyph(parent, primitive)


def _rect(rect: Rect) -> dict[str, str]:
    return {"x": num(rect.x), "y": num(rect.y), "width": num(rect.w), "height": num(rect.h)}


def svg_element(picture: Picture) -> ET.Element:
    width, height = num(picture.width), num(picture.height)
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "version": "1.1",
            "width": f"{width}pt",
            "height": f"{height}pt",
            "viewBox": f"0 0 {width} {height}",
        },
    )
    if picture.title:
        ET.SubElement(root, "title").text = xml_text(picture.title)
    page = {"x": "0", "y": "0", "width": width, "height": height}
    ET.SubElement(root, "rect", page | {"fill": "#ffffff"})
    items: ET.Element = root
    if picture.clip is not None:
        defs = ET.SubElement(root, "defs")
        clip = ET.SubElement(defs, "clipPath", {"id": "tile"})
        ET.SubElement(clip, "rect", _rect(picture.clip))
        items = ET.SubElement(root, "g", {"clip-path": "url(#tile)"})
    for primitive in picture.items:
        # A tile leaves out what lies wholly outside its part: a smaller file, and viewers
        # that ignore clipPath (Qt's SVG renderer) still show only about that part.
        if picture.clip is None or picture.clip.overlaps(extent(primitive, ink=True)):
            draw(items, primitive)
    for primitive in picture.overlay:
        draw(root, primitive)
    return root


def svg_bytes(picture: Picture) -> bytes:
    """The picture as a standalone SVG file (UTF-8), sized in points like the PDF page."""
    root = svg_element(picture)
    ET.indent(root, space="")
    body = ET.tostring(root, encoding="unicode").encode("utf-8")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"
