"""Exports of the record: TOML, Markdown, text and safe file names."""
