"""The one exception tree of briefbot.

Every error the core raises on purpose is a ``BriefbotError``; interfaces
translate it at the edge (a one-line message and exit code in the CLI, a
polite reply in Slack). The core never prints.

    BriefbotError
    ├── ConfigError          bad settings file or environment variable
    ├── IngestError          a briefing file that cannot be read or parsed
    │   └── FormatError      the file is readable but not a briefing we know
    ├── IndexError_          a persisted index that is missing, stale or corrupt
    ├── QueryError           a question or filter we cannot interpret
    ├── AccessDenied         the asker may not see what they asked for
    └── StateError           the state store cannot be opened, upgraded or written
"""

from __future__ import annotations

__all__ = [
    "BriefbotError",
    "ConfigError",
    "IngestError",
    "FormatError",
    "IndexError_",
    "QueryError",
    "AccessDenied",
    "StateError",
]


class BriefbotError(Exception):
    """Root of every error briefbot raises on purpose."""


class ConfigError(BriefbotError):
    """A setting is missing or malformed; the message names it, never its value."""


class IngestError(BriefbotError):
    """A briefing file could not be read; carries the file and line when known."""

    def __init__(self, reason: str, *, file: str | None = None, line: int | None = None):
        self.reason = reason
        self.file = file
        self.line = line
        where = file or "<input>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {reason}")


class FormatError(IngestError):
    """The file is readable but does not look like any briefing format."""


class IndexError_(BriefbotError):  # noqa: N801 - avoid shadowing the builtin IndexError
    """A persisted index is missing, from another version, or corrupt."""


class QueryError(BriefbotError):
    """A question or filter cannot be interpreted; the message says what is accepted."""


class AccessDenied(BriefbotError):
    """The asker's channel or user is not allowed to see the requested briefing."""


class StateError(BriefbotError):
    """The state store failed (locked, unreachable, or from a newer briefbot)."""
