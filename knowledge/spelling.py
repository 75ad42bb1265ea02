"""Which words are Spanish: a typo is repaired, a word is not.

The index repairs a word it does not know with its closest word (`knowledge.lexical`):
«equpo» → «equipo». A word the index does not know may still be Spanish, and its closest
index word then means something else: «fotos» became «focos», «viernes» «vigentes»,
«vacaciones» «acciones». Those repairs pulled out-of-scope questions towards the policy
and searched for what nobody asked. A word is Spanish when it is common enough in
written Spanish: `wordfreq`'s frequency lists (shipped inside the package, read from disk)
put it at `MIN_ZIPF` or above (a Zipf frequency of 2 is about once per ten million words).

Measured on the questions of the dev and calibration sets: of the 128 words they use that
the index lacks, 114 are Spanish words here; the other 14 are typos («equpo», «vison»),
acronyms («secop», «ocad») and rare or unaccented forms («focalizan», «viaticos»), which
are repaired as before. Of the 479 typos of their misspelled copies
(`knowledge.misspelling`), 5 are words themselves («recta», «cuado»).
"""

from __future__ import annotations

from functools import lru_cache

from wordfreq import zipf_frequency

MIN_ZIPF = 2.0
LETTERS = "abcdefghijklmnopqrstuvwxyzñ"


@lru_cache(maxsize=50_000)
def is_spanish_word(word: str) -> bool:
    """True when ``word`` (folded, as the index tokenises it) is common written Spanish."""
    return zipf_frequency(word, "es") >= MIN_ZIPF


def warm_up() -> None:
    """Read the Spanish frequency list from disk (about 0.3 s; once per process)."""
    is_spanish_word("asistencia")


@lru_cache(maxsize=20_000)
def one_edit_away(word: str) -> tuple[str, ...]:
    """The Spanish words one edit from ``word`` (a letter dropped, added, changed or two
    swapped: how most typos are made), most frequent first. «sncion» → «sancion»:
    the word the user meant, even when the index never uses it."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in LETTERS}
    edits |= {a + c + b for a, b in splits for c in LETTERS}
    edits.discard(word)
    found = [(zipf_frequency(w, "es"), w) for w in edits if len(w) > 2]
    return tuple(w for f, w in sorted(found, reverse=True) if f >= MIN_ZIPF)
