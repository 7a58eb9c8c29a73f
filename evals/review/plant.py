"""Planted-defect benchmark for the review: plant known defects in complete strategies, review, score.

    python evals/review/plant.py [--snapshot DIR] [--real-work evals/real/.work] [--report evals/review/report.md]

Bases (complete strategies with the documents they were written from):
- examples/ARC-001-MLOPS-v1.0.md with assistant/resources/sample/benefits-fraud-requirements.md;
- the same strategy in ArcKit's generated layout (evals/review/variants.py);
- evals/review/strategies/<name>/strategy.md with its sources in sources/ (or the committed folder its
  sources.path names): strategies written by hand in ArcKit's generated style, and the assistant's offline
  draft of the MIT-licensed real project v22 (gold.project names its gold file, whose ML requirement IDs the
  traceability plants use);
- with --snapshot DIR: DIR/<project>/strategy.md and DIR/<project>/sources/;
- with --real-work DIR: the offline drafts of the real projects `evals/real/run.py --snapshots ...` left in DIR
  (DIR/<project>/draft.md, DIR/<project>/sources/), never committed (their sources have no licence).

Findings one root defect entails are folded under it by the review itself (assistant/review/consequences.py);
the CONSEQUENCES table below counts what is left apart.

Each kind of defect is planted by a function that returns the changed strategy (or sources) and what a
finding must say to count as catching it. A planted document's findings are compared with its base's:
a new finding that matches the plant is a true positive; any other new finding is a false positive.
Recall per kind = caught plants / plants; precision per kind = matching new findings / new findings of
that kind's rule.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.review import RequirementSet, requirements_from_file, review_strategy  # noqa: E402
from assistant.review.claims import thresholds  # noqa: E402
from assistant.review.doctext import strategy_lines  # noqa: E402
from assistant.review.models import Finding  # noqa: E402
from assistant.review.sources import ProjectSources  # noqa: E402
from assistant.strategy.parse import parse_markdown  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from variants import arckit_variant  # noqa: E402


@dataclass
class Base:
    name: str
    markdown: str
    sources: dict[str, str]
    requirements: RequirementSet
    findings: list[Finding] = field(default_factory=list)
    ml_ids: set[str] | None = None  # the gold's ML-related requirement IDs (annotated apart), when there is a gold


@dataclass
class Plant:
    kind: str
    base: str
    markdown: str
    sources: dict[str, str]
    rule: str
    expect: Callable[[Finding], bool]
    note: str
    inserted: str = ""  # a sentence the plant added: findings quoting it are about the plant, not false


# Findings a kind of defect entails besides its own (removing the marking also fails the checklist's
# classification item; blanking the risk levels leaves Risk Level cells unfilled). They are reported as
# consequences, neither caught nor false.
CONSEQUENCES: dict[str, tuple[str, ...]] = {
    "marking-missing": ("quality-checklist", "uk-compliance-not-applicable", "atrs-planned", "playbook-principles"),
    "risk-tier-missing": ("empty-table", "unfilled-cells", "high-risk-ethics-review", "high-risk-ethics-approval",
                          "oversight-matches-risk"),
    "placeholder-left": ("unfilled-cells", "playbook-principles", "empty-table", "quality-checklist",
                         "trace-missing-requirement", "model-owner", "costs-cover-infrastructure"),
}


# ----- bases -----------------------------------------------------------------------------------------
def _requirements(paths: list[Path]) -> RequirementSet:
    result = RequirementSet()
    for path in paths:
        for req in requirements_from_file(path):
            result.add(req)
    return result


def _base_from(name: str, strategy: Path, sources_dir: Path) -> Base:
    docs = sorted(p for p in sources_dir.rglob("*") if p.is_file() and p.suffix in (".md", ".markdown", ".txt")
                  and "MLOPS" not in p.name.upper())
    return Base(name, strategy.read_text("utf-8"), {p.name: p.read_text("utf-8") for p in docs}, _requirements(docs))


def _gold_ml_ids(project: str) -> set[str] | None:
    """The ML-related requirement IDs the real project's gold file lists (annotated by readers of the documents)."""
    import yaml

    path = ROOT / "evals" / "real" / "gold" / f"{project}.yaml"
    return set(yaml.safe_load(path.read_text("utf-8")).get("ml_requirement_ids") or []) if path.is_file() else None


