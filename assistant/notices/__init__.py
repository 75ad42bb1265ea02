"""Notices for people in the web: the outbox's notifications addressed to them, read or not."""
