"""parse(render(x)) == x for random valid strategies."""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from assistant.strategy import base, schema
from assistant.strategy.parse import parse_markdown
from assistant.strategy.render import render_markdown
from assistant.strategy.schema import Strategy

# Awkward characters on purpose: table pipes, brackets, backslashes, emphasis, `_(`, angle brackets.
ALPHABET = list("abcXYZ019 |[]_()<>*\\-:.,/#£%✅·=")
TEXT = st.builds(lambda a, b: a + b, st.sampled_from(list("abcXYZ019|[]_(<*\\#£✅")), st.text(alphabet=ALPHABET, max_size=19))
EVIDENCE = st.from_regex(r"\A(FR|NFR-P|DR|chunk)-[0-9]{1,3}\Z")
LABEL = st.from_regex(r"\A[A-Za-z][A-Za-z0-9 .-]{0,15}\Z")
SPECIAL: dict[tuple[str, str], st.SearchStrategy[Any]] = {
    ("DocumentControl", "project_id"): st.none() | st.from_regex(r"\A[0-9]{3}\Z"),
    ("DocumentControl", "version"): st.from_regex(r"\A[1-9]\.[0-9]\Z"),
    ("RevisionRow", "version"): st.none() | st.from_regex(r"\A[1-9]\.[0-9]\Z"),
    ("ChampionChallenger", "champion"): st.none() | LABEL,
    ("ChampionChallenger", "challenger"): st.none() | LABEL,
    ("ChampionChallenger", "challenger_traffic_pct"): st.none() | st.integers(0, 100),
    ("RollbackStep", "step"): LABEL,
    ("PrincipleRow", "principle"): st.none() | st.integers(1, 10),
    ("TeamRow", "fte"): st.none() | st.sampled_from([0.5, 1.0, 2.25, 3.0]),
    ("CostRow", "component"): st.none() | LABEL.filter(lambda t: t.strip().casefold() != "total"),
    ("Citation", "citation_id"): st.from_regex(r"\ACIT-C[0-9]{1,3}\Z"),
    ("Citation", "evidence_id"): st.none() | EVIDENCE,
    ("ModelCard", "model_name"): st.none() | LABEL,
}
SPECIAL[("ExternalReferences", "citations")] = st.deferred(
    lambda: st.lists(model(schema.Citation), max_size=2, unique_by=lambda c: c.citation_id)
)
SKIP = {"extra", "extra_content", "schema_version"}


def provenance() -> st.SearchStrategy[base.Provenance]:
    evidence = st.lists(EVIDENCE, max_size=2)
    return st.one_of(
        st.just(base.Provenance()),
        st.lists(EVIDENCE, min_size=1, max_size=2).map(lambda e: base.Provenance(evidence=e)),
        st.builds(
            lambda b, r, e: base.Provenance(basis=b, rationale=r, evidence=e),
            st.sampled_from(["assumption", "recommendation"]),
            st.none() | TEXT,
            evidence,
        ),
    )


def for_type(tp: Any, owner: str, name: str) -> st.SearchStrategy[Any]:
    if (owner, name) in SPECIAL:
        return SPECIAL[(owner, name)]
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Annotated:
        return for_type(args[0], owner, name) if args[0] is not str else TEXT
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return st.none() | for_type(inner[0], owner, name)
    if origin is list:
        return st.lists(for_type(args[0], owner, name), max_size=2)
    if tp is base.Provenance:
        return provenance()
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return st.sampled_from(list(tp))
    if tp is bool:
        return st.booleans()
    if tp is str:
        return TEXT
    if tp is dt.date:
        return st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return model(tp)
    raise TypeError(f"no generator for {owner}.{name}: {tp}")


def model(cls: type[BaseModel]) -> st.SearchStrategy[BaseModel]:
    fields = {
        name: for_type(info.annotation if not info.metadata else typing.Annotated[info.annotation, *info.metadata], cls.__name__, name)
        for name, info in cls.model_fields.items()
        if name not in SKIP
    }
    return st.fixed_dictionaries(fields).map(lambda d: cls.model_validate({k: v for k, v in d.items()}))


STRATEGIES = model(Strategy)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(STRATEGIES)
def test_render_parse_round_trip(strategy: Strategy) -> None:
    markdown = render_markdown(strategy)
    result = parse_markdown(markdown)
    assert result.strategy.model_dump(mode="json") == strategy.model_dump(mode="json")
    assert result.warnings == []
    # And the rendering is a fixed point.
    assert render_markdown(result.strategy) == markdown


def test_round_trip_keeps_extra_content() -> None:
    s = Strategy.new("001", "X")
    s.extra_content = [
        schema.ExtraBlock(section=3, markdown="### Data Lineage\n\nTracked in the catalogue."),
        schema.ExtraBlock(section=None, markdown="## 16. Ethics Review\n\nReviewed in December."),
    ]
    assert parse_markdown(render_markdown(s)).strategy == s