def _sources_dir(folder: Path) -> Path:
    """A base's sources: its own sources/ folder, or the repository folder named in its sources.path file
    (a committed licensed project, so its documents are not copied twice)."""
    pointer = folder / "sources.path"
    return ROOT / pointer.read_text("utf-8").strip() if pointer.is_file() else folder / "sources"


def load_bases(snapshot: Path | None, real_work: Path | None = None) -> list[Base]:
    sample = ROOT / "assistant" / "resources" / "sample" / "benefits-fraud-requirements.md"
    example = (ROOT / "examples" / "ARC-001-MLOPS-v1.0.md").read_text("utf-8")
    fraud = {sample.name: sample.read_text("utf-8")}
    bases = [Base("example", example, fraud, _requirements([sample])),
             Base("example-arckit-layout", arckit_variant(example), fraud, _requirements([sample]))]
    for path in sorted((ROOT / "evals" / "review" / "strategies").glob("*/strategy.md")):
        bases.append(_base_from(path.parent.name, path, _sources_dir(path.parent)))
        gold = path.parent / "gold.project"  # a draft of a real project: its gold names the ML requirements
        if gold.is_file():
            bases[-1].ml_ids = _gold_ml_ids(gold.read_text("utf-8").strip())
    if snapshot is not None:
        for path in sorted(snapshot.glob("*/strategy.md")):
            bases.append(_base_from(path.parent.name, path, path.parent / "sources"))
    if real_work is not None:  # offline drafts `evals/real/run.py` left: <project>/draft.md, <project>/sources/
        for path in sorted(real_work.glob("*/draft.md")):
            if (path.parent / "sources").is_dir():
                bases.append(_base_from(f"draft-{path.parent.name}", path, path.parent / "sources"))
                bases[-1].ml_ids = _gold_ml_ids(path.parent.name)
    return bases


def review(markdown: str, sources: dict[str, str], requirements: RequirementSet,
           cache: dict[tuple[str, ...], ProjectSources]) -> list[Finding]:
    key = tuple(sorted(sources.items()))  # type: ignore[arg-type]
    if key not in cache:
        cache[key] = ProjectSources.from_texts(sources)
    strategy = parse_markdown(markdown).strategy
    return review_strategy(strategy, requirements=requirements, provider=False, markdown=markdown,
                           filename=f"{strategy.document_id}.md", sources=cache[key]).findings


# ----- planting helpers ------------------------------------------------------------------------------
SECTION_RE = re.compile(r"^## (\d+)\. ", re.M)


def insert_in_section(markdown: str, number: int, text: str) -> str | None:
    """Add a paragraph at the end of section `number` (before the next H2)."""
    heads = [(m.start(), int(m.group(1))) for m in SECTION_RE.finditer(markdown)]
    for i, (start, n) in enumerate(heads):
        if n == number:
            nxt = markdown.find("\n## ", start + 3)
            nxt = len(markdown) if nxt < 0 else nxt
            body = markdown[start:nxt].rstrip("\n-").rstrip()
            return markdown[:start] + body + f"\n\n{text}\n\n" + markdown[nxt:].lstrip("\n")
        _ = i
    return None


def sections_present(markdown: str) -> list[int]:
    return [int(m.group(1)) for m in SECTION_RE.finditer(markdown)]


def other_section(markdown: str, avoid: int | None, rng: random.Random) -> int:
    choices = [n for n in sections_present(markdown) if n != avoid and n not in (9, 15)]
    return rng.choice(choices)


