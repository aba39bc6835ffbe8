"""Saved event web pages (FORMATS.md §4): schema.org JSON-LD first, the visible page next.

Reading order:

1. **JSON-LD** ``Event`` (any ``@type`` ending in "Event", also inside ``@graph``):
   ``name`` -> title, ``startDate`` -> date, ``organizer.name`` -> organization,
   ``superEvent.name`` -> series, ``keywords``/``about`` -> categories,
   ``performer[]`` -> participants (``honorificPrefix``; affiliation is
   "``jobTitle``, ``affiliation.name``"), ``location`` -> location.
2. **The visible page**, with navigation, site header and footer, sidebars
   (``aside``), scripts, styles, forms, cookie notices, share bars and
   "related/upcoming" widgets removed: ``<h1>`` title, the series/kicker
   element above it, ``<time datetime>`` or a date in the text, a venue
   element, tag lists, participant cards (an element whose class names a
   *name*, next to one naming a *role/title*), the moderator marked by a
   ``moderator`` class, "(Moderator)" text or a "Moderator" heading, or named
   in the intro ("moderated by Claire Odum, ..."). Remarks: headings open
   sections; a speaker element ("remarks-speaker", ``h4.speaker``) or a line
   naming a participant attributes the paragraphs after it.

Location rule: from JSON-LD, the ``Place`` name without the organizer's own
name (which only repeats who hosts), followed by ``addressLocality`` and
``addressRegion``; otherwise the visible venue text without an online-attendance
suffix ("& Online", "and virtual"). Both give "Founders Hall, Washington, DC"
for a page whose JSON-LD says "Atlas Forum for Economic Security, Founders
Hall" in Washington, DC and whose venue line says "Founders Hall, Washington,
DC & Online".

Spans: the 1-based source line where a paragraph's element starts and ends;
char offsets into the raw HTML text from its opening to its closing tag.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import lxml.etree as etree
import lxml.html

from ..config import IngestSettings
from ..errors import FormatError
from ..models import Role
from ..names import Ambiguous, looks_like_person, parse_person, split_name_and_role
from ..text import fold, squash_space
from .budget import check_budget
from .dates import find_date, parse_date
from .draft import Draft
from .intro import copyright_holder, find_moderator
from .passages import Block, SourceText, clean_line_ranges
from .plain import parse_plain, render_html_lines
from .plain import page_title as title_of_page
from .roster import Entry, unknown_label_reason
from .turns import first_turn, scan_labels
from .speaking import (
    TURN_PATTERN,
    classify_generic,
    mark_moderator,
    questioner_from_text,
    start_turn,
    turn_label,
)

__all__ = ["parse_html", "find_event_jsonld"]

_DROP_TAGS = {
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "form",
    "button",
    "nav",
    "aside",
    "footer",
    "select",
    "input",
    "textarea",
    "object",
    "embed",
    "canvas",
    "video",
    "audio",
    "picture",
    "img",
}
_BOILER_TOKENS = {
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "share",
    "sharing",
    "sharebar",
    "social",
    "related",
    "newsletter",
    "breadcrumb",
    "breadcrumbs",
    "sidebar",
    "widget",
    "menu",
    "navbar",
    "nav",
    "navigation",
    "skip",
    "promo",
    "advert",
    "advertisement",
    "ads",
    "banner",
    "modal",
    "popup",
    "subscribe",
    "subscription",
    "upcoming",
    "masthead",
    "toolbar",
    "comments",
    "comment",
    "footer",
    "topbar",
    "pagination",
    "pager",
    "signup",
    "donate",
    "recommended",
    "trending",
    "popular",
}
_SCREEN_READER = {"screen-reader-text", "sr-only", "visually-hidden", "visuallyhidden"}
_BOILER_ROLES = {
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "alertdialog",
    "menu",
    "menubar",
}
_SERIES_TOKENS = {"series", "kicker", "eyebrow", "overline", "supertitle", "pretitle"}
_VENUE_TOKENS = {"venue", "location", "where", "place", "address"}
_TAG_TOKENS = {
    "tags",
    "tag",
    "topics",
    "topic",
    "categories",
    "category",
    "keywords",
    "subjects",
    "issues",
}
_NAME_TOKENS = {"name", "fn", "speaker-name", "person-name", "p-name"}
_ROLE_TOKENS = {
    "role",
    "title",
    "affiliation",
    "position",
    "job",
    "org",
    "organization",
    "jobtitle",
    "org-name",
}
_ONLINE = re.compile(
    r"\s*(?:&|\band\b|\+|/|\||,|·)\s*(?:online|virtual(?:ly)?|livestream(?:ed)?|webcast|zoom|"
    r"via\s+zoom)\b.*$|\s*\((?:online|virtual|hybrid)\)",
    re.IGNORECASE,
)
_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "ul",
    "ol",
    "li",
    "table",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "main",
    "dl",
    "figure",
    "pre",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def _tokens(el: Any, *, split_parts: bool = False) -> set[str]:
    raw = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    tokens = set(raw.split())
    if split_parts:
        for token in list(tokens):
            # "has-sidebar" / "is-hidden-mobile" describe the layout, not the element.
            if not token.startswith(("has-", "is-", "with-", "no-", "js-")):
                tokens.update(p for p in re.split(r"[-_]+", token) if p)
    return tokens


def _text(el: Any) -> str:
    try:
        return squash_space(el.text_content())
    except (ValueError, etree.Error):
        return ""


def _is_tag(el: Any) -> bool:
    return isinstance(el.tag, str)


def _parse_tree(text: str, path: str, settings: IngestSettings):
    # Same-length substitutions keep lxml's line numbers aligned with ``text``.
    safe = _CONTROL.sub(" ", text)
    m = _XML_DECL.match(safe)
    if m:
        safe = " " * m.end() + safe[m.end() :]
    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(safe, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise FormatError(f"not readable as HTML: {exc}", file=path, line=1) from None
    if root is None:
        raise FormatError("not readable as HTML: empty document", file=path, line=1)
    depth = max_depth = 0
    deepest = None
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth > max_depth:
                max_depth, deepest = depth, el
        else:
            depth -= 1
        if max_depth > settings.max_html_depth:
            line = getattr(deepest, "sourceline", None)
            raise FormatError(
                f"HTML nested more than {settings.max_html_depth} elements deep; not parsed",
                file=path,
                line=line,
            )
    return root


# --- JSON-LD ----------------------------------------------------------------------


def _walk_json(value: Any, limit: int = 10_000) -> Iterator[dict]:
    """Every dict inside ``value``, breadth first, visiting at most ``limit`` nodes."""
    queue = [value]
    seen = 0
    while queue and seen < limit:
        node = queue.pop(0)
        seen += 1
        if isinstance(node, dict):
            yield node
            queue.extend(node.values())
        elif isinstance(node, list):
            queue.extend(node)


def _is_event(obj: dict) -> bool:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.endswith("Event") for k in kinds)


def _web_address(value: str | None) -> str | None:
    """An absolute http(s) address, or None (a relative or script link is no source)."""
    value = (value or "").strip()
    return value if re.match(r"https?://[^\s<>\"]+$", value, re.IGNORECASE) else None


def find_event_jsonld(root: Any, draft: Draft | None = None) -> dict | None:
    """The first schema.org Event object in the page's JSON-LD scripts, or None."""
    for script in root.iter("script"):
        kind = (script.get("type") or "").lower()
        if "ld+json" not in kind:
            continue
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            if draft is not None:
                draft.warn("unreadable JSON-LD block ignored", script.sourceline)
            continue
        for obj in _walk_json(data):
            if _is_event(obj):
                return obj
    return None


