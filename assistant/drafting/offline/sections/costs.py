"""Section 14: Costs and Resources."""

from __future__ import annotations

from assistant.drafting.offline.sections.builder import Builder


def build(b: Builder) -> None:
    sec = b.s.costs
    monthly = [q for q in b.quantities("cost") if "month" in q.unit]
    yearly = [q for q in b.quantities("cost") if "year" in q.unit]
    if monthly:
        sec.total_monthly_cost.value = f"{monthly[0].value} {monthly[0].unit} (ceiling)"
        sec.total_monthly_cost.provenance = b.ev(monthly[0].evidence_id)
    elif yearly:
        sec.total_monthly_cost.value = f"Annual budget {yearly[0].value} {yearly[0].unit}"
        sec.total_monthly_cost.provenance = b.ev(yearly[0].evidence_id)
    else:
        b.ask(sec, "What is the budget for running the service (monthly)?", "Infrastructure Costs")
    b.ask(sec, "What is the cost estimate per component (training, serving, storage, monitoring)?", "Infrastructure Costs")
    b.ask(sec, "How many FTE of each role does the team need?", "Team Structure")
