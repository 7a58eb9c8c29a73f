"""Section 3: Data Pipeline."""

from __future__ import annotations

import re

from assistant.drafting.offline.evidence import condense
from assistant.drafting.offline.sections.builder import Builder
from assistant.strategy.schema import (
    CheckRow,
    DataSourceRow,
)


def build(b: Builder) -> None:
    sec = b.s.data_pipeline
    for source in b.f.data_sources:
        sec.training_sources.append(
            DataSourceRow(
                source=source.name,
                type=source.type,
                update_frequency=source.frequency,
                volume=source.volume,
                pii=source.pii,
                provenance=b.ev(*source.evidence),
            )
        )
    if not b.f.data_sources:
        b.ask(sec, "Which data sources will train and feed the model, and do they hold personal data?", "Training Data Sources")
    else:
        unknown = [s.name for s in b.f.data_sources if s.pii is None]
        if unknown:
            b.ask(sec, f"Do these sources hold personal data (PII): {', '.join(unknown)}?", "Training Data Sources")
        b.ask(sec, "Who owns each training data source?", "Training Data Sources")
    fs_units = b.req_units("feature_store")
    if not b.genai_only():
        fs = sec.feature_store
        b.fill_service(fs.platform, "feature_store", "feature_store",
                          (sec, "Will features be shared between training and serving through a feature store? Which one?", "Feature Store"))
        online = b.signal_units("online_serving")
        if online:
            fs.online_store.value = "Yes"  # type: ignore[assignment]
            fs.online_store.provenance = b.rec("practice", "real-time serving needs an online store", *online[:2], keywords=("online store",))
        fs.offline_store.value = "Yes"  # type: ignore[assignment]
        fs.offline_store.provenance = b.rec("practice", "training needs point-in-time correct history", keywords=("offline store",))
        if fs_units:
            fs.versioning.value = "Enabled"  # type: ignore[assignment]
            fs.versioning.provenance = b.ev(*[u.id for u in fs_units[:2]])
        b.ask(sec, "Which feature groups does the model use, and how is each transformed and refreshed?", "Feature Engineering")
    # Data quality checks.
    dq = [u for u in b.units("data_quality", top=2)] + [b.f.unit(e) for e in b.signal_units("data_quality") if b.f.unit(e)]
    dq_ids = list(dict.fromkeys(u.id for u in dq if u))
    missing = b.quantities("missing")
    drift = [q for q in b.quantities("drift") if q.subject == "PSI" and q.role == "alert"]
    for row in sec.data_quality_checks:
        if row.check == "Missing values" and missing:
            row.threshold, row.provenance = missing[0].display(), b.ev(missing[0].evidence_id)
        elif row.check == "Schema validation" and dq_ids:
            schema = [i for i in dq_ids if re.search(r"schema", b.f.unit(i).text, re.I)]  # type: ignore[union-attr]
            if schema:
                row.provenance = b.ev(*schema[:2])
        elif row.check == "Statistical drift":
            if drift:
                row.threshold, row.provenance = f"PSI {drift[0].display()}", b.ev(drift[0].evidence_id)
            else:
                row.threshold = "PSI >= 0.2"
                row.provenance = b.rec("drift", None, keywords=("PSI",))
    # The thresholds the requirements set for the data itself (completeness, accuracy, freshness), each as stated.
    stated = b.quantities("data_quality")
    for q in stated:
        sec.data_quality_checks.append(CheckRow(check=q.subject, threshold=q.display(), provenance=b.ev(q.evidence_id)))
    if not missing:
        b.ask(sec, "What share of missing values in a key field should block the pipeline?", "Data Quality Checks")
    if not any(re.search(r"fresh|timel|within|lag", q.subject, re.I) or q.unit in ("seconds", "minutes", "hours", "days")
               for q in stated):
        b.ask(sec, "How fresh must each source be before training or scoring runs (freshness threshold)?", "Data Quality Checks")
    if stated:
        b.ask(sec, "What should happen when a stated data-quality threshold is breached (block the pipeline, alert, "
                   "quarantine the records)?", "Data Quality Checks")
    # Data versioning.
    dv = sec.data_versioning
    name, prov = b.service("storage", "data_versioning")
    # A requirement is the strategy only where its statement is about versions (a data-sharing policy that the
    # field's wording brought up is not how training data is versioned).
    versioning_units = [u for u in b.req_units("data_versioning", top=1) if _VERSIONING.search(u.statement)]
    tool, evidence = b.tool("data_versioning")
    if tool:
        dv.strategy.value, dv.strategy.provenance = tool, b.ev(*evidence)
    elif versioning_units:
        dv.strategy.value = condense(versioning_units[0].statement, 120)
        dv.strategy.provenance = b.ev(versioning_units[0].id)
    else:
        dv.strategy.value = b.rules["practice"]["data_versioning"]
        dv.strategy.provenance = b.rec("practice", None, keywords=("versioned data",))
    b.fill_service(dv.storage, "storage", "storage",
                      (sec, "Where are training data snapshots stored (object store, region)?", "Data Versioning"))
    # Training data versions only: "data" alone matched conversation and audit data kept for other reasons.
    retention = b.retention(("training", "train ", "snapshot", "dataset version", "data version"))
    if retention:
        dv.retention.value = f"{retention.subject}: {retention.display()}"
        dv.retention.provenance = b.ev(retention.evidence_id)
    else:
        b.ask(sec, "How long are training data snapshots kept?", "Data Versioning")


_VERSIONING = re.compile(r"version|snapshot|reproduc|time[- ]travel", re.I)
