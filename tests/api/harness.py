"""Test harness for the HTTP API: a real `zeren serve` on an ephemeral port over a fresh data
directory (`zeren demo`: the demo unit, the three platform accounts and the demo business
accounts), and HTTP clients that sign in as an account. Python 3 standard library only.

    from harness import Server
    srv = Server.start()            # or use ServerTestCase below
    office = srv.client("office")   # signed in; one-time passwords are changed on first use
    r = office.get("/api/v1/units/demo/people")
    assert r.status == 200 and r.json()["total"] > 0
    srv.stop()                      # SIGTERM; asserts a clean exit and no sanitizer report

Environment: ZEREN (the binary, default build/zeren), ZEREN_SRCDIR (the source tree), ZEREN_DB
(a PostgreSQL URL: the stores are in its schemas, src/store/postgres.c; StoreDB needs psycopg2).
"""
import datetime
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unittest

SRCDIR = os.environ.get("ZEREN_SRCDIR") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ZEREN = os.environ.get("ZEREN") or os.path.join(SRCDIR, "build", "zeren")
DEMO_PASSWORD = "Zeren-Demo-2026"
DEMO_ACCOUNTS = ("office", "leader", "liaison.nic", "liaison.finance", "staff", "supervisor", "office.school",
                 "office.hospital")
# The day data/demo/demo.json describes (DEMO_WRITTEN_ON in src/core/demo.h).
DEMO_ON = "2026-11-21"
PLATFORM_ACCOUNTS = ("sysadmin", "secadmin", "auditor")
ON_PG = bool(os.environ.get("ZEREN_DB"))
# Signing in is most of what the suite does: its stores hash passwords at argon2id's least cost
# (ZEREN_PASSWORD_COST, src/core/passwords.c). A test of the real cost asks for it (env=).
os.environ.setdefault("ZEREN_PASSWORD_COST", "minimum")


class StoreDB:
    """The store of a data directory, with a connection of its own, for the tests that read or
    write its tables behind the server's back: SQLite's data/zeren.db or, with $ZEREN_DB, the
    PostgreSQL schema data/zeren.pg names. execute() takes SQLite's ? parameters on both; as a
    context manager it commits (or rolls back), as sqlite3 does."""

    def __init__(self, data):
        if ON_PG:
            import psycopg2
            with open(os.path.join(data, "zeren.pg"), encoding="ascii") as f:
                schema = f.read().strip()
            self.con = psycopg2.connect(os.environ["ZEREN_DB"])
            with self.con.cursor() as c:
                c.execute("SET search_path TO " + schema)
            self.con.commit()
        else:
            import sqlite3
            self.con = sqlite3.connect(os.path.join(data, "zeren.db"), timeout=30)

    def execute(self, sql, params=()):
        if not ON_PG:
            return self.con.execute(sql, params)
        c = self.con.cursor()
        if params:
            c.execute(sql.replace("%", "%%").replace("?", "%s"), params)
        else:
            c.execute(sql)
        return c

    def drop_trigger(self, name, table):
        self.execute("DROP TRIGGER %s%s" % (name, " ON " + table if ON_PG else ""))

    def commit(self):
        self.con.commit()

    def close(self):
        self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        if kind:
            self.con.rollback()
        else:
            self.con.commit()
        return False

    @staticmethod
    def dump(data):
        """Everything the store holds, as bytes to search: the file, or a dump of the schema."""
        if not ON_PG:
            with open(os.path.join(data, "zeren.db"), "rb") as f:
                return f.read()
        with open(os.path.join(data, "zeren.pg"), encoding="ascii") as f:
            schema = f.read().strip()
        return subprocess.run(["pg_dump", os.environ["ZEREN_DB"], "-n", schema], capture_output=True,
                              check=True).stdout


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # list of (name, value)
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def error_code(self):
        try:
            return self.json()["error"]["code"]
        except (ValueError, KeyError, TypeError):
            return None

    def __repr__(self):
        return "<%d %s>" % (self.status, self.body[:300].decode("utf-8", "replace"))


