"""Taking timings and summarizing them: percentiles, and modes measured in alternation."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

# A mode is measured in this many rounds, taking turns with the others, so a burst of load from
# elsewhere on the shared machine hits every mode alike.
ROUNDS = 5

# Runs its mode once for each iteration number in the range (inside whatever context the mode
# needs: a tenant transaction, the owner's settings) and returns one duration in seconds each.
Batch = Callable[[range], list[float]]


@dataclass(frozen=True)
class Timings:
    runs: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float

    def as_dict(self) -> dict:
        return asdict(self)


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Linear interpolation between the closest ranks (NumPy's default)."""
    if not sorted_values:
        raise ValueError("no values")
    position = (len(sorted_values) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    if low == high:
        return sorted_values[low]
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def summarize(seconds: list[float]) -> Timings:
    values = sorted(value * 1000 for value in seconds)
    return Timings(
        runs=len(values),
        p50_ms=round(percentile(values, 0.50), 3),
        p95_ms=round(percentile(values, 0.95), 3),
        p99_ms=round(percentile(values, 0.99), 3),
        mean_ms=round(sum(values) / len(values), 3),
        max_ms=round(values[-1], 3),
    )


def overhead_pct(measured_ms: float, baseline_ms: float) -> float:
    """How much slower `measured` is than `baseline`, in percent (negative when faster)."""
    return round((measured_ms / baseline_ms - 1) * 100, 1)


def time_each(iterations: range, step: Callable[[int], object]) -> list[float]:
    """`step(i)` for each i, each timed on its own (seconds)."""
    samples = []
    for iteration in iterations:
        started = time.perf_counter()
        step(iteration)
        samples.append(time.perf_counter() - started)
    return samples


def rounds(iterations: int) -> list[range]:
    """0 … iterations-1 cut into at most ROUNDS consecutive ranges of (nearly) equal length."""
    count = min(ROUNDS, iterations)
    bounds = [iterations * part // count for part in range(count + 1)] if count else [0]
    return [range(bounds[part], bounds[part + 1]) for part in range(count)]


def alternate(*batches: Batch, iterations: int, warmup: int = 0) -> list[list[float]]:
    """Exactly `iterations` samples of each batch, taken in rounds that go through the batches
    in turn (a, b, a, b, …). `warmup` untimed runs of each come first."""
    for batch in batches:
        batch(range(warmup))
    samples: list[list[float]] = [[] for _ in batches]
    for iteration_range in rounds(iterations):
        for taken, batch in zip(samples, batches, strict=True):
            taken += batch(iteration_range)
    return samples
