"""Write the README's command reference from the commands themselves.

    scripts/readme_reference.py           # rewrite the block in README.md
    scripts/readme_reference.py --check   # exit 1 if README is out of date
    .venv/bin/python -m tests.harness.readme_reference [--check]   # the same

tests/test_readme.py runs the check, and compares it with each command's --help.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

from tests.harness import ROOT

START = "<!-- reference:start (scripts/readme_reference.py writes this block) -->"
END = "<!-- reference:end -->"


def walk(command: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:
    subs = getattr(command, "commands", None)
    if subs:
        for name in sorted(subs):
            yield from walk(subs[name], [*path, name])
    else:
        yield path, command


def reference_markdown() -> str:
    import typer

    from rethink_cli.cli.app import app

    lines: list[str] = []
    for path, command in walk(typer.main.get_command(app), ["rethink"]):
        arguments = [p for p in command.params if p.param_type_name == "argument"]
        names = [(a.metavar or a.name.upper()).strip("[]") for a in arguments]
        shown = [n if a.required else f"[{n}]" for n, a in zip(names, arguments, strict=True)]
        usage = " ".join([*path, *shown])
        summary = (command.help or "").strip().splitlines()[0]
        lines += [f"### `{usage}`", "", summary, ""]
        options = [p for p in command.params if p.param_type_name == "option" and not p.hidden]
        for option in options:
            flags = ", ".join(f"`{o}`" for o in [*option.opts, *option.secondary_opts])
            text = (option.help or "").strip()
            lines.append(f"- {flags}: {text}" if text else f"- {flags}")
        if options:
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def with_reference(readme: str) -> str:
    before, rest = readme.split(START, 1)
    _, after = rest.split(END, 1)
    return f"{before}{START}\n\n{reference_markdown()}\n{END}{after}"


def main() -> int:
    path = ROOT / "README.md"
    current = path.read_text(encoding="utf-8")
    wanted = with_reference(current)
    if "--check" in sys.argv:
        if current != wanted:
            print("README.md's command reference is out of date: run scripts/readme_reference.py")
            return 1
        return 0
    path.write_text(wanted, encoding="utf-8")
    print("README.md updated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