class Client:
    """One account's HTTP client: keeps its session cookie and CSRF token."""

    def __init__(self, port, username=None):
        self.port = port
        self.username = username
        self.cookie = None
        self.csrf = None
        self.account = None
        self._conn = None

    def _connection(self):
        if self._conn is None:
            self._conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        return self._conn

    def request(self, method, path, json_body=None, data=None, content_type=None, headers=None, csrf=True):
        h = dict(headers or {})
        body = None
        if json_body is not None:
            body = json.dumps(json_body).encode("utf-8")
            h.setdefault("Content-Type", "application/json")
        elif data is not None:
            body = data if isinstance(data, bytes) else data.encode("utf-8")
            if content_type:
                h.setdefault("Content-Type", content_type)
        if self.cookie:
            h["Cookie"] = "zeren_session=" + self.cookie
        if csrf and self.csrf and method not in ("GET", "HEAD"):
            h["X-CSRF-Token"] = self.csrf
        for attempt in range(2):
            conn = self._connection()
            try:
                conn.request(method, path, body=body, headers=h)
                resp = conn.getresponse()
                payload = resp.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closes a connection after some refusals (e.g. 413): reconnect once.
                self.close()
                if attempt:
                    raise
        r = Response(resp.status, resp.getheaders(), payload)
        if resp.getheader("Connection", "").lower() == "close":
            self.close()
        for k, v in r.headers:
            if k.lower() == "set-cookie" and v.startswith("zeren_session="):
                value = v.split(";", 1)[0].split("=", 1)[1]
                self.cookie = value or None
        return r

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, json_body=None, **kw):
        return self.request("POST", path, json_body=json_body, **kw)

    def put(self, path, json_body=None, **kw):
        return self.request("PUT", path, json_body=json_body, **kw)

    def patch(self, path, json_body=None, **kw):
        return self.request("PATCH", path, json_body=json_body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def login(self, username, password):
        r = self.post("/api/v1/session", {"username": username, "password": password}, csrf=False)
        if r.status == 200:
            body = r.json()
            self.username = username
            self.csrf = body["csrf_token"]
            self.account = body["account"]
            self.today = datetime.date.fromisoformat(body["today"])
        return r

    def clone(self):
        """Another connection on the same session (as a second browser tab)."""
        c = Client(self.port, self.username)
        c.cookie, c.csrf, c.account, c.today = self.cookie, self.csrf, self.account, self.today
        return c

    def close(self):
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class Server:
    def __init__(self):
        self.dir = None
        self.proc = None
        self.port = None
        self.env = None  # start() sets it
        self.passwords = {}  # username -> current password
        self.stderr_path = None
        self._stderr = None
        self._clients = []  # closed at stop
        self._db = None  # _store(), closed at stop

    @classmethod
    def start(cls, threads=4, demo=True, web=None, serve_args=(), data=None, env=None):
        """data: serve that data directory (another server's, with its demo) instead of a new one.
        env: more environment for the server and the commands run on its data directory."""
        s = cls()
        s.env = dict(os.environ, **(env or {}))
        s.dir = tempfile.mkdtemp(prefix="zeren-api-")
        if data is None:
            data = os.path.join(s.dir, "data")
            # The demo as written (its own dates, which the tests expect), whatever day it is.
            load = ["demo", "--as-of", DEMO_ON] if demo else ["init"]
            out = subprocess.run([ZEREN, "--data", data] + load, capture_output=True, text=True, env=s.env)
            if out.returncode != 0:
                raise RuntimeError("zeren %s failed: %s" % ("demo" if demo else "init", out.stderr))
            s.passwords.update(parse_one_time_passwords(out.stdout))
        if demo:
            for name in DEMO_ACCOUNTS:
                s.passwords[name] = DEMO_PASSWORD
        s.data = data
        s.stderr_path = os.path.join(s.dir, "serve.err")
        s._stderr = open(s.stderr_path, "w")
        s.proc = subprocess.Popen(
            [ZEREN, "--data", data, "serve", "--listen", "127.0.0.1:0", "--threads", str(threads),
             "--web", web or os.path.join(s.dir, "no-web")]
            # The suite is one source hammering the server: no request or sign-in budget,
            # unless a test class asks for one (test_limits.BudgetTest).
            + ([] if "--ip-budget" in serve_args else ["--ip-budget", "0"])
            + ([] if "--login-budget" in serve_args else ["--login-budget", "0"]) + list(serve_args),
            stdout=subprocess.PIPE, stderr=s._stderr, text=True, env=s.env)
        line = s.proc.stdout.readline()
        m = re.search(r"http://[^:]+:(\d+)/", line)
        if not m:
            s.proc.kill()
            with open(s.stderr_path) as f:
                raise RuntimeError("zeren serve did not start: %r; stderr: %s" % (line, f.read()))
        s.port = int(m.group(1))
        return s

    def zeren(self, *args, input=None, env=None):
        """Runs a zeren command on this server's data directory."""
        return subprocess.run([ZEREN, "--data", self.data] + list(args), capture_output=True, text=True,
                              input=input, env=dict(self.env, **(env or {})))

    def _store(self):
        """A connection to the store behind the server's back, kept while it runs (one per read
        was most of a write-walking test's time on PostgreSQL); each read below ends its
        transaction, so the next sees what the server committed since."""
        if self._db is None:
            self._db = StoreDB(self.data)
        return self._db

    def audit_rows(self, after, columns="seq, account, action, object, success"):
        """The audit records after seq `after`, in order."""
        db = self._store()
        rows = db.execute("SELECT %s FROM audit_log WHERE seq > ? ORDER BY seq" % columns, (after,)).fetchall()
        db.commit()
        return rows

    def audit_last(self):
        """The last audit record's seq (0: none)."""
        db = self._store()
        seq = db.execute("SELECT COALESCE(MAX(seq), 0) FROM audit_log").fetchone()[0]
        db.commit()
        return seq

    def anonymous(self):
        c = Client(self.port)
        self._clients.append(c)
        return c

    def client(self, username):
        """A client signed in as username; a one-time password is replaced on first use."""
        c = self.anonymous()
        r = c.login(username, self.passwords[username])
        if r.status != 200:
            raise RuntimeError("login %s failed: %r" % (username, r))
        if c.account.get("must_change_password"):
            new = "Zr%s-9a" % secrets.token_hex(6)
            r = c.put("/api/v1/session/password", {"old_password": self.passwords[username], "new_password": new})
            if r.status != 204:
                raise RuntimeError("password change for %s failed: %r" % (username, r))
            self.passwords[username] = new
            r = c.login(username, new)
            if r.status != 200:
                raise RuntimeError("login %s after change failed: %r" % (username, r))
        return c

    def stop(self, timeout=30):
        """Stops with SIGTERM; returns (exit status, stdout rest, stderr)."""
        if self.proc is None:
            return None
        for c in self._clients:
            c.close()
        self._close_db()
        self.proc.send_signal(signal.SIGTERM)
        try:
            rest, _ = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rest, _ = self.proc.communicate()
        self.proc.stdout.close()
        self._stderr.close()
        with open(self.stderr_path) as f:
            err = f.read()
        code = self.proc.returncode
        self.proc = None
        return code, rest, err

    def _close_db(self):
        if self._db is not None:
            self._db.close()
            self._db = None

    def cleanup(self):
        self._close_db()
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc.stdout.close()
            self._stderr.close()
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)


