"""Persistence: one database (db.py: SQLite in the data dir, or PostgreSQL with TECHBRIDGE_DATABASE_URL),
every table in schema.py, migrated by Alembic (migrations/). `conversations.py` keeps conversations,
messages, feedback, dialogue state and channel event claims; leads are in bot/matching/leads.py."""
