"""How the assistant is used: the log of answered questions and their feedback."""
