"""briefbot.text.fold, the matching form: its ASCII shortcut changes nothing."""

from __future__ import annotations

import random
import string
import unicodedata

from briefbot import text
from briefbot.text import fold


def _fold_the_long_way(value: str) -> str:
    value = unicodedata.normalize("NFKC", value)
    return text.squash_space(text.strip_diacritics(text.fold_quotes(value)).casefold())


def test_ascii_text_folds_as_the_full_unicode_path_does():
    rng = random.Random(5)
    every_ascii = "".join(chr(c) for c in range(128))
    samples = [every_ascii, "  Jylwuv  GIEVNOUST\tof the U.S. Institute\n", ""]
    samples += ["".join(rng.choice(every_ascii) for _ in range(rng.randint(0, 40)))
                for _ in range(2000)]
    for value in samples:
        assert fold(value) == _fold_the_long_way(value), repr(value)


def test_the_folding_tables_leave_ascii_alone():
    assert all(key > 127 for key in text._QUOTES)
    assert all(key > 127 for key in text._EXTRA_FOLD)


def test_non_ascii_text_is_still_folded():
    assert fold("“Núñez”  Østergaard’s") == "\"nunez\" ostergaard's"
    assert fold(string.ascii_uppercase) == string.ascii_lowercase
