"""Ligatures a PDF draws without saying which letters they are, read back from their width."""

from __future__ import annotations

from collections import defaultdict
from statistics import median
from typing import Any

# A font subset exported by a word processor often maps its ligature glyphs to nothing: pdfminer reads "ti" of
# Calibri as "\x00", and Oracle's 10-K prints "Corpora\x00on", "opera\x00ng income". Which letters a glyph stands
# for is told by its advance width against the same font's letters on the page; these are the ligatures fonts
# draw (those with a Unicode code point of their own, ﬁ ﬂ ﬀ, usually come mapped).
_CANDIDATES = ("ti", "tt", "ft", "tf", "fi", "fl", "ff", "ffi", "ffl", "tti", "fti")
# Ligatures Unicode has a character for: a font that maps one of them (prints "ﬁ") maps them all, and what it
# leaves unmapped are those Unicode has none for ("ti", "ft", "tt").
_CODED = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl"}
_UNMAPPED = frozenset({"\x00", "\ufffd"})
# A ligature is about as wide as its letters: Open Sans's "fi" is f + i exactly, Calibri's "ti" 0.99 of t + i, its
# "ft" 0.96. Calibri's "tt" (0.95 of t + t) is nearer "ft" than "tt" by width alone, and without a word list nothing
# else tells "matters" from "mafters": that one is left wrong (measured: a factor fitted to it misread every "fi",
# "fl" and "ff" of a Costco release as "ti", "ft").
# How far a candidate's width may be from the glyph's, as a share of it, to be taken.
_MAX_WIDTH_ERROR = 0.06


def resolve_ligatures(chars: list[dict[str, Any]]) -> None:
    """Give each unmapped glyph in `chars` (pdfplumber's char dicts, changed in place) the letters whose widths in
    its font add up to its own; a glyph no candidate fits, or without letters around it, is left as it is."""
    unmapped = [(index, char) for index, char in enumerate(chars) if char.get("text") in _UNMAPPED]
    if not unmapped:
        return
    widths = _relative_widths(chars)
    coding = {char["fontname"] for char in chars if char.get("text") in _CODED}
    for index, char in unmapped:
        size = char.get("size") or 0
        if not size or not char.get("width"):
            continue
        own = widths.get(char["fontname"], {})
        candidates = [c for c in _CANDIDATES if not (char["fontname"] in coding and c in _CODED.values())]
        fits = [
            (abs(sum(own[letter] for letter in candidate) * size - char["width"]) / char["width"], candidate)
            for candidate in candidates
            if all(letter in own for letter in candidate)
        ]
        error, letters = min(fits, default=(1.0, ""))
        if error <= _MAX_WIDTH_ERROR:
            char["text"] = _ordered(letters, chars[index + 1].get("text", "") if index + 1 < len(chars) else "")


def _ordered(letters: str, next_letter: str) -> str:
    """"ft" or "tf", which are as wide as each other, by the letter after: an "f" opening a syllable is followed by
    o, l, a, u or r ("platform", "portfolio", "outflow"), a closing one by e, w, s, a space ("after", "software")."""
    if letters in ("ft", "tf"):
        return "tf" if next_letter[:1].lower() in ("o", "l", "a", "u", "r") else "ft"
    return letters


def _relative_widths(chars: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Each font's letters' widths as a share of the font size (the median over the page)."""
    seen: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for char in chars:
        text, size = char.get("text", ""), char.get("size") or 0
        if len(text) == 1 and text in "tfijl" and size:
            seen[char["fontname"]][text].append(char["width"] / size)
    return {font: {letter: median(values) for letter, values in letters.items()} for font, letters in seen.items()}