def parse_one_time_passwords(text):
    """The platform accounts' one-time passwords from `zeren init`/`zeren demo` output: the
    line naming the account ends with its password."""
    found = {}
    for line in text.splitlines():
        words = line.split()
        for name in PLATFORM_ACCOUNTS:
            if name in words and len(words) >= 2 and words[-1] != name:
                found[name] = words[-1]
    return found


class ServerTestCase(unittest.TestCase):
    """One server for all tests of the class; stopped (and checked to stop cleanly) at the end."""

    server = None
    web = None  # a web root to serve, or None
    serve_args = ()  # more arguments for `zeren serve`
    env = None  # more environment for it

    @classmethod
    def setUpClass(cls):
        cls.server = Server.start(web=cls.web, serve_args=cls.serve_args, env=cls.env)
        cls._clients = {}

    @classmethod
    def tearDownClass(cls):
        try:
            for c in cls._clients.values():
                c.close()
            code, _, err = cls.server.stop()
            if code != 0 or "ERROR: AddressSanitizer" in err or "runtime error:" in err:
                raise AssertionError("zeren serve did not stop cleanly (exit %s):\n%s" % (code, err[-4000:]))
        finally:
            cls.server.cleanup()

    def as_(self, username):
        """A signed-in client for username, shared by the class's tests."""
        if username not in self._clients:
            self._clients[username] = self.server.client(username)
        return self._clients[username]

    def assertStatus(self, r, status, code=None):
        self.assertEqual(r.status, status, r)
        if code is not None:
            self.assertEqual(r.error_code(), code, r)