def _name_of(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, str) and value.strip():
        return squash_space(value)
    return None


def _jsonld_location(event: dict, organizer: str | None) -> str | None:
    loc = event.get("location")
    if isinstance(loc, list):
        loc = next(
            (x for x in loc if isinstance(x, dict) and "Virtual" not in str(x.get("@type"))), None
        )
    if isinstance(loc, str):
        return squash_space(loc) or None
    if not isinstance(loc, dict) or "Virtual" in str(loc.get("@type")):
        return None
    parts: list[str] = []
    name = loc.get("name")
    if isinstance(name, str):
        pieces = [p.strip() for p in name.split(",") if p.strip()]
        if organizer and len(pieces) > 1:
            pieces = [p for p in pieces if fold(p) != fold(organizer)] or pieces
        parts.extend(pieces)
    address = loc.get("address")
    if isinstance(address, str):
        parts.append(address.strip())
    elif isinstance(address, dict):
        for key in ("addressLocality", "addressRegion"):
            value = address.get(key)
            if isinstance(value, str) and value.strip():
                parts.append(value.strip())
    out: list[str] = []
    for part in parts:
        if part and fold(part) not in {fold(p) for p in out}:
            out.append(part)
    return ", ".join(out) or None


def _performer_affiliation(person: dict) -> str | None:
    title = person.get("jobTitle")
    title = title[0] if isinstance(title, list) and title else title
    org = _name_of(person.get("affiliation")) or _name_of(person.get("worksFor"))
    parts = [squash_space(p) for p in (title, org) if isinstance(p, str) and p.strip()]
    return ", ".join(parts) or None


