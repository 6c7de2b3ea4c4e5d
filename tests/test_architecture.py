"""Size and complexity gates for the package: small modules, simple functions.

No module in src/ is over 400 lines, and no function or method is above radon's
cyclomatic complexity grade B (complexity 10 or less). The import direction
between the layers is checked by lint-imports (contracts in pyproject.toml),
which scripts/test.py runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from radon.complexity import cc_rank, cc_visit
from radon.visitors import Class, Function

SRC = Path(__file__).resolve().parents[1] / "src"
MAX_LINES = 400
WORST_GRADE = "B"


def modules() -> list[Path]:
    found = sorted(SRC.rglob("*.py"))
    assert found, f"no modules under {SRC}"
    return found


def functions(blocks: list[Function | Class], owner: str = "") -> Iterator[tuple[str, Function]]:
    """Every function, method and nested function, with a dotted name to find it by."""
    for block in blocks:
        name = f"{owner}{block.name}"
        if isinstance(block, Class):
            yield from functions([*block.methods, *block.inner_classes], f"{name}.")
        else:
            yield name, block
            yield from functions(list(block.closures), f"{name}.")


def test_no_module_is_over_400_lines() -> None:
    too_long = {}
    for path in modules():
        with path.open(encoding="utf-8") as lines:
            count = sum(1 for _ in lines)
        if count > MAX_LINES:
            too_long[str(path.relative_to(SRC))] = count
    assert not too_long, f"modules over {MAX_LINES} lines (split them): {too_long}"


def test_no_function_is_above_complexity_grade_b() -> None:
    too_complex = []
    for path in modules():
        blocks = cc_visit(path.read_text(encoding="utf-8"))
        for name, function in functions(blocks):
            # Grades run A (1-5), B (6-10), C (11-20) ...; letters compare in that order.
            grade = cc_rank(function.complexity)
            if grade > WORST_GRADE:
                where = f"{path.relative_to(SRC)}:{function.lineno}"
                too_complex.append(f"{where} {name} {grade} ({function.complexity})")
    assert not too_complex, (
        f"functions above complexity grade {WORST_GRADE} (simplify or split them):\n"
        + "\n".join(too_complex)
    )
