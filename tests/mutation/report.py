"""Print the mutation score of each critical module from mutmut's results (``make mutacion``).

mutmut keeps one ``mutants/<module path>.meta`` per mutated file with the exit code of the
tests for each mutant. A mutant is caught when a test failed (killed), ran out of time or
crashed; it escapes when every test passed or no test reached it. A surviving mutant that was
reviewed and behaves exactly like the original (listed with its reason in
``equivalentes.txt``) counts neither way. Usage::

    python -m tests.mutation.report intake.rules.checks.values api.web.auth …
    python -m tests.mutation.report --solo muestra.txt intake.rules.engine …

``--solo FILE`` counts only the mutants named in FILE (one a line): the score of a sample,
when running every mutant takes longer than the machine allows.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

CAUGHT = {1, 3, 24, -24, 36, 152, 255, -11, -9, 37}
"""Exit codes of a detected mutant: failed test, internal error, timeout, crash, type check."""
TIMED_OUT = {24, -24, 36, 152}
"""Exit codes of a mutant whose tests ran out of time (shown apart: on a loaded machine a slow
survivor can look like one)."""
ESCAPED = {0, 5, 33}
"""Exit codes of an escaped mutant: tests passed, or no test reached it."""
GOAL = 0.90
EQUIVALENTS = Path(__file__).with_name("equivalentes.txt")


@dataclass(frozen=True)
class Score:
    """The verdicts of one module's mutants."""

    caught: int = 0
    escaped: int = 0
    pending: int = 0
    timed_out: int = 0
    equivalent: int = 0

    @property
    def checked(self) -> int:
        """Mutants with a verdict that counts (caught or escaped)."""
        return self.caught + self.escaped


def reviewed_equivalents(path: Path = EQUIVALENTS) -> dict[str, str]:
    """Mutant name → why it is equivalent, from ``<mutant name>  # reason`` lines.

    Raises:
        ValueError: A line without a reason.
    """
    reviewed: dict[str, str] = {}
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, _, reason = line.partition("#")
        if not reason.strip():
            raise ValueError(f"{path.name}:{number}: falta la razón de «{name.strip()}»")
        reviewed[name.strip()] = reason.strip()
    return reviewed


def score(
    module: str,
    root: Path = Path("mutants"),
    equivalents: frozenset[str] = frozenset(),
    only: frozenset[str] | None = None,
) -> Score:
    """The verdicts of one dotted module name (of the mutants in ``only``, if given);
    reviewed equivalents that survived are set apart (one a test kills counts as caught)."""
    meta = root / (module.replace(".", "/") + ".py.meta")
    if not meta.exists():
        return Score()
    verdicts = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
    if only is not None:
        verdicts = {k: code for k, code in verdicts.items() if k in only}
    equivalent = {k for k, code in verdicts.items() if k in equivalents and code in ESCAPED}
    codes = Counter(code for k, code in verdicts.items() if k not in equivalent)
    return Score(
        caught=sum(n for code, n in codes.items() if code in CAUGHT),
        escaped=sum(n for code, n in codes.items() if code in ESCAPED),
        pending=codes.get(None, 0),
        timed_out=sum(n for code, n in codes.items() if code in TIMED_OUT),
        equivalent=len(equivalent),
    )


def main(arguments: list[str]) -> int:
    """Print one line per module and the total; exit 1 when a checked module is below goal."""
    only = None
    if arguments[:1] == ["--solo"]:
        only = frozenset(Path(arguments[1]).read_text("utf-8").split())
        arguments = arguments[2:]
    modules = arguments
    equivalents = frozenset(reviewed_equivalents())
    below = False
    total_caught = total_checked = 0
    print(f"{'módulo':45} {'atrapados':>9} {'escapan':>8} {'equival.':>8} {'puntaje':>8}")
    for module in modules:
        result = score(module, equivalents=equivalents, only=only)
        total_caught += result.caught
        total_checked += result.checked
        if not result.checked:
            print(f"{module:45} {'—':>9} {'—':>8} {'—':>8} {'sin correr':>8}")
            continue
        ratio = result.caught / result.checked
        below = below or ratio < GOAL
        notes = [f"{result.timed_out} por tiempo"] if result.timed_out else []
        notes += [f"{result.pending} sin correr"] if result.pending else []
        note = f" ({', '.join(notes)})" if notes else ""
        print(
            f"{module:45} {result.caught:>9} {result.escaped:>8} {result.equivalent:>8} "
            f"{ratio:>8.1%}{note}"
        )
    if total_checked:
        print(
            f"{'total':45} {total_caught:>9} {total_checked - total_caught:>8} {'':>8} "
            f"{total_caught / total_checked:>8.1%}"
        )
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
