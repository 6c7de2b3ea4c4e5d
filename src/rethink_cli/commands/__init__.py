"""Thin Typer commands: each parses options and calls one function of the core."""
