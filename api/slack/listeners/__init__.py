"""Listener families of the Slack app; each module has ``register(app, services)``."""