# --- the visible page --------------------------------------------------------------


def _remove_boilerplate(root: Any, h1: Any) -> None:
    total_paragraphs = sum(1 for _ in root.iter("p"))
    doomed = []
    for el in root.iter():
        check_budget()
        if _is_tag(el) and _is_boilerplate(el, el.tag.lower(), h1, total_paragraphs):
            doomed.append(el)
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            # Keep the tail text (it belongs to the parent), drop the element.
            tail = el.tail
            el.tail = None
            if tail and tail.strip():
                prev = el.getprevious()
                if prev is not None:
                    prev.tail = (prev.tail or "") + tail
                else:
                    parent.text = (parent.text or "") + tail
            parent.remove(el)


def _is_boilerplate(el: Any, tag: str, h1: Any, total_paragraphs: int) -> bool:
    """Navigation, site header/footer, sidebars, cookie notices, share bars, hidden text."""
    title_chain = h1 is not None and (el is h1 or el in h1.iterancestors())
    if title_chain and (tag == "header" or _tokens(el) & _BOILER_TOKENS):
        return False  # never drop the title's own containers
    if h1 is not None and h1 in el.iterancestors():
        return False
    if tag in _DROP_TAGS or _tokens(el) & _SCREEN_READER:
        return True
    if (el.get("role") or "").lower() in _BOILER_ROLES:
        return True
    if tag == "header" and not title_chain:
        # Only the site's header: one inside the article may hold a section's
        # heading and speaker line.
        return not any(
            _is_tag(a) and a.tag.lower() in {"main", "article"} for a in el.iterancestors()
        )
    if el.get("hidden") is not None or "display:none" in (el.get("style") or "").replace(" ", ""):
        return True
    return bool(
        _tokens(el, split_parts=True) & _BOILER_TOKENS
        and tag not in {"body", "html", "main", "article"}
        and not title_chain
        # A class name is weak evidence: never drop most of the page's text for it.
        and not _holds_most_paragraphs(el, total_paragraphs)
    )


def _holds_most_paragraphs(el: Any, total: int) -> bool:
    if total < 4:
        return False
    # any() stops at the first count past half, so a huge subtree is not walked twice.
    return any(count * 2 > total for count, _ in enumerate(el.iter("p"), start=1))


def _choose_h1(root: Any) -> Any:
    h1s = [el for el in root.iter("h1") if _text(el)]
    for el in h1s:
        if any(a.tag in {"main", "article"} for a in el.iterancestors() if _is_tag(a)):
            return el
    return h1s[0] if h1s else None


def _span_of(el: Any, source: SourceText) -> tuple[int, int, int, int]:
    text = source.text
    line = max(1, min(int(el.sourceline or 1), len(source.starts)))
    line_start = source.starts[line - 1]
    tag = el.tag.lower()
    start = text.find("<" + tag, line_start)
    if start < 0 or source.line_of(start) > line + 2:
        start = line_start
    close = text.find(f"</{tag}>", start)
    end = close + len(tag) + 3 if close >= 0 else text.find("\n", start)
    if end < 0:
        end = len(text)
    return line, source.line_of(max(start, end - 1)), start, max(end, start + 1)


