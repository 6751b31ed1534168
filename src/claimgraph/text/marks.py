"""Marks that several stages look for in text, as regex fragments (compile with re.I).

`COPYRIGHT_MARK`: a copyright sign or word. The clean stage anchors it at a line's start (a
copyright line is boilerplate); the publication-date reader searches for it before a date (a
copyright year is not a publication date).
"""

from __future__ import annotations

__all__ = ["COPYRIGHT_MARK"]

COPYRIGHT_MARK = r"(?:©|ⓒ|\(c\)|copyright)"
