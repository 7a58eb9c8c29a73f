"""Place the content of an ArcKit MLOps document by what it is, not by its heading numbers.

ArcKit's generated strategies drift from the template: sub-headings carry their own numbers
("### 3.2 Data Sources"), a sub-section sits under another section ("Data Sources" under
"## 4. Data Management"), a sixteenth section is inserted, traceability moves to an appendix, headings
are reworded ("Drift Detection", "Model Catalogue"). `place_content(markdown)` rewrites the heading
structure into the template's (same content lines, moved and renamed headings) so the parser reads
each block where it belongs, and returns `Move`s that say what moved where: the review reports them as
"structure differs from the template" (minor), never as a missing section.

Matching, in order: a known alias (`data/heading_aliases.yaml`), the template's own title, then word
overlap with the titles and aliases; a sub-section without a recognisable heading is placed by its
table's columns. Content that fits nowhere stays where it was (the parser keeps it as extra content).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from assistant.markdown_tables import read_tables
from assistant.strategy.layout import SECTION_LAYOUT
from assistant.strategy.markdown_blocks import norm
from assistant.strategy.schema import MODEL_CARD_PARTS, SECTIONS, Strategy

_NUMBERING = re.compile(r"^(?:(?:section|appendix|annex)\s+)?(?:\d+(?:\.\d+)*|[A-Z](?:\.\d+)*)[.):]?\s+(?=\S)", re.I)
_APPENDIX = re.compile(r"^(?:appendix|annex)\b\s*[A-Z0-9]*[.:)\-–—]*\s*", re.I)
_FENCE = re.compile(r"^\s*(```|~~~)")
_STOP = frozenset(["and", "the", "of", "for", "ml", "model", "models", "mlops", "a", "an", "to", "in", "&", "with",
                   "strategy", "management", "overview"])
_SPECIAL_H2 = ("documentcontrol", "revisionhistory", "approval", "approvals", "signoff", "approvalsignoff",
               "externalreferences")


@dataclass
class Move:
    """One heading read as a template place: `section` (1-15), `heading` (the template's, None: the
    section's own), from the document's `original` heading under `under` (its H2)."""

    section: int
    heading: str | None
    original: str
    under: str
    why: str
    kind: str = "renamed"  # renamed (same place, other words) | relocated (from another section) | renumbered

    def describe(self) -> str:
        target = f"section {self.section} ({SECTIONS[self.section - 1].title})"
        if self.heading:
            target += f" / {self.heading}"
        return f"'{self.original}' (under '{self.under}') read as {target}: {self.why}"


@dataclass
class _Chunk:
    heading: str | None  # the H3 line's text; None for lines before the first H3
    lines: list[str] = field(default_factory=list)


@dataclass
class _Part:
    heading: str  # the H2 line's text ("" for the preamble)
    lines: list[str] = field(default_factory=list)  # the raw lines after the H2 line
    section: int | None = None
    kind: str = "unknown"  # section | special | preamble | unknown


@lru_cache(maxsize=1)
def _aliases() -> dict[str, Any]:
    return yaml.safe_load((Path(__file__).with_name("data") / "heading_aliases.yaml").read_text("utf-8"))


def _strip_number(text: str) -> str:
    text = re.sub(r"^\*+|\*+$", "", text.strip()).strip()
    return _NUMBERING.sub("", text, count=1).strip()


def _words(text: str) -> set[str]:
    words = {w for w in re.findall(r"[a-z0-9]+", text.casefold()) if w not in _STOP}
    return {w[:-1] if w.endswith("s") and len(w) > 4 else w for w in words}


@lru_cache(maxsize=1)
def _section_names() -> list[tuple[int, str]]:
    names = [(info.number, info.title) for info in SECTIONS]
    for number, aliases in _aliases()["sections"].items():
        names += [(int(number), a) for a in aliases]
    return names


@lru_cache(maxsize=1)
def _sub_names() -> list[tuple[int, str, str]]:
    """(section, template heading, a name it goes by) for every sub-heading of the template."""
    out: list[tuple[int, str, str]] = []
    fields = {info.field: info.number for info in SECTIONS}
    for field_name, blocks in SECTION_LAYOUT.items():
        for block in blocks:
            if block.heading:
                out.append((fields[field_name], block.heading, block.heading))
    for heading, aliases in _aliases()["subsections"].items():
        number = next(n for n, h, _ in out if h == heading)
        out += [(number, heading, a) for a in aliases]
    return out


_GLOSS = re.compile(r"\s*\([^()]*\)\s*$")


def _best(text: str, names: list[tuple[Any, ...]], prefer: int | None) -> tuple[Any, ...] | None:
    """The name matching `text`, else the name matching it without a trailing gloss: ArcKit authors add their
    own reading in brackets ("Training Pipeline (Knowledge Base and Prompt Pipeline)")."""
    hit = _best_name(text, names, prefer)
    plain = _GLOSS.sub("", text)
    if hit is None and plain and plain != text:
        hit = _best_name(plain, names, prefer)
    return hit


def _best_name(text: str, names: list[tuple[Any, ...]], prefer: int | None) -> tuple[Any, ...] | None:
    """The name matching `text`: exact (normalised) first, then the best word overlap (ties: `prefer`)."""
    key = norm(text)
    exact = [n for n in names if norm(n[-1]) == key]
    if exact:
        return next((n for n in exact if n[0] == prefer), exact[0])
    got = _words(text)
    if not got:
        return None
    best: tuple[float, int, tuple[Any, ...]] | None = None
    for n in names:
        want = _words(n[-1])
        if not want:
            continue
        shared = len(got & want)
        score = shared / len(got | want)
        if shared == 0 or score < 0.5:
            continue
        rank = (score, 1 if n[0] == prefer else 0, n)
        if best is None or rank[:2] > best[:2]:
            best = rank
    return best[2] if best else None


# "4. Training Pipeline — Re-interpreted as Evaluation Pipeline": a template title with the author's subtitle
_SUBTITLE = re.compile(r"\s+[—–-]\s+.*$|:\s+.*$")


def title_part(heading: str) -> str:
    """A heading without the subtitle an author adds after a dash or colon ("Retraining Strategy — Provider
    Switch" -> "Retraining Strategy"); the heading itself when it has none."""
    return _SUBTITLE.sub("", heading).strip() or heading


def section_by_title_prefix(heading: str) -> int | None:
    """The section whose full template title a heading starts with and then extends ("Model Governance and
    Autonomy-Tier Operations" -> 11); None when no title of two words or more starts it."""
    key = norm(heading)
    hits = [info for info in SECTIONS if len(info.title.split()) >= 2 and key.startswith(norm(info.title))]
    return max(hits, key=lambda info: len(info.title)).number if hits else None


def section_of_heading(text: str) -> int | None:
    """The template section an H2 heading names ("4. Model Monitoring & Observability" -> 7), or None."""
    plain = _strip_number(_APPENDIX.sub("", text.strip()))
    hit = _best(plain, _section_names(), None) or _best(title_part(plain), _section_names(), None)
    return int(hit[0]) if hit else section_by_title_prefix(plain)


def _table_header(lines: list[str]) -> list[str] | None:
    tables = read_tables(lines)
    return [c.strip("*") for c in tables[0].columns] if tables else None


@lru_cache(maxsize=1)
def _table_columns() -> list[tuple[int, str, frozenset[str]]]:
    """(section, template heading, column keys) for every typed table of the template."""
    out = []
    fields = {info.field: info.number for info in SECTIONS}
    for field_name, blocks in SECTION_LAYOUT.items():
        heading = None
        model_cls = Strategy.model_fields[field_name].annotation
        for block in blocks:
            heading = block.heading or heading
            if block.kind not in ("table", "costs") or not block.path:
                continue
            annotation = model_cls.model_fields[block.path].annotation  # type: ignore[union-attr]
            row_cls = getattr(annotation, "__args__", [None])[0]
            columns = getattr(row_cls, "COLUMNS", None)
            if columns and heading:
                out.append((fields[field_name], heading, frozenset(norm(c[0]) for c in columns)))
    return out


def _by_columns(lines: list[str], prefer: int | None) -> tuple[int, str] | None:
    header = _table_header(lines)
    if not header:
        return None
    got = {norm(h) for h in header if h}
    best: tuple[float, int, tuple[int, str]] | None = None
    for number, heading, columns in _table_columns():
        shared = len(got & columns)
        if shared < 2:
            continue
        score = shared / len(columns)
        if score < 0.6:
            continue
        rank = (score, 1 if number == prefer else 0, (number, heading))
        if best is None or rank[:2] > best[:2]:
            best = rank
    return best[2] if best else None


def _split(text: str) -> list[_Part]:
    parts = [_Part("", kind="preamble")]
    fenced = False
    for line in text.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        if not fenced and line.startswith("## "):
            parts.append(_Part(line[3:].strip()))
            continue
        parts[-1].lines.append(line)
    return parts


def _chunks(lines: list[str]) -> list[_Chunk]:
    chunks = [_Chunk(None)]
    fenced = False
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
        if not fenced and line.startswith("### "):
            chunks.append(_Chunk(line[4:].strip()))
            continue
        chunks[-1].lines.append(line)
    return chunks


def _classify(part: _Part) -> None:
    if part.kind == "preamble":
        return
    key = norm(_strip_number(part.heading))
    if key in _SPECIAL_H2:
        part.kind = "special"
        return
    number = section_of_heading(part.heading)
    if number is not None:
        part.kind, part.section = "section", number


def _fold_strays(parts: list[_Part]) -> tuple[list[_Part], list[tuple[int, str, str]]]:
    """An H2 between two numbered sections that names a sub-section of the one before ("## Model Card: MOD-001"
    after "### 11.2 Model Card Template") is that section's content written a level too high: it and the
    sub-sections after it ("### 11.3 Audit Trail") stay in that section."""
    out: list[_Part] = []
    folded: list[tuple[int, str, str]] = []  # (section, the H2's heading, the section's heading)
    for i, part in enumerate(parts):
        prev = out[-1] if out else None
        following = next((p for p in parts[i + 1:] if p.kind != "unknown"), None)
        if part.kind == "unknown" and prev is not None and prev.kind == "section" and prev.section is not None \
                and following is not None and following.kind == "section":
            own = [n for n in _sub_names() if n[0] == prev.section]
            if _best(_strip_number(part.heading.split(":")[0]), own, prev.section) is not None:
                prev.lines += [f"### {part.heading}", *part.lines]
                folded.append((prev.section, part.heading, prev.heading))
                continue
        out.append(part)
    return out, folded


_MODEL_CARD_SECTION = next(info.number for info in SECTIONS if info.field == "governance")
_CARD_PARTS = frozenset(norm(p) for p in MODEL_CARD_PARTS)


def _is_template_heading(number: int, heading: str) -> bool:
    return any(n == number and h == heading and a == heading for n, h, a in _sub_names())


@lru_cache(maxsize=8)
def place_content(text: str) -> tuple[str, list[Move]]:
    """The document with its headings in the template's places, and what was moved or renamed.

    A document already in the template's structure comes back unchanged, with no moves.
    """
    parts = _split(text)
    for part in parts:
        _classify(part)
    parts, folded = _fold_strays(parts)
    moves: list[Move] = [Move(n, None, heading, under, "a sub-section written as a top-level heading; read as part of "
                              "the section before it", "relocated") for n, heading, under in folded]
    # Content (sub-sections) gathered per target section, in document order.
    gathered: dict[int, list[tuple[str | None, list[str]]]] = {}
    first_heading: dict[int, str] = {}
    order: list[Any] = []  # the output order: parts (kept) and section numbers (assembled)
    for part in parts:
        if part.kind in ("preamble", "special"):
            order.append(part)
            continue
        chunks = _chunks(part.lines)
        own = part.section
        leftovers: list[_Chunk] = []
        for chunk in chunks:
            target = _place_chunk(chunk, own, part.heading, moves)
            if target is None:
                leftovers.append(chunk)
                continue
            number, heading = target
            gathered.setdefault(number, []).append((heading, chunk.lines))
            if number not in order:
                order.append(number)
                first_heading.setdefault(number, part.heading if number == own else "")
        if own is not None and leftovers:
            gathered.setdefault(own, []).extend((c.heading, c.lines) for c in leftovers)
            if own not in order:
                order.append(own)
            first_heading.setdefault(own, part.heading)
            if first_heading[own] == "":
                first_heading[own] = part.heading
        elif leftovers:
            kept = _Part(part.heading, [ln for c in leftovers for ln in _chunk_lines(c)])
            order.append(kept)
        if own is not None and norm(_strip_number(part.heading)) != norm(SECTIONS[own - 1].title):
            appendix = bool(_APPENDIX.match(part.heading))
            moves.append(Move(own, None, part.heading, part.heading,
                              "an appendix" if appendix else "its title differs from the template's",
                              "relocated" if appendix else "renamed"))
        elif own is not None and not re.match(rf"^{own}\.\s", part.heading):
            moves.append(Move(own, None, part.heading, part.heading, "its number differs from the template's",
                              "renumbered"))
    out: list[str] = []
    for item in order:
        if isinstance(item, _Part):
            if item.kind != "preamble":
                out.append(f"## {item.heading}")
            out.extend(item.lines)
            continue
        number = int(item)
        heading = first_heading.get(number) or ""
        if not heading or not re.match(rf"^{number}\.\s", heading) or \
                norm(_strip_number(heading)) != norm(SECTIONS[number - 1].title):
            heading = f"{number}. {SECTIONS[number - 1].title}"  # the author's title is kept in the Move
        out.append(f"## {heading}")
        for sub, lines in gathered[number]:
            if sub is not None:
                out.append(f"### {sub}")
            out.extend(lines)
    result = "\n".join(out)
    if text.endswith("\n"):
        result += "\n"
    return result, moves


def _structured(lines: list[str]) -> bool:
    """Tables, lists, fenced blocks or `**Applies**` lines: the template's block kinds."""
    return any(ln.lstrip().startswith(("|", "- ", "* ", "```", "~~~", "**Applies**")) or re.match(r"^\s*\d+[.)]\s", ln)
               for ln in lines)


def _chunk_lines(chunk: _Chunk) -> list[str]:
    return ([f"### {chunk.heading}"] if chunk.heading is not None else []) + chunk.lines


def _place_chunk(chunk: _Chunk, own: int | None, under: str, moves: list[Move]) -> tuple[int, str | None] | None:
    """Where a sub-section goes: (section, template heading or None for text under the H2), or None: stays."""
    if chunk.heading is None:
        return (own, None) if own is not None else None
    plain = _strip_number(chunk.heading)
    if own == _MODEL_CARD_SECTION and norm(plain) in _CARD_PARTS:
        # "### Training Data", "### Performance" of a model card written out in section 11: the card's own parts,
        # not section 3's data sources or section 7's monitoring
        return own, chunk.heading
    if not _structured(chunk.lines):
        # Prose only: nothing the template's tables can hold; it stays (kept as extra, under its own words).
        return (own, chunk.heading) if own is not None else None
    hit = _best(plain, [(n, h, a) for n, h, a in _sub_names()], own)
    if hit is not None and own is not None and int(hit[0]) != own:
        # "4.2 Pipeline Architecture" under section 4 is its Training Pipeline Architecture, not section 10's
        mine = [n for n in _sub_names() if n[0] == own and _words(plain) and _words(plain) <= _words(n[2])]
        hit = mine[0] if mine else hit
        if int(hit[0]) != own and _numbered_under(chunk.heading, under) and norm(plain) != norm(hit[2]):
            # "4.3 Evaluation Pipeline Architecture" under "4. Training Pipeline": numbered as part of its
            # section by the author, and only like another section's heading (section 10's "Pipeline
            # Architecture"), it is that section's own content. Another section's heading or alias, word for word
            # ("2.4 Data Sources"), still moves it.
            return own, chunk.heading
    if hit is not None:
        number, heading = int(hit[0]), str(hit[1])
        cols = _by_columns(chunk.lines, number)
        if cols is not None and cols[0] != number and own == cols[0]:
            number, heading = cols  # the heading names another section's table, its columns say otherwise
    else:
        cols = _by_columns(chunk.lines, own)
        if cols is None:
            if own is None:
                section = section_of_heading(plain)
                if section is not None and section == 15:
                    return 15, None
            return None
        number, heading = cols
        if own is not None and number != own and _numbered_under(chunk.heading, under):
            return own, chunk.heading  # its table looks like another section's, but the author numbered it here
    if own == 15 and number != 15 and _table_header(chunk.lines) and \
            any(norm(h) in ("requirement", "requirementid", "reqid", "id") for h in _table_header(chunk.lines) or []):
        return 15, None  # a traceability table under its own sub-heading
    if number == own and heading == chunk.heading:
        return number, heading
    if number != own:
        why = f"its content belongs to section {number}" + ("" if own else " (under an unnumbered heading)")
        kind = "relocated"
    else:
        same_words = norm(plain) == norm(heading)
        why = "numbered differently" if same_words else "its heading differs from the template's"
        kind = "renumbered" if same_words else "renamed"
    moves.append(Move(number, heading, chunk.heading, under, why, kind))
    if heading is None or (number == 15 and not _is_template_heading(number, heading)):
        return number, None
    return number, heading


def _numbered_under(heading: str, under: str) -> bool:
    """Whether a sub-heading's number continues its H2's ("9.4 ..." under "9. ...")."""
    sub, parent = re.match(r"^(\d+)\.\d", heading.strip()), re.match(r"^(\d+)[.):]?\s", under.strip())
    return bool(sub and parent and sub.group(1) == parent.group(1))


def covered_headings(section: int, heading: str) -> list[str]:
    """The template sub-headings of `section` whose words all appear in a document heading
    ("6.2 Serving Architecture and Platforms" covers Serving Architecture and Serving Platforms)."""
    got = _words(_strip_number(heading))
    out = []
    for number, template, alias in _sub_names():
        want = _words(alias)
        if number == section and want and want <= got and template not in out:
            out.append(template)
    return out


def named_headings(section: int, heading: str) -> list[str]:
    """The template sub-heading of `section` a document heading names: its best match when there is one (so
    "Feature Store" is not also "Feature Engineering" through the latter's alias "Features"), otherwise every
    sub-heading whose words it contains (`covered_headings`)."""
    names = [n for n in _sub_names() if n[0] == section]
    hit = _best(_strip_number(heading), names, section)
    return [hit[1]] if hit else covered_headings(section, heading)
