"""What ``briefbot bench`` runs: retrieval side by side, answers by kind, builds and reloads.

Shipped inside the package so the command works from an installed briefbot,
not only from a source checkout. ``scale`` generates a synthetic archive of
any size; ``retrieval`` times briefbot next to rank-bm25 and bm25s (each
optional engine skipped, with the extra to install named, when it is not
installed); ``scifact`` scores quality on SciFact when the dataset is at
hand; ``slack_load`` loads a real ``briefbot serve``; ``reload`` measures a
change to the knowledge folder under ``serve`` with several workers;
``report`` renders the tables of ``bench/RESULTS.md`` from JSON reports;
``local_slack`` is what the Slack-facing ones share with the end-to-end tests
(a local server, Slack's request signature, one POST).
Figures and the machine they came from live in the repository's
``bench/RESULTS.md``.
"""
