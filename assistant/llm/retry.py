"""Retries with exponential backoff and jitter, honouring `retry-after` / `retry-after-ms` (tenacity).

The SDKs' own retries are switched off (`max_retries=0`): one policy for every provider (quota 429s are
not retried, errors inside a 200 stream are retried like their HTTP equivalents), with a backoff that
tests can shrink to zero and a sleep they can replace. tenacity runs the loop; this module only says
what to wait and when to stop.
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

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
        """Delay before retry number `attempt` (1-based) when the server gave no usable retry-after."""
        delay = min(self.max_delay_s, self.initial_delay_s * self.multiplier ** (attempt - 1))
        return max(0.0, delay * (1 + random.uniform(-self.jitter, self.jitter)))


def retry_after_s(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait (retry-after-ms, retry-after in seconds or as an HTTP date);
    None when it asked nothing or something unreadable ("soon"): the backoff applies then."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = (headers.get(name) or "").strip()
        if not value:
            continue
        try:
            seconds = float(value) / scale
        except ValueError:
            if scale != 1.0:
                continue
            try:
                parsed = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError, IndexError):
                return None
            seconds = parsed.timestamp() - time.time()
        return max(0.0, seconds)
    return None


def _retryable_within(policy: RetryPolicy) -> Callable[[BaseException], bool]:
    def check(exc: BaseException) -> bool:
        asked = retry_after_s(exc)
        return is_retryable(exc) and (asked is None or asked <= policy.max_retry_after_s)
    return check


def call_with_retry(fn: Callable[[], R], policy: RetryPolicy,
                    on_retry: Callable[[int, float, BaseException], None] | None = None) -> R:
    """Call `fn`; on a retryable error wait (retry-after if given, else backoff) and call again."""

    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after_s(exc) if exc is not None else None
        return asked if asked is not None else policy.backoff(state.attempt_number)

    def before_sleep(state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome is not None else None
        if on_retry is not None and exc is not None and state.next_action is not None:
            on_retry(state.attempt_number, state.next_action.sleep, exc)

    retrying = Retrying(stop=stop_after_attempt(policy.max_retries + 1), wait=wait, sleep=policy.sleep,
                        retry=retry_if_exception(_retryable_within(policy)), before_sleep=before_sleep,
                        reraise=True)
    return retrying(fn)


def retry_delay(exc: BaseException, attempt: int, policy: RetryPolicy) -> float | None:
    """Seconds to wait before retry number `attempt` (1-based) after `exc`, or None when it is not
    retried (not retryable, retries used up, or a retry-after longer than the policy waits). For loops
    tenacity cannot wrap, such as a stream that is retried only until its first text."""
    if attempt > policy.max_retries or not _retryable_within(policy)(exc):
        return None
    asked = retry_after_s(exc)
    return asked if asked is not None else policy.backoff(attempt)
