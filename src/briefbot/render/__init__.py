"""Stage 4: answers -> plain text, JSON or Slack Block Kit (pure functions)."""
