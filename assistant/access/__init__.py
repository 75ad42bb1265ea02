"""People and their access: users with roles and hashed API tokens, and the per-token rate limit."""
