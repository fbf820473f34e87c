"""`python -m outreach user …`: add, list, disable, enable, unlock accounts and set passwords.

Passwords are read from standard input only (``--password-stdin``: its first line), never from an
argument, which would stay in the shell history and the process list. Every change is audited with
the actor 'cli'. A refusal prints one sentence and exits 2.
"""

from __future__ import annotations

import argparse
import json
import sys

import duckdb
import pandas as pd

from outreach import accounts, audit, store
from outreach.access import ROLES, role_label
from outreach.accounts import AccountError
from outreach.i18n import t


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="user_command", required=True)

    add = sub.add_parser("add", help="create an account")
    add.add_argument("name")
    add.add_argument("--role", required=True, help="one of " + ", ".join(ROLES))
    add.add_argument("--county", help="the county of a county_staff account (or of a county leader/presenter)")
    add.add_argument("--unit", help="the unit of a unit_staff account, as 县区/单位, e.g. 福安市/城南镇团委")
    add.add_argument("--email", help="e-mail address (maps an OIDC sign-in to this account)")
    add.add_argument("--can-unmask", action="store_true", help="may show names in full on the meeting page")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.add_argument("--db")

    lst = sub.add_parser("list", help="list the accounts")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.add_argument("--db")

    for command, text in (("disable", "disable an account"), ("enable", "enable a disabled account"),
                          ("unlock", "clear an account's lockout")):
        p = sub.add_parser(command, help=text)
        p.add_argument("name")
        p.add_argument("--db")

    pw = sub.add_parser("passwd", help="set an account's password (also clears a lockout)")
    pw.add_argument("name")
    pw.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    pw.add_argument("--db")


def _read_password(args: argparse.Namespace, lang: str | None) -> str | None:
    if not args.password_stdin:
        print(t("cli.user.password_stdin", lang), file=sys.stderr)
        return None
    line = sys.stdin.readline()
    password = line.removesuffix("\n").removesuffix("\r")
    if not password:
        print(t("cli.user.password_empty", lang), file=sys.stderr)
        return None
    return password


def main(args: argparse.Namespace, lang: str | None) -> int:
    command = args.user_command
    try:
        if command == "add":
            return _add(args, lang)
        con = store.open_existing(args.db)
        if command == "list":
            return _list(con, args, lang)
        if command == "passwd":
            password = _read_password(args, lang)
            if password is None:
                return 2
            accounts.set_password(con, args.name, password, by=audit.CLI)
            print(t("cli.user.passwd", lang, name=args.name.strip()))
            return 0
        change = {"disable": accounts.disable_user, "enable": accounts.enable_user, "unlock": accounts.unlock_user}
        change[command](con, args.name, by=audit.CLI)
        print(t(f"cli.user.{command}d", lang, name=args.name.strip()))
        return 0
    except AccountError as exc:
        print(exc.message(lang), file=sys.stderr)
        return 2


def _add(args: argparse.Namespace, lang: str | None) -> int:
    password = _read_password(args, lang)
    if password is None:
        return 2
    county, unit = accounts.placement(args.role, args.county, args.unit)  # refused before any file is made
    folder = store.create_folder(args.db)  # the first admin may come before the first import
    if folder is not None:
        print(t("db.created_folder", lang, folder=folder))
    con = store.connect(args.db)
    accounts.create_user(con, args.name, args.role, password, county=county, unit=unit, email=args.email,
                         can_unmask=args.can_unmask, by=audit.CLI)
    print(t("cli.user.added", lang, name=args.name.strip(), role=role_label(args.role, lang)))
    if not accounts.known_place(con, county=county, unit=unit):
        print(t("cli.user.unknown_place", lang, place=unit or county), file=sys.stderr)
    return 0


def _list(con: duckdb.DuckDBPyConnection, args: argparse.Namespace, lang: str | None) -> int:
    users = accounts.list_users(con)
    if args.json:
        rows = json.loads(users.to_json(orient="records", date_format="iso", force_ascii=False))
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if users.empty:
        print(t("cli.user.none", lang))
        return 0
    for r in users.itertuples(index=False):
        status = ("cli.user.status_disabled" if r.disabled else "cli.user.status_locked" if r.locked
                  else "cli.user.status_ok")
        place = r.unit if not pd.isna(r.unit) else r.county if not pd.isna(r.county) else "—"
        last = "—" if pd.isna(r.last_login_at) else f"{r.last_login_at:%Y-%m-%d %H:%M}"
        print(t("cli.user.row", lang, name=r.name, role=role_label(r.role, lang), place=place,
                status=t(status, lang), unmask=t("cli.user.can_unmask", lang) if r.can_unmask else "", last=last))
    return 0
