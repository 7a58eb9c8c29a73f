"""The check functions of the built-in rules, each registered under its rule id (see rules.yaml).

A check yields `Hit`s; severity, section, rationale and fix text come from the rule, so changing them
is a data change. Checks never raise on odd input: an imported document may leave anything empty.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from assistant.documents.ids import REQUIREMENT_ID, find_requirement_ids
from assistant.review.content import (
    KEYWORD_AND_MEANING,
    ML_SIMILARITY,
    ml_similarity,
    reasoned_unknown,
)
from assistant.review.context import HIGH_RISK, SECTION_NUMBERS, SECTION_TITLES, ReviewContext, TableRef, text_of
from assistant.review.quantities import Quantity, extract_quantities, extract_thresholds, looser
from assistant.review.requirements import is_requirements_document
from assistant.review.rules import Hit, Rule, check
from assistant.strategy.base import Fact, Item, OpenQuestion, Provenance, Row, provenances
from assistant.strategy.cells import is_pending
from assistant.strategy.defaults import template_defaults
from assistant.strategy.guidance import ai_playbook_principles, uk_guidance
from assistant.strategy.schema import ModelCard
from assistant.strategy.validate import validate_markdown, validate_strategy

# A bracket opening on a quote is a list of values ("status ['active', 'archived']"), not a slot to fill.
_PLACEHOLDER = re.compile(r"(?<!\\)\[(?!\s*['\"‘“])[^\]\n]{1,60}\](?!\()|\b(?:TODO|TBD|TBC|XXX)\b|YYYY-MM-DD|£X\b")
_MARKER = re.compile(r"^\[[A-Za-z0-9][A-Za-z0-9._:/#-]*\d[A-Za-z0-9._:/#-]*\]$")


def _quote(text: str, limit: int = 80) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return f"'{text[:limit]}{'...' if len(text) > limit else ''}'"


def _list(items: list[str], limit: int = 6) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


# ===================================================================================================
# Structure and completeness
# ===================================================================================================


@check("quality-checklist")
def quality_checklist(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    superseded = set(ctx.rules.vocab("superseded_checks"))
    absence = set(ctx.rules.vocab("absence_checks"))
    report = (validate_markdown(ctx.markdown, ctx.strategy, filename=ctx.filename) if ctx.markdown is not None
              else validate_strategy(ctx.strategy))
    for item in report.checks:
        if not item.passed and item.check.lower() not in superseded:
            yield Hit(f"Quality checklist item '{item.check}' fails: {item.detail}.",
                      fix=f"{rule.fix} ({item.check.replace('_', ' ')})", data={"check": item.check},
                      question=item.check.lower() in absence)


def _strings(obj: Any, where: str) -> Iterator[tuple[str, str]]:
    """(location, text) for every string value below obj."""
    if isinstance(obj, str):
        yield where, obj
    elif isinstance(obj, (Provenance, OpenQuestion)):
        return
    elif isinstance(obj, Row):
        for header, name, _ in type(obj).COLUMNS:
            value = getattr(obj, name)
            if isinstance(value, str):
                yield f"{where}, {header}", value
        for header, value in obj.extra.items():
            yield f"{where}, {header}", value
    elif isinstance(obj, Fact):
        if isinstance(obj.value, str):
            yield where, obj.value
    elif isinstance(obj, BaseModel):
        for name, info in type(obj).model_fields.items():
            label = info.title or name.replace("_", " ")
            yield from _strings(getattr(obj, name), f"{where} > {label}" if where else label)
    elif isinstance(obj, list):
        for item in obj:
            yield from _strings(item, where)


def _otherwise_filled(row: Row) -> bool:
    """A row with a value beyond its first column that is not "TBD"/"TBC": an author's stated unknown sits
    beside what is known (a Year-1 estimate beside its target); a template left unfilled has nothing there."""
    values = [getattr(row, name) for _, name, _ in type(row).COLUMNS][1:] + list(row.extra.values())
    return any(isinstance(v, str) and v.strip() not in ("", "-", "—") and not re.search(r"\bTB[DC]\b", v)
               for v in values)


def _card_form(value: Any) -> bool:
    """A model card that names no model ("## Model Card: [MOD-00N] — [Agent name]", "MOD-00N [Agent name]"): the
    template's form, kept to copy once per model, whose slots are meant to stay bracketed (as `template-unfilled`
    reads a fenced card). An ID whose number is a letter to replace ("MOD-00N", "MOD-XXX") is a slot too."""
    if not isinstance(value, ModelCard):
        return False
    # nothing but slots and punctuation
    return not re.sub(r"\[[^\]]*\]|\b[A-Z]{2,}-\d*[NX]+\b|[\s\W_]", "", value.model_name or "")


@check("placeholder-text")
def placeholder_text(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    per_section: dict[int | None, list[str]] = {}
    optional = set(ctx.rules.vocab("optional_columns"))
    for table in ctx.tables():
        row_type = type(table.value[0]) if isinstance(table.value, list) and table.value else None
        blank_ok = {h for h, name, _ in getattr(row_type, "COLUMNS", ()) if f"{table.dotted}.{name}" in optional}
        if row_type is not None and issubclass(row_type, Row):
            blank_ok |= row_type.blank_in_template()
        if _card_form(table.value):
            continue
        rows = table.value if isinstance(table.value, list) else [table.value]
        for row in rows:
            stated = isinstance(row, Row) and _otherwise_filled(row)
            for where, text in _strings(row, table.heading):
                for match in _PLACEHOLDER.finditer(text):
                    if _MARKER.match(match.group(0)) or is_pending(match.group(0)):
                        continue
                    allowed = (where.rsplit(", ", 1)[-1] in blank_ok or reasoned_unknown(text, match.end()))
                    if match.group(0) in ("TBD", "TBC") and (stated or allowed):
                        continue  # "TBD" where the template allows a blank, or a stated unknown in a filled row
                    if match.group(0) in ("[TBD]", "[TBC]") and allowed:
                        continue  # the template's own way of writing it (Performance Requirements' Current)
                    per_section.setdefault(table.section, []).append(f"{where}: {_quote(match.group(0), 40)}")
    s = ctx.strategy
    for label, obj in (("Document Control", s.document_control), ("Revision History", s.revision_history),
                       ("Approval", s.approval)):
        for part in obj if isinstance(obj, list) else [obj]:
            blank = type(part).blank_in_template() if isinstance(part, Row) else frozenset()
            for where, text in _strings(part, label):
                if where.endswith("PENDING") or is_pending(text):
                    continue
                for match in _PLACEHOLDER.finditer(text):
                    if is_pending(match.group(0)):
                        continue  # "Owner: A. Person; technical owner [PENDING]": a marker, as in the tables
                    if match.group(0) in ("TBD", "TBC") and (where.rsplit(", ", 1)[-1] in blank
                                                              or reasoned_unknown(text, match.end())):
                        continue  # a cell the template leaves blank, or an unknown stated with its reason
                    per_section.setdefault(None, []).append(f"{where}: {_quote(match.group(0), 40)}")
    for section, places in per_section.items():
        where = f"Section {section}" if section else "Document control / approval"
        yield Hit(f"{where} has {len(places)} placeholder(s): {_list(places, 4)}.", section=section,
                  data={"places": places})


def _optional(ctx: ReviewContext, table: TableRef) -> bool:
    optional = set(ctx.rules.vocab("optional_tables"))
    if table.dotted in optional:
        return True
    if table.dotted == "genai.rag_pipeline" and ctx.strategy.genai.rag_applies is not True:
        return True
    return table.field == "uk_compliance" and table.path == "jsp936" and not ctx.jsp936_present


@check("section-missing")
def section_missing(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    present = {line.section for line in ctx.lines} if ctx.markdown is not None else set()
    for number in ctx.missing_sections:
        if number in (9, 13):
            continue  # judged with their applicability (genai-section-missing, uk-compliance-section-missing)
        if number in present:
            continue  # its content is there, in a form the schema could not hold: structure-differs says so
        yield Hit(f"Section {number} ({SECTION_TITLES[number]}) is missing or has no content.", section=number)


@check("empty-table")
def empty_table(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    for table in ctx.tables():
        if not ctx.section_applies(table.section) or _optional(ctx, table) or table.section in ctx.missing_sections:
            continue
        if isinstance(table.value, list) and not table.value:
            where = (table.section, table.heading)
            if ctx.markdown is not None and table.heading != SECTION_TITLES[table.section] and (
                    where not in ctx.written_headings or where in ctx.filled_headings):
                # Empty only when the document names this table's heading and leaves nothing under it. Rows
                # under it in another shape, or no such heading (the section organised another way, its content
                # perhaps elsewhere), are a structure difference, not a false "missing"; whole sections left
                # out are section-missing's, and content gaps the content checks'.
                continue
            yield Hit(f"{table.where()} is empty.", section=table.section, data={"table": table.dotted})


_NOT_USED_CELL = re.compile(r"(?i)\s*(?:none|n/a|not used|not applicable|not required)\b")


def _unfilled_columns(table: TableRef, optional_columns: set[str]) -> tuple[int, int, list[str]]:
    """(rows with a gap, rows, headers of the unfilled columns) of a table or attrs block."""
    if isinstance(table.value, list):
        rows = [r for r in table.value if isinstance(r, Row) and not isinstance(r, Item)]
        gaps: list[str] = []
        gappy = 0
        for row in rows:
            if row.extra:
                continue  # the document's own columns hold what it says: not an unfilled template row
            if any(_NOT_USED_CELL.match(str(getattr(row, name) or "")) for _, name, _ in type(row).COLUMNS):
                continue  # "Streaming | None | N/A | —": a row saying the thing is not used has nothing else to fill
            missing = [h for h, name, _ in type(row).COLUMNS
                       if getattr(row, name) is None and f"{table.dotted}.{name}" not in optional_columns
                       and name != "provenance"]
            if missing:
                gappy += 1
                gaps += [h for h in missing if h not in gaps]
        return gappy, len(rows), gaps
    model = table.value
    if not isinstance(model, BaseModel):
        return 0, 0, []
    if not any(isinstance(v, Fact) and v.value is not None for v in model.__dict__.values()):
        return 0, 0, []  # nothing read into the template's labels: the document uses its own (kept as extra)
    gaps = []
    total = 0
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if isinstance(value, Fact):
            total += 1
            if value.value is None and f"{table.dotted}.{name}" not in optional_columns:
                gaps.append(info.title or name)
    return (1 if gaps else 0), (1 if total else 0), gaps


@check("unfilled-cells")
def unfilled_cells(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    optional_columns = set(ctx.rules.vocab("optional_columns"))
    for table in ctx.tables():
        if not ctx.section_applies(table.section) or _optional(ctx, table) or table.section in ctx.missing_sections:
            continue
        if table.kind in ("principles", "jsp936", "champion", "model_card", "bullets", "checklist", "numbered") \
                or table.dotted == "uk_compliance.atrs":
            continue  # judged by their own rules (playbook-principles, jsp936-elements, atrs-planned, ...)
        gappy, total, gaps = _unfilled_columns(table, optional_columns)
        if not isinstance(table.value, list):
            gaps = [g for g in gaps if not ctx.label_filled(table.section, g)]  # written, in the document's words
            # An attribute the author's table has no row for was organised another way ("Logged" for "Tracked
            # Artifacts"), not left blank: only a row the document keeps, with nothing in it, is unfilled.
            gaps = [g for g in gaps if ctx.labelled_rows(table.section, g)]
        if not gaps or (table.section, table.heading) in ctx.prose_headings:
            continue
        asked = ctx.open_question_text(table.section)
        if table.heading.casefold() in asked or any(g.casefold() in asked for g in gaps):
            continue
        what = f"{gappy} of {total} row(s)" if isinstance(table.value, list) else "the attributes"
        yield Hit(f"{table.where()}: {what} leave {_list(gaps)} unfilled, with no open question for them.",
                  section=table.section, data={"table": table.dotted, "heading": table.heading, "columns": gaps})


@check("open-questions")
def open_questions(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    for number in range(1, 16):
        if not ctx.section_applies(number):
            continue
        questions = ctx.strategy.section(number).open_questions
        if questions:
            yield Hit(f"Section {number} has {len(questions)} open question(s): "
                      + "; ".join(_quote(q.question, 70) for q in questions[:3])
                      + (" ..." if len(questions) > 3 else "") + ".", section=number,
                      data={"questions": [q.question for q in questions]})


@check("genai-section-missing")
def genai_section_missing(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    if ctx.genai_signals and not ctx.genai_present:
        state = "marked as not applying" if ctx.strategy.genai.applies is False else "not filled"
        yield Hit(f"The system uses generative AI ({'; '.join(ctx.genai_signals)}) but section 9 is {state}.")


@check("genai-section-not-applicable")
def genai_not_applicable(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    if ctx.genai_present and not ctx.genai_signals and ctx.models:
        yield Hit("Section 9 (LLM/GenAI Operations) is filled, but no model in the catalog is GenAI and the "
                  "overview mentions no LLM.")


@check("uk-compliance-section-missing")
def uk_missing(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    if ctx.public_sector_signals and not ctx.uk_present:
        state = "marked as not applying" if ctx.strategy.uk_compliance.applies is False else "not filled"
        yield Hit(f"This is a UK public-sector system ({'; '.join(ctx.public_sector_signals)}) but section 13 "
                  f"is {state}.")


_READING = re.compile(r"(?i)\b(?:appl(?:y|ies|icable)|read as|in place of|instead of|equivalent\w*|adapted|"
                      r"interpreted)\b")


def _own_reading(ctx: ReviewContext) -> bool:
    """Whether section 13's own introduction says how the section applies ("this entity is a UAE federal body; the
    UK section is read as its national equivalents"): the reason is given, in the author's words."""
    return any(line.section == 13 and not line.cells and " > " not in line.heading and len(line.text.split()) >= 12
               and _READING.search(line.text) for line in ctx.lines)


