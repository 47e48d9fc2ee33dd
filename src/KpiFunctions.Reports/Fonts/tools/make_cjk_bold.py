#!/usr/bin/python3
"""Makes NotoSansSC-Bold-Subset.ttf: the bold weight that Chinese headings use.

Droid Sans Fallback (the CJK font of body text) has no bold, and Skia's PDF backend turns CFF fonts (every Noto Sans
CJK .otf/.ttc) into Type 3 fonts and emboldened glyphs into outlines. So the bold weight is Noto Sans CJK SC Bold
(Debian 12's fonts-noto-cjk, SIL OFL 1.1) cut to the characters of GB2312 (the 6 763 hanzi of both levels, CJK
punctuation and full-width forms) and converted from CFF to TrueType outlines (quadratic curves, 1 unit of error).
Characters outside it fall back to Droid Sans Fallback's regular weight. Latin comes from Noto Sans Bold.

The result is an OFL "Modified Version"; its names stay "Noto Sans CJK SC" (the reserved font name is "Source").

    apt-get install fonts-noto-cjk python3-fonttools
    /usr/bin/python3 make_cjk_bold.py /usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc ../NotoSansSC-Bold-Subset.ttf
"""
import sys

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

SC_INDEX = 2  # JP, KR, SC, TC, HK in fonts-noto-cjk's .ttc


def gb2312():
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def to_truetype(font):
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = font.getGlyphOrder()
    glyf.glyphs = {}
    for name in glyf.glyphOrder:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["maxp"] = newTable("maxp")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements", "maxComponentDepth"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["post"].formatType = 3.0
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def main(source, target):
    options = subset.Options()
    options.font_number = SC_INDEX
    options.layout_features = []  # shaped without features: no vertical forms, no locl variants
    options.hinting = False
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "vhea", "vmtx", "VORG"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    font = subset.load_font(source, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(gb2312())))
    subsetter.subset(font)
    to_truetype(font)
    font.recalcBBoxes = True
    font.save(target)
    print(f"{target}: {len(font.getGlyphOrder())} glyphs")


main(sys.argv[1], sys.argv[2])
