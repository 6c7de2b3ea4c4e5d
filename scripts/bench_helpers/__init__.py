"""Helpers for ``scripts/bench``: measuring child processes and generating records."""
