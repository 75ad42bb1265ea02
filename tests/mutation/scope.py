"""Which tests judge a mutant: those of the mutated package's own area (``make mutacion``).

mutmut runs, for each mutant, every selected test that reached the mutated function. The web
and Slack tests reach the rules engine through the whole app, so a surviving rules mutant
would also run the slow route matrix; the rules tests are the ones that must catch it. Tests
outside the area are deselected while a mutant is under test (never in a normal run), which
can only lower a score.
"""

from __future__ import annotations

MUTANT_MARK = "__mutmut_"

TESTS_BY_PACKAGE: dict[str, tuple[str, ...]] = {
    "intake.": ("tests/intake/",),
    "assistant.": ("tests/assistant/",),
    "api.web.": ("tests/api/web/",),
    "api.slack.": ("tests/api/slack/", "tests/security/test_slack_junk.py"),
}
"""Dotted package prefix of a mutated module → test paths that judge its mutants."""


def judges(mutant: str, nodeid: str) -> bool:
    """True when test ``nodeid`` judges ``mutant`` (a mutmut mutant name, or anything else:
    then every test does)."""
    if MUTANT_MARK not in mutant:
        return True
    for package, paths in TESTS_BY_PACKAGE.items():
        if mutant.startswith(package):
            return nodeid.startswith(paths)
    return True
