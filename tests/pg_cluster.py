"""A throw-away PostgreSQL cluster for tests: initdb in a temp folder, served on a Unix socket in that
folder (no TCP port to collide with), stopped at the end. PostgreSQL refuses to run as root, so under
root (CI containers) the cluster runs as the ``postgres`` system user that Debian's package creates."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

BIN = Path(os.environ.get("OUTREACH_PG_BIN", "/usr/lib/postgresql/15/bin"))


def available() -> bool:
    return (BIN / "initdb").is_file() and (os.geteuid() != 0 or _system_user() is not None)


def _system_user() -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        return None


class Cluster:
    def __init__(self) -> None:
        # Short path: a Unix socket's path must fit in ~100 bytes.
        self.root = Path(tempfile.mkdtemp(prefix="opg-", dir="/tmp"))
        self.data = self.root / "data"
        self.port = 5432
        self._as: list[str] = []
        if os.geteuid() == 0:
            user = _system_user()
            shutil.chown(self.root, user.pw_uid, user.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]
        self._run([str(BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                   "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
        options = f"-k {self.root} -c listen_addresses='' -c fsync=off -c max_connections=200"
        self._run([str(BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-l",
                   str(self.root / "log"), "-w", "start"])

    def _run(self, argv: list[str]) -> None:
        done = subprocess.run(self._as + argv, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{argv[0]} failed: {done.stdout}\n{done.stderr}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.root}&port={self.port}"

    def create_database(self) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as pg:
            pg.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def create_schema(self, database: str) -> str:
        """A new empty schema in ``database`` (created on first use); returns a URL whose search_path
        puts it first: one store per schema, far cheaper than a database per test."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as pg:
            if not pg.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone():
                pg.execute(f'CREATE DATABASE "{database}"')
        name = "s_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(database), autocommit=True) as pg:
            pg.execute(f'CREATE SCHEMA "{name}"')
        return f"{self.url(database)}&options=-csearch_path%3D{name}"

    def stop(self) -> None:
        try:
            self._run([str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"])
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
