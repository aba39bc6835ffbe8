"""Options every command shares: ``--knowledge`` and ``--config``."""

from __future__ import annotations

import argparse
from pathlib import Path

from ...config import Settings, load_settings


def add_common(parser: argparse.ArgumentParser) -> None:
    """Add ``--knowledge PATH`` and ``--config PATH``."""
    parser.add_argument(
        "--knowledge", metavar="PATH", help="folder (or file) of briefings; default: settings"
    )
    parser.add_argument(
        "--config", metavar="PATH", help="settings file; default: config/briefbot.toml if present"
    )


def settings_from(args: argparse.Namespace) -> tuple[Settings, Path]:
    """Load settings and resolve the knowledge path the command should use."""
    settings = load_settings(args.config)
    knowledge = Path(args.knowledge or settings.knowledge)
    return settings, knowledge
