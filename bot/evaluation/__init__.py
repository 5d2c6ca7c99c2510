"""The evaluations `techbridge eval` runs over the questions in the evals dir (`TECHBRIDGE_EVALS_DIR`,
default evals/ beside the knowledge dir): retrieval (recall@1, recall@5, MRR), answers (accuracy,
refusal accuracy, citation correctness) and matchmaking (precision@3, MRR).

    metrics    the one score type (`Score`: per-case values averaged per measure) and the table printer
    retrieval  evals/retrieval against the hybrid search
    answers    evals/answers against the chat service, per answer mode
    matching   evals/match against the matcher
    runner     `techbridge eval`: picks the evaluation, reads its cases from the settings' evals dir
    routing, conversations   the intent router's and the multi-turn evaluations (their own reports)

Nothing here is imported by the rest of `bot/`, nor by `retrieval/`; it imports them.
"""
