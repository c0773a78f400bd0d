"""Fenced code blocks of a Markdown text: the one reader behind GraphiQL's example tabs (taken from the
README) and the docs test (which runs every documented command and query), so examples have one copy."""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^(?P<fence>```+|~~~+)(?P<info>[^\n`]*)$")


@dataclass(frozen=True)
class Block:
    """One fenced block: its language and flags (the info string), its text, where it starts, the
    heading it sits under and the paragraph just before it (which says what the block is for)."""

    language: str
    flags: frozenset[str]
    code: str
    line: int
    heading: str
    intro: str


def fenced_blocks(text: str) -> list[Block]:
    """Every fenced block of ``text`` in order. The info string is ``language [flag ...]``
    (e.g. ```` ```bash no-run ````); an unterminated fence runs to the end of the text."""
    blocks: list[Block] = []
    lines = text.splitlines()
    heading, gap, index = "", False, 0
    paragraph: list[str] = []
    while index < len(lines):
        line = lines[index]
        match = _FENCE.match(line.strip())
        if match is None:
            if line.startswith("#"):
                heading, paragraph = line.lstrip("#").strip(), []
            elif not line.strip():
                gap = True
            else:
                paragraph, gap = ([] if gap else paragraph), False
                paragraph.append(line.strip())
            index += 1
            continue
        fence, info = match["fence"], match["info"].split()
        start, index = index + 1, index + 1
        while index < len(lines) and not lines[index].strip().startswith(fence):
            index += 1
        blocks.append(
            Block(
                language=info[0].lower() if info else "",
                flags=frozenset(info[1:]),
                code="\n".join(lines[start:index]),
                line=start,
                heading=heading,
                intro=" ".join(paragraph),
            )
        )
        paragraph, gap, index = [], False, index + 1
    return blocks
