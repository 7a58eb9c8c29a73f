"""A new strategy never shares state with the cached template defaults it is built from."""

from assistant.strategy import Strategy


def test_changing_one_new_strategy_leaves_the_next_untouched() -> None:
    first = Strategy.new("001", "Alpha", "OFFICIAL")
    baseline = Strategy.new("001", "Alpha", "OFFICIAL").model_dump(mode="json")
    first.model_registry.model_metadata[0].text = "changed"
    first.monitoring.performance_metrics.clear()
    assert Strategy.new("001", "Alpha", "OFFICIAL").model_dump(mode="json") == baseline
