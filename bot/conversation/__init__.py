"""Understanding a message: which intent it carries, what it refers to, which slots it fills.

Which intent is decided by the semantic router (router.py: nearest prototype utterances, prototypes.yaml,
in the embedding space); regular expressions stay for deterministic slots (article numbers, cities,
dates, record attributes).
"""
