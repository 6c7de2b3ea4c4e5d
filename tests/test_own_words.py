"""The program's texts are in its own words: no run of words copied from the guidance.

Every text the program shows covers a point of the Re-think guidance without
copying its sentences. These tests compare the guidance with the shipped texts
(agreements/*.toml), the README and the string literals in src/, word by word
(lower-cased, punctuation dropped), and fail on any run of consecutive words the
two share: six words for the shipped texts, seven for the README and the code,
whose short labels (the Lead Professional, a review meeting...) meet the
guidance's wording more often by chance.

The guidance is not part of the repository: it is read from RETHINK_GUIDANCE,
else from the seed folder beside the checkout (../shared/seed/).
"""

from __future__ import annotations

import ast
import os
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUIDANCE_FILE = "000_4d3b366c44260d0f.txt"
SHIPPED_RUN = 6
OTHER_RUN = 7


def _guidance_path() -> Path | None:
    named = os.environ.get("RETHINK_GUIDANCE")
    candidates = [Path(named)] if named else []
    candidates.append(ROOT.parent / "shared" / "seed" / GUIDANCE_FILE)
    return next((path for path in candidates if path.is_file()), None)


def words(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("\u2019", "'")).split()


def runs(ws: list[str], guidance: set[tuple[str, ...]], n: int) -> list[str]:
    """Each longest stretch of ``ws`` whose every ``n`` words in a row are in ``guidance``."""
    hits = [tuple(ws[i : i + n]) in guidance for i in range(len(ws) - n + 1)]
    found, i = [], 0
    while i < len(hits):
        if not hits[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(hits) and hits[j + 1]:
            j += 1
        found.append(" ".join(ws[i : j + n]))
        i = j + 1
    return found


def grams(ws: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(ws[i : i + n]) for i in range(len(ws) - n + 1)}


@pytest.fixture(scope="module")
def guidance() -> list[str]:
    path = _guidance_path()
    if path is None:
        pytest.skip("the guidance is not beside this checkout; set RETHINK_GUIDANCE to its file")
    return words(path.read_text("utf-8"))


def _toml_strings(value: object, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _toml_strings(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _toml_strings(item, f"{where}[{index}]")


def shipped_texts() -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []
    for path in sorted((ROOT / "agreements").glob("*.toml")):
        texts += _toml_strings(tomllib.loads(path.read_text("utf-8")), path.name)
    return texts


def code_texts() -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []
    for path in sorted((ROOT / "src" / "rethink_cli").rglob("*.py")):
        place = path.relative_to(ROOT)
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                texts.append((f"{place}:{node.lineno}", node.value))
            elif isinstance(node, ast.JoinedStr):
                # A placeholder breaks the run: it is not the guidance's word.
                parts = (v.value if isinstance(v, ast.Constant) else " {} " for v in node.values)
                texts.append((f"{place}:{node.lineno}", "".join(map(str, parts))))
    return texts


def _copied(texts: list[tuple[str, str]], guidance: list[str], n: int) -> list[str]:
    seen = grams(guidance, n)
    return [f"{where}: {run!r}" for where, text in texts for run in runs(words(text), seen, n)]


def test_the_shipped_texts_copy_no_six_words_of_the_guidance(guidance: list[str]) -> None:
    texts = shipped_texts()
    assert len(texts) > 100  # the agreements and every facilitator text were read
    assert _copied(texts, guidance, SHIPPED_RUN) == []


def test_the_readme_copies_no_seven_words_of_the_guidance(guidance: list[str]) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert _copied([("README.md", readme)], guidance, OTHER_RUN) == []


def test_the_code_copies_no_seven_words_of_the_guidance(guidance: list[str]) -> None:
    assert _copied(code_texts(), guidance, OTHER_RUN) == []


def test_the_check_finds_a_copied_run_inside_new_words(guidance: list[str]) -> None:
    # Six of the guidance's words in a row, met inside a sentence of our own.
    sample = guidance[40:46]
    text = "Before we start: " + " ".join(sample).upper() + ", as we said."
    assert _copied([("sample", text)], guidance, SHIPPED_RUN) == [f"sample: {' '.join(sample)!r}"]
    assert _copied([("sample", text)], guidance, OTHER_RUN) == []


def test_strategy_2_says_that_keeping_only_the_actions_is_the_programs_choice() -> None:
    # The guidance rules out notes only with an independent facilitator; for
    # Strategy 2 the actions-only record is rethink's own choice, and says so.
    from rethink_cli.formats.texts import strategy, texts

    for text in (texts().no_notes_network, strategy("2").short):
        assert "own choice" in text, text
        assert "outcome statement" in text, text
        assert "minutes" not in text.lower(), text
