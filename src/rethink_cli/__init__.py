"""rethink: a terminal companion for facilitators of Re-think sessions."""

__version__ = "0.1.0"
