"""Chat turns: the router that sends each message to the intake or the answering, and the
conversation history it keeps."""
