"""Deterministic rules drawn from the call texts: data, loading, and (pure) evaluation."""
