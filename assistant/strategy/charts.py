"""Mermaid charts. Fixed ones are the ArcKit template's (MIT); the others are built from the strategy's data."""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.strategy.schema import Strategy

STATIC_CHARTS: dict[str, str] = {
    "training_pipeline": """flowchart LR
    A[Data Extraction] --> B[Feature Engineering]
    B --> C[Data Validation]
    C --> D[Model Training]
    D --> E[Model Evaluation]
    E --> F{Pass Threshold?}
    F -->|Yes| G[Register Model]
    F -->|No| H[Alert & Review]
    G --> I[Model Registry]""",
    "serving_architecture": """flowchart TB
    subgraph Clients
        A[Web App]
        B[Mobile App]
        C[Batch Job]
    end

    subgraph Serving["Model Serving"]
        D[API Gateway]
        E[Model Server]
        F[Model Cache]
    end

    subgraph Models["Model Storage"]
        G[Model Registry]
    end

    A --> D
    B --> D
    D --> E
    E --> F
    E --> G
    C --> E""",
    "monitoring_architecture": """flowchart TB
    A[Model Predictions] --> B[Logging Service]
    B --> C[Feature Store]
    B --> D[Metrics Store]

    C --> E[Drift Detection]
    D --> F[Performance Monitor]

    E --> G{Alert?}
    F --> G

    G -->|Yes| H[PagerDuty/Slack]
    G -->|No| I[Dashboard]""",
    "cicd_pipeline": """flowchart LR
    A[Code Push] --> B[Unit Tests]
    B --> C[Data Validation]
    C --> D[Model Training]
    D --> E[Model Validation]
    E --> F[Integration Tests]
    F --> G[Deploy to Staging]
    G --> H[E2E Tests]
    H --> I[Deploy to Prod]""",
    "feedback_loop": """flowchart LR
    A[Prediction] --> B[User Feedback]
    B --> C[Feedback Database]
    C --> D[Analysis]
    D --> E{Issue Identified?}
    E -->|Yes| F[Model Update]
    E -->|No| G[Continue Monitoring]""",
}


def label(text: str) -> str:
    """A quoted Mermaid node label; quotes become the entity Mermaid understands."""
    return '"' + text.replace('"', "#quot;") + '"'


def dependencies(strategy: Strategy) -> str:
    """Data sources -> feature store -> models -> serving endpoints, from the strategy's own tables."""
    sources = [r.source for r in strategy.data_pipeline.training_sources if r.source] or ["Source 1", "Source 2"]
    platform = strategy.data_pipeline.feature_store.platform.value
    store = f"Feature Store: {platform}" if platform else "Feature Store"
    models = [r for r in strategy.model_inventory.models if r.model_id or r.name]
    model_labels = [" ".join(x for x in (r.model_id, r.name) if x) for r in models] or ["Model 1", "Model 2"]
    platforms = [r for r in strategy.serving.serving_platforms if r.endpoint or r.platform]
    endpoints = [r.endpoint or r.platform or "" for r in platforms] or ["API Endpoint"]

    lines = ["flowchart TD", '    subgraph Data["Data Sources"]']
    lines += [f"        D{i}[{label(s)}]" for i, s in enumerate(sources, 1)]
    lines += ["    end", "", '    subgraph Features["Feature Pipeline"]', f"        F1[{label(store)}]", "    end", ""]
    lines += ['    subgraph Models["Models"]']
    lines += [f"        M{i}[{label(m)}]" for i, m in enumerate(model_labels, 1)]
    lines += ["    end", "", '    subgraph Serving["Serving"]']
    lines += [f"        S{i}[{label(e)}]" for i, e in enumerate(endpoints, 1)]
    lines += ["    end", ""]
    lines += [f"    D{i} --> F1" for i in range(1, len(sources) + 1)]
    lines += [f"    F1 --> M{i}" for i in range(1, len(model_labels) + 1)]
    for i, model in enumerate(models or [None] * len(model_labels), 1):
        keys = {k.casefold() for k in (getattr(model, "model_id", None), getattr(model, "name", None)) if k}
        served = [j for j, p in enumerate(platforms, 1) if p.model and _mentions(p.model, keys)]
        for j in served or [1]:
            lines.append(f"    M{i} --> S{j}")
    return "\n".join(lines)


