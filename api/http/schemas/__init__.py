"""Request and response models of the HTTP API, one module per resource."""

DB_INT_MAX = 2**31 - 1
"""The largest whole number an integer column holds (PostgreSQL ``integer``): every number a
request sends is bounded by it, so a huge one is a 422 and never a database error."""
