"""Unmapped ligature glyphs read back from their widths (pure logic over pdfplumber-shaped char dicts; the widths
are Calibri's as Oracle's 10-K draws them at 8.87 pt, and Open Sans's as a Costco release does)."""

from ingest.ligatures import resolve_ligatures

SIZE = 8.87
WIDTH = {"t": 0.335, "f": 0.305, "i": 0.229, "a": 0.479, "o": 0.527, "w": 0.715, "e": 0.498, "r": 0.349, "m": 0.799,
         "p": 0.525, "n": 0.525, "s": 0.391, "l": 0.229}


def _chars(word: str, glyph_width: float) -> list[dict]:
    """`word` with "_" as an unmapped glyph `glyph_width` em wide."""
    return [
        {"text": "\x00" if letter == "_" else letter, "fontname": "Calibri", "size": SIZE,
         "width": (glyph_width if letter == "_" else WIDTH[letter]) * SIZE}
        for letter in word
    ]  # fmt: skip


def _read(chars: list[dict]) -> str:
    resolve_ligatures(chars)
    return "".join(char["text"] for char in chars)


def test_each_ligature_is_told_by_its_width():
    # One page's letters: the fonts' t, f and i are known from other words on it, and it prints a mapped "ﬁ".
    letters = _chars("tfi", 0) + [{"text": "ﬁ", "fontname": "Calibri", "size": SIZE, "width": 0.558 * SIZE}]
    assert _read(_chars("opera_on", 0.557) + letters).startswith("operation")
    assert _read(_chars("so_ware", 0.616) + letters).startswith("software")
    # Calibri's "tt" is as wide as its "ft": width alone reads it so (no word list here to tell "matters").
    assert _read(_chars("ma_er", 0.634) + letters).startswith("mafter")

def test_a_fonts_fi_fl_and_ff_are_not_taken_for_ti_or_ft():
    # Open Sans in a Costco release: its "fi" is exactly f + i wide.
    open_sans = {"f": 0.336, "i": 0.252, "t": 0.361, "l": 0.252}
    WIDTH.update({"r": 0.356, "s": 0.416})
    chars = [
        {"text": "\x00" if letter == "_" else letter, "fontname": "OpenSans", "size": 10.0,
         "width": (0.588 if letter == "_" else open_sans.get(letter, WIDTH.get(letter, 0.5))) * 10.0}
        for letter in "_rst tfil"
    ]  # fmt: skip
    assert _read(chars).startswith("first")


def test_ft_and_tf_are_ordered_by_the_letter_after():
    letters = _chars("tfi", 0) + [{"text": "ﬁ", "fontname": "Calibri", "size": SIZE, "width": 0.558 * SIZE}]
    assert _read(_chars("pla_orm", 0.616) + letters).startswith("platform")


def test_a_glyph_no_ligature_fits_is_left_alone():
    chars = _chars("a_e", 1.2) + _chars("tfi", 0)
    assert _read(chars).startswith("a\x00e")
