"""Benchmarks: scripts that print figures (`python -m bench.<name>`); they are not timed tests."""
