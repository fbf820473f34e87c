"""`python -m outreach report --per county|unit --period 2014-09|last-month --out DIR|FILE.zip
[--unmask --user NAME] [--db PATH]`: the monthly 通报 pack.

``--period`` is one month, or ``last-month``: the calendar month before today (for a cron line on the
5th). With ``--user``, the pack is limited to that account's scope; ``--unmask`` needs an account that
may unmask (outreach.access.may) once accounts exist. Every pack written is recorded in the audit log.
Refused arguments exit 2 before anything is written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from outreach import access, accounts, store
from outreach import audit as audit_log
from outreach.filters import Filters, month_of
from outreach.i18n import t
from outreach.queries import QueryRunner
from outreach.report import audit as privacy_audit
from outreach.report import bulletin, bulletin_docx, charts


def period_month(text: str | None, today: dt.date | None = None) -> dt.date | None:
    """`2014-09` → 1 Sep 2014; `last-month` (or none) → the month before ``today``; else None."""
    value = (text or "last-month").strip()
    if value in ("last-month", "last_month"):
        return bulletin.last_month(today)
    return month_of(value)


def main(args: argparse.Namespace, lang: str) -> int:
    extra = [name for name, value in (("--format", args.format), ("--text", args.text), ("--county", args.county),
                                      ("--unit", args.unit), ("--category", args.category), ("--role", args.role))
             if value]
    if extra:
        print(t("bul.cli.not_with_per", lang, options=" ".join(extra)), file=sys.stderr)
        return 2
    month = period_month(args.period)
    if month is None:
        print(t("bul.cli.bad_period", lang, value=args.period), file=sys.stderr)
        return 2
    out = args.out
    if out.suffix.lower() != ".zip" and (out.suffix or out.is_file()):  # a folder, or a zip
        print(t("bul.cli.bad_out", lang, out=out), file=sys.stderr)
        return 2
    con = store.open_existing(args.db)
    viewer: access.Viewer | str = "cli"
    scope = None
    if args.user:
        found = accounts.viewer_for(con, args.user)
        if found is None:
            print(t("bul.cli.no_user", lang, user=args.user), file=sys.stderr)
            return 2
        viewer, scope = found, access.scope(con, found)
        if args.unmask and not access.may(found, "unmask"):
            print(t("bul.cli.no_grant", lang, user=args.user), file=sys.stderr)
            return 2
    elif args.unmask and accounts.any_accounts(con):
        print(t("bul.cli.need_user", lang), file=sys.stderr)
        return 2
    q = QueryRunner(con, scope)
    pack = bulletin.build(q, month, args.per, masked=not args.unmask)
    named = bulletin_docx.files(pack, lang, with_pdf=charts.browser_available())
    written = bulletin_docx.write(named, out)
    f = Filters(month, month)
    audit_log.record(con, viewer, "export", target=f"pack-{args.per}", filters=f, unmasked=bool(args.unmask))
    if args.unmask:
        privacy_audit.record(con, "export", f"pack-{args.per}", f, args.user)
    print(t("bul.cli.written", lang, out=out, n=len(named) if len(written) == 1 else len(written),
            masked=t("rep.cli.masked" if pack.masked else "rep.cli.unmasked", lang)))
    return 0
