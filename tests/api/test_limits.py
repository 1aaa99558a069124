"""Issue 18: what one source cannot do to the server. Too many query parameters are refused at
once (414); bad UTF-8 anywhere in a request is 400 and never reaches the audit log, whose readers
also survive a bad record written by hand; refusals of requests without a session are
aggregated (one record per source and reason per interval); a per-source request budget (429);
per-source connection limits keep slow clients from starving everyone else; every reply carries
a Content-Security-Policy."""
import json
import os
import resource
import socket
import sqlite3
import time
import unittest

from harness import ON_PG, ServerTestCase

HOST = "127.0.0.1"


def raw(port, request, timeout=5):
    """Sends bytes as they are (no client escaping) and returns (status, headers text, body)."""
    with socket.create_connection((HOST, port), timeout=timeout) as s:
        s.sendall(request)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
            head, sep, body = data.partition(b"\r\n\r\n")
            if sep:
                length = [int(l.split(b":", 1)[1]) for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")]
                if length and len(body) >= length[0]:
                    break
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head else 0
    return status, head.decode("latin-1"), body


class RequestLimitsTest(ServerTestCase):
    serve_args = ("--refusal-interval", "2")

    def audit(self):
        out = self.server.zeren("audit", "list", "--format", "json")
        self.assertEqual(out.returncode, 0, out.stderr)
        return json.loads(out.stdout)

    def test_too_many_query_parameters_refused_at_once(self):
        query = "&".join("p%d=v" % i for i in range(300))
        t = time.monotonic()
        status, _, body = raw(self.server.port, b"GET /api/v1/session?" + query.encode() + b" HTTP/1.1\r\nHost: x\r\n"
                              b"Connection: close\r\n\r\n")
        self.assertLess(time.monotonic() - t, 2.0)
        self.assertEqual(status, 414)
        self.assertEqual(json.loads(body)["error"]["code"], "uri_too_long")
        # A request within the cap is answered as usual.
        query = "&".join("p%d=v" % i for i in range(60))
        self.assertEqual(self.server.anonymous().get("/api/v1/session?" + query).status, 401)

    def test_bad_utf8_is_400_and_never_recorded(self):
        port = self.server.port
        for req in (b"POST /api/v1/units/demo/people/%FF%FE HTTP/1.1\r\n",
                    b"POST /api/v1/units/demo/people?q=%C3%28 HTTP/1.1\r\n",
                    b"GET /api/v1/session?q=%ED%A0%80 HTTP/1.1\r\n"):
            status, _, body = raw(port, req + b"Host: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
            self.assertEqual(status, 400, req)
            self.assertEqual(json.loads(body)["error"]["code"], "bad_encoding")
        status, _, _ = raw(port, b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nUser-Agent: \xff\xfe\r\n"
                           b"Connection: close\r\nContent-Length: 0\r\n\r\n")
        self.assertEqual(status, 400)
        out = self.server.zeren("audit", "list", "--format", "json")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertNotIn("people/", out.stdout)
        self.assertEqual(self.server.zeren("audit", "verify").returncode, 0)

    def test_refusals_without_a_session_are_aggregated(self):
        c = self.server.anonymous()
        before = len([r for r in self.audit() if r["action"] == "request.refused"])
        for _ in range(200):
            self.assertEqual(c.post("/api/v1/units/demo/people", {"id": "x"}).status, 401)
        rows = [r for r in self.audit() if r["action"] == "request.refused"][before:]
        self.assertLessEqual(len(rows), 2)  # the first at once (and a boundary of the interval)
        time.sleep(2.5)
        c.post("/api/v1/units/demo/people", {"id": "x"})  # the next request writes what is due
        rows = [r for r in self.audit() if r["action"] == "request.refused" and r["source"] == HOST][before:]
        self.assertLessEqual(len(rows), 4)
        self.assertEqual(sum(r["detail"]["count"] for r in rows), 201)
        self.assertEqual({r["object"] for r in rows}, {"401 unauthenticated"})
        self.assertEqual(self.server.zeren("audit", "verify").returncode, 0)

    def test_content_security_policy_on_every_reply(self):
        for r in (self.server.anonymous().get("/api/v1/session"), self.server.anonymous().get("/"),
                  self.server.anonymous().get("/api/openapi.json")):
            csp = r.header("Content-Security-Policy")
            self.assertIsNotNone(csp, r)
            self.assertIn("script-src 'self';", csp)
            self.assertIn("frame-ancestors 'none'", csp)
            self.assertNotIn("unsafe-inline';", csp.split("script-src", 1)[1].split(";", 1)[0] + ";")


@unittest.skipIf(ON_PG, "PostgreSQL's text holds UTF-8 only: such bytes cannot be stored there")
class BadStoredRecordTest(ServerTestCase):
    def test_readers_survive_a_bad_stored_record(self):
        """A record with bytes that are not UTF-8 (as an older version stored them): the audit
        list, its JSON and the API still answer, the bytes shown as \\xNN."""
        db = sqlite3.connect(os.path.join(self.server.data, "zeren.db"), timeout=30)
        with db:
            seq, last = db.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
            db.execute("INSERT INTO audit_log(seq, at, account, source, action, object, success, detail, prev_hash, hash) "
                       "VALUES (?, '2026-01-01T00:00:00Z', '-', '127.0.0.1', CAST(? AS TEXT), CAST(? AS TEXT), 0, "
                       "CAST(? AS TEXT), ?, ?)",
                       (seq + 1, b"POST /api/v1/\xff", b"/api/v1/units/\xc3\x28", b'{"x": "\xfe"}', last, "0" * 64))
        db.close()
        out = self.server.zeren("audit", "list", "--format", "json")
        self.assertEqual(out.returncode, 0, out.stderr)
        bad = [r for r in json.loads(out.stdout) if r["seq"] == seq + 1][0]
        self.assertEqual((bad["action"], bad["object"]), ("POST /api/v1/\\xFF", "/api/v1/units/\\xC3("))
        r = self.as_("auditor").get("/api/v1/audit?per_page=5")
        self.assertStatus(r, 200)
        self.assertIn("\\xFF", json.dumps(r.json(), ensure_ascii=False))
        self.assertEqual(self.server.zeren("audit", "list").returncode, 0)


class BudgetTest(ServerTestCase):
    serve_args = ("--ip-budget", "20")

    def test_a_source_over_its_budget_gets_429(self):
        c = self.server.anonymous()
        statuses = []
        t = time.monotonic()
        for _ in range(60):
            statuses.append(c.get("/api/openapi.json").status)
        if time.monotonic() - t < 1.0:
            self.assertIn(429, statuses)
        self.assertTrue(all(s in (200, 429) for s in statuses))
        r = next(x for x in [c.get("/api/openapi.json") for _ in range(30)] if x.status == 429)
        self.assertEqual(r.header("Retry-After"), "1")
        self.assertEqual(r.json()["error"]["code"], "too_many_requests")
        time.sleep(1.1)
        self.assertEqual(c.get("/api/openapi.json").status, 200)
        refused = [r for r in json.loads(self.server.zeren("audit", "list", "--format", "json").stdout)
                   if r["action"] == "request.refused"]
        self.assertEqual(len(refused), 1)  # one at once; the rest counted for the interval's record


class SignInBudgetTest(ServerTestCase):
    serve_args = ("--login-budget", "5")

    def test_password_guessing_from_one_source_is_cut_short(self):
        """Whatever the names tried: 5 sign-ins a minute from a source, then 429 before any
        password is checked, and the sign-in log gets no record per refused attempt."""
        c = self.server.anonymous()
        statuses = [c.login("guess%d" % i, "Wrong-pass-123").status for i in range(12)]
        self.assertEqual(statuses[:5], [401] * 5)
        self.assertEqual(set(statuses[5:]), {429})
        r = c.login("office", "Wrong-pass-123")
        self.assertEqual(r.error_code(), "too_many_sign_ins")
        self.assertGreaterEqual(int(r.header("Retry-After")), 1)
        log = json.loads(self.server.zeren("audit", "list", "--format", "json").stdout)
        self.assertEqual(len([x for x in log if x["action"] == "session.login" and x["object"].startswith("guess")]), 5)
        self.assertEqual([x["object"] for x in log if x["action"] == "request.refused"], ["429 too_many_sign_ins"])


class SlowClientsTest(ServerTestCase):
    """2,000 connections dribbling a request from one address (127.0.0.2, loopback) while
    another (127.0.0.1) is served as usual: the per-source connection limit leaves the server's
    connections to everyone else."""
    SLOW = 2000

    def test_slow_clients_from_one_address_do_not_starve_others(self):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft < self.SLOW + 200:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, self.SLOW + 200), hard))
        slow = []
        try:
            for _ in range(self.SLOW):
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                s.setblocking(True)
                s.settimeout(2)
                try:
                    s.bind(("127.0.0.2", 0))
                    s.connect((HOST, self.server.port))
                    s.sendall(b"GET /api/v1/session HTTP/1.1\r\nHost: x\r\n")  # and never the end
                except OSError:
                    s.close()
                    continue
                slow.append(s)
            time.sleep(0.5)
            c = self.server.anonymous()
            worst = 0.0
            for _ in range(20):
                t = time.monotonic()
                r = c.get("/api/v1/session")
                worst = max(worst, time.monotonic() - t)
                self.assertEqual(r.status, 401)
                c.close()  # a new connection each time
            self.assertLess(worst, 2.0)
        finally:
            for s in slow:
                s.close()


if __name__ == "__main__":
    unittest.main()
