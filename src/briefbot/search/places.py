"""Country names, so that "Iran" is never taken for a misspelt person ("Ilan").

The names are ISO 3166's, as the ``pycountry`` package keeps them: each
country's short name, common name and official name, and each word of a
name before its first comma ("Iran" of "Iran, Islamic Republic of",
"Korea" of "Korea, Republic of"). A maintained standard list beats one
typed from memory; the set is built on first use and kept.
"""

from __future__ import annotations

import functools
import re

from ..text import fold

__all__ = ["is_country"]


@functools.cache
def _names() -> frozenset[str]:
    import pycountry  # its JSON is read on first use only

    names: set[str] = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(fold(value))
                names.add(fold(value.split(",")[0]))
    return frozenset(names)


def is_country(word: str) -> bool:
    """True when ``word`` (any case, with or without a possessive) names a country."""
    bare = re.sub(r"['’]s?$", "", word.strip())
    return bool(bare) and fold(bare) in _names()
