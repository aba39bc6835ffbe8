"""One module per kind of question, above the shared search core.

``topical`` (what was said about a subject), ``whosaid`` (the speaker of a
remembered line), ``profile`` (``speaker <name>``), ``events`` (``events
[filter]``), ``metadata`` and ``listings`` (events and people, from the
structured briefing data). Each takes the ``SearchCorpus``; none imports
the engine, and the core below never imports them.
"""
