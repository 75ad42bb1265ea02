"""Tests of the intake package: ficha, rules engine, documents and CLI."""
