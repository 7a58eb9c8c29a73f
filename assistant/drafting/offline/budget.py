"""The running costs the requirements state for the system (section 14), each as stated, with its period.

An ArcKit requirements document's "Budget" part has a capital "Cost Estimate" table and an "Ongoing Operational
Costs" table. Section 14 is about what it costs to run the system: only a recurring cost (an ongoing, annual or
monthly table, or a figure stated per year or month) is read, never a one-off build cost, a saving, a benefit or
an investment line of a business case. Its total row is the total; of its other rows, those that name
infrastructure or the AI service (hosting, cloud, compute, storage, an LLM's usage) are component rows. A cost's
period is the one the document states (a table's "Annual Cost" column): an annual figure is not divided into a
monthly one.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.drafting.offline.quantities import Quantity
from assistant.facts import ProjectFacts, QuantityFact

# Where a figure is a recurring cost: the table's heading or column, or the figure's own unit.
_RECURRING = re.compile(r"\bongoing\b|\boperational\b|\bopex\b|\brunning\b|\brecurring\b|\bannual\b|\bmonthly\b|"
                        r"\bper (?:year|annum|month)\b", re.I)
_ONE_OFF = re.compile(r"\bcapital\b|\bcapex\b|\bone[- ]off\b|\bsetup\b|\bimplementation\b|\binvestment\b|"
                      r"\bsavings?\b|\bbenefits?\b|\bvalue reali[sz]ation\b", re.I)
_COSTS_HEADING = re.compile(r"\bbudget\b|\bcosts?\b|\bfinancial\b|\bopex\b", re.I)
# A row that names the system's infrastructure or its AI service, not its staff, licences or contingency.
_INFRASTRUCTURE = re.compile(r"infrastructure|hosting|\bcloud\b|\bcompute\b|\bstorage\b|\bAWS\b|\bAzure\b|\bGCP\b|"
                             r"\bLLM\b|\bmodels?\b|\bAI\b|inference|\btokens?\b|\bGPUs?\b|Bedrock|OpenAI", re.I)
_TOTAL = re.compile(r"^\s*total\b", re.I)
_COLUMN = re.compile(r"\s+(?:estimated\s+|annual\s+|monthly\s+|yearly\s+)?(?:cost|amount|budget)s?$", re.I)


def _period(fact: QuantityFact) -> str:
    """The period the document states for a cost: its own ("£25,000/year"), else its table's column or heading."""
    if " per " in fact.unit:
        return fact.unit.split(" per ", 1)[1]
    where = f"{fact.subject} {fact.source.heading}"
    if re.search(r"\bmonthly\b|\bper month\b", where, re.I):
        return "month"
    if re.search(r"\bannual\b|\bannually\b|\bper (?:year|annum)\b|\byearly\b", where, re.I):
        return "year"
    return ""


def _amount(fact: QuantityFact, period: str) -> str:
    return f"{fact.currency()}{fact.value} per {period}"


def running_costs(project: ProjectFacts, resolve: Callable[[QuantityFact], str | None]) -> list[Quantity]:
    """Quantities of kind "cost_total" (a recurring costs table's total) and "cost_row" (its infrastructure and
    AI-service rows), each with its period; empty when the documents state no recurring cost."""
    out: list[Quantity] = []
    seen: set[tuple[str, str]] = set()
    for fact in project.quantities("cost", roles=("budget", "estimate")):
        heading = fact.source.heading.rsplit(" > ", 1)[-1]
        where = f"{fact.subject} {heading}"
        if not _COSTS_HEADING.search(fact.source.heading) or _ONE_OFF.search(where):
            continue
        if not (_RECURRING.search(where) or " per " in fact.unit):
            continue
        period = _period(fact)
        evidence = resolve(fact)
        if not period or evidence is None:
            continue
        label = _COLUMN.sub("", re.sub(r"[*_`]+", "", fact.subject)).strip(" :-")
        total = bool(_TOTAL.match(label))
        if not total and not _INFRASTRUCTURE.search(label):
            continue
        key = (label.casefold(), fact.value)
        if key in seen:
            continue
        seen.add(key)
        # A total keeps the table it totals ("Ongoing Operational Costs: Total OpEx"): "Total" alone says nothing.
        subject = f"{heading}: {label}" if total else label
        out.append(Quantity("cost_total" if total else "cost_row", subject, "", _amount(fact, period), "",
                            fact.clause or fact.source.text, "", evidence))
    return out


# The documents that set the system's own unit-cost targets: its requirements, its transparency record's success
# measures and its FinOps strategy. An analysis, a risk register's monitoring note or a research note's pricing
# describes or estimates a cost; it sets no target for the system.
_UNIT_COST_DOCUMENTS = ("REQ", "ATRS", "FINOPS")
# "Cost per conversation", up to the table column a row's figure sits in ("... per month Target (steady state)").
_COST_PER = re.compile(r"\bcost\s+per\s+(?P<per>[A-Za-z][\w -]{1,60}?)(?=\s+(?:target|goal|kpi|threshold)\b|\s*[(:]|\s*$)",
                       re.I)
_UPPER_BOUND = ("<", "≤")


def unit_cost_targets(project: ProjectFacts, resolve: Callable[[QuantityFact], str | None]) -> list[Quantity]:
    """Quantities of kind "unit_cost": the caps these documents set on what one unit of use may cost ("Cost per
    conversation: < £0.50"), each with the unit its own label names. Only an upper bound is a target (a "£5-£10
    per call" baseline or an estimate is not), and only where the figure's own label says "cost per ..."."""
    out: list[Quantity] = []
    seen: set[tuple[str, str]] = set()
    for doc in project.current:
        if doc.info.type_code not in _UNIT_COST_DOCUMENTS:
            continue
        for fact in doc.facts:
            if not (isinstance(fact, QuantityFact) and fact.metric == "cost" and fact.asserted
                    and fact.comparator in _UPPER_BOUND and fact.role not in ("baseline", "saving", "weight")):
                continue
            label = re.sub(r"^[\W\d.]*", "", re.sub(r"[*_`]+", "", fact.subject)).strip(" :-")
            m = _COST_PER.search(label)
            label = label[: m.end()] if m else label
            evidence = resolve(fact) if m else None
            if m is None or evidence is None:
                continue
            key = (label.casefold(), fact.value)
            if key in seen:
                continue
            seen.add(key)
            out.append(Quantity("unit_cost", label[:1].upper() + label[1:], fact.comparator,
                                f"{fact.currency()}{fact.value}", f"per {m.group('per').strip()}",
                                fact.clause or fact.source.text, "", evidence))
    return out