def _paragraph_elements(body: Any) -> Iterator[Any]:
    """Headings, speaker markers and paragraph-like elements in document order."""
    for el in body.iter():
        check_budget()
        if not _is_tag(el):
            continue
        tag = el.tag.lower()
        if tag in _HEADINGS or tag == "p":
            yield el
        elif tag in {"blockquote", "li", "dd", "td", "div", "section", "article"}:
            children = {c.tag.lower() for c in el if _is_tag(c)}
            if children & _BLOCK_TAGS:
                continue
            own = squash_space(el.text or "")
            if (
                tag in {"blockquote", "dd"}
                or len(own) >= 100
                or (tag == "li" and len(_text(el)) >= 80)
            ):
                yield el


def parse_html(text: str, path: str, settings: IngestSettings) -> Draft:
    """Read a saved event page into a ``Draft`` (see the module docstring)."""
    root = _parse_tree(text, path, settings)
    draft = Draft(path=path, fmt="html")
    source = SourceText(text)
    event = find_event_jsonld(root, draft)

    # Metadata outside the content that the clean-up below removes.
    page_title = (
        _text(next(root.iter("title"), None)) if next(root.iter("title"), None) is not None else ""
    )
    site_name = None
    page_url = None  # the page's own address: og:url, else rel=canonical
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        if key == "og:site_name":
            site_name = squash_space(meta.get("content") or "") or None
        elif key == "og:url":
            page_url = _web_address(meta.get("content"))
    for link in root.iter("link"):
        if page_url is None and "canonical" in (link.get("rel") or "").lower().split():
            page_url = _web_address(link.get("href"))
    if page_url and not draft.source:
        draft.source = page_url
    holder = None
    for el in root.iter():
        if _is_tag(el) and el.text and "©" in el.text:
            holder = copyright_holder(squash_space(el.text_content())[:300])
            if holder:
                break

    h1 = _choose_h1(root)
    body = root.find("body")
    if body is None:
        body = root
    _remove_boilerplate(body, h1)
    h1 = _choose_h1(root)
    hero = _hero_of(h1)

    if event is None and h1 is None:
        # A fragment, a hearing in <pre>, a page of another layout: its text is served.
        rendered = render_html_lines(text)
        content = squash_space(body.text_content()) if hasattr(body, "text_content") else ""
        if sum(ch.isalnum() for ch in content) < 40:
            # Navigation, a footer or a title alone: nothing a person said or wrote.
            raise FormatError(
                "no event content: no schema.org Event data, no <h1> title and no text "
                "beyond navigation",
                file=path,
                line=1,
            )
        draft.text, draft.line_numbers = rendered.text, rendered.line_numbers
        draft.warn("no <h1> title or schema.org Event data: read as plain text", 1)
        parse_plain(draft, rendered.text, title_hint=title_of_page(text),
                    line_numbers=rendered.line_numbers)
        return draft

    roster = draft.roster
    consumed: set[Any] = set()
    # --- metadata ---
    organizer = _name_of(event.get("organizer")) if event else None
    draft.title = (_name_of(event.get("name")) if event else None) or (
        _text(h1) if h1 is not None else None
    )
    if not draft.title and page_title:
        draft.title = re.split(r"\s+[|—–-]\s+", page_title)[0]
    suffix = None
    if page_title and re.search(r"\s+[|—–]\s+", page_title):
        suffix = re.split(r"\s+[|—–]\s+", page_title)[-1].strip() or None
    draft.organization = organizer or site_name or holder or suffix
    if event:
        draft.series = _name_of(event.get("superEvent"))
        draft.date = parse_date(event.get("startDate"))
        draft.location = _jsonld_location(event, organizer)
        keywords = event.get("keywords")
        if isinstance(keywords, str):
            draft.categories = [k.strip() for k in keywords.split(",") if k.strip()]
        elif isinstance(keywords, list):
            draft.categories = [k.strip() for k in keywords if isinstance(k, str) and k.strip()]
    scope = hero if hero is not None else body
    if not draft.series and hero is not None:
        for el in hero.iter():
            if _is_tag(el) and el is not h1 and _tokens(el, split_parts=True) & _SERIES_TOKENS:
                draft.series = _text(el) or None
                consumed.add(el)
                break
    if draft.date is None:
        for el in body.iter("time"):
            draft.date = parse_date(el.get("datetime") or "") or parse_date(_text(el))
            if draft.date:
                draft.date_line = el.sourceline
                holder_el = el.getparent()
                if holder_el is not None and len(_text(holder_el)) < 200:
                    consumed.add(holder_el)
                break
    meta_el = _meta_line(body, h1)
    if meta_el is not None:
        # "Date: 3/14/2024 · Location: Des Moines, Iowa" under the title: metadata, not remarks.
        meta_text = _text(meta_el)
        found = find_date(meta_text)
        if draft.date is None and found:
            draft.date, draft.date_line = found[0], meta_el.sourceline
        if draft.location is None:
            draft.location = _location_in(meta_text, found)
        consumed.add(meta_el)
    if draft.date is None and scope is not None:
        found = find_date(_text(scope))
        if found:
            draft.date = found[0]
    venue_el = None
    for el in body.iter():
        if (
            _is_tag(el)
            and el.tag.lower() not in {"body", "main", "article"}
            and (_tokens(el, split_parts=True) & _VENUE_TOKENS)
        ):
            venue_el = el
            break
    if venue_el is not None and len(_text(venue_el)) < 200:
        consumed.add(venue_el)
    if draft.location is None and venue_el is not None:
        venue = _ONLINE.sub("", _text(venue_el)).strip(" ,|·")
        draft.location = venue or None
    if not draft.categories:
        for el in body.iter("ul", "ol", "div", "p"):
            if _tokens(el, split_parts=True) & _TAG_TOKENS and not (
                _tokens(el, split_parts=True) & (_BOILER_TOKENS | {"nav"})
            ):
                items = [_text(a) for a in el.iter("li", "a") if _text(a)]
                seen: list[str] = []
                for item in items:
                    if item not in seen and len(item) <= 60:
                        seen.append(item)
                draft.categories = seen
                consumed.add(el)
                break

    # --- participants ---
    performers = event.get("performer") if event else None
    if isinstance(performers, dict):
        performers = [performers]
    have_jsonld_people = False
    if isinstance(performers, list):
        for person in performers[:200]:
            if not isinstance(person, dict):
                continue
            name = _name_of(person)
            if not name:
                continue
            honorific = person.get("honorificPrefix")
            roster.add(
                name,
                honorific=honorific if isinstance(honorific, str) else None,
                affiliation=_performer_affiliation(person),
                listed=True,
                line=None,
            )
            have_jsonld_people = True
    _visible_participants(body, roster, consumed, listed=not have_jsonld_people)

    # --- remarks ---
    block = Block(role=Role.ORGANIZATION)
    draft.blocks.append(block)
    section: str | None = None
    after_title = h1 is None
    intro_texts: list[str] = []
    seen_heading = False
    for el in _paragraph_elements(body):
        if el is h1:
            after_title = True
            continue
        if not after_title or _inside(el, consumed) or (hero is not None and _inside(el, {hero})):
            continue
        tag = el.tag.lower()
        text_el = _text(el)
        if not text_el:
            continue
        marker = _speaker_marker(el, text_el, roster)
        if isinstance(marker, str):
            draft.warn(
                unknown_label_reason(
                    marker, el.sourceline or 1, roster, "not among the participants"
                ),
                el.sourceline,
            )
            block = Block(role=Role.AUDIENCE, speaker_label=marker, section=section)
            draft.blocks.append(block)
            continue
        if marker is not None:
            entry = marker
            if isinstance(entry, Ambiguous):
                draft.warn(
                    f"ambiguous speaker {text_el!r} at line {el.sourceline}: could be "
                    f"{entry.names()}; remarks left unattributed",
                    el.sourceline,
                )
                block = Block(role=Role.AUDIENCE, speaker_label=text_el, section=section)
            else:
                block = Block(role=entry.role, section=section)
                draft.attributions.append((block, entry))
            draft.blocks.append(block)
            continue
        if tag in _HEADINGS:
            section = text_el
            seen_heading = True
            block = Block(role=Role.ORGANIZATION, section=section)
            draft.blocks.append(block)
            continue
        turn = _inline_turn(text_el, roster)
        if turn is not None:
            # "<p><b>MR. HOLLIS:</b> Good morning ...</p>": a transcript laid out in HTML.
            label, text_el = turn
            block = start_turn(label, label + ":", el.sourceline or 1, draft, section)
            draft.blocks.append(block)
            if block.role == Role.AUDIENCE and block.speaker_label is None:
                block.speaker_label = questioner_from_text(text_el)
        elif not seen_heading:
            intro_texts.append(text_el)
        _add_html_paragraph(block, text_el, _span_of(el, source))

    # The moderator may only be named in the intro.
    if roster.moderator() is None:
        found_mod = find_moderator(" ".join(intro_texts))
        if found_mod:
            mark_moderator(found_mod, roster, draft)
    if not any(b.paragraphs for b in draft.blocks) and event is None:
        raise FormatError(
            "no event content: the page has a title but no paragraphs of text",
            file=path,
            line=h1.sourceline if h1 is not None else 1,
        )
    if event is None and not roster.entries:
        return _as_transcript(draft, text) or draft
    return draft


