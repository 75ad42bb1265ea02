"""Mutation testing of the critical modules (``make mutacion``)."""
