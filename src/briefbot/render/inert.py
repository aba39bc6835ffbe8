"""Text made inert for Slack: nothing invisible, nothing that turns text around, no strike.

Corpus text and questions can hold characters a reader never sees but that
change what they read: right-to-left overrides and isolates (``"txt.exe"``
shown as ``"exe.txt"``), zero-width spaces and joiners, soft hyphens,
tag characters, stray C0/C1 controls. ``inert_text`` removes them (a line
or paragraph separator becomes a space) and replaces ``~`` — Slack's
strike-through marker — with the look-alike ``∼`` (U+223C), so no
briefing can strike out words of an answer. ``inert_url`` does the same for
a link target: ``~`` percent-encoded (the same address), and a URL holding
any hidden character refused outright. The Slack renderer applies them
before escaping; the escaping's own word joiner (after ``@``) comes later.
"""

from __future__ import annotations

import re

__all__ = ["inert_text", "inert_url", "HIDDEN"]

# C0/C1 controls (tab and newline kept), bidirectional controls, zero-width
# and other format characters (Unicode category Cf), Hangul fillers, tags.
HIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0e\ufeff\uffa0\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
"""Characters never shown in a Slack message (VS16 ``\\ufe0f`` stays: emoji need it)."""
_SEPARATORS = re.compile("[\u2028\u2029]")
_TILDE_LOOKALIKE = "\u223c"
_URL = re.compile(r"https?://[^\s<>|\"'`]+", re.IGNORECASE)


def inert_text(text: str) -> str:
    """``text`` without hidden characters, separators as spaces, ``~`` as ``∼``."""
    text = _SEPARATORS.sub(" ", text)
    return HIDDEN.sub("", text).replace("~", _TILDE_LOOKALIKE)


def inert_url(url: str) -> str | None:
    """An http(s) address safe to link: ``~`` percent-encoded; None if it hides anything."""
    url = url.strip()
    if HIDDEN.search(url) or _SEPARATORS.search(url) or not _URL.fullmatch(url):
        return None
    return url.replace("~", "%7E")
