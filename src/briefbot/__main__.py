"""``python -m briefbot`` runs the CLI."""

import sys

from .interfaces.cli import main

sys.exit(main())
