"""The terminal edge: the only place that prompts (questionary) and draws (Rich)."""