def _mentions(text: str, keys: set[str]) -> bool:
    low = text.casefold()
    return any(re.search(r"(?<![\w-])" + re.escape(k) + r"(?![\w-])", low) for k in keys)


def promotion(strategy: Strategy) -> str:
    """The promotion chain from the Model Promotion Stages table (the template's four stages by default)."""
    stages = [r.stage for r in strategy.model_registry.promotion_stages if r.stage]
    stages = stages or ["Development", "Staging", "Production", "Archived"]
    ids = [chr(ord("A") + i) if i < 26 else f"N{i}" for i in range(len(stages))]
    lines = ["flowchart LR"]
    lines += [f"    {a}[{label(s)}] --> {b}[{label(t)}]" for (a, s), (b, t) in pairwise(zip(ids, stages, strict=True))]
    if len(stages) == 1:
        lines.append(f"    A[{label(stages[0])}]")
    if len(stages) >= 2:
        lines += ["", "    B -->|Validation Failed| A"]
    return "\n".join(lines)


CHAMPION_PLACEHOLDER = "[champion model and version]"
CHALLENGER_PLACEHOLDER = "[challenger model and version]"


def champion_challenger(strategy: Strategy) -> str:
    cc = strategy.retraining.champion_challenger
    pct = cc.challenger_traffic_pct
    champ_pct = "[100-X]" if pct is None else str(100 - pct)
    chall_pct = "[X]" if pct is None else str(pct)
    return "\n".join(
        [
            "flowchart LR",
            "    A[Request] --> B{Traffic Router}",
            f'    B -->|"{champ_pct}%"| C["Champion: {cc.champion or CHAMPION_PLACEHOLDER}"]',
            f'    B -->|"{chall_pct}%"| D["Challenger: {cc.challenger or CHALLENGER_PLACEHOLDER}"]',
            "    C --> E[Response]",
            "    D --> E",
            "    E --> F[Metrics Collection]",
            "    F --> G{Challenger Better?}",
            "    G -->|Yes| H[Promote Challenger]",
            "    G -->|No| I[Keep Champion]",
        ]
    )


# The edge label is the traffic share, with or without words after it ("5% canary cohort")
_CHAMPION_RE = re.compile(r'-->\|"?([^"|%]*?)%[^"|]*"?\|\s*C\["?Champion:?\s*(.*?)"?\]\s*$')
_CHALLENGER_RE = re.compile(r'-->\|"?([^"|%]*?)%[^"|]*"?\|\s*D\["?Challenger:?\s*(.*?)"?\]\s*$')


def read_champion_challenger(chart: str) -> dict[str, object]:
    """The champion, challenger and challenger traffic share written in a champion-challenger chart."""
    out: dict[str, object] = {}
    for line in chart.splitlines():
        for key, regex, placeholder in (
            ("champion", _CHAMPION_RE, CHAMPION_PLACEHOLDER),
            ("challenger", _CHALLENGER_RE, CHALLENGER_PLACEHOLDER),
        ):
            m = regex.search(line.strip())
            if not m:
                continue
            name = m.group(2).strip()
            if name and name != placeholder and not name.startswith("["):
                out[key] = name
            if key == "challenger" and m.group(1).strip().isdigit():
                out["challenger_traffic_pct"] = int(m.group(1).strip())
    return out


BUILDERS: dict[str, Callable[[Strategy], str]] = {
    "dependencies": dependencies,
    "promotion": promotion,
    "champion": champion_challenger,
}


def chart(name: str, strategy: Strategy) -> str:
    if name in BUILDERS:
        return BUILDERS[name](strategy)
    return STATIC_CHARTS[name]
