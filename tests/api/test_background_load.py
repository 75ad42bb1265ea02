"""The chat's background load: its prompt does not wait for it, its first message does."""

from __future__ import annotations

import threading

import pytest

from api.cli.background_load import BackgroundLoad


def test_wait_blocks_until_the_load_is_done() -> None:
    release = threading.Event()
    done: list[str] = []

    def load() -> None:
        release.wait(5)
        done.append("cargado")

    loading = BackgroundLoad(load)
    assert done == []  # the caller went on while it loads
    release.set()
    loading.wait()
    assert done == ["cargado"]


def test_a_failed_load_is_raised_once_at_the_first_wait() -> None:
    def load() -> None:
        raise RuntimeError("índice roto")

    loading = BackgroundLoad(load)
    with pytest.raises(RuntimeError, match="índice roto"):
        loading.wait()
    loading.wait()  # reported once; the next message tries again through the answerer


def test_settle_at_exit_drops_the_error() -> None:
    def load() -> None:
        raise RuntimeError("índice roto")

    BackgroundLoad(load).settle()
