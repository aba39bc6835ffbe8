"""Stage 1: briefing files on disk -> ``Briefing`` and ``Passage`` records."""
