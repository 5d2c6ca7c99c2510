"""Matchmaking on the bot side: the match API's service, demand capture in chat, leads for staff review,
demand-gap analytics. Scoring itself is knowledge-side: retrieval/matching.py; its evaluation is
bot/evaluation/matching.py."""
