"""Fakes at the network boundary (embedders, chat models, Slack)."""