# ----- the kinds of defect ----------------------------------------------------------------------------
def plant_threshold_conflict(base: Base, rng: random.Random) -> list[Plant]:
    out = []
    found = [t for t in thresholds(strategy_lines(base.markdown)) if t.line.section]
    rng.shuffle(found)
    seen = set()
    for t in found:
        if t.metric in seen or len(out) >= 3:
            continue
        seen.add(t.metric)
        other = t.value * 1.5 if t.value else 5
        other_text = f"{other:g}{t.unit if t.unit == '%' else (' ' + t.unit if t.unit else '')}"
        word = "above" if t.upper else "below"
        qualifier = f"{t.qualifier} " if t.qualifier else ""
        where = other_section(base.markdown, t.line.section, rng)
        sentence = f"The {qualifier}alert for {t.metric} fires when it is {word} {other_text}."
        md = insert_in_section(base.markdown, where, sentence)
        if md is None:
            continue
        value = f"{other:g}"
        out.append(Plant("threshold-conflict", base.name, md, base.sources, "value-conflict",
                         lambda f, v=value, m=t.metric: m in f.message and v in f.message,
                         f"{t.metric}: {t.text} in section {t.line.section}, {word} {other_text} in section {where}",
                         sentence))
    return out


def plant_frequency_conflict(base: Base, rng: random.Random) -> list[Plant]:
    out = []
    pairs = [("Bias audits", "bias check", "weekly", "quarterly"), ("Drift checks", "drift check", "daily", "monthly"),
             ("Model performance reviews", "model review", "monthly", "annually")]
    for label, activity, a, b in pairs:
        s1 = other_section(base.markdown, None, rng)
        md = insert_in_section(base.markdown, s1, f"{label} are carried out {a}.")
        if md is None:
            continue
        s2 = other_section(md, s1, rng)
        md2 = insert_in_section(md, s2, f"{label} take place {b}.")
        if md2 is None:
            continue
        out.append(Plant("frequency-conflict", base.name, md2, base.sources, "value-conflict",
                         lambda f, act=activity, x=a, y=b: act in f.message and (x in f.message or y in f.message),
                         f"{activity}: {a} in section {s1}, {b} in section {s2}"))
    return out


def plant_milestone_conflict(base: Base, rng: random.Random) -> list[Plant]:
    out = []
    for name, d1, d2 in (("Go-live", "March 2027", "September 2027"), ("Public beta", "2027-01-15", "2027-06-01")):
        s1 = other_section(base.markdown, None, rng)
        md = insert_in_section(base.markdown, s1, f"{name} is planned for {d1}.")
        s2 = other_section(md or "", s1, rng)
        md2 = insert_in_section(md or "", s2, f"The {name.lower()} date is {d2}.")
        if md2 is None:
            continue
        out.append(Plant("milestone-conflict", base.name, md2, base.sources, "value-conflict",
                         lambda f, a=d1, b=d2: a in f.message and b in f.message, f"{name}: {d1} vs {d2}"))
    return out


def plant_placeholder(base: Base, rng: random.Random) -> list[Plant]:
    out = []
    lines = base.markdown.splitlines()
    rows = [i for i, ln in enumerate(lines) if ln.startswith("| ") and not ln.startswith("|--") and
            ln.count("|") >= 4 and i > 30 and not lines[i + 1].startswith("|--")]
    for i in rng.sample(rows, min(2, len(rows))):
        cells = lines[i].split("|")
        cells[2] = " [To be confirmed] "
        changed = lines[:]
        changed[i] = "|".join(cells)
        out.append(Plant("placeholder-left", base.name, "\n".join(changed) + "\n", base.sources, "template-unfilled",
                         lambda f: "[To be confirmed]" in f.message, f"line {i + 1}"))
    return out


def plant_marking(base: Base, rng: random.Random) -> list[Plant]:
    out = []
    md = re.sub(r"(\|\s*\*\*Classification\*\*\s*\|)\s*[^|]+\|", r"\1  |", base.markdown, count=1)
    if md != base.markdown:
        out.append(Plant("marking-missing", base.name, md, base.sources, "marking-missing",
                         lambda f: "no security marking" in f.message, "Classification emptied"))
    # Weaker than the sources: the sources are marked, so PUBLIC is below them
    sources = dict(base.sources)
    name = next(iter(sources))
    if not re.search(r"(?i)classification\W+(official|secret)", sources[name][:3000]):
        sources[name] = "Classification: OFFICIAL-SENSITIVE\n\n" + sources[name]
    md = re.sub(r"(\|\s*\*\*Classification\*\*\s*\|)\s*[^|]+\|", r"\1 PUBLIC |", base.markdown, count=1)
    if md != base.markdown:
        out.append(Plant("marking-missing", base.name, md, sources, "marking-missing",
                         lambda f: "marked PUBLIC" in f.message, "Classification PUBLIC below its sources"))
    return out


