"""Retries with exponential backoff and jitter, honouring `retry-after` / `retry-after-ms`.

The SDKs' own retries are switched off (`max_retries=0`): one policy for every provider, with a
backoff that tests can shrink to zero and a sleep they can replace.
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from assistant.llm.errors import is_retryable

R = TypeVar("R")


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 3  # retries after the first attempt
    initial_delay_s: float = 1.0
    multiplier: float = 2.0
    max_delay_s: float = 30.0
    max_retry_after_s: float = 60.0  # a longer retry-after is not waited for: the error is raised
    jitter: float = 0.25  # +/- fraction of the computed delay
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False, repr=False)

    def backoff(self, attempt: int) -> float:
        """Delay before retry number `attempt` (1-based) when the server gave no retry-after."""
        delay = min(self.max_delay_s, self.initial_delay_s * self.multiplier ** (attempt - 1))
        return max(0.0, delay * (1 + random.uniform(-self.jitter, self.jitter)))


def retry_after_s(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait (retry-after-ms, retry-after in seconds or as an HTTP date)."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return float(ms) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        if parsed is None:
            return None
        return max(0.0, parsed.timestamp() - time.time())


def call_with_retry(fn: Callable[[], R], policy: RetryPolicy,
                    on_retry: Callable[[int, float, BaseException], None] | None = None) -> R:
    """Call `fn`; on a retryable error wait (retry-after if given, else backoff) and call again."""
    attempt = 0
    while True:
        try:
            return fn()
        except Exception as exc:  # noqa: BLE001 - classified below, re-raised when not retryable
            attempt += 1
            if attempt > policy.max_retries or not is_retryable(exc):
                raise
            asked = retry_after_s(exc)
            if asked is not None and asked > policy.max_retry_after_s:
                raise
            delay = asked if asked is not None else policy.backoff(attempt)
            if on_retry is not None:
                on_retry(attempt, delay, exc)
            policy.sleep(delay)
