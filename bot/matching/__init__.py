"""Matchmaking on the bot side: the match API's service, demand capture in chat, leads for staff review,
demand-gap analytics and the matching evaluation. Scoring itself is knowledge-side: retrieval/matching.py."""