_BLOCK_START = re.compile(r"<(?:p|div|br|h[1-6]|li|tr|blockquote|section|article)\b",
                          re.IGNORECASE)


def _as_transcript(page: Draft, text: str) -> Draft | None:
    """A titled page with no participant list whose paragraphs open with turn labels
    ("MR. EARNEST: Good afternoon"), read as a transcript by the plain reader, with
    what the page itself gave (title, host, address); None when that reads no turn."""
    rendered = render_html_lines(text)
    run_together = first_turn(scan_labels(SourceText(rendered.text).lines())) is None
    if run_together:
        # A page saved with its paragraphs run together on long lines: one per paragraph.
        rendered = render_html_lines(_BLOCK_START.sub(lambda m: "\n" + m.group(0), text))
        if first_turn(scan_labels(SourceText(rendered.text).lines())) is None:
            return None
    draft = Draft(path=page.path, fmt="html", title=page.title, organization=page.organization,
                  date=page.date, date_line=page.date_line, location=page.location,
                  source=page.source, problems=list(page.problems))
    if run_together:
        draft.warn("paragraphs run together on the file's lines: read one per line, so line "
                   "numbers count the page's paragraphs, not the file's lines")
    draft.text, draft.line_numbers = rendered.text, rendered.line_numbers
    parse_plain(draft, rendered.text, line_numbers=rendered.line_numbers)
    if not any(b.role != Role.ORGANIZATION for b in draft.blocks):
        return None
    return draft


