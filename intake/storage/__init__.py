"""The intake's tables and reads: stored fichas, versions, comments and transitions."""
