"""The `techbridge` command: ingest, search, ask, serve, eval, report, predock, purge, db.

Exit codes: 0 ok; 1 unexpected error; 2 configuration; 3 index built by another embedder; 4 vector store
unavailable; 5 upstream (LLM) failure; 6 not found; 7 some sources failed to load (the rest were ingested).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from retrieval.errors import ConfigError, TechBridgeError
from retrieval.types import KINDS

from .console.cli import add_user_commands
from .errors import exit_code
from .services import Services
from .settings import Settings


def _services() -> Services:
    return Services(Settings())


def cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    services = _services()
    paths = [Path(p) for p in args.paths] or [services.settings.knowledge_dir]
    if args.rebuild:
        services.store.reset()
    bar = tqdm(
        total=0,
        unit="doc",
        desc="ingest",
        disable=args.quiet or (not sys.stderr.isatty() and not args.progress),
    )

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    report = services.ingestor.ingest_paths(paths, prune=not args.no_prune, progress=progress)
    bar.close()
    summary = report.summary()
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    print(
        json.dumps(summary, ensure_ascii=False)
        if args.json
        else f"ingested {', '.join(map(str, paths))}: {summary['added']} added, "
        f"{summary['updated']} updated, "
        f"{summary['unchanged']} unchanged, {summary['deleted']} deleted, {summary['chunks_written']} chunks "
        f"written, {len(report.errors)} errors in {summary['seconds']} s"
    )
    return 7 if report.errors else 0


def cmd_search(args: argparse.Namespace) -> int:
    from retrieval.types import SearchFilters

    services = _services()
    filters = SearchFilters(kind=tuple(args.kind or ()), lang=args.lang)
    result = services.searcher.search(args.query, k=args.k, filters=filters)
    for i, hit in enumerate(result.hits, start=1):
        c = hit.chunk
        head = f"[{i}] {hit.score:.3f} {c.kind:<11} {c.doc_id} {c.locator}".rstrip()
        print(f"{head}\n    {c.title}\n    {c.text[:200].replace(chr(10), ' ')}")
    if not result.hits:
        print("no results (is the index empty? run `techbridge ingest`)")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    services = _services()
    response = services.chat.answer(args.question, session_id=args.session, lang=args.lang)
    if args.json:
        print(response.model_dump_json(indent=2))
        return 0
    print(response.answer)
    if response.citations:
        print()
        for c in response.citations:
            where = f" {c.locator}" if c.locator else ""
            print(f"[{c.n}] {c.title}{where} ({c.date or 'n.d.'}) {c.url}".rstrip())
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = Settings()
    if args.ingest:
        os.environ["TECHBRIDGE_INGEST_ON_START"] = "true"
    host = args.host or settings.server.host
    port = int(args.port or os.environ.get("PORT") or settings.server.port)
    # proxy_headers=False: the app reads X-Forwarded-For itself, only from TECHBRIDGE_SERVER__TRUSTED_PROXIES
    # (uvicorn would believe any client on 127.0.0.1), so the rate limits key on the real client.
    uvicorn.run(
        "bot.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=args.workers,
        log_level="info",
        proxy_headers=False,
    )
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluation.runner import run_eval

    return run_eval(_services(), args)


def cmd_report(args: argparse.Namespace) -> int:
    """Demand-gap report: gaps.json, gaps.csv and a PNG chart of the top gaps."""
    from .evaluation.metrics import print_table
    from .matching.gaps import gaps_report
    from .matching.report import write_report

    services = _services()
    report = gaps_report(
        services.conversations,
        services.leads,
        services.matcher,
        services.catalog,
        services.searcher.glossary,
        args.limit,
    )
    written = write_report(report, Path(args.out), args.top)
    columns = ("topic", "count", "unanswered", "rated_down", "unmatched_demands")
    rows = [{c: t[c] for c in columns} for t in report["topics"][: args.top]]
    print_table(rows) if rows else print("no gaps recorded yet")
    print(
        f"\nwrote {written['json']}, {written['csv']}, {written['png']}"
        + ("" if written["font"] else " (no CJK font found: chart labels in English)")
    )
    return 0


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def cmd_predock(args: argparse.Namespace) -> int:
    """Pre-docking: both ways, with reasons, and with --slots a one-to-one schedule, into one workbook."""
    from .matchmaking.service import PredockOptions, run_predock, run_predock_event

    files = (args.demands, args.achievements)
    if (args.event and any(files)) or (not args.event and not all(files)):
        raise ConfigError("give --event EVENT_ID, or both --demands and --achievements")
    options = PredockOptions(k=args.k, slots=args.slots, max_meetings=args.max_meetings, tables=args.tables)
    progress = None if args.json else lambda line: print(line, file=sys.stderr)
    if args.event:
        run = run_predock_event(_services(), args.event, options, Path(args.out), progress=progress)
    else:
        demands, achievements = Path(args.demands), Path(args.achievements)
        run = run_predock(_services(), demands, achievements, options, Path(args.out), progress=progress)
    summary = run.summary()
    for error in run.result.errors:
        print(f"error: {error}", file=sys.stderr)
    print(json.dumps(summary, ensure_ascii=False) if args.json else f"wrote {args.out}: {summary}")
    return 7 if run.result.errors else 0


def cmd_purge(args: argparse.Namespace) -> int:
    """Delete conversations and leads older than the retention settings (or the days given here)."""
    services = _services()
    retention = services.settings.retention
    now = dt.datetime.now(dt.UTC)
    messages_days = retention.messages_days if args.messages_days is None else args.messages_days
    leads_days = retention.leads_days if args.leads_days is None else args.leads_days
    result: dict[str, object] = {"dry_run": args.dry_run}
    verb = "would delete" if args.dry_run else "deleted"
    lines = []
    if messages_days > 0:
        before = now - dt.timedelta(days=messages_days)
        counts = services.conversations.purge(before, dry_run=args.dry_run)
        result.update(messages_before=before.isoformat(timespec="seconds"), conversations=counts)
        parts = ", ".join(f"{n} {table}" for table, n in counts.items())
        lines.append(f"{verb} {parts} older than {messages_days} days")
    else:
        lines.append("messages are kept forever (TECHBRIDGE_RETENTION__MESSAGES_DAYS=0)")
    if leads_days > 0:
        before = now - dt.timedelta(days=leads_days)
        leads = services.leads.purge(before, dry_run=args.dry_run)
        result.update(leads_before=before.isoformat(timespec="seconds"), leads=leads)
        lines.append(f"{verb} {leads} leads not updated for {leads_days} days")
    else:
        lines.append("leads are kept forever (TECHBRIDGE_RETENTION__LEADS_DAYS=0)")
    print(json.dumps(result, ensure_ascii=False) if args.json else "\n".join(lines))
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    """`db upgrade`: migrate the database to the newest schema (the server also does so at start);
    `db current`: the revision it is at."""
    from sqlalchemy.engine import make_url

    from .storage.db import Database
    from .storage.migrations import current, head

    database = Database.from_settings(Settings(), migrate=False)
    where = make_url(database.url).render_as_string(hide_password=True)
    try:
        if args.db_command == "upgrade":
            database.upgrade(args.revision)
        revision, newest = current(database.engine), head()
    finally:
        database.dispose()
    state = "the newest" if revision == newest else f"the newest is {newest}"
    print(f"{where}: revision {revision or 'none (not migrated)'} ({state})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="techbridge", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="index files and folders (default: the knowledge dir)")
    p.add_argument("paths", nargs="*")
    p.add_argument("--rebuild", action="store_true", help="drop the index first (after changing embedder)")
    p.add_argument("--no-prune", action="store_true", help="keep documents whose files are gone")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--progress", action="store_true", help="progress bar even when not on a terminal")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("search", help="hybrid search")
    p.add_argument("query")
    p.add_argument("-k", type=int, default=5)
    p.add_argument("--kind", action="append", choices=KINDS)
    p.add_argument("--lang", choices=["zh", "en"])
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ask", help="answer a question with citations")
    p.add_argument("question")
    p.add_argument("--session")
    p.add_argument("--lang", choices=["zh", "en"])
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("serve", help="serve the HTTP API and the widget")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--ingest", action="store_true", help="ingest the knowledge dir before serving")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("eval", help="retrieval evaluation (and --answers, --match)")
    p.add_argument("--answers", action="store_true", help="answer evaluation per mode")
    p.add_argument("--match", action="store_true", help="matchmaking evaluation")
    p.add_argument("--routing", action="store_true", help="intent routing: accuracy, confusion matrix")
    p.add_argument(
        "--conversations", action="store_true", help="questions and conversations, dev and test splits"
    )
    p.add_argument("--weights", help="comma-separated keyword weights to compare, e.g. 0,0.1,0.2")
    p.add_argument("--modes", default="extractive", help="answer modes to evaluate, e.g. extractive,llm")
    p.add_argument("--json", action="store_true")
    p.add_argument("--misses", action="store_true", help="print the questions missed at rank 5")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("report", help="demand-gap report for the office (JSON, CSV and a PNG chart)")
    p.add_argument("--out", default="report", help="output folder (default: ./report)")
    p.add_argument("--top", type=int, default=10, help="topics in the chart")
    p.add_argument("--limit", type=int, default=500, help="most recent items read per source")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("predock", help="pre-dock an event's demands and achievements both ways (XLSX)")
    p.add_argument("--demands", help="demand listing, CSV or XLSX (knowledge/FORMAT.md)")
    p.add_argument("--achievements", help="achievement listing, CSV or XLSX")
    p.add_argument(
        "--event", help="instead of files: an indexed event's demands and achievements (README, Pre-docking)"
    )
    p.add_argument("--k", type=_positive, default=5, help="matches per record, each way (default 5)")
    p.add_argument("--slots", type=_positive, help="time slots for one-to-one talks: adds the schedule sheet")
    p.add_argument("--max-meetings", type=_positive, default=5, help="talks per enterprise or institution")
    p.add_argument("--tables", type=_positive, help="tables per slot (default: as many as needed)")
    p.add_argument("--out", required=True, help="the workbook to write (.xlsx)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=cmd_predock)

    p = sub.add_parser(
        "purge", help="delete messages and leads older than the retention settings (TECHBRIDGE_RETENTION__*)"
    )
    p.add_argument("--dry-run", action="store_true", help="count what would be deleted, delete nothing")
    p.add_argument(
        "--messages-days", type=int, help="instead of TECHBRIDGE_RETENTION__MESSAGES_DAYS (0: keep)"
    )
    p.add_argument("--leads-days", type=int, help="instead of TECHBRIDGE_RETENTION__LEADS_DAYS (0: keep)")
    p.add_argument("--json", action="store_true", help="print the counts as JSON")
    p.set_defaults(func=cmd_purge)

    p = sub.add_parser("db", help="the database's schema: migrate it (upgrade), show its revision (current)")
    db = p.add_subparsers(dest="db_command", required=True)
    up = db.add_parser("upgrade", help="migrate to the newest schema (the server also does at start)")
    up.add_argument("revision", nargs="?", default="head", help="a revision (default: head)")
    db.add_parser("current", help="print the revision the database is at")
    p.set_defaults(func=cmd_db)
    add_user_commands(sub)  # users add|list|remove|passwd (bot/console/cli.py)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    try:
        return int(args.func(args) or 0)
    except TechBridgeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exit_code(exc)


if __name__ == "__main__":
    sys.exit(main())