_META_LABEL = re.compile(r"(?i)\b(?:date|when|time|location|venue|where|place)\s*:")
_LOCATION_LABEL = re.compile(r"(?i)\b(?:location|venue|where|place)\s*:\s*(?P<loc>[^·|•\n]+)")
# "Denver, Colorado", "Hall B, Ridgeview Center, Denver": capitalized words in up to
# three comma-separated parts.
_PLACE_WORDS = r"[A-Z][\w.'’\-]*(?:\s+(?:de|del|la|of|on|upon|for|[A-Z][\w.'’\-]*))*"
_PLACE_LIKE = re.compile(rf"^{_PLACE_WORDS}(?:,?\s+{_PLACE_WORDS}){{0,2}}$")


def _meta_line(body: Any, h1: Any) -> Any:
    """The short line right after the title that states the date and/or place, or None."""
    if h1 is None:
        return None
    seen = 0
    for el in h1.itersiblings():
        if not _is_tag(el) or el.tag.lower() not in {"p", "div", "span", "time"}:
            continue
        seen += 1
        text = _text(el)
        if seen > 3 or len(text) > 160:
            return None
        if _META_LABEL.search(text):
            return el
        found = find_date(text)
        # A bare date line, maybe with the place ("Tuesday, 9 July 2024, Santiago"),
        # not a sentence that happens to mention a date.
        if found and (_leftover(text, found) == "" or _location_in(text, found)):
            return el
    return None


def _leftover(text: str, found: tuple) -> str:
    rest = (text[: found[1]] + " " + text[found[2] :]).strip()
    rest = re.sub(r"(?i)^(?:date|when)\s*:\s*", "", rest)
    rest = re.sub(r"(?i)\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b,?", "", rest)
    rest = re.sub(r"(?i)\b\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?.*$", "", rest)
    return squash_space(rest).strip(" ,;·|—–-")


