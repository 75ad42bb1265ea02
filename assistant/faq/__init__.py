"""The FAQ bank: entries and revisions, the editorial workflow, matching, import/export,
staleness, the usage report and the queue of unresolved questions."""
