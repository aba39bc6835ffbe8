"""Who may see which briefing: the access rule, applied before anything is scored.

Every briefing carries an access label (``public`` unless it says
otherwise). ``settings.access`` maps each non-public label to the Slack
channels and users allowed to see it. The rule:

- ``public`` is visible to everyone;
- another label is visible when the asker's channel is in the label's
  ``channels``, or the asker's user is in its ``users`` *and* the context
  is private to that user (no channel, as in the console with ``--user``,
  or a direct-message channel, whose Slack id starts with ``D``) — so an
  allowed user cannot read a restricted briefing into a shared channel;
- a label without a rule is visible to nobody: an unknown or misspelt label
  fails closed;
- a combined label (``board+members``: a briefing reached under several
  labels, see ``briefbot.labels``) is visible only where every part is;
- an asker with neither channel nor user (the default of the CLI and the
  console) sees public briefings only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..config import AccessRule
from ..labels import label_parts
from ..models import PUBLIC, Briefing, Viewer

__all__ = ["is_private_context", "can_see", "visible_mask"]


def is_private_context(viewer: Viewer) -> bool:
    """True when only the asking user will see the answer (no channel, or a DM)."""
    return viewer.channel is None or viewer.channel.startswith("D")


def can_see(label: str, viewer: Viewer | None, rules: Mapping[str, AccessRule]) -> bool:
    """Whether a briefing with this access label may be shown to this asker."""
    if label == PUBLIC:
        return True
    parts = label_parts(label)
    if not parts:  # '' or other label that names nothing: fail closed
        return False
    return all(_can_see_one(part, viewer, rules) for part in parts)


def _can_see_one(label: str, viewer: Viewer | None, rules: Mapping[str, AccessRule]) -> bool:
    if viewer is None:
        return False
    rule = rules.get(label)
    if rule is None:
        return False
    if viewer.channel is not None and viewer.channel in rule.channels:
        return True
    return (
        viewer.user is not None
        and viewer.user in rule.users
        and is_private_context(viewer)
    )


def visible_mask(
    briefings: Sequence[Briefing], viewer: Viewer | None, rules: Mapping[str, AccessRule]
) -> np.ndarray:
    """One boolean per briefing: may this asker see it."""
    verdict: dict[str, bool] = {}
    mask = np.zeros(len(briefings), dtype=bool)
    for i, briefing in enumerate(briefings):
        label = briefing.access
        if label not in verdict:
            verdict[label] = can_see(label, viewer, rules)
        mask[i] = verdict[label]
    return mask
