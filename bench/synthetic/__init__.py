"""SYNTHETIC data for benchmarks only. Never copied to data/ or used in a real briefing."""
