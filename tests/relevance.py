"""Relevance of search on the query set tests/search/queries.yml: recall@3 and MRR per language.

Shared by `make bench` (which reports the numbers for our search and for Material's) and by
tests/test_search.py (which fails below the floors set from the measurement).

recall@3: share of a query's expected sections found in its first three results, averaged over the
queries. MRR: mean over queries of 1 / rank of the first expected section (0 when not in the top 10).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

QUERIES_FILE = Path(__file__).parent / "search" / "queries.yml"
Ranker = Callable[[str, str], Sequence[str]]
"""(lang, query) → result refs as '<page path>#<anchor>', best first."""


def queries() -> dict[str, list[dict[str, object]]]:
    data: dict[str, list[dict[str, object]]] = yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8"))["queries"]
    return data


def section_of(ref: str) -> str:
    """'prison-reform/01-overcrowding.html#pretrial-detention' → 'prison-reform#pretrial-detention'."""
    page, _, anchor = ref.partition("#")
    return f"{page.split('/')[0]}#{anchor}"


@dataclass(frozen=True)
class Scores:
    lang: str
    queries: int
    recall_at_3: float
    mrr: float
    misses: tuple[str, ...]
    """Queries whose first expected section is not in the top 3."""


def evaluate(lang: str, items: Sequence[dict[str, object]], ranker: Ranker) -> Scores:
    recalls, reciprocal, misses = [], [], []
    for item in items:
        expected = [str(e) for e in item["expect"]]  # type: ignore[attr-defined]
        found = [section_of(ref) for ref in ranker(lang, str(item["query"]))][:10]
        recalls.append(len(set(expected) & set(found[:3])) / len(expected))
        rank = next((i + 1 for i, section in enumerate(found) if section in expected), None)
        reciprocal.append(1 / rank if rank else 0.0)
        if expected[0] not in found[:3]:
            misses.append(f"{item['query']} → {found[:3]} (expected {expected})")
    return Scores(lang, len(items), sum(recalls) / len(items), sum(reciprocal) / len(items), tuple(misses))
