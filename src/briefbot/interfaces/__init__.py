"""Thin interfaces over one engine: the CLI, the console and the Slack app."""
