"""Direct quotations in a text: straight and curly, double and single marks.

`spans(text)` returns the character spans of the quoted words (marks excluded). A quote still open
at the end of a paragraph runs on into the next paragraph when that one opens with a quote mark, as
news style writes quotes of several paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CLITIC = re.compile(r"(s|t|re|ll|ve|d|m|n|em)\b", re.I)
PAIRS = {"“": "”", "‘": "’", '"': '"', "'": "'", "«": "»", "„": "“"}


@dataclass(frozen=True)
class QuoteSpan:
    start: int  # first character inside the marks
    end: int  # end exclusive, before the closing mark
    closed: bool  # False when the quote runs to the end of its paragraph


def spans(text: str) -> list[QuoteSpan]:
    found: list[QuoteSpan] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in PAIRS and _opens(text, i):
            end = _closing(text, i + 1, PAIRS[ch])
            if end is None:
                stop = text.find("\n", i)
                stop = len(text) if stop < 0 else stop
                if stop - i > 1 and (ch not in "'\"" or _is_sentence(text[i + 1 : stop])):
                    found.append(QuoteSpan(i + 1, stop, False))
                i = stop
                continue
            if end > i + 1:
                found.append(QuoteSpan(i + 1, end, True))
            i = end + 1
            continue
        i += 1
    return found


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if text[i] in "'’":
        if text[i + 1 : i + 4].rstrip("s").isdigit():  # the '90s
            return False
        if _CLITIC.match(text, i + 1):  # a detached clitic: "Panto 's", "rock 'n' roll", "'em"
            return False
        return not before.isalnum() and (after.isalnum() or after in "“\"")
    if text[i] == '"':
        return not before.isalnum() and not after.isspace()
    return not after.isspace()


def _closing(text: str, start: int, mark: str) -> int | None:
    """Index of the mark closing a quote opened just before `start`, within the paragraph."""
    i = start
    while i < len(text):
        ch = text[i]
        if ch == "\n":
            return None
        if ch == mark and _closes(text, i):
            return i
        i += 1
    return None


def _closes(text: str, i: int) -> bool:
    after = text[i + 1] if i + 1 < len(text) else " "
    before = text[i - 1] if i > 0 else " "
    if text[i] in "'’":  # an apostrophe sits between letters: Kim’s, don't
        return not after.isalnum() and not before.isspace()
    return not before.isspace() or after.isspace()


def _is_sentence(inner: str) -> bool:
    return len(inner.split()) >= 3
