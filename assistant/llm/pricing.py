"""Cost estimates from the one price table, `prices.yaml`, and the saving from prompt caching."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from assistant.errors import InvalidInputError
from assistant.llm.types import Usage

PRICES_FILE = Path(__file__).with_name("prices.yaml")


class ModelPrice(BaseModel):
    """USD per million tokens."""

    input: float
    output: float
    cache_write: float = 0.0
    cache_read: float = 0.0


@lru_cache(maxsize=1)
def price_table() -> dict[str, Any]:
    try:
        data = yaml.safe_load(PRICES_FILE.read_text(encoding="utf-8"))
        models = {name: ModelPrice.model_validate(p) for name, p in (data.get("models") or {}).items()}
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise InvalidInputError(f"{PRICES_FILE}: cannot read the price table: {exc}") from exc
    return {**data, "models": models}


def normalise_model_id(model: str) -> str:
    """Bedrock/Vertex/dated ids to the family key: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'
    and 'claude-sonnet-4-5@20250929' both become 'claude-sonnet-4-5-20250929'-like prefixes."""
    name = model.strip().lower()
    name = re.sub(r"^(?:[a-z]{2,4}\.)?anthropic\.", "", name)  # Bedrock (with region prefix)
    name = re.sub(r"-v\d+(?::\d+)?$", "", name)  # Bedrock version suffix
    return name.replace("@", "-")  # Vertex


def price_for(model: str | None) -> ModelPrice | None:
    """The price of the longest table key the model id starts with; None when unknown."""
    if not model:
        return None
    name = normalise_model_id(model)
    best: tuple[int, ModelPrice] | None = None
    for key, price in price_table()["models"].items():
        if name == key or name.startswith(key + "-") or name.startswith(key + ":"):
            if best is None or len(key) > best[0]:
                best = (len(key), price)
    return best[1] if best else None


def with_cost(usage: Usage, model: str | None, *, free: bool = False) -> Usage:
    """`usage` with `cost_usd`/`cost_gbp` filled from the table (zero for a local endpoint)."""
    table = price_table()
    if free and table.get("local_cost_zero", True):
        cost: float | None = 0.0
    else:
        price = price_for(model)
        cost = None if price is None else round(
            (usage.input_tokens * price.input + usage.output_tokens * price.output
             + usage.cache_read_tokens * price.cache_read + usage.cache_write_tokens * price.cache_write)
            / 1_000_000, 8)
    gbp = None if cost is None else round(cost * float(table.get("gbp_per_usd", 0.79)), 8)
    return usage.model_copy(update={"cost_usd": cost, "cost_gbp": gbp, "model": model})


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
    if price is not None and price.cache_write == 0.0:
        write_ratio = 1.0  # automatic caching (OpenAI): writes cost the normal input price
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
