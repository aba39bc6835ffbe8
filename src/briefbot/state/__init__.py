"""The state store: what must outlive one answer and be shared by every process and host."""

from .store import (
    MAX_FOLLOW_CHARS,
    DigestClaim,
    FeedbackRecord,
    Follow,
    PendingDigest,
    StateReport,
    StateStore,
    default_state_path,
    passage_key,
)

__all__ = [
    "StateStore",
    "FeedbackRecord",
    "Follow",
    "DigestClaim",
    "PendingDigest",
    "StateReport",
    "default_state_path",
    "passage_key",
    "MAX_FOLLOW_CHARS",
]
