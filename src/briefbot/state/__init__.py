"""The project's small state store: what must outlive one answer (feedback, ...)."""

from .store import FeedbackRecord, StateStore, default_state_path

__all__ = ["StateStore", "FeedbackRecord", "default_state_path"]