def plant_risk_tier(base: Base, rng: random.Random) -> list[Plant]:
    lines = base.markdown.splitlines()
    out_lines = []
    header: list[str] | None = None
    for ln in lines:
        if ln.startswith("|") and "Risk Level" in ln and "Model" in ln:
            header = [c.strip() for c in ln.split("|")]
            out_lines.append(ln)
            continue
        if header and ln.startswith("|") and not ln.startswith("|--"):
            cells = ln.split("|")
            idx = header.index("Risk Level")
            if idx < len(cells):
                cells[idx] = "  "
            out_lines.append("|".join(cells))
            continue
        if header and not ln.startswith("|"):
            header = None
        if re.search(r"(?i)\brisk level\b.*\b(high|medium|low)\b|\b(high|medium|low)[- ]risk\b", ln) and \
                not ln.startswith("|"):
            continue
        out_lines.append(ln)
    md = "\n".join(out_lines) + "\n"
    md = re.sub(r"(?is)(### (?:\d+\.\d+ )?Model Risk Classification\n).*?(?=\n### |\n## )", "", md)
    out = [Plant("risk-tier-missing", base.name, md, base.sources, "model-risk-tier",
                 lambda f: "risk tier" in f.message.casefold(), "risk levels blanked")]
    # The Risk Level column dropped altogether (a catalog in ArcKit's layout without it)
    dropped = []
    header = None
    for ln in md.splitlines():
        if ln.startswith("|") and "Risk Level" in ln and "Model" in ln:
            header = [c.strip() for c in ln.split("|")].index("Risk Level")
        if header is not None and ln.startswith("|"):
            cells = ln.split("|")
            del cells[header]
            ln = "|".join(cells)
        elif header is not None:
            header = None
        dropped.append(ln)
    out.append(Plant("risk-tier-missing", base.name, "\n".join(dropped) + "\n", base.sources, "model-risk-tier",
                     lambda f: "risk tier" in f.message.casefold(), "Risk Level column dropped"))
    return out


def plant_unknown_reference(base: Base, rng: random.Random) -> list[Plant]:
    out = []
    project = re.search(r"ARC-(\d{3})-MLOPS", base.markdown)
    pid = project.group(1) if project else "001"
    for ref, sentence in ((f"ARC-{pid}-HLDR-v1.0", "The design follows ARC-{pid}-HLDR-v1.0 for the serving tier."),
                          ("model-validation-report-2026.pdf", "Validation results are in model-validation-report-2026.pdf.")):
        where = other_section(base.markdown, None, rng)
        md = insert_in_section(base.markdown, where, sentence.format(pid=pid))
        if md:
            out.append(Plant("unknown-reference", base.name, md, base.sources, "unknown-reference",
                             lambda f, r=ref: r in f.message, ref))
    return out


def plant_sensitive(base: Base, rng: random.Random) -> list[Plant]:
    out = []
    additions = {"biometrics": "Callers are verified by voice biometrics before a transcript is made.",
                 "children": "Some records concern children aged under 16, who need extra protection.",
                 "automated decisions": "The DPIA notes that an automated decision may be made about a person."}
    strategy_text = base.markdown.casefold()
    for category, sentence in additions.items():
        if category.split()[0] in strategy_text or ("children" in category and "child" in strategy_text):
            continue
        sources = dict(base.sources)
        # the requirements name the processing (principles and research papers are not read for it)
        name = next((n for n in sources if "-REQ-" in n or "requirements" in n.casefold()), next(iter(sources)))
        sources[name] = sources[name] + "\n\n" + sentence + "\n"
        out.append(Plant("sensitive-unaddressed", base.name, base.markdown, sources, "sensitive-processing",
                         lambda f, c=category: c in f.message, category))
    return out


