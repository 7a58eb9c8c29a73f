"""ArcKit-style structural variants of a complete strategy (same content, the headings ArcKit's generator
writes): numbered sub-headings ("### 3.1 Training Data Sources"), reworded headings, a sub-section under
another section, a sixteenth section, traceability in an appendix, an extra column, MOD-001 model IDs.

A review of a variant must find nothing "missing" that the original has: the content is all there.
"""

from __future__ import annotations

import re

RENAMES = {
    "Model Catalog": "Model Catalogue",
    "Data Drift Monitoring": "Drift Detection",
    "Model Performance Monitoring": "Performance Metrics",
    "Rollback Procedure": "Rollback Strategy",
    "Human Oversight": "Human-in-the-Loop",
    "Infrastructure Costs": "Cost Breakdown",
    "Performance Requirements": "Service Level Objectives",
}


def _number_subheadings(text: str) -> str:
    out, section, sub, fenced = [], 0, 0, False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        m = re.match(r"^## (\d+)\. ", line)
        if not fenced and line.startswith("## "):
            section, sub = (int(m.group(1)) if m else 0), 0
        elif not fenced and line.startswith("### ") and section:
            sub += 1
            title = line[4:].strip()
            line = f"### {section}.{sub} {RENAMES.get(title, title)}"
        out.append(line)
    return "\n".join(out) + "\n"


def _move_block(text: str, heading_re: str, after_re: str) -> str:
    """Cut the sub-section whose heading matches `heading_re` and paste it after the line matching `after_re`."""
    lines = text.splitlines()
    start = next(i for i, ln in enumerate(lines) if re.match(heading_re, ln))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(("### ", "## ", "---")))
    block = lines[start:end]
    del lines[start:end]
    at = next(i for i, ln in enumerate(lines) if re.match(after_re, ln)) + 1
    lines[at:at] = [""] + block
    return "\n".join(lines) + "\n"


def arckit_variant(text: str) -> str:
    """The strategy as ArcKit's generator tends to lay it out (content unchanged)."""
    # Model IDs in ArcKit's MOD- style
    text = re.sub(r"\bML-(\d{3})\b", r"MOD-\1", text)
    # Data sources under the model inventory, as "2.4 Data Sources"
    text = _move_block(text, r"^### Training Data Sources", r"^\| Very High \|")
    text = text.replace("### Training Data Sources", "### Data Sources")
    # A sixteenth section (security) before costs, and the sections after it renumbered
    text = text.replace("## 14. Costs and Resources", "## 14. Security Operations\n\nAccess to the model registry and "
                        "feature store is controlled through role-based access control; secrets are held in the "
                        "platform key vault.\n\n---\n\n## 15. Costs and Resources")
    text = text.replace("## 15. Requirements Traceability", "## Appendix A: Requirements Traceability Matrix")
    text = _number_subheadings(text)
    # An extra column on the drift table
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("| Feature Group | Method |"):
            lines[i] = line + " Owner |"
            lines[i + 1] = lines[i + 1] + "-------|"
            j = i + 2
            while j < len(lines) and lines[j].startswith("|"):
                lines[j] = lines[j] + " ML Ops team |"
                j += 1
            break
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.stdout.write(arckit_variant(Path(sys.argv[1]).read_text(encoding="utf-8")))
