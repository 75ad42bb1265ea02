"""The answer path: a question in, an `Answer` out (glossary, FAQ, policy or abstention)."""
