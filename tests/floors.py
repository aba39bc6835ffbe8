"""The one table of quality floors: every quality gate reads its minimum from here.

Floors, not targets: the product is also judged on briefings and questions
nobody here has seen. The answer floors are those issue 3 set; the
real-document floors are what the code reached when they were last raised.
A change that drops a figure below its floor fails the suite; a change that
lifts one well above may raise its floor here in the same commit. Never lower
one to make a change pass.

Where each gate's data comes from is told in ``tests/data/README.md``.
"""

from __future__ import annotations

# Answer quality on a question file, as ``briefbot eval`` measures it
# (``briefbot.search.evaluation.summarize``): question type -> (metric, floor).
ANSWERS = {
    "who_said_exact": ("top1", 1.0),
    "who_said_paraphrase": ("top1", 0.75),  # issue 13: 0.85 was reached with word lists fitted to dev
    "topical": ("recall@3", 0.90),
    "speaker_topic": ("top1", 0.90),
    "metadata": ("accuracy", 0.95),
    "negative": ("rejection", 0.90),
}

# The dev and seed questions (tests/data/eval/dev.jsonl, seed.jsonl) over the
# development corpus, and dev2.jsonl: more questions written from the same ten
# briefings and used as a regression gate while tuning, so a second
# development set, not a held-out one (issue 13). Both held to the same floors.
# The held-out set (tests/data/heldout/) is only ever reported, never a gate.
DEV = ANSWERS
DEV2 = ANSWERS

# The thirteen real public-domain documents of tests/data/real, scored from the
# outside as tests/quality/scorers.py describes.
# Issues 9 and 10 (transcript turn grammar, real layouts, PDF and Word) raise
# these as they go: each is what the code reached when last raised, as a share
# of the whole set (the counts beside it).
REAL_QUESTIONS = {  # tests/data/eval/real.jsonl: share of questions right, per type
    "who_said_exact": 1.0,  # 15/15
    "who_said_paraphrase": 1.0,  # 10/10
    "topical": 0.9,  # 9/10
    "speaker_topic": 1.0,  # 10/10
    "metadata": 1.0,  # 16/16
    "negative": 1.0,  # 6/6
}
REAL_ATTRIBUTION = {  # tests/data/real/GOLD.json: share of fields and of turns right
    "fields": 1.0,  # 80/80 (court filings: caption title, signature block, date signed)
    "turns": 1.0,  # 97/97 (a pasted line's stage directions no longer hide its speaker)
}
