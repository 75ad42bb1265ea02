"""The guided intake as an I/O-free conversation: state, intents, answers, prompts and texts."""
