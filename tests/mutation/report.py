"""Print the mutation score of each critical module from mutmut's results (``make mutacion``).

mutmut keeps one ``mutants/<module path>.meta`` per mutated file with the exit code of the
tests for each mutant. A mutant is caught when a test failed (killed), ran out of time or
crashed; it escapes when every test passed or no test reached it. Usage::

    python -m tests.mutation.report intake.rules.checks.values api.web.auth …
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

CAUGHT = {1, 3, 24, -24, 36, 152, 255, -11, -9, 37}
"""Exit codes of a detected mutant: failed test, internal error, timeout, crash, type check."""
ESCAPED = {0, 5, 33}
"""Exit codes of an escaped mutant: tests passed, or no test reached it."""
GOAL = 0.90


def score(module: str, root: Path = Path("mutants")) -> tuple[int, int, int]:
    """(caught, escaped, not yet run) for one dotted module name."""
    meta = root / (module.replace(".", "/") + ".py.meta")
    if not meta.exists():
        return 0, 0, 0
    codes = Counter(json.loads(meta.read_text("utf-8"))["exit_code_by_key"].values())
    caught = sum(n for code, n in codes.items() if code in CAUGHT)
    escaped = sum(n for code, n in codes.items() if code in ESCAPED)
    return caught, escaped, codes.get(None, 0)


def main(modules: list[str]) -> int:
    """Print one line per module and the total; exit 1 when a checked module is below goal."""
    below = False
    total_caught = total_checked = 0
    print(f"{'módulo':45} {'atrapados':>9} {'escapan':>8} {'puntaje':>8}")
    for module in modules:
        caught, escaped, pending = score(module)
        checked = caught + escaped
        total_caught, total_checked = total_caught + caught, total_checked + checked
        if not checked:
            print(f"{module:45} {'—':>9} {'—':>8} {'sin correr':>8}")
            continue
        ratio = caught / checked
        below = below or ratio < GOAL
        note = f" ({pending} sin correr)" if pending else ""
        print(f"{module:45} {caught:>9} {escaped:>8} {ratio:>8.1%}{note}")
    if total_checked:
        print(
            f"{'total':45} {total_caught:>9} {total_checked - total_caught:>8} "
            f"{total_caught / total_checked:>8.1%}"
        )
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
