"""Benchmarks are scripts run by scripts/bench, never pytest tests."""

collect_ignore_glob = ["*.py"]
