"""One module per ``briefbot`` sub-command; each exposes ``register(subparsers)``."""
