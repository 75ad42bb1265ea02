"""The stateful half of the intake: guided sessions, submission to DER, review, the
notification outbox and its texts."""
