"""Every user-facing error declares what kind of error it is (and so its HTTP status)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

from api.http.errors import STATUS_BY_KIND, status_of
from assistant.errors import ErrorKind, UserFacingError

PACKAGES = ("knowledge", "intake", "assistant", "api")
PACKAGE_ROOTS = {"UserFacingError", "KnowledgeError", "IntakeError", "AssistantError", "FaqError"}
"""Roots of a subtree: they group errors and are never raised themselves."""


def _all_subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_all_subclasses(sub)}
    return found


@pytest.fixture(scope="module")
def error_classes() -> list[type[UserFacingError]]:
    for package in PACKAGES:
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, f"{package}."):
            if ".migrations." not in info.name and not info.name.endswith("migrations.env"):
                importlib.import_module(info.name)
    return sorted(_all_subclasses(UserFacingError), key=lambda c: c.__qualname__)


def test_every_concrete_error_declares_its_kind(error_classes: list[type]) -> None:
    concrete = [c for c in error_classes if c.__name__ not in PACKAGE_ROOTS]
    assert len(concrete) >= 20
    assert [c.__qualname__ for c in concrete if c.kind is None] == []


def test_every_kind_has_an_http_status() -> None:
    assert set(STATUS_BY_KIND) == set(ErrorKind)


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        (ErrorKind.INVALID, 422),
        (ErrorKind.NOT_FOUND, 404),
        (ErrorKind.FORBIDDEN, 403),
        (ErrorKind.CONFLICT, 409),
        (ErrorKind.UNAVAILABLE, 503),
        (None, 500),
    ],
)
def test_the_status_follows_the_kind(kind: ErrorKind | None, status: int) -> None:
    error_type = type("PlantedError", (UserFacingError,), {"kind": kind})
    assert status_of(error_type("mensaje")) == status
