"""`diffusion-course sync` and `diffusion-course class report`: the record store from the command line.

Only argparse at module level: the CLI must start without httpx.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any


def register(subparsers: Any, parents: Sequence[argparse.ArgumentParser] = ()) -> None:
    """Add `sync` and `class report` to the CLI; `parents` bring the shared setting flags (--lrs-endpoint, …)."""
    sync = subparsers.add_parser(
        "sync",
        help="send your queued xAPI statements to the class's learning record store now",
        description="Send the statements your progress has queued to the class's learning record store, and print "
        "how many were sent, are still queued, and were refused. Nothing is recorded or sent unless lrs_endpoint, "
        "class_home_page and learner_id are set.",
        parents=list(parents),
    )
    sync.add_argument("--status", action="store_true", help="say what is configured and queued; send nothing")
    sync.set_defaults(handler=run_sync)

    klass = subparsers.add_parser(
        "class", help="for instructors: a class's report from the learning record store", parents=list(parents)
    )
    actions = klass.add_subparsers(dest="class_command", metavar="COMMAND", required=True)
    report = actions.add_parser(
        "report",
        help="per learner and per question, from the record store's statements",
        description="Read every statement of the class (--registration, else all of this course) from the record "
        "store and print, per learner: places done, best quiz scores, the test, labs done, review sessions; and "
        "per question: the share of the class whose first answer was wrong.",
        parents=list(parents),
    )
    report.add_argument("--lrs", metavar="URL", help="the record store's xAPI endpoint (default: lrs_endpoint)")
    report.add_argument("--since", metavar="TIME", help="only statements stored since this ISO 8601 time")
    shape = report.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="print JSON for scripts")
    shape.add_argument("--csv", action="store_true", help="print one table as CSV (see --by)")
    report.add_argument(
        "--by", choices=("learner", "question"), default="learner", help="the table --csv prints (default: learner)"
    )
    report.set_defaults(handler=run_report)


def run_sync(args: argparse.Namespace, settings: Any) -> int:
    from tui.progress import open_store

    from .credentials import CredentialsError, load_credentials
    from .outbox import Outbox
    from .recording import RecordsConfig

    config = RecordsConfig.from_settings(settings)
    try:
        credentials = load_credentials(settings.config_dir)
    except CredentialsError as error:
        print(f"diffusion-course: {error}", file=sys.stderr)
        return 2
    with open_store(settings.data_dir) as store:
        if args.status:
            print(_status(config, credentials, Outbox(store).counts()))
            return 0
        if config.endpoint is None:
            print("diffusion-course: no record store is configured, so nothing is recorded or sent; set "
                  "lrs_endpoint (see 'sync --status').", file=sys.stderr)
            return 2
        from .lrs import LrsClient
        from .sender import send_waiting

        with LrsClient(config.endpoint, credentials) as client:
            result = send_waiting(store, client)
    print(f"sent {result.sent}, queued {result.queued}, failed {result.failed}")
    if result.error:
        print(f"diffusion-course: {result.error}; the queued statements will be sent later.", file=sys.stderr)
        return 1
    return 0


def _status(config: Any, credentials: Any, counts: Any) -> str:
    def shown(value: str | None) -> str:
        return value or "not set"

    missing = config.missing()
    if not config.wanted:
        state = "off: no lrs_endpoint is set, so nothing is recorded or sent"
    elif missing:
        state = f"off: set {', '.join(missing)} to record"
    else:
        state = "on: your progress is recorded as xAPI statements and sent to the record store"
    lines = [
        f"recording:       {state}",
        f"record store:    {shown(config.endpoint)}",
        f"class home page: {shown(config.home_page)}",
        f"learner id:      {shown(config.learner_id)}",
        f"registration:    {shown(config.registration)}",
        f"credentials:     {f'user {credentials.username!r} from {credentials.origin}' if credentials else 'none'}",
        f"tutor messages:  {'shared' if config.share_tutor_messages else 'not shared'}",
        f"statements:      {counts.queued} queued, {counts.sent} sent, {counts.rejected} refused by the store",
    ]
    if counts.last_error:
        lines.append(f"last problem:    {counts.last_error}")
    return "\n".join(lines)


def run_report(args: argparse.Namespace, settings: Any) -> int:
    from .credentials import CredentialsError, load_credentials
    from .lrs import LrsClient, LrsUnavailable
    from .report import build_report, format_csv, format_text

    endpoint = args.lrs or settings.lrs_endpoint
    if not endpoint:
        print("diffusion-course: name the record store with --lrs URL (or set lrs_endpoint).", file=sys.stderr)
        return 2
    try:
        with LrsClient(endpoint, load_credentials(settings.config_dir)) as client:
            report = build_report(client.statements(registration=settings.registration, since=args.since))
    except (CredentialsError, LrsUnavailable) as error:
        print(f"diffusion-course: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report.as_dict(), indent=2))
    elif args.csv:
        sys.stdout.write(format_csv(report, args.by))
    else:
        print(format_text(report))
    return 0