@check("uk-compliance-not-applicable")
def uk_not_applicable(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    u = ctx.strategy.uk_compliance
    if ctx.uk_present and not ctx.public_sector_signals and not u.applies_reason and not _own_reading(ctx):
        yield Hit("Section 13 is marked as applying, but nothing in the document places the system in the UK "
                  "public sector and no reason is given.")


@check("jsp936-missing")
def jsp936_missing(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    if ctx.mod_signals and not ctx.jsp936_present:
        yield Hit(f"This is a MOD system ({'; '.join(ctx.mod_signals)}) but the JSP 936 alignment is not filled "
                  "or marked as not applying.")


@check("jsp936-not-applicable")
def jsp936_not_applicable(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    if ctx.jsp936_present and not ctx.mod_signals:
        yield Hit("The JSP 936 alignment (MOD only) is filled, but nothing in the document names Defence as "
                  "the owner.")


# ===================================================================================================
# Consistency across sections
# ===================================================================================================


def _section_says(ctx: ReviewContext, sections: tuple[int, ...], pattern: str) -> bool:
    """Whether an imported document says it, in its own words, in one of the sections (tables the schema could
    not hold, prose, a sub-heading of its own): a "no X" finding would then be about the schema, not the text."""
    if ctx.markdown is None:
        return False
    found = re.compile(pattern, re.I)
    return any(line.section in sections and found.search(f"{line.heading} {line.text}") for line in ctx.lines)


def _high_risk_text(ctx: ReviewContext) -> str:
    return ", ".join(f"{ctx.model_label(m)} ({m.risk_level.value})" for m in ctx.high_risk_models)


# An ethics review as a step someone takes, not a model card's "Ethical Considerations" heading.
_ETHICS_STEP = r"(?i)\bethic(?:s|al)?\s+(?:review|board|committee|panel|approval|sign-?off|assessment|advisory)"
# The same step under the names organisations give it, where models are approved (sections 5 and 11): a
# "Responsible AI review" row in a table the parser did not read as the approval workflow.
_ETHICS_STEP_NAMED = r"(?i)\b(?:responsible[- ]ai|fairness|bias|equality(?: impact)?)\s+(?:review|board|committee|panel|sign-?off)"


@check("high-risk-ethics-review")
def high_risk_ethics_review(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    if not ctx.high_risk_models:
        return
    ethics = ctx.vocab("ethics_terms")
    steps = ctx.strategy.model_registry.approval_workflow
    if not any(ethics(f"{r.step or ''} {r.actor or ''}") for r in steps) and \
            not _section_says(ctx, (5, 11, 12), _ETHICS_STEP) and not _section_says(ctx, (5, 11), _ETHICS_STEP_NAMED):
        yield Hit(f"{_high_risk_text(ctx)} is High/Very High risk, but the Model Approval Workflow has no ethics "
                  "review step.")


@check("high-risk-ethics-approval")
def high_risk_ethics_approval(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    if not ctx.high_risk_models:
        return
    ethics = ctx.vocab("ethics_terms")
    roles = [r.role for r in ctx.strategy.approval if r.role]
    if any(ethics(role) or _HIGH_RISK_SIGNOFF.search(role) for role in roles):
        return
    # An organisation names its own ethics body: a sign-off row for a body the document itself gives the ethics
    # review to ("4. Ethics Review | AI Governance Board") is the ethics sign-off under another name.
    ethics_text = " ".join(line.text.casefold() for line in ctx.all_lines if ethics(line.text))
    bodies = [_body_name(role) for role in roles]
    if any(body and body in ethics_text for body in bodies):
        return
    shown = ", ".join(_quote(role, 50) for role in roles) or "no rows"
    yield Hit(f"{_high_risk_text(ctx)} is High/Very High risk, but the Approval table ({shown}) has no ethics "
              "board or committee row, and none of its roles is named anywhere in the document as doing the "
              "ethics review.")


_HIGH_RISK_SIGNOFF = re.compile(r"(?i)\bhigh[- ]risk\b")


def _body_name(role: str) -> str:
    """A sign-off role as a body's name: without a bracketed gloss or a leading organisation acronym."""
    role = re.sub(r"\([^)]*\)", " ", role)
    words = role.split()
    if words and re.fullmatch(r"[A-Z]{2,6}", words[0]) and len(words) > 2:
        words = words[1:]  # "HMRC AI Governance Board" -> "AI Governance Board"
    name = " ".join(words).casefold()
    return name if len(words) >= 2 else ""


def _pii_text(ctx: ReviewContext) -> str:
    return ", ".join(r.source or "?" for r in ctx.pii_sources)


def _is_template_row(row: Row, defaults: list[dict[str, Any]]) -> bool:
    cells = {name: text_of(getattr(row, name)) for _, name, _ in type(row).COLUMNS}
    return not row.provenance.evidence and any(
        all(str(d.get(k, "") or "").strip() == (v or "") for k, v in cells.items()) for d in defaults)


@check("pii-dpia")
def pii_dpia(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    if not ctx.pii_sources:
        return
    defaults = template_defaults().get("uk_compliance", {}).get("dpia", [])
    rows = [r for r in ctx.strategy.uk_compliance.dpia if r.dpia_element and (r.mlops_link or any(r.extra.values()))]
    specific = [r for r in rows if not _is_template_row(r, defaults)]
    names = _pii_text(ctx)
    if not rows:
        if not _section_says(ctx, (13,), r"\bDPIA\b|data protection impact"):
            yield Hit(f"Training sources with personal data ({names}), but the DPIA Integration table is empty.")
    elif not specific:
        yield Hit(f"Training sources with personal data ({names}), but the DPIA Integration table only repeats the "
                  "template's generic rows (no DPIA reference or system-specific link).")


@check("pii-handling")
def pii_handling(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    if not ctx.pii_sources:
        return
    dp = ctx.strategy.data_pipeline
    text = " ".join([text_of(dp.training_sources), text_of(dp.data_quality_checks), text_of(dp.feature_engineering),
                     text_of(dp.data_versioning)])
    # In the document's own section-3 text only a handling verb counts (a "PII" column or a retention period
    # says the data is personal, not that it is handled).
    if not ctx.vocab("pii_handling_terms")(text) and \
            not _section_says(ctx, (3,), r"pseudonym|anonymi|de-?identif|\bmask|redact|tokeni[sz]|\bhash|minimi[sz]"):
        names = _pii_text(ctx)
        yield Hit(f"Training sources with personal data ({names}), but no data-quality check, feature "
                  "transformation or versioning rule in section 3 handles the PII (pseudonymise, mask, minimise).")


def _covered(ctx: ReviewContext, model: Any, texts: list[str], section: int | None = None) -> bool:
    """A model is covered by rows naming it, or by rows that name no model (they apply to all); in an imported
    document also by any line of its section that names it (a per-model sub-heading, prose, a table the schema
    reads elsewhere): a check that cannot tell where the document says it stays silent."""
    if section is not None and _named_in_section(ctx, model, section):
        return True
    if not texts:
        return False
    if any(ctx.mentions_model(t, model) for t in texts):
        return True
    return any(not ctx.mentions_any_model(t) for t in texts)


# A row for a class of models ("All GenAI", "all agents") covers each model of the catalogue it could be
_ALL_MODELS = re.compile(r"(?i)\ball (?:(?:ml |ai |genai |gen ?ai |generative )?models?|genai|gen ?ai|llms?|agents?|"
                         r"classifiers?|components?)\b")


def _named_in_section(ctx: ReviewContext, model: Any, section: int) -> bool:
    if ctx.markdown is None:
        return False
    return any(line.section == section and (ctx.mentions_model(f"{line.heading} {line.text}", model)
                                            or bool(line.cells and _ALL_MODELS.search(line.cells[0])))
               for line in ctx.lines)


@check("model-monitoring-thresholds")
def model_monitoring(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    m = ctx.strategy.monitoring
    texts = [text_of(r) for r in m.performance_metrics if r.warning or r.critical]
    texts += [text_of(r) for r in m.data_drift if r.threshold]
    for model in ctx.active_models:
        if not _covered(ctx, model, texts, 7):
            yield Hit(f"{ctx.model_label(model)} has no monitoring threshold in section 7 "
                      "(no performance warning/critical value or drift threshold covers it).",
                      data={"model": model.model_id or model.name})


def _in_trigger_table(ctx: ReviewContext, model: Any) -> bool:
    """Whether an imported document names the model in a triggers table of any section ("4.5 Training Triggers",
    with a column per model, which section 8 points to): its triggers are set there."""
    return ctx.markdown is not None and any(
        line.cells and "trigger" in line.heading.casefold()
        and (ctx.mentions_model(f"{' '.join(line.header)} {line.text}", model)
             or any(cell.strip().casefold() in ("all", "all models") for cell in line.cells))
        for line in ctx.lines)


@check("model-retraining-trigger")
def model_retraining(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    texts = [text_of(r) for r in ctx.strategy.retraining.triggers if r.condition]
    for model in ctx.active_models:
        if not _covered(ctx, model, texts, 8) and not _in_trigger_table(ctx, model):
            yield Hit(f"{ctx.model_label(model)} has no retraining trigger with a condition in section 8.",
                      data={"model": model.model_id or model.name})


@check("model-owner")
def model_owner(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    # Only where the catalog gives owners: a catalog without an Owner column leaves ownership to another table
    # (stakeholders, RACI), which is not a model without an owner.
    if not any(m.owner for m in ctx.active_models):
        return
    for model in ctx.active_models:
        if not model.owner:
            yield Hit(f"{ctx.model_label(model)} has no owner in the Model Catalog.",
                      data={"model": model.model_id or model.name})


# Words of a model's name or product that say what kind of thing it is, not which one
_GENERIC_MODEL_WORDS = frozenset(re.findall(r"\S+", "model models generator detector classifier classification policy "
                                            "scorer checker service system engine based house source open rule rules "
                                            "heuristic ensemble language response query document foundation embedder "
                                            "embedding embeddings encoder text large small standard version tier via "
                                            "custom trained fine tuned managed hosted api"))


def _section_text(ctx: ReviewContext, section: int) -> str | None:
    """An imported document's section as one lower-case text (prose, tables, diagrams); None for our own draft."""
    if ctx.markdown is None:
        return None
    return " ".join(line.text.casefold() for line in ctx.all_lines if line.section == section)


def _product_in_section(model: Any, text: str | None) -> bool:
    """Whether an imported document's section text (`_section_text`) names the model by its product or a
    distinctive word of its name ("Bedrock Claude" for "MOD-001 | Response Generator | Anthropic Claude 3.5
    Sonnet"), in prose, tables or a diagram: serving sections name components, not catalogue IDs."""
    if text is None:
        return False
    # the name and product, in the template's columns or the document's own ("Provider / Version")
    own = " ".join(str(v) for k, v in (model.extra or {}).items()
                   if re.search(r"(?i)name|provider|vendor|version|framework|product|technology", k))
    words = {w for w in re.findall(r"[a-z][a-z0-9]{4,}", f"{model.name or ''} {model.framework or ''} {own}".casefold())
             if w not in _GENERIC_MODEL_WORDS}
    return any(re.search(rf"(?<![a-z0-9]){re.escape(w)}(?![a-z0-9])", text) for w in words)


@check("model-serving-pattern")
def model_serving(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    s = ctx.strategy.serving
    platforms = [r for r in s.serving_platforms if r.platform]
    serving_text = _section_text(ctx, 6)  # read once, not once per model
    for model in ctx.active_models:
        named = any(ctx.mentions_model(text_of(r), model) for r in platforms) or any(
            r.models and ctx.mentions_model(r.models, model) for r in s.deployment_patterns)
        # Serving rows that name no catalogued model serve the only model there is.
        generic = len(ctx.models) == 1 and any(not ctx.mentions_any_model(text_of(r)) for r in platforms)
        if not (named or generic or _named_in_section(ctx, model, 6) or _product_in_section(model, serving_text)):
            yield Hit(f"{ctx.model_label(model)} is not served: no Serving Platforms row or Deployment Patterns "
                      "row names it.", data={"model": model.model_id or model.name})


# A system released as a whole (a RAG service: prompts, index and models together) compares releases, not models
# ... or a configuration of catalogued models (a model-routing "mapping", a prompt bundle) when the models are consumed
_RELEASE = re.compile(r"(?i)\b(?:release|mapping|bundle|configuration|config|routing|prompt set)\b")


@check("champion-challenger-catalog")
def champion_challenger(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    cc = ctx.strategy.retraining.champion_challenger
    if not ctx.models:
        return
    for role, label in (("champion", cc.champion), ("challenger", cc.challenger)):
        if label and not ctx.mentions_any_model(label) and not _RELEASE.search(label):
            known = ", ".join(ctx.model_label(m) for m in ctx.models)
            yield Hit(f"The {role} '{label}' is not a model in the Model Catalog ({known}).")
    # the same version: the same name with a version in it ("v1.2"); "mapping" and "mapping" name two versions
    # of one kind of thing, which the chart's roles tell apart
    if cc.champion and cc.challenger and cc.champion.strip().casefold() == cc.challenger.strip().casefold() \
            and re.search(r"\d", cc.champion):
        yield Hit(f"Champion and challenger are the same version ('{cc.champion}').")
    if bool(cc.champion) != bool(cc.challenger):
        yield Hit("Only one of champion and challenger is named; the comparison needs both versions.")


def _monitored_in_text(ctx: ReviewContext, metric: str) -> bool:
    """Whether a line of section 7 of an imported document gives the metric with a threshold."""
    return ctx.markdown is not None and any(
        line.section == 7 and any(t.metric == metric for t in extract_thresholds(line.text, metric_hint=line.text))
        for line in ctx.lines)


@check("retraining-matches-monitoring")
def retraining_matches_monitoring(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    m = ctx.strategy.monitoring
    monitored: dict[str, list[tuple[float, str]]] = {}
    for drift_row in m.data_drift:
        for t in extract_thresholds(drift_row.threshold or "", metric_hint=f"{drift_row.method or ''} {drift_row.feature_group or ''}"):
            monitored.setdefault(t.metric, []).append((t.value, f"{drift_row.feature_group or 'drift'}: {t.text}"))
    for metric_row in m.performance_metrics:
        for cell in (metric_row.warning, metric_row.critical):
            for t in extract_thresholds(cell or "", metric_hint=metric_row.metric or ""):
                monitored.setdefault(t.metric, []).append((t.value, f"{metric_row.metric}: {t.text}"))
    for trigger_row in ctx.strategy.retraining.triggers:
        for t in extract_thresholds(trigger_row.condition or "", metric_hint=trigger_row.trigger or ""):
            values = monitored.get(t.metric)
            if values is None:
                if t.metric in {"psi", "ks", "chi2", "cosine"} and not m.data_drift:
                    continue  # empty-table reports the missing drift table
                if _monitored_in_text(ctx, t.metric):
                    continue  # section 7 sets it in a table of its own, which the schema did not read
                yield Hit(f"Retraining trigger '{trigger_row.trigger}' fires on {_quote(t.text, 40)}, but section 7 does "
                          f"not monitor {t.metric} with a threshold.")
            elif not any(abs(v - t.value) < 1e-6 for v, _ in values):
                shown = "; ".join(text for _, text in values[:3])
                yield Hit(f"Retraining trigger '{trigger_row.trigger}' fires at {_quote(t.text, 40)}, but section 7 "
                          f"monitors {t.metric} at {shown}: if the retrain is meant to fire at another level than "
                          "the alert, say so; otherwise one of them is wrong.")


def _targets(ctx: ReviewContext) -> Iterator[tuple[Any, list[Quantity]]]:
    for row in ctx.strategy.serving.performance_requirements:
        if row.target:
            yield row, extract_quantities(row.target, hint=f"{row.metric or ''} latency" if
                                          re.search(r"latenc|p\d\d", row.metric or "", re.I) else row.metric or "")


def _compatible(strategy_q: Quantity, req_q: Quantity, max_percentile: str | None) -> bool:
    if strategy_q.kind != req_q.kind:
        return False
    if strategy_q.kind != "latency":
        return True
    if req_q.percentile is not None:
        return strategy_q.percentile == req_q.percentile
    # "respond within 300 ms" with no percentile bounds the slowest stated percentile.
    return strategy_q.percentile in (None, max_percentile)


@check("nfr-targets-agree")
def nfr_targets(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    reqs = ctx.requirements
    if reqs is None:
        return
    targets = list(_targets(ctx))
    percentiles = [q.percentile for _, qs in targets for q in qs if q.kind == "latency" and q.percentile]
    max_percentile = max(percentiles, key=lambda p: float(p[1:])) if percentiles else None
    for row, quantities in targets:
        reported: set[str] = set()  # one finding per row and requirement, however many values the row gives
        # The row's own citation decides what it is held to: an evidence marker or an ID in any of its cells
        # ("Availability (outside business hours) | 99.5% | BR-2"). A row citing only IDs the project's set
        # lacks is not compared with other requirements: its subject is not theirs.
        named = [*(e for e in row.provenance.evidence if REQUIREMENT_ID.fullmatch(e)),
                 *find_requirement_ids(text_of(row))]
        cited = list({r.id: r for e in named if (r := reqs.get(e)) is not None}.values())
        if named and not cited:
            continue
        candidates = cited or [r for r in reqs.defined() if r.id.startswith("NFR") and _same_subject(row.metric, r)]
        for q in quantities:
            for req in candidates:
                if req.id in reported:
                    continue
                comparable = _for_subject(row.metric, [rq for rq in req.quantities() if _compatible(q, rq, max_percentile)],
                                          req.statement or "")
                # A tiered requirement (99.9% mission-critical, 99.5% important) is met by meeting one tier
                if not comparable or not all(looser(q, rq) for rq in comparable):
                    continue
                if not cited and _met_by_another_row(targets, row, comparable, max_percentile):
                    continue  # an uncited row of a tiered table ("outside business hours"): another row meets it
                if any(_compatible(other, rq, max_percentile) and not looser(other, rq)
                       for other in quantities if other is not q for rq in comparable):
                    continue  # "99.9% / 99.5%" for "business hours / out of hours": the row's other value meets it
                if q.kind == "availability" and _own_tier(text_of(row), q.value, ctx.sources.requirement_body(req.id) if ctx.sources else ""):
                    continue  # one of the requirement's own tiers, for this row's subject ("99.9% for public API")
                rq = comparable[0]
                yield Hit(
                    f"Section 6 Performance Requirements '{row.metric}': target {_quote(row.target, 30)} "
                    f"({q.describe()}, {ctx.strategy.document_id}) contradicts {req.where()}: "
                    f"{rq.describe()} ({_quote(req.statement or '', 100)}).",
                    fix=f"Set the '{row.metric}' target to {_target_text(rq)} and cite {req.id}.",
                    data={"metric": row.metric, "requirement": req.id, "target": _target_text(rq),
                          "strategy_value": q.value, "requirement_value": rq.value})
                reported.add(req.id)
                break


# Words of a metric label that say how it is measured, not what it is about.
_MEASURE_WORDS = frozenset(["latency", "p50", "p90", "p95", "p99", "percentile", "response", "time", "times", "target", "targets", "rate", "ms", "seconds", "second", "availability", "uptime", "throughput", "requests", "request", "per", "the", "of", "to", "for", "and", "api", "sla", "slo", "mean", "average", "max", "maximum", "min", "minimum", "under", "within"])


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z][a-z0-9-]+", text.casefold()))


def _subject_words(metric: str | None) -> set[str]:
    """A metric label's words less those that say how it is measured ("Latency (p95)" names no subject)."""
    return _words(metric or "") - _MEASURE_WORDS


def _same_subject(metric: str | None, req: Any) -> bool:
    """Whether an uncited row's metric could be about this requirement: it names no subject of its own
    ("Latency (p95)"), or shares a subject word with the requirement's title or statement."""
    words = _subject_words(metric)
    if not words:
        return True
    # what a statement sets aside ("write operations excluding generation") is not its subject
    statement = re.sub(r"(?i)\b(?:excluding|except|other than|not)\s+[\w-]+", " ", req.statement or "")
    said = _words(f"{req.heading or ''} {statement}")
    return bool(words & said)


def _for_subject(metric: str | None, figures: list[Quantity], statement: str) -> list[Quantity]:
    """Of a requirement's figures of one kind, those on a line whose label names the row's subject: NFR-P-002's
    "- Interactive tool response time: < 5 seconds" holds the interactive tool row, not its "Template generation:
    < 15 seconds" line. Figures no label tells apart (tiers in prose) all stay."""
    words = _subject_words(metric)
    if not words or len(figures) < 2:
        return figures
    own = []
    # a stored statement may hold its list on one line ("bounds. - Interactive tool response time: < 5 seconds")
    items = re.split(r"\n|\s+[-*•]\s+|;\s+", statement)
    for figure in figures:
        line = next((text for text in items if figure.text in text), "")
        label = line.split(":", 1)[0] if ":" in line else ""
        if words & _words(label):
            own.append(figure)
    return own or figures


def _own_tier(row_text: str, value: float, block: str) -> bool:
    """Whether the requirement states `value`% beside a subject word of the row ("public API")."""
    row_words = _subject_words(row_text) - {"monthly", "measured", "serving", "service"}
    for m in re.finditer(rf"(?<![\d.]){re.escape(f'{value:g}')}\s*%", block):
        near = _words(block[max(0, m.start() - 60):m.end() + 60])
        if row_words & near:
            return True
    return False


def _met_by_another_row(targets: list[tuple[Any, list[Quantity]]], row: Any, req_qs: list[Quantity],
                        max_percentile: str | None) -> bool:
    return any(other is not row and _compatible(q, rq, max_percentile) and not looser(q, rq)
               for other, qs in targets for q in qs for rq in req_qs)


def _target_text(q: Quantity) -> str:
    if q.kind == "latency":
        return f"< {q.value:g} ms"
    if q.kind == "availability":
        return f"≥ {q.value:g}%"
    return f"≥ {q.value:g} req/s"


@check("fairness-monitoring")
def fairness_monitoring(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    found = ctx.vocab("protected_characteristics").found(ctx.data_text)
    if not found:
        return
    rows = [r for r in ctx.strategy.monitoring.fairness if r.protected_group and r.metric and r.threshold]
    if not rows and not _section_says(ctx, (7, 12), r"\b(?:fairness|bias|parity|disparit|equali[sz]ed odds)"):
        yield Hit(f"The data or features involve protected characteristics ({_list(found)}), but Fairness "
                  "Monitoring has no row with a group, metric and threshold.", data={"characteristics": found})


@check("oversight-matches-risk")
def oversight_matches_risk(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    if not ctx.high_risk_models:
        return
    rows = ctx.strategy.responsible_ai.human_oversight
    automated = set(ctx.rules.vocab("automated_oversight"))
    if not rows:
        if not _section_says(ctx, (12,), r"\bhuman\b|\boversight\b|\breview(?:er|ed)?\b|\bescalat"):
            yield Hit(f"{_high_risk_text(ctx)} is High/Very High risk, but Human Oversight has no rows.")
        return
    for row in rows:
        level = (row.oversight_level or "").strip().casefold()
        impl = (row.implementation or "").strip().casefold()
        if level in automated or impl in automated or level.startswith(("none", "no human", "fully automated")):
            yield Hit(f"{_high_risk_text(ctx)} is High/Very High risk, but the Human Oversight scenario "
                      f"'{row.scenario}' is '{row.oversight_level or row.implementation}' (no human in the loop).",
                      data={"scenario": row.scenario})


_STOP = {"the", "and", "for", "with", "per", "yes", "tbd", "cost", "costs", "infrastructure", "instance", "instances"}


def _tokens(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]{3,}", text.casefold()) if w not in _STOP}


_MONEY = re.compile(r"[£$€]\s?\d")
# A line for a whole cloud platform: the provider's infrastructure/hosting, or one line naming several kinds.
_PLATFORM_COST = re.compile(r"(?i)\b(?:aws|amazon web services|azure|gcp|google cloud|oci|cloud)\b.{0,20}"
                            r"\b(?:infrastructure|hosting|platform|services)\b")
_KINDS = re.compile(r"(?i)\b(compute|storage|network)")


def _platform_line(component: str) -> bool:
    return bool(_PLATFORM_COST.search(component)) or len({m.casefold() for m in _KINDS.findall(component)}) >= 2


def _driver_costed(line: Any) -> bool:
    """A cost line whose own "Cost driver" (or pricing basis) column says what its cost scales with."""
    return any(re.search(r"(?i)driver|pricing|unit cost|cost basis", key) and str(value).strip()
               for key, value in (line.extra or {}).items())


@check("costs-cover-infrastructure")
def costs_cover(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    costless = set(ctx.rules.vocab("costless_components"))
    costs = ctx.strategy.costs.infrastructure_costs
    compute = set(ctx.rules.vocab("compute_terms"))

    def category(tokens: set[str]) -> set[str]:
        return tokens | ({"compute"} if tokens & compute else set())

    cost_tokens = [(category(_tokens(text_of(c))), c) for c in costs]  # every cell: "GPU hours" in Scaling counts
    costed_rows = [line for line in ctx.lines if line.section == 14 and line.cells]
    if any(_platform_line(c.component or "") for c in costs):
        # One line for the platform as a whole ("AWS infrastructure (compute, storage, networking)") costs
        # every component on it; which component it leaves out cannot be told from the line.
        return
    for row in ctx.strategy.training_pipeline.infrastructure:
        if not row.component or not row.technology or row.technology.strip().casefold() in costless:
            continue
        if ctx.vocab("unpaid_components")(f" {row.component} {row.technology} "):
            continue  # build-time tooling (Terraform, Git): not a paid runtime resource
        if ctx.vocab("placement_components")(f" {row.component} "):
            continue  # where things run ("Region"): what runs there has the cost lines
        if not ctx.vocab("costed_components")(f" {row.component} {row.technology} "):
            continue  # not a category the template's cost table itemises (orchestration, networking, secrets)
        wanted = category(_tokens(row.component) | _tokens(row.technology))
        matches = [c for tokens, c in cost_tokens if tokens & wanted]
        if not matches and any(category(_tokens(line.text)) & wanted and _MONEY.search(line.text)
                               for line in costed_rows):
            continue  # costed in a section-14 table the reader did not take for the cost table (a second table)
        if not matches:
            lines = _list([_quote(c.component or "", 50) for c in costs if c.component]) or "none"
            yield Hit(f"Infrastructure component '{row.component}' ({row.technology}) has no cost line in section 14 "
                      f"(its cost lines: {lines}).", data={"component": row.component})
        elif not any(c.monthly_cost or _MONEY.search(text_of(c.extra)) or _driver_costed(c) for c in matches):
            # an annual or one-off figure in the document's own column is a cost, in another period; a line costed
            # by its driver ("generation events x tokens") is costed the way its FinOps model forecasts it
            yield Hit(f"The cost line for '{row.component}' has no monthly cost.", data={"component": row.component})


# ===================================================================================================
# Traceability and grounding
# ===================================================================================================


def _ml_related(ctx: ReviewContext, req: Any, *, labels: bool = False) -> bool:
    families = {f.upper() for f in ctx.rules.vocab("ml_requirement_families")}
    if req.family.upper() in families:
        return True
    # A data requirement's security label ("**Classification**: PUBLIC") is a marking, not an ML classification
    # (`labels=True` reads it as a keyword all the same).
    statement = (req.statement or "") if labels else _MARKING_FIELD.sub(" ", req.statement or "")
    return ctx.vocab("ml_requirement_keywords")(f" {statement} ")


_MARKING_FIELD = re.compile(r"(?i)\**\s*(?:security\s+|data\s+)?classification\s*\**\s*[:|]\s*\**\s*(?:official|"
                            r"public|secret|top secret|restricted|confidential|sensitive|internal|open|"
                            r"shared|protected)[\w-]*")


def _traced_ids(ctx: ReviewContext) -> set[str]:
    ids: set[str] = set()
    for row in ctx.strategy.traceability.rows:
        ids.update(find_requirement_ids(f"{row.requirement_id or ''} {row.requirement or ''}"))
        ids.update(row.provenance.evidence)
    # A traceability table wherever the document puts it (an appendix, a matrix under another heading)
    for line in ctx.lines:
        if line.cells and (line.section == 15 or "traceab" in line.heading.casefold()):
            ids.update(find_requirement_ids(line.text))
            ids.update(_ranges(line.text))
    for row in ctx.strategy.traceability.rows:
        ids.update(_ranges(f"{row.requirement_id or ''} {row.requirement or ''}"))
    return ids


# "FR-001 to FR-004", "FR-001–004", "NFR-P-1 - NFR-P-3", "FR-001/002": every ID the span names.
_RANGE = re.compile(r"(?<![A-Za-z0-9-])(?P<prefix>[A-Z]{2,4}(?:-[A-Z]{1,5}){0,2}-)(?P<a>\d{1,4})\s*"
                    r"(?:(?P<span>to|through|–|—|-|\.\.)|(?P<list>/))\s*(?:(?P=prefix))?(?P<b>\d{1,4})(?![\dA-Za-z])")


def _ranges(text: str) -> set[str]:
    out: set[str] = set()
    for m in _RANGE.finditer(text):
        a, b = int(m.group("a")), int(m.group("b"))
        width = len(m.group("a"))
        numbers = range(a, b + 1) if m.group("span") and a < b <= a + 50 else (a, b)
        out.update(f"{m.group('prefix')}{n:0{width}d}" for n in numbers)
    return out


@check("trace-missing-requirement")
def trace_missing(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    if ctx.requirements is None:
        return
    traced = _traced_ids(ctx)

    defined = ctx.requirements.defined()
    if any(is_requirements_document(r.source or "") for r in defined):
        defined = [r for r in defined if is_requirements_document(r.source or "")]  # not quotes in other documents
    supporting = {f.upper() for f in ctx.rules.vocab("supporting_requirement_families")}
    cited = {rid for line in ctx.lines if line.section != 15 for rid in find_requirement_ids(line.text)}
    candidates = [r for r in defined if r.id not in traced and not r.id.startswith("BR-")
                  and not (r.family.upper() in supporting and r.id in cited)]
    by_words = [_ml_related(ctx, r) for r in candidates]
    # By meaning too (transcription, translation, search, forecasting...), not only by a keyword list; a keyword
    # alone ("AI" in an integration's purpose) needs some closeness in meaning as well
    similarity = ml_similarity([f"{(r.heading or '').split(' > ')[-1]}. {r.statement}" for r in candidates])

    families = {f.upper() for f in ctx.rules.vocab("ml_requirement_families")}
    # A keyword found only in a security label is evidence when the strategy itself relies on the requirement
    # elsewhere (it cites the record it feeds from), not on its own.
    by_label = [_ml_related(ctx, r, labels=True) and r.id in cited for r in candidates]
    missing = [r for r, hit, label, sim in zip(candidates, by_words, by_label, similarity, strict=True)
               if r.family.upper() in families or sim >= ML_SIMILARITY
               or ((hit or label) and sim >= KEYWORD_AND_MEANING)]
    for req in missing:
        yield Hit(f"ML-related requirement {req.where()} is not in the traceability table: "
                  f"{_quote(req.statement or '', 100)}.",
                  data={"requirement": req.id, "statement": req.statement, "source": req.source})


# A trace cell naming a part of a project document: "SOW 1.2.13", "REQ Data Quality", "ANLY REQ-004".
_DOC_PART = re.compile(r"^\s*([A-Za-z][A-Za-z-]{1,15})\s+(?:§\s*|section\s+)?(\S.{1,60}?)\s*$", re.IGNORECASE)


def _section_of_project_document(ctx: ReviewContext, cell: str) -> bool:
    """Whether a trace cell cites a part of a document the project holds: a numbered section ("SOW 1.2.13"), whose
    numbering cannot be checked reliably and is taken as given, or a heading or item the document has ("REQ Data
    Quality", "ANLY REQ-004")."""
    m = _DOC_PART.match(cell)
    if m is None or ctx.sources is None:
        return False
    code, part = m.group(1).upper(), m.group(2)
    named = [text for name, text in ctx.sources.texts.items() if f"-{code}-" in name.upper()]
    if not named and code not in ctx.sources.type_codes:
        return False
    if re.fullmatch(r"\d+(?:\.\d+)*", part):
        return True
    return any(re.search(rf"(?i)(?<![\w-]){re.escape(part)}(?![\w-])", text) for text in named or [ctx.sources.all_text])


@check("trace-unknown-requirement")
def trace_unknown(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    if ctx.requirements is None or not len(ctx.requirements):
        return
    for row in ctx.strategy.traceability.rows:
        cell = row.requirement_id or ""
        ids = find_requirement_ids(cell) or ([cell.strip()] if cell.strip() else [])
        for rid in ids:
            if _section_of_project_document(ctx, rid):
                continue  # "SOW 1.2.13": the document is in the project; its section numbers are not checked
            if rid not in ctx.requirements and not (ctx.sources is not None and rid in ctx.sources.all_text):
                sources = ", ".join(ctx.requirements.sources) or "the uploaded requirements"
                yield Hit(f"Traceability row '{rid}' ({_quote(row.requirement or '', 60)}) cites a requirement "
                          f"that is not in {sources}.", data={"requirement": rid})


def _evidence_by_section(ctx: ReviewContext) -> Iterator[tuple[int | None, str]]:
    for field_name, number in SECTION_NUMBERS.items():
        for provenance in provenances(getattr(ctx.strategy, field_name)):
            for e in provenance.evidence:
                yield number, e


@check("evidence-unknown-requirement")
def evidence_unknown(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    if ctx.requirements is None or not len(ctx.requirements):
        return
    seen: dict[int | None, list[str]] = {}
    for number, evidence in _evidence_by_section(ctx):
        if REQUIREMENT_ID.fullmatch(evidence) and not re.match(r"^(E|R|DPIA)-", evidence) \
                and evidence not in ctx.requirements and evidence not in seen.get(number, []):
            seen.setdefault(number, []).append(evidence)
    for number, ids in seen.items():
        yield Hit(f"Section {number} cites requirement(s) {_list(ids)} that are not in the uploaded requirements.",
                  section=number, data={"requirements": ids})


# ===================================================================================================
# UK guidance coverage
# ===================================================================================================

# Fewer words than this say nothing of how a principle is met ("Yes", "Noted"); four name a mechanism
# ("Registry, monitoring, retirement controls"), which careful readers of ArcKit strategies accepted every time
MIN_SUBSTANCE_WORDS = 4


# A short implementation cell that says where the principle is met ("Team plan §14.2; R-018", "ADR-004") has
# substance: the reader is sent to it.
_POINTS_TO = re.compile(r"(?i:§\s*\d|\bsections?\s+\d)|\b[A-Z]{1,6}(?:-[A-Z]{1,6})?-\d+\b")


@check("playbook-principles")
def playbook_principles(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    if not (ctx.uk_present or ctx.public_sector_signals):
        return
    table = ctx.strategy.uk_compliance.ai_playbook
    rows = {r.principle: r for r in table if r.principle}
    # Rows naming principles in the author's own words (ArcKit's template lists four of its own, "Use AI
    # responsibly") cannot be matched one to one with the ten: which of the ten they cover is a reader's
    # judgement, so nothing is reported as not addressed; only the rows that do name one are checked below.
    own_list = any(r.principle is None and (r.implementation or r.extra) for r in table) or (
        not table and any(s == 13 and "playbook" in h.casefold() for s, h in ctx.prose_headings))
    missing, thin = [], []
    for p in ai_playbook_principles():
        row = rows.get(p.number)
        # the implementation in the template's column or in the document's own ("How the strategy meets it")
        how = (row.implementation or next((str(v) for k, v in row.extra.items()
                                           if str(v).strip() and not re.search(r"(?i)status", k)), "")) if row else ""
        words = len(how.split())
        if row is None or not how:
            if not own_list:
                missing.append(p)
        elif (words < MIN_SUBSTANCE_WORDS and not _POINTS_TO.search(how)) or \
                (row.status is None and not row.extra.get("Status") and not row.extra):
            thin.append(p)
    if missing:
        yield Hit("AI Playbook principle(s) not addressed in section 13: "
                  + "; ".join(f"{p.number}. {p.title}" for p in missing) + ".",
                  data={"principles": [p.number for p in missing]})
    if thin:
        yield Hit(f"AI Playbook principle(s) addressed without substance (under {MIN_SUBSTANCE_WORDS} words of "
                  "implementation, or no status): " + "; ".join(f"{p.number}. {p.title}" for p in thin) + ".",
                  data={"principles": [p.number for p in thin]})


_NOT_IN_SCOPE = re.compile(r"not in scope|out of scope|exempt|not required|not applicable", re.I)


@check("atrs-planned")
def atrs_planned(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    if not ctx.public_sector_signals:
        return
    atrs = ctx.strategy.uk_compliance.atrs
    values = [text_of(getattr(atrs, name)) for name in type(atrs).model_fields]
    if any(_NOT_IN_SCOPE.search(v) for v in values):
        return  # an explicit scope decision is a plan
    planned = [atrs.record_id, atrs.tier_1_summary, atrs.tier_2_record, atrs.transparency_url]
    if _section_says(ctx, (13,), r"\bATRS\b|algorithmic transparency"):
        # the document gives its ATRS plan in its own words or table (a record ID, a publication date in prose)
        said = any(f.value for f in planned) or any(
            line.section == 13 and re.search(r"(?i)\bATRS\b|algorithmic transparency", line.text) and
            re.search(r"(?i)publish|record|tier|ARC-\d{3}-ATRS", line.text) for line in ctx.lines)
        if said:
            return
    if not atrs.tool_name.value or not any(f.value for f in planned):
        tiers = "; ".join(f"Tier {t['tier']}: {t['name']}" for t in uk_guidance()["atrs"]["tiers"])
        yield Hit("The system is in the UK public sector but section 13 has no ATRS publication plan "
                  f"(tool name and the status of both tiers: {tiers}).")


@check("jsp936-elements")
def jsp936_elements(ctx: ReviewContext, rule: Rule) -> Iterator[Hit]:
    if not (ctx.mod_signals and ctx.jsp936_present):
        return
    j = ctx.strategy.uk_compliance.jsp936
    missing = []
    if not j.ethical_principles.implementation:
        missing.append("Ethical Principles")
    if j.risk_classification.level is None:
        missing.append("Risk Classification")
    if not j.lifecycle_phase.implementation:
        missing.append("Lifecycle Phase")
    if j.approval_pathway.pathway is None:
        missing.append("Approval Pathway")
    for element in missing:
        yield Hit(f"JSP 936 element '{element}' is not filled.", fix=f"Fill the JSP 936 '{element}' row with its evidence.")
    if j.risk_classification.level is not None and j.approval_pathway.pathway is not None:
        expected = uk_guidance()["jsp936"]["levels"].get(j.risk_classification.level.value)
        if expected and expected != j.approval_pathway.pathway.value:
            yield Hit(f"JSP 936 risk '{j.risk_classification.level.value}' goes to '{expected}' in ArcKit's banding "
                      f"(unverified against JSP 936), but the pathway is '{j.approval_pathway.pathway.value}'.",
                      fix=f"Use the '{expected}' pathway or record why the RAISO agreed another.")


_ = HIGH_RISK
