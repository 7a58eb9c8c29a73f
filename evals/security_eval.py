"""Score the protective-marking detector and the name/address PII recognisers on the sets written apart.

    python evals/security_eval.py [--json OUT.json] [--show-errors]

Sets (written by a separate helper that read no detector code; see evals/data/security/README.md):
  evals/data/security/marking_set/        181 documents (md, txt, html, docx, pdf) and labels.yaml
  evals/data/security/pii_names_addresses.jsonl   144 records (100 with names/addresses, 44 hard negatives)
Precision on PII-free requirements text uses the project's own benign corpora (listed in PII_FREE).

Markings are scored twice: `effective` is what ingestion records and the gate applies (unconfirmed
marking-like text counted as the higher tier until a person confirms it), `certain` counts only markings
used as markings. Under-classification (a lower tier than the label) is the error that leaks.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.documents.markings import LEVELS, RANK, document_markings, scan_markings  # noqa: E402
from assistant.documents.parsers import parse_bytes  # noqa: E402
from assistant.errors import IngestError  # noqa: E402
from assistant.guardrails.pii import detect_pii  # noqa: E402

SETS = ROOT / "evals" / "data" / "security"
PII_FREE = [ROOT / "evals" / "data" / "guardrails" / "benign_requirements.txt",
            *sorted((ROOT / "assistant" / "resources" / "knowledge").glob("*.md")),
            *sorted((ROOT / "tests" / "fixtures" / "requirements").glob("*.md"))]


def _top(levels: list[str]) -> str | None:
    return max(levels, key=RANK.__getitem__) if levels else None


def _rank(level: str | None) -> int:
    return -1 if level is None else RANK[level]


def score_markings(show_errors: bool) -> dict[str, object]:
    labels = yaml.safe_load((SETS / "marking_set" / "labels.yaml").read_text(encoding="utf-8"))
    rows = []
    for item in labels:
        path = SETS / "marking_set" / item["file"]
        try:
            parsed = parse_bytes(path, path.read_bytes())
            text = "\n".join([parsed.marking_text, parsed.text])
            found = document_markings(text)
            scan = scan_markings(text)
            error = None
        except IngestError as exc:
            found, scan, error = None, None, str(exc)
        effective = _top(found.levels) if found else None
        certain = _top(found.certain) if found else None
        caveats = sorted({c for m in scan.markings for c in m.caveats}) if scan else []
        rows.append({"file": item["file"], "label": item["marking"], "effective": effective, "certain": certain,
                     "unconfirmed": bool(found and found.review), "label_caveats": item.get("caveats") or [],
                     "caveats": caveats, "error": error})

    def summary(key: str) -> dict[str, object]:
        marked = [r for r in rows if r["label"] is not None]
        unmarked = [r for r in rows if r["label"] is None]
        detected = [r for r in marked if r[key] is not None]
        exact = [r for r in marked if r[key] == r["label"]]
        under = [r for r in marked if _rank(r[key]) < _rank(r["label"])]
        over = [r for r in marked if _rank(r[key]) > _rank(r["label"])]
        false_any = [r for r in unmarked if r[key] is not None]
        false_restrictive = [r for r in unmarked if _rank(r[key]) > RANK["OFFICIAL"]]
        return {
            "marked": len(marked), "unmarked": len(unmarked),
            "marked_detected": len(detected), "detection_recall": round(len(detected) / len(marked), 3),
            "exact_tier": len(exact), "exact_tier_rate": round(len(exact) / len(marked), 3),
            "under_classified": len(under), "over_classified": len(over),
            "unmarked_flagged_any": len(false_any),
            "unmarked_flagged_above_official": len(false_restrictive),
            "false_positive_rate_above_official": round(len(false_restrictive) / len(unmarked), 3),
            "under_classified_files": [f"{r['file']} (label {r['label']}, got {r[key]})" for r in under],
            "false_positive_files": [f"{r['file']} (got {r[key]})" for r in false_any],
        }

    with_caveats = [r for r in rows if r["label_caveats"]]
    caveat_hits = sum(set(r["label_caveats"]) <= set(r["caveats"]) for r in with_caveats)
    result: dict[str, object] = {
        "documents": len(rows), "parse_errors": [r["file"] for r in rows if r["error"]],
        "effective": summary("effective"), "certain": summary("certain"),
        "awaiting_confirmation": {"marked": sum(1 for r in rows if r["unconfirmed"] and r["label"]),
                                  "unmarked": sum(1 for r in rows if r["unconfirmed"] and not r["label"])},
        "caveats": {"documents_with_caveats": len(with_caveats), "all_caveats_found": caveat_hits},
        "by_format": {},
    }
    for suffix in (".md", ".txt", ".html", ".docx", ".pdf"):
        subset = [r for r in rows if r["file"].endswith(suffix)]
        marked = [r for r in subset if r["label"]]
        result["by_format"][suffix] = {  # type: ignore[index]
            "marked_detected": f"{sum(1 for r in marked if r['effective'])}/{len(marked)}",
            "unmarked_flagged_above_official": sum(1 for r in subset if not r["label"]
                                                   and _rank(r["effective"]) > RANK["OFFICIAL"])}
    if show_errors:
        for r in rows:
            if r["effective"] != r["label"]:
                print(f"  marking: {r['file']}: label {r['label']}, effective {r['effective']}, certain {r['certain']}",
                      file=sys.stderr)
    assert set(LEVELS) >= {r["label"] for r in rows if r["label"]}
    return result


def _covers(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    covered = bytearray(end - start)
    for a, b in spans:
        for i in range(max(a, start), min(b, end)):
            covered[i - start] = 1
    return all(covered)


def score_pii(show_errors: bool) -> dict[str, object]:
    records = [json.loads(line) for line in (SETS / "pii_names_addresses.jsonl").read_text(encoding="utf-8").splitlines()
               if line.strip()]
    totals: dict[str, dict[str, int]] = {t: {"gold": 0, "overlap": 0, "covered": 0, "any_type_covered": 0}
                                         for t in ("PERSON", "ADDRESS")}
    predicted = correct = 0
    negatives_flagged = 0
    for record in records:
        text = record["text"]
        spans = detect_pii(text)
        target = [s for s in spans if s.type in ("PERSON", "ADDRESS")]
        all_spans = [(s.start, s.end) for s in spans]
        gold_spans = []
        for entity in record["entities"]:
            start = text.index(entity["value"])
            end = start + len(entity["value"])
            gold_spans.append((entity["type"], start, end))
            same = [(s.start, s.end) for s in target if s.type == entity["type"]]
            t = totals[entity["type"]]
            t["gold"] += 1
            hit = any(a < end and b > start for a, b in same)
            t["overlap"] += hit
            t["covered"] += _covers(same, start, end)
            t["any_type_covered"] += _covers(all_spans, start, end)
            if show_errors and not hit:
                print(f"  pii miss {entity['type']}: {entity['value']!r} in {text[:90]!r}", file=sys.stderr)
        for s in target:
            predicted += 1
            ok = any(kind == s.type and s.start < end and s.end > start for kind, start, end in gold_spans)
            correct += ok
            if show_errors and not ok:
                print(f"  pii false {s.type}: {text[s.start:s.end]!r}", file=sys.stderr)
        if not record["entities"] and target:
            negatives_flagged += 1

    free_chars = free_hits = 0
    free_examples: list[str] = []
    for path in PII_FREE:
        text = path.read_text(encoding="utf-8")
        free_chars += len(text)
        hits = [s for s in detect_pii(text) if s.type in ("PERSON", "ADDRESS")]
        free_hits += len(hits)
        free_examples += [f"{path.name}: {s.type} {text[s.start:s.end]!r}" for s in hits[:3]]
    out: dict[str, object] = {"records": len(records),
                              "negatives": sum(1 for r in records if not r["entities"]),
                              "negatives_with_a_false_detection": negatives_flagged,
                              "span_precision_on_set": round(correct / predicted, 3) if predicted else None,
                              "predicted_spans": predicted,
                              "pii_free_corpus": {"files": len(PII_FREE), "characters": free_chars,
                                                  "false_person_or_address_spans": free_hits,
                                                  "examples": free_examples[:10]}}
    for kind, t in totals.items():
        out[kind] = {**t, "recall_overlap": round(t["overlap"] / t["gold"], 3),
                     "recall_fully_redacted": round(t["covered"] / t["gold"], 3),
                     "recall_fully_redacted_any_recogniser": round(t["any_type_covered"] / t["gold"], 3)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--show-errors", action="store_true", help="list every miss and false detection")
    args = parser.parse_args()
    figures = {"markings": score_markings(args.show_errors), "pii": score_pii(args.show_errors)}
    text = json.dumps(figures, indent=2, ensure_ascii=False)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
