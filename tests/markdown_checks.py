"""Structural checks for Markdown files, shared by the rendered-docs and our-docs tests.

Why these checks make a file "valid Markdown" for our purposes (GitHub-flavoured Markdown):
- a table is only a table when its header and delimiter rows have the same number of cells; a body
  row with more cells silently loses them, so every row must have the header's count. Cells are split
  on unescaped ``|`` even inside code spans, exactly as the GFM spec does;
- markdown-it (CommonMark + tables) must parse each table block as a table, and every fence must close;
- one H1 and no skipped heading level, so the outline tools and mkdocs build from is sound;
- every heading has text under it before the next heading (no empty sections);
- nothing of the template leaks through (``{{``, ``{%``, ``}}``, ``%}``).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

_HEADING = re.compile(r"^(#{1,6}) (.*)$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def table_cells(row: str) -> int:
    """Number of cells of one GFM table row (leading/trailing pipes optional, ``\\|`` escaped)."""
    text = row.strip()
    parts = re.split(r"(?<!\\)\|", text)
    if text.startswith("|"):
        parts = parts[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        parts = parts[:-1]
    return len(parts)


def _outside_fences(lines: list[str]) -> list[tuple[int, str]]:
    kept: list[tuple[int, str]] = []
    in_fence = False
    for number, line in enumerate(lines, start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            kept.append((number, line))
    return kept


def problems(text: str, rendered: bool = True) -> list[str]:
    """Every structural problem of ``text``; an empty list means the file passes.

    ``rendered``: the text is template output, so any Jinja marker is a leak (our own docs may quote Jinja).
    """
    found: list[str] = []
    for marker in ("{{", "}}", "{%", "%}") if rendered else ():
        if marker in text:
            found.append(f"template marker {marker!r} left in the output")
    lines = text.splitlines()
    if sum(1 for line in lines if _FENCE.match(line)) % 2:
        found.append("a code fence is not closed")
    body = _outside_fences(lines)

    headings = [(n, len(m.group(1)), m.group(2)) for n, line in body if (m := _HEADING.match(line))]
    if [level for _, level, _ in headings].count(1) != 1:
        found.append("there must be exactly one H1 heading")
    previous = 0
    for number, level, title in headings:
        if level > previous + 1:
            found.append(f"line {number}: heading {title!r} skips a level (H{previous} -> H{level})")
        previous = level
    heading_lines = [n for n, _, _ in headings] + [len(lines) + 1]
    for (number, _, title), next_line in zip(headings, heading_lines[1:], strict=True):
        if not any(line.strip() for line in lines[number : next_line - 1]):
            found.append(f"line {number}: section {title!r} is empty")

    blocks: list[list[tuple[int, str]]] = []
    for number, line in body:
        if line.lstrip().startswith("|"):
            if blocks and blocks[-1][-1][0] == number - 1:
                blocks[-1].append((number, line))
            else:
                blocks.append([(number, line)])
    for block in blocks:
        header = table_cells(block[0][1])
        if len(block) < 2 or not re.fullmatch(r"\|?(\s*:?-{3,}:?\s*\|)*\s*:?-{3,}:?\s*\|?", block[1][1].strip()):
            found.append(f"line {block[0][0]}: a table needs a delimiter row after its header")
            continue
        for number, row in block[1:]:
            if table_cells(row) != header:
                found.append(f"line {number}: {table_cells(row)} cells, the header has {header}: {row}")
    tables = sum(1 for token in _parser().parse(text) if token.type == "table_open")
    if tables != len(blocks):
        found.append(f"markdown-it parsed {tables} tables where the source has {len(blocks)} table blocks")
    return found


def plain_text(text: str) -> str:
    """What a reader sees: the text and code-span content of every inline, escapes resolved."""
    pieces: list[str] = []
    for token in _parser().parse(text):
        if token.type == "inline" and token.children:
            pieces.append(
                "".join(
                    " " if child.type == "softbreak" else child.content
                    for child in token.children
                    if child.type in ("text", "code_inline", "softbreak")
                )
            )
    return "\n".join(pieces)


def emphasis_count(text: str) -> int:
    """How many emphasis/strong spans markdown-it finds (hostile ``*`` must not create any)."""
    return sum(
        1
        for token in _parser().parse(text)
        if token.type == "inline" and token.children
        for child in token.children
        if child.type in ("em_open", "strong_open")
    )


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lowercase, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(text: str) -> set[str]:
    return {github_anchor(m.group(2)) for n, line in _outside_fences(text.splitlines()) if (m := _HEADING.match(line))}


def links(text: str) -> list[str]:
    """Every link target of ``text`` (inline links, as markdown-it parses them)."""
    found: list[str] = []
    for token in _parser().parse(text):
        for child in token.children or []:
            if child.type == "link_open":
                found.append(str(child.attrGet("href")))
    return found
