"""Parts of the method that can be switched off, to measure what each one earns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Parts:
    """Parts of the method that can be switched off, to measure what each one earns."""

    lexicon: bool = True  # English words through the bilingual lexicon
    informal: bool = True  # chat forms, colloquial verbs and typos repaired
    types: bool = True  # question types and the answers that carry them
    dates: bool = True  # years and months against article dates
    context: bool = True  # neighbouring sentences and titles
    names: bool = True  # names the corpus lacks, or that never meet, mean not found
