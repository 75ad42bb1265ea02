"""What every CLI command receives: the settings and lazily built services."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.settings import Settings
    from assistant.wiring import Services


@dataclass
class CliContext:
    """Settings plus the services, built on first use (help text needs no model)."""

    settings: Settings
    _services: Services | None = field(default=None, repr=False)

    @cached_property
    def services(self) -> Services:
        """The wired services (built once per process)."""
        from assistant.wiring import build_services  # the whole product: only when a command runs

        return self._services or build_services(self.settings)


Handler = Callable[[argparse.Namespace, CliContext], int]
"""A command: reads its parsed arguments, returns the process exit code."""
