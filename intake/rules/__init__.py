"""The rules engine: the rules file, the checks, the validation report and duplicates."""