def plant_unsupported_figure(base: Base, rng: random.Random) -> list[Plant]:
    out = []
    for sentence, figure in (("Each reviewer handles 37 cases per day.", "37 cases per day"),
                             ("The model is refreshed within 19 hours of a new release.", "19 hours"),
                             ("A canary receives 13% of traffic before promotion.", "13%")):
        where = other_section(base.markdown, None, rng)
        if where == 14:
            continue
        md = insert_in_section(base.markdown, where, sentence)
        if md:
            out.append(Plant("unsupported-figure", base.name, md, base.sources, "unsupported-figure",
                             lambda f, x=figure: x in f.message, figure))
    return out


def plant_target(base: Base, rng: random.Random) -> list[Plant]:
    out = []
    from assistant.review.claims import _THRESHOLD

    candidates = []
    for req in base.requirements.defined():
        qs = [m for m in _THRESHOLD.finditer(req.statement or "") if m.group("unit")]
        if len(qs) == 1:
            candidates.append((req, qs[0]))
    rng.shuffle(candidates)
    for req, m in candidates[:2]:
        value = float(m.group("num")) * 3
        sentence = f"For {req.id} the service target is {m.group('cmp')} {value:g} {m.group('unit')}."
        md = insert_in_section(base.markdown, 6 if 6 in sections_present(base.markdown) else 7, sentence)
        if md:
            out.append(Plant("target-vs-requirement", base.name, md, base.sources, "target-vs-requirement",
                             lambda f, r=req.id: r in f.message, f"{req.id}: {value:g} {m.group('unit')}", sentence))
    return out


def plant_misdescribed(base: Base, rng: random.Random) -> list[Plant]:
    lines = base.markdown.splitlines()
    rows = [(i, ln) for i, ln in enumerate(lines) if re.match(r"^\| (?:BR|FR|NFR|DR|INT)[-A-Z]*-\d+ \|", ln)]
    out = []
    if len(rows) < 4:
        return out
    picks = rng.sample(rows, 2)
    for i, ln in picks:
        donor = next(d for j, d in rows if j != i and d.split("|")[1].split("-")[0] != ln.split("|")[1].split("-")[0])
        cells, donor_cells = ln.split("|"), donor.split("|")
        cells[2] = donor_cells[2]
        changed = lines[:]
        changed[i] = "|".join(cells)
        rid = cells[1].strip()
        out.append(Plant("misdescribed-requirement", base.name, "\n".join(changed) + "\n", base.sources,
                         "requirement-misdescribed", lambda f, r=rid: r in f.message, f"{rid} given {donor_cells[1].strip()}'s text"))
    return out


def plant_trace_removed(base: Base, rng: random.Random) -> list[Plant]:
    lines = base.markdown.splitlines()
    rows = [(i, ln) for i, ln in enumerate(lines) if re.match(r"^\| (?:FR|NFR-P|DR)[-A-Z]*-\d+ \|", ln)]
    if base.ml_ids is not None:  # only requirements the gold's readers call ML-related: the others may go untraced
        rows = [(i, ln) for i, ln in rows if ln.split("|")[1].strip() in base.ml_ids]
    out = []
    for i, ln in rng.sample(rows, min(2, len(rows))):
        rid = ln.split("|")[1].strip()
        if base.markdown.count(f"| {rid} |") != 1:
            continue
        changed = lines[:i] + lines[i + 1:]
        out.append(Plant("traceability-row-removed", base.name, "\n".join(changed) + "\n", base.sources,
                         "trace-missing-requirement", lambda f, r=rid: r in f.message, rid))
    return out


KINDS: list[Callable[[Base, random.Random], list[Plant]]] = [
    plant_threshold_conflict, plant_frequency_conflict, plant_milestone_conflict, plant_placeholder, plant_marking,
    plant_risk_tier, plant_unknown_reference, plant_sensitive, plant_unsupported_figure, plant_target,
    plant_misdescribed, plant_trace_removed,
]


# ----- scoring -----------------------------------------------------------------------------------------
def _key(f: Finding) -> tuple[str, str]:
    return f.rule, f.message


