"""Text infrastructure shared by every stage: script ranges, the Arabic normaliser, digits, marks.

Below all stages in the package graph: it imports nothing of the project's, and every stage
that reads Arabic script, digits or copyright lines reads them from here, so the ranges and
foldings cannot drift apart again (there were four Arabic normalisers with three ranges).
"""

from claimgraph.text.arabic import (
    ARABIC_BLOCK,
    ARABIC_LETTERS,
    ARABIC_SCRIPT,
    ARABIC_WORD,
    DIGITS,
    has_arabic,
    normalize_arabic,
)
from claimgraph.text.marks import COPYRIGHT_MARK

__all__ = [
    "ARABIC_BLOCK",
    "ARABIC_LETTERS",
    "ARABIC_SCRIPT",
    "ARABIC_WORD",
    "COPYRIGHT_MARK",
    "DIGITS",
    "has_arabic",
    "normalize_arabic",
]
