"""Reports of the real-document eval: one JSON and one Markdown per project, and an overall summary."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SUMMARY_COLUMNS = (
    ("precision", "precision"), ("wrong_or_invented_rate", "wrong+invented"), ("coverage", "coverage"),
    ("coverage_placeable", "coverage (placeable)"),
    ("filled", "filled"), ("correct", "correct"), ("wrong", "wrong"), ("invented", "invented"),
    ("citation_support", "citation support"), ("marking_carried", "marking"),
    ("traceability_rows_not_requirements", "trace rows not req."), ("ml_requirement_coverage", "ML req. coverage"),
    ("risk_tier_agree", "risk tier"), ("section_9_agree", "§9"), ("section_13_agree", "§13"),
    ("jsp_936_agree", "JSP 936"), ("model_recall", "model recall"), ("model_precision", "model precision"),
)


def _fmt(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def overall(projects: list[dict[str, Any]]) -> dict[str, Any]:
    """Cell counts pooled over the scored projects; project-level checks as counts of agreeing projects."""
    scored = [p for p in projects if "summary" in p]
    filled = sum(p["summary"]["filled"] for p in scored)
    correct = sum(p["summary"]["correct"] for p in scored)
    bad = sum(p["summary"]["wrong"] + p["summary"]["invented"] for p in scored)
    found = sum(p["summary"]["coverage_found"] for p in scored)
    total = sum(p["summary"]["coverage_total"] for p in scored)
    judged = [p["summary"] for p in scored if p["summary"].get("placeable_total") is not None]
    placeable = sum(s["placeable_total"] for s in judged)
    placeable_found = sum(s["placeable_found"] for s in judged)
    cited = sum(p["summary"]["citation_cells"] for p in scored)
    supported = sum(p["summary"]["citation_supported"] for p in scored)

    def agree(name: str) -> str:
        known = [p["summary"][name] for p in scored if p["summary"][name] is not None]
        return f"{sum(1 for v in known if v)}/{len(known)}"

    return {
        "projects_scored": len(scored), "projects_skipped": [p["project"] for p in projects if "summary" not in p],
        "filled": filled, "precision": round(correct / filled, 3) if filled else None,
        "wrong_or_invented_rate": round(bad / filled, 3) if filled else None,
        "coverage": round(found / total, 3) if total else None,
        # over the statements a blind reader judged to have a slot in the template (projects with that judgement)
        "coverage_placeable": round(placeable_found / placeable, 3) if placeable else None,
        "placeable_projects": len(judged),
        "citation_support": round(supported / cited, 3) if cited else None,
        "marking_carried": agree("marking_carried"),
        "traceability_rows_not_requirements": sum(p["summary"]["traceability_rows_not_requirements"] for p in scored),
        "risk_tier_agree": agree("risk_tier_agree"), "section_9_agree": agree("section_9_agree"),
        "section_13_agree": agree("section_13_agree"), "jsp_936_agree": agree("jsp_936_agree"),
    }


def project_markdown(report: dict[str, Any]) -> str:
    if "summary" not in report:
        return f"# {report['project']}\n\nSkipped: {report.get('skipped')}\n"
    s = report["summary"]
    lines = [f"# Real-document eval: {report['project']}", "",
             f"Provider: {report.get('run', {}).get('provider', 'offline')}; product commit "
             f"{report.get('product_commit', '?')}; gold {report.get('gold_file', '?')}", "",
             "| figure | value |", "|---|---|"]
    lines += [f"| {label} | {_fmt(s.get(name))} |" for name, label in SUMMARY_COLUMNS]
    lines += [f"| labelled recommendations (not in precision) | {s['recommendations']} |",
              f"| unmapped cells (not judged) | {s['unmapped_cells']} |", "",
              "## Per section (claims only)", "", "| section | filled | correct | wrong | invented | precision |"
              " recommendations |", "|---|---|---|---|---|---|---|"]
    for section, c in report["per_section"].items():
        lines.append(f"| {section} | {c['filled']} | {c['correct']} | {c['wrong']} | {c['invented']} | "
                     f"{_fmt(c['precision'])} | {c['recommendations']} |")
    lines += ["", "## Per key (claims only)", "", "| key | correct | wrong | invented |", "|---|---|---|---|"]
    for key, c in report["per_key"].items():
        lines.append(f"| {key} | {c.get('correct', 0)} | {c.get('wrong', 0)} | {c.get('invented', 0)} |")
    t, r, m = report["traceability"], report["risk_tier"], report["models"]
    lines += ["", "## Project checks", "",
              f"- Marking: gold {report['marking']['gold']}, draft {report['marking']['draft']}",
              f"- Traceability: {t['rows']} rows; not requirements: {t['not_requirement_ids'] or 'none'}; "
              f"ML requirements present {t['ml_requirements_in_traceability']}/{t['ml_requirements']} "
              f"(missing: {', '.join(t['ml_requirements_missing']) or 'none'}); marked covered "
              f"{t['ml_requirements_marked_covered']}",
              f"- Risk tier: {r['note']}"]
    for name, a in report["applicability"].items():
        lines.append(f"- {name}: gold {a['gold']}, draft {a['draft']}")
    lines += [f"- Models: recall {_fmt(m['recall'])}, precision {_fmt(m['precision'])}; missing "
              f"{m['missing']}; unmatched draft models {m['unmatched_draft']}", "",
              "## Judgements (wrong and invented claims)", "", "| section | key | value | subject | verdict | why |"
              " citation |", "|---|---|---|---|---|---|---|"]
    for j in report["judgements"]:
        if j["claim"] and j["verdict"] != "correct":
            lines.append(f"| {j['section']} | {j['key']} | {_cell(j['value'])} | {_cell(j['subject'])} | "
                         f"{j['verdict']} | {_cell(j['reason'])} | {j['citation']} |")
    return "\n".join(lines) + "\n"


def _cell(text: str, n: int = 70) -> str:
    text = (text or "").replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= n else text[: n - 1] + "…"


def summary_markdown(projects: list[dict[str, Any]], pooled: dict[str, Any], command: str) -> str:
    providers = sorted({str(p.get("run", {}).get("provider")) for p in projects if "summary" in p})
    commits = sorted({str(p.get("product_commit")) for p in projects if "summary" in p})
    lines = ["# Real-document eval: summary", "", f"Reproduce: `{command}`", "",
             f"Provider: {', '.join(providers) or 'n/a'}; product commit when scored: {', '.join(commits) or 'n/a'} "
             "(with --reuse, the drafts kept in the work folder were made earlier: see each project's run.json)", "",
             "| project | " + " | ".join(label for _, label in SUMMARY_COLUMNS) + " |",
             "|---|" + "---|" * len(SUMMARY_COLUMNS)]
    for p in projects:
        if "summary" not in p:
            lines.append(f"| {p['project']} | skipped: {_cell(str(p.get('skipped')), 100)} |")
            continue
        lines.append(f"| {p['project']} | " + " | ".join(_fmt(p["summary"].get(n)) for n, _ in SUMMARY_COLUMNS) + " |")
    lines += ["", "Pooled over the scored projects:", "", "```", json.dumps(pooled, indent=1), "```", ""]
    return "\n".join(lines)


def write(out_dir: Path, projects: list[dict[str, Any]], command: str) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for p in projects:
        (out_dir / f"{p['project']}.json").write_text(json.dumps(p, indent=1, default=str), encoding="utf-8")
        (out_dir / f"{p['project']}.md").write_text(project_markdown(p), encoding="utf-8")
    pooled = overall(projects)
    summary = {"command": command, "overall": pooled,
               "projects": [{"project": p["project"], "skipped": p.get("skipped"), **(p.get("summary") or {}),
                             "provider": p.get("run", {}).get("provider"), "product_commit": p.get("product_commit")}
                            for p in projects]}
    paths["json"] = out_dir / "summary.json"
    paths["json"].write_text(json.dumps(summary, indent=1, default=str), encoding="utf-8")
    paths["md"] = out_dir / "SUMMARY.md"
    paths["md"].write_text(summary_markdown(projects, pooled, command), encoding="utf-8")
    return paths
