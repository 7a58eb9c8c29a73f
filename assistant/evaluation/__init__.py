"""The eval harness: cases in `evals/cases`, deterministic scorers, thresholds, reports, comparison."""
