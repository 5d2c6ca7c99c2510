"""Persistence of conversations, messages, feedback, dialogue state, channel event claims and leads:
`conversations.py` on SQLite (the default), `postgres.py` on PostgreSQL (TECHBRIDGE_DATABASE_URL)."""
