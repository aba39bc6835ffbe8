"""The Slack app: a Bolt app factory and one listener module per feature."""
