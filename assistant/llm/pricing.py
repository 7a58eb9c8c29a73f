"""Cost estimates from the one price table, `prices.yaml`, and the saving from prompt caching."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field

from assistant.errors import InvalidInputError
from assistant.llm.types import Usage

PRICES_FILE = Path(__file__).with_name("prices.yaml")


class ModelPrice(BaseModel):
    """USD per million tokens for one model, with where the figure comes from and when it was read."""

    input: float
    output: float
    cache_write: float = 0.0
    cache_read: float = 0.0
    max_output: int | None = None  # the model's output-token ceiling
    regional_premium: float = 0.0  # extra fraction on a cloud's regional (not global) endpoint
    ids: list[str] = Field(default_factory=list)  # dated ids and aliases that are this model
    source: str
    checked: date


@lru_cache(maxsize=1)
def price_table() -> dict[str, Any]:
    """The table from `prices.yaml`, with `index` mapping every exact id and alias to its entry."""
    try:
        data = yaml.safe_load(PRICES_FILE.read_text(encoding="utf-8"))
        models = {name: ModelPrice.model_validate(p) for name, p in (data.get("models") or {}).items()}
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise InvalidInputError(f"{PRICES_FILE}: cannot read the price table: {exc}") from exc
    index: dict[str, ModelPrice] = {}
    for name, price in models.items():
        if price.source not in (data.get("sources") or {}):
            raise InvalidInputError(f"{PRICES_FILE}: models.{name}.source {price.source!r} is not under `sources`.")
        for key in (name, *price.ids):
            if key.lower() in index:
                raise InvalidInputError(f"{PRICES_FILE}: model id {key!r} is listed twice.")
            index[key.lower()] = price
    return {**data, "models": models, "index": index}


_BEDROCK = re.compile(r"^(?:(?P<geo>global|us|us-gov|eu|apac|jp|au|ca)\.)?anthropic\.(?P<id>.+?)(?:-v\d+(?::\d+)?)?$")


def unwrap_model_id(model: str) -> tuple[str, str | None]:
    """(the provider's own model id, the Bedrock geography or None) for a cloud-wrapped id:
    'global.anthropic.claude-sonnet-4-5-20250929-v1:0' -> ('claude-sonnet-4-5-20250929', 'global'),
    'claude-sonnet-4-5@20250929' (Vertex) -> ('claude-sonnet-4-5-20250929', None). Nothing else is stripped."""
    name = model.strip().lower()
    match = _BEDROCK.match(name)
    if match:
        return match.group("id"), match.group("geo") or "in-region"
    return name.replace("@", "-"), None


def price_for(model: str | None) -> ModelPrice | None:
    """The price of exactly this model id (or alias); None when the table does not list it."""
    if not model:
        return None
    return price_table()["index"].get(unwrap_model_id(model)[0])


def unit_prices(model: str | None, *, region: str | None = None) -> ModelPrice | None:
    """`price_for(model)` with the regional-endpoint premium applied where it is due: a Bedrock id naming
    a regional profile (us./eu./...; not global.), or `region` given for Vertex and not "global"."""
    price = price_for(model)
    if price is None or not price.regional_premium or not model:
        return price
    geo = unwrap_model_id(model)[1]
    regional = (geo is not None and geo != "global") or (geo is None and region not in (None, "global"))
    if not regional:
        return price
    factor = 1 + price.regional_premium
    return price.model_copy(update={k: round(getattr(price, k) * factor, 6)
                                    for k in ("input", "output", "cache_write", "cache_read")})


def with_cost(usage: Usage, model: str | None, *, free: bool = False, region: str | None = None) -> Usage:
    """`usage` with `cost_usd`/`cost_gbp` filled from the table (zero for a local endpoint).

    The cost is None ("unknown") when the model is not in the table or the provider sent no usage:
    never 0 and never a neighbouring model's price."""
    table = price_table()
    note: str | None = None
    if not usage.reported:
        cost: float | None = None
        note = "the provider sent no token usage for this call"
    elif free and table.get("local_cost_zero", True):
        cost = 0.0
    else:
        price = unit_prices(model, region=region)
        if price is None:
            cost = None
            note = f"model {model!r} is not in the price table" if model else "no model named"
        else:
            cost = round((usage.input_tokens * price.input + usage.output_tokens * price.output
                          + usage.cache_read_tokens * price.cache_read
                          + usage.cache_write_tokens * price.cache_write) / 1_000_000, 8)
    gbp = None if cost is None else round(cost * float(table.get("gbp_per_usd", 0.79)), 8)
    return usage.model_copy(update={"cost_usd": cost, "cost_gbp": gbp, "model": model, "cost_note": note})


class CacheSaving(BaseModel):
    """What prompt caching saved over a multi-section draft (one Usage per section call)."""

    calls: int
    cache_read_tokens: int  # prefix tokens served from the cache
    cache_write_tokens: int  # prefix tokens written to the cache (billed at a premium once)
    input_token_equivalents_without_cache: float  # every input token at the full input price
    input_token_equivalents_with_cache: float  # reads and writes weighted by their price ratio
    token_saving: float  # the difference, in full-price input tokens
    saving_ratio: float  # token_saving / input_token_equivalents_without_cache
    cost_saving_usd: float | None = None


def cache_saving(usages: Iterable[Usage], model: str | None = None) -> CacheSaving:
    """The saving from caching the shared draft context, computed from recorded usages.

    Without caching every call would pay full price for the whole input. With it, reads cost the
    `cache_read/input` ratio (0.1 for Anthropic) and writes the `cache_write/input` ratio (1.25).
    When the model is unknown, Anthropic's documented ratios are used for the token figure.
    """
    items = list(usages)
    model = model or next((u.model for u in items if u.model), None)
    price = price_for(model)
    read_ratio = price.cache_read / price.input if price and price.input else 0.1
    write_ratio = price.cache_write / price.input if price and price.input else 1.25
    plain = sum(u.input_tokens for u in items)
    reads = sum(u.cache_read_tokens for u in items)
    writes = sum(u.cache_write_tokens for u in items)
    without = float(plain + reads + writes)
    with_cache = plain + reads * read_ratio + writes * write_ratio
    saving = without - with_cache
    return CacheSaving(
        calls=len(items), cache_read_tokens=reads, cache_write_tokens=writes,
        input_token_equivalents_without_cache=without,
        input_token_equivalents_with_cache=round(with_cache, 4),
        token_saving=round(saving, 4),
        saving_ratio=round(saving / without, 6) if without else 0.0,
        cost_saving_usd=None if price is None else round(saving * price.input / 1_000_000, 8),
    )
