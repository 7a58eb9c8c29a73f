"""Section 14: Costs and Resources."""

from __future__ import annotations

from assistant.drafting.offline.sections.builder import Builder
from assistant.strategy.schema import CostRow


def build(b: Builder) -> None:
    sec = b.s.costs
    monthly = [q for q in b.quantities("cost") if "month" in q.unit]
    yearly = [q for q in b.quantities("cost") if "year" in q.unit]
    # The running costs the requirements state (a recurring costs table's rows and total), each as stated.
    for q in b.quantities("cost_row"):
        sec.infrastructure_costs.append(CostRow(component=q.subject, monthly_cost=q.value, provenance=b.ev(q.evidence_id)))
    totals = b.quantities("cost_total")
    if totals:
        sec.total_monthly_cost.value = f"{totals[0].value} ({totals[0].subject})"
        sec.total_monthly_cost.provenance = b.ev(totals[0].evidence_id)
    elif monthly:
        sec.total_monthly_cost.value = f"{monthly[0].value} {monthly[0].unit} (ceiling)"
        sec.total_monthly_cost.provenance = b.ev(monthly[0].evidence_id)
    elif yearly:
        sec.total_monthly_cost.value = f"Annual budget {yearly[0].value} {yearly[0].unit}"
        sec.total_monthly_cost.provenance = b.ev(yearly[0].evidence_id)
    else:
        b.ask(sec, "What is the budget for running the service (monthly)?", "Infrastructure Costs")
    b.ask(sec, "What is the cost estimate per component (training, serving, storage, monitoring)?", "Infrastructure Costs")
    b.ask(sec, "How many FTE of each role does the team need?", "Team Structure")
