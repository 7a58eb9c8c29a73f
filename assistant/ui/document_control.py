"""Document Control comes from the project: its owner, review cycle, marking, name and ID are edited on the
project and copied into every strategy the UI shows or exports, with the next review date that follows."""

from __future__ import annotations

import calendar
import datetime as dt

from assistant.strategy import Strategy
from assistant.strategy.enums import Classification, ReviewCycle
from assistant.workspace import ProjectRecord

# How far each review cycle reaches; On-Demand has no fixed next date.
CYCLE_MONTHS: dict[ReviewCycle, int | None] = {
    ReviewCycle.MONTHLY: 1, ReviewCycle.QUARTERLY: 3, ReviewCycle.ANNUAL: 12, ReviewCycle.ON_DEMAND: None,
}


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved `months` calendar months on, clamped to the month's last day (31 Jan + 1 month: 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def next_review(cycle: ReviewCycle | None, since: dt.date) -> dt.date | None:
    months = CYCLE_MONTHS.get(cycle) if cycle is not None else None
    return None if months is None else add_months(since, months)


def _cycle(value: str) -> ReviewCycle | None:
    try:
        return ReviewCycle(value)
    except ValueError:
        return None


def _classification(value: str) -> Classification | None:
    try:
        return Classification(value)
    except ValueError:
        return None


def apply(strategy: Strategy, project: ProjectRecord) -> Strategy:
    """A copy of `strategy` whose Document Control says what the project says.

    The next review date counts from the last modification (else the creation date): a document reviewed
    monthly and last changed on 3 March is next reviewed on 3 April.
    """
    copy = strategy.model_copy(deep=True)
    control = copy.document_control
    control.project_name = project.name
    if project.project_id.isdigit() and len(project.project_id) == 3:
        control.project_id = project.project_id
    control.classification = _classification(project.classification) or control.classification
    control.review_cycle = _cycle(project.review_cycle) or control.review_cycle
    if project.owner.strip():
        control.owner = project.owner.strip()
    since = control.last_modified or control.created_date
    if since is not None:
        control.next_review_date = next_review(control.review_cycle, since)
    return Strategy.model_validate(copy.model_dump(mode="json"))
