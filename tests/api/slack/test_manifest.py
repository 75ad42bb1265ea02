"""The app manifests in the repository match what the code listens to, both ways."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from slack_sdk import WebClient

import api.slack
from api.slack.app import LISTENER_FAMILIES
from api.slack.assistant_thread import SUGGESTED_PROMPTS
from api.slack.client import build_notifier
from assistant.wiring import Services

MANIFESTS = sorted((Path(api.slack.__file__).parent / "manifest").glob("*.yaml"))

METHOD_SCOPES = {
    "chat.postMessage": "chat:write",
    "chat.postEphemeral": "chat:write",
    "chat.update": "chat:write",
    "reactions.add": "reactions:write",
    "reactions.remove": "reactions:write",
    "conversations.open": "im:write",
    "files.getUploadURLExternal": "files:write",
    "assistant.threads.setStatus": "assistant:write",
    "assistant.threads.setTitle": "assistant:write",
    "assistant.threads.setSuggestedPrompts": "assistant:write",
    "users.info": "users:read",
}
"""Scopes of the Web API methods the bot calls (Slack's method reference)."""


class Recorder:
    """Stands in for the Bolt app: records what each family registers."""

    def __init__(self) -> None:
        self.events: set[str] = set()
        self.commands: set[str] = set()
        self.shortcuts: set[str] = set()
        self.interactive = 0

    def _keep(self, target: set[str] | None, key: object) -> Callable[[Any], Any]:
        if target is not None:
            target.add(str(key))
        else:
            self.interactive += 1
        return lambda listener: listener

    def event(self, name: str) -> Callable[[Any], Any]:
        return self._keep(self.events, name)

    def command(self, name: str) -> Callable[[Any], Any]:
        return self._keep(self.commands, name)

    def shortcut(self, callback_id: str) -> Callable[[Any], Any]:
        return self._keep(self.shortcuts, callback_id)

    def action(self, action_id: object) -> Callable[[Any], Any]:
        return self._keep(None, action_id)

    def view(self, callback_id: object) -> Callable[[Any], Any]:
        return self._keep(None, callback_id)


@pytest.fixture
def registered(services: Services) -> Recorder:
    recorder = Recorder()
    notifier = build_notifier(services, client=WebClient())
    for family in LISTENER_FAMILIES:
        family.register(recorder, services, notifier)  # type: ignore[arg-type]
    return recorder


def test_there_are_http_and_socket_mode_manifests() -> None:
    assert [m.stem for m in MANIFESTS] == ["http", "socket"]
    http, socket = (yaml.safe_load(m.read_text(encoding="utf-8")) for m in MANIFESTS)
    assert http["settings"]["socket_mode_enabled"] is False
    assert socket["settings"]["socket_mode_enabled"] is True
    assert http["settings"]["event_subscriptions"]["request_url"].endswith("/slack/events")
    assert "request_url" not in socket["settings"]["event_subscriptions"]


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.stem)
def test_the_manifest_lists_exactly_what_the_code_listens_to(
    path: Path, registered: Recorder
) -> None:
    manifest = yaml.safe_load(path.read_text(encoding="utf-8"))
    settings, features = manifest["settings"], manifest["features"]
    events = {e.split(".")[0] for e in settings["event_subscriptions"]["bot_events"]}
    assert events == registered.events  # message.im / .channels / .groups are «message»
    assert {c["command"] for c in features["slash_commands"]} == registered.commands
    assert {s["callback_id"] for s in features["shortcuts"]} == registered.shortcuts
    assert settings["interactivity"]["is_enabled"] is (registered.interactive > 0)
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert (
        set(METHOD_SCOPES.values())
        | {"commands", "app_mentions:read", "im:history", "users:read.email"}
        <= scopes
    )
    prompts = [(p["title"], p["message"]) for p in features["assistant_view"]["suggested_prompts"]]
    assert prompts == list(SUGGESTED_PROMPTS)
    assert features["app_home"]["messages_tab_enabled"] is True


def test_the_scope_table_covers_every_method_the_bot_calls() -> None:
    package = Path(api.slack.__file__).parent
    source = "\n".join(p.read_text(encoding="utf-8") for p in package.rglob("*.py"))
    called = set(re.findall(r"client\.([a-z]+_[A-Za-z0-9_]+)\b", source))
    known = {m.replace(".", "_") for m in METHOD_SCOPES} | {"views_open", "files_upload_v2"}
    assert called and called <= known
