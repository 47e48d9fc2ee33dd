#!/usr/bin/python3
"""Adds U+2212 MINUS SIGN to Noto Sans 2.004 (Debian 12's fonts-noto-core), which lacks it.

sv-SE, nb-NO (and other locales) write negative numbers with U+2212. The glyph drawn here is the horizontal bar of the
font's own plus sign: as wide as the plus (and the tabular digits, 572 units), as thick as the bars of "=", centred
where the plus is, so "−12" and "+12" line up in a table. Run once per weight; the modified fonts are committed
(SIL OFL 1.1 allows modified versions; Noto Sans has no reserved font name).

    /usr/bin/python3 add_minus.py ../NotoSans-Regular.ttf ../NotoSans-Bold.ttf   (apt: python3-fonttools)
"""
import sys

from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont


def add_minus(path):
    font = TTFont(path)
    cmap = font.getBestCmap()
    if 0x2212 in cmap:
        print(f"{path}: already has U+2212")
        return
    glyf = font["glyf"]
    plus = glyf[cmap[ord("+")]]
    equal = glyf[cmap[ord("=")]]
    coords, ends, _ = equal.getCoordinates(glyf)
    upper = [y for (_, y) in coords[: ends[0] + 1]]
    thickness = max(upper) - min(upper)
    middle = (plus.yMin + plus.yMax) / 2
    bottom = round(middle - thickness / 2)
    top = bottom + thickness

    pen = TTGlyphPen(None)
    pen.moveTo((plus.xMin, bottom))
    pen.lineTo((plus.xMin, top))
    pen.lineTo((plus.xMax, top))
    pen.lineTo((plus.xMax, bottom))
    pen.closePath()

    name = "uni2212"
    order = font.getGlyphOrder() + [name]
    font.setGlyphOrder(order)
    glyf.glyphOrder = order
    glyf[name] = pen.glyph()
    advance, _ = font["hmtx"][cmap[ord("+")]]
    font["hmtx"][name] = (advance, plus.xMin)
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap[0x2212] = name
    font["maxp"].numGlyphs = len(order)
    font.save(path)
    print(f"{path}: U+2212 added ({plus.xMin}..{plus.xMax} x {bottom}..{top}, advance {advance})")


for p in sys.argv[1:]:
    add_minus(p)