def _location_in(text: str, found: tuple | None) -> str | None:
    """The place a metadata line names: after 'Location:', or what is left beside the date."""
    m = _LOCATION_LABEL.search(text)
    if m:
        return m.group("loc").strip(" ,;·|") or None
    if found is None:
        return None
    rest = _leftover(text, found)
    return rest if rest and len(rest) <= 60 and _PLACE_LIKE.match(rest) else None


def _inline_turn(text: str, roster) -> tuple[str, str] | None:
    """('MR. HOLLIS', 'Good morning ...') when a paragraph opens with a known speaker's label."""
    m = TURN_PATTERN.match(text)
    if not m or not m.group("rest"):
        return None
    label = turn_label(text, roster)
    if label is None:
        return None
    generic = classify_generic(label)
    if generic is None and roster.find(label) is None:
        return None  # "Note: ..." or an unknown name: leave the paragraph as it is
    return label, m.group("rest")


def _hero_of(h1: Any) -> Any:
    """The small container around the title (kicker, date, venue), or None.

    A page whose ``<h1>`` sits directly in the body or the article has no such
    container; then nothing is skipped as "hero" but the elements used for
    metadata (date, venue, series) still are.
    """
    if h1 is None:
        return None
    parent = h1.getparent()
    if parent is None or parent.tag.lower() in {"body", "html", "main", "article", "section"}:
        return None
    if len(_text(parent)) >= 1000:
        return None
    # A container that also holds headings, tables, lists of people or several
    # paragraphs is the page's content, not a title banner: skipping it would lose text.
    for el in parent.iter():
        if el is h1 or not _is_tag(el):
            continue
        if el.tag.lower() in _HEADINGS | {"table", "dl"}:
            return None
    if sum(1 for _ in parent.iter("p")) >= 3:
        return None
    return parent


def _inside(el: Any, containers: set[Any]) -> bool:
    if el in containers:
        return True
    return any(a in containers for a in el.iterancestors())


def _add_html_paragraph(block: Block, text: str, span: tuple[int, int, int, int]) -> None:
    kept = clean_line_ranges(text)
    cleaned = squash_space(" ".join(text[s:e] for s, e in kept))
    if not cleaned:
        return
    if block.fixed_spans is None:
        block.fixed_spans = []
    if block.paragraphs:
        block.builder.add_literal("\n\n")
    start = block.builder.length
    block.builder.add_literal(cleaned)
    block.paragraphs.append((start, block.builder.length))
    block.fixed_spans.append(span)


def _speaker_marker(el: Any, text: str, roster) -> Entry | Ambiguous | str | None:
    """The participant a short speaker element names; a str for an unknown marked name."""
    if len(text) > 120:
        return None
    m = re.match(r"(?i)^\s*(?:speaker|remarks\s+by|keynote(?:\s+by)?)\s*[:\-–—]\s*(.+)$", text)
    marked = bool(m) or "speaker" in _tokens(el, split_parts=True)
    name, _rest = split_name_and_role(m.group(1) if m else text)
    if not marked and not looks_like_person(name):
        return None
    found = roster.find(name)
    if isinstance(found, Ambiguous):
        return found if marked else None
    if isinstance(found, Entry):
        parsed = parse_person(name)
        if marked or parsed.given or parsed.honorific:
            if m and "keynote" in text.lower() and found.role == Role.PANELIST:
                found.role = Role.KEYNOTE
            return found
        return None
    if marked and looks_like_person(name):
        if len(roster) == 0 and parse_person(name).given:
            return roster.add(name)
        return name
    return None


_MODERATOR_MARK = re.compile(r"\s*[(\[,—–-]?\s*\(?\s*moderator\s*\)?\s*[)\]]?\s*$", re.IGNORECASE)


