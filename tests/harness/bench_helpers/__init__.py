"""Helpers for ``tests.harness.bench``: measuring children, records, figures, the table."""