def run(snapshot: Path | None, seed: int, real_work: Path | None = None
        ) -> tuple[dict[str, dict[str, float]], list[str], list[Base]]:
    rng = random.Random(seed)
    bases = load_bases(snapshot, real_work)
    cache: dict[tuple[str, ...], ProjectSources] = {}
    for base in bases:
        base.findings = review(base.markdown, base.sources, base.requirements, cache)
    plants = [p for base in bases for kind in KINDS for p in kind(base, rng)]
    stats: dict[str, dict[str, float]] = {}
    misses: list[str] = []
    by_base = {b.name: b for b in bases}
    for plant in plants:
        base = by_base[plant.base]
        before = {_key(f) for f in base.findings}
        after = review(plant.markdown, plant.sources, base.requirements, cache)
        new = [f for f in after if _key(f) not in before]
        s = stats.setdefault(plant.kind, {"plants": 0, "caught": 0, "new": 0, "tp": 0, "consequence": 0, "false": 0})
        s["plants"] += 1
        hits = [f for f in new if f.rule == plant.rule and plant.expect(f)]
        s["caught"] += 1 if hits else 0
        s["tp"] += len(hits)
        s["new"] += len(new)
        if not hits:
            misses.append(f"MISSED {plant.kind} in {plant.base}: {plant.note}")
        for f in new:
            if f in hits:
                continue
            quoted = bool(plant.inserted) and plant.inserted[:40] in f.message
            if quoted or f.rule in CONSEQUENCES.get(plant.kind, ()):
                s["consequence"] += 1
                misses.append(f"CONSEQUENCE {plant.kind} in {plant.base}: [{f.rule}] {f.message[:160]}")
            else:
                s["false"] += 1
                misses.append(f"FALSE {plant.kind} in {plant.base}: [{f.rule}] {f.message[:200]}")
    return stats, misses, bases


def report(stats: dict[str, dict[str, float]], misses: list[str], bases: list[Base], seconds: float) -> str:
    lines = ["# Planted-defect benchmark (review)", "",
             f"Bases: {', '.join(b.name for b in bases)}. Reproduce: `python evals/review/plant.py`.", "",
             "| kind | plants | caught | recall | new findings | matching | consequences | false | precision |",
             "|---|---|---|---|---|---|---|---|---|"]
    totals = {"plants": 0, "caught": 0, "new": 0, "tp": 0, "consequence": 0, "false": 0}
    for kind, s in sorted(stats.items()):
        for k in totals:
            totals[k] += s[k]
        recall = s["caught"] / s["plants"] if s["plants"] else 0
        precision = s["tp"] / (s["tp"] + s["false"]) if s["tp"] + s["false"] else 1.0
        lines.append(f"| {kind} | {s['plants']:.0f} | {s['caught']:.0f} | {recall:.2f} | {s['new']:.0f} | "
                     f"{s['tp']:.0f} | {s['consequence']:.0f} | {s['false']:.0f} | {precision:.2f} |")
    recall = totals["caught"] / totals["plants"] if totals["plants"] else 0
    precision = totals["tp"] / (totals["tp"] + totals["false"]) if totals["tp"] + totals["false"] else 1.0
    strict = totals["tp"] / totals["new"] if totals["new"] else 1.0
    lines.append(f"| **overall** | {totals['plants']:.0f} | {totals['caught']:.0f} | **{recall:.2f}** | "
                 f"{totals['new']:.0f} | {totals['tp']:.0f} | {totals['consequence']:.0f} | {totals['false']:.0f} | "
                 f"**{precision:.2f}** |")
    lines += ["", "Precision = matching / (matching + false). A consequence is a new finding the plant entails "
              "(it quotes the planted sentence, or its rule is listed in CONSEQUENCES for the kind: removing the "
              "marking also fails the checklist's classification item); every other new finding counts as false. "
              f"Counting consequences as false too, precision would be {strict:.2f}. {seconds:.0f} s in all.",
              "", "## Misses, consequences and false findings", ""] + [f"- {m}" for m in misses] + [""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snapshot", type=Path, default=None, help="folder of offline drafts of the real projects")
    parser.add_argument("--real-work", type=Path, default=None,
                        help="also use the offline drafts evals/real/run.py kept there (e.g. evals/real/.work)")
    parser.add_argument("--report", type=Path, default=None, help="write the Markdown report here")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    stats, misses, bases = run(args.snapshot, args.seed, args.real_work)
    text = report(stats, misses, bases, time.perf_counter() - started)
    if args.report:
        args.report.write_text(text, encoding="utf-8")
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