def _listed_pairs(body: Any) -> Iterator[tuple[Any, str, str | None]]:
    """(element, name text, role text) from definition lists (<dt>/<dd>) and table rows.

    A row counts when its first cell reads as a person's name; the next cell is
    the role. Pages without participant-card classes list people this way.
    """
    for dl in body.iter("dl"):
        check_budget()
        items = [c for c in dl if _is_tag(c) and c.tag.lower() in {"dt", "dd"}]
        for k, item in enumerate(items):
            if item.tag.lower() != "dt":
                continue
            role = None
            if k + 1 < len(items) and items[k + 1].tag.lower() == "dd":
                role = _text(items[k + 1]) or None
            yield dl, _text(item), role
    for li in body.iter("li"):
        # "<li><strong>Name</strong>, Role, Org</li>": the bold lead is the name, the
        # rest of the item (after a comma or dash) the role as stated on the page.
        check_budget()
        lead = next((c for c in li if _is_tag(c)), None)
        if (
            lead is None
            or lead.tag.lower() not in {"strong", "b"}
            or (li.text or "").strip()
            or li.getparent() is None
        ):
            continue
        rest = squash_space(_text(li)[len(_text(lead)) :])
        if not re.match(r"^[,:—–-]\s*\S", rest):
            continue
        yield li.getparent(), _text(lead), rest[1:].strip() or None
    for tr in body.iter("tr"):
        check_budget()
        cells = [c for c in tr if _is_tag(c) and c.tag.lower() in {"td", "th"}]
        if len(cells) < 2 or any(c.tag.lower() == "th" for c in cells[:1]):
            continue
        yield tr.getparent() if tr.getparent() is not None else tr, _text(cells[0]), (
            ", ".join(t for t in (_text(c) for c in cells[1:]) if t) or None
        )


def _visible_participants(body: Any, roster, consumed: set[Any], *, listed: bool) -> None:
    """Participant cards: a *name* element with a *role/title* element beside it."""
    for container, name_text, role_text in _listed_pairs(body):
        role = None
        for text in (name_text, role_text or ""):
            if _MODERATOR_MARK.search(text):
                role = Role.MODERATOR
        name = _MODERATOR_MARK.sub("", name_text).strip()
        if role_text:
            role_text = _MODERATOR_MARK.sub("", role_text).strip(" ,") or None
        name, extra = split_name_and_role(name)
        if not looks_like_person(name) or len(name) > 80:
            continue
        roster.add(
            name,
            affiliation=role_text or extra,
            role=role,
            listed=listed,
            line=container.sourceline,
        )
        consumed.add(container)
    for el in list(body.iter()):
        check_budget()
        if not _is_tag(el) or el.tag.lower() in _HEADINGS:
            continue
        tokens = _tokens(el)
        if not (tokens & _NAME_TOKENS or any(t.endswith(("-name", "_name")) for t in tokens)):
            continue
        name = _text(el)
        if not looks_like_person(name):
            continue
        card = el.getparent()
        if card is None:
            continue
        role_text = None
        for sib in card:
            if sib is el or not _is_tag(sib):
                continue
            sib_tokens = _tokens(sib, split_parts=True)
            if sib_tokens & _ROLE_TOKENS:
                role_text = _text(sib)
                break
        card_text = _text(card)
        role = None
        if (
            "moderator" in _tokens(card, split_parts=True)
            or re.search(
                r"\(\s*moderator\s*\)|\bmoderator\b", card_text.replace(name, ""), re.IGNORECASE
            )
            or _heading_before(card, r"moderat")
        ):
            role = Role.MODERATOR
        elif "keynote" in _tokens(card, split_parts=True) or _heading_before(card, r"keynote"):
            role = Role.KEYNOTE
        if role_text:
            role_text = re.sub(r"\(\s*moderator\s*\)", "", role_text, flags=re.IGNORECASE)
        roster.add(name, affiliation=role_text, role=role, listed=listed, line=el.sourceline)
        consumed.add(card)


def _heading_before(el: Any, pattern: str) -> bool:
    """Whether the nearest heading before ``el`` (in its container) matches ``pattern``."""
    node = el
    for _ in range(50):
        prev = node.getprevious()
        # Bounded look-back: a page of thousands of cards must stay linear.
        steps = 0
        while (
            prev is not None
            and steps < 200
            and not (_is_tag(prev) and prev.tag.lower() in _HEADINGS)
        ):
            prev = prev.getprevious()
            steps += 1
        if steps >= 200:
            return False
        if prev is not None:
            return bool(re.search(pattern, _text(prev), re.IGNORECASE))
        node = node.getparent()
        if node is None or node.tag.lower() in {"body", "main", "article"}:
            return False
    return False
