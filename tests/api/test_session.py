"""Signing in and out: the cookie, the CSRF token, wrong passwords, lockout, disabled accounts,
the forced change of a one-time password, the personal calendar secret, and the 登录日志."""
import http.client
import json
import time
import re

from harness import DEMO_PASSWORD, ServerTestCase, StoreDB

GOOD = "Xk9#mQ2vLp-t"


class Helpers:
    def anon(self):
        c = self.server.anonymous()
        self.addCleanup(c.close)
        return c

    def audit(self):
        out = self.server.zeren("audit", "list", "--format", "json")
        self.assertEqual(out.returncode, 0, out.stderr)
        return json.loads(out.stdout)

    def new_user(self, name, password=GOOD):
        """An account with a password of its own (a staff member of the demo unit)."""
        out = self.server.zeren("user", "add", name, "--person", "p-tangguoqiang", "--role", "staff")
        self.assertEqual(out.returncode, 0, out.stderr)
        out = self.server.zeren("user", "passwd", name, input=password + "\n")
        self.assertEqual(out.returncode, 0, out.stderr)

    def login_from(self, address, username, password):
        """A sign-in from another loopback address (the server sees it as another source)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60, source_address=(address, 0))
        try:
            conn.request("POST", "/api/v1/session", body=json.dumps({"username": username, "password": password}),
                         headers={"Content-Type": "application/json"})
            r = conn.getresponse()
            return r.status, json.loads(r.read() or b"{}")
        finally:
            conn.close()


class SessionTest(Helpers, ServerTestCase):
    def test_login_reply_and_cookie(self):
        c = self.anon()
        r = c.login("office", DEMO_PASSWORD)
        self.assertStatus(r, 200)
        body = r.json()
        self.assertEqual(body["account"], {
            "username": "office", "display_name": "周海涛", "person": "p-zhouhaitao", "org": "demo",
            "department": None, "roles": ["office"], "must_change_password": False,
            "permissions": ["public", "session", "read", "write", "office", "policy", "rectify"], "data_scope": "unit"})
        # What the others may do, as the UI reads it for its menus.
        for user, perms, scope in (("staff", ["public", "session", "read", "policy", "rectify"], "self"),
                                   ("liaison.nic", ["public", "session", "read", "write", "policy", "rectify"], "department"),
                                   ("leader", ["public", "session", "read", "policy", "leader"], "unit")):
            acc = self.server.client(user).account
            self.assertEqual((acc["permissions"], acc["data_scope"]), (perms, scope), user)
        self.assertRegex(body["csrf_token"], r"^[A-Za-z0-9_-]{43}$")
        cookie = r.header("Set-Cookie")
        self.assertRegex(cookie, r"^zeren_session=[A-Za-z0-9_-]{43}; ")
        for attr in ("Path=/", "HttpOnly", "SameSite=Strict", "Max-Age=43200"):
            self.assertIn(attr, cookie.split("; "))
        self.assertNotIn(c.cookie, r.body.decode())  # the token is only in the cookie
        # GET /session: the same account and the same CSRF token.
        me = c.get("/api/v1/session")
        self.assertStatus(me, 200)
        self.assertEqual(me.json(), body)

    def test_liaison_carries_department(self):
        r = self.anon().login("liaison.finance", DEMO_PASSWORD)
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["account"]["department"], "finance")
        self.assertEqual(r.json()["account"]["roles"], ["liaison"])

    def test_wrong_password_and_unknown_user_look_alike(self):
        a = self.anon().login("leader", "Wrong-pass-123")
        b = self.anon().login("no.such.user", "Wrong-pass-123")
        self.assertStatus(a, 401, "bad_credentials")
        self.assertStatus(b, 401, "bad_credentials")
        self.assertEqual(a.json()["error"]["message"], b.json()["error"]["message"])
        self.assertIsNone(a.header("Set-Cookie"))

    def test_missing_fields(self):
        c = self.anon()
        self.assertStatus(c.post("/api/v1/session", {"username": "office"}, csrf=False), 422, "invalid")
        r = c.post("/api/v1/session", {"password": "x"}, csrf=False)
        self.assertStatus(r, 422, "invalid")
        self.assertEqual(r.json()["error"]["field"], "username")

    def test_lockout(self):
        """Issue 18 (6): failures lock the (name, source) pair with back-off, not the account;
        a locked pair is told so whatever the password and for any name, so the lock says
        nothing about accounts or passwords; other sources still sign in; enable clears it."""
        self.new_user("lock.me")
        c = self.anon()
        for _ in range(5):
            self.assertStatus(c.login("lock.me", "Wrong-pass-123"), 401, "bad_credentials")
        for pw in (GOOD, "Wrong-pass-123"):  # the right password too late, or a wrong one: one answer
            r = c.login("lock.me", pw)
            self.assertStatus(r, 429, "sign_in_locked")
            self.assertRegex(r.json()["error"]["message"], r"try again after \d{4}-\d\d-\d\d \d\d:\d\d")
            self.assertGreater(int(r.header("Retry-After")), 800)
        # A name that does not exist locks the same way and says the same.
        for _ in range(5):
            self.assertStatus(c.login("no.such.one", "Wrong-pass-123"), 401, "bad_credentials")
        r = c.login("no.such.one", GOOD)
        self.assertStatus(r, 429, "sign_in_locked")
        # The holder, elsewhere, is not locked out.
        status, body = self.login_from("127.0.0.2", "lock.me", GOOD)
        self.assertEqual(status, 200, body)
        logins = [x for x in self.audit() if x["action"] == "session.login" and x["object"] == "lock.me"]
        self.assertEqual([x["success"] for x in logins], [False] * 7 + [True])
        self.assertEqual([x["detail"].get("reason") for x in logins],
                         ["wrong password"] * 5 + ["locked"] * 2 + [None])
        self.assertIn("locked_until", logins[4]["detail"])
        self.assertEqual([x["source"] for x in logins], ["127.0.0.1"] * 7 + ["127.0.0.2"])
        # `zeren user enable` lifts the locks of the name.
        self.assertEqual(self.server.zeren("user", "enable", "lock.me").returncode, 0)
        self.assertStatus(c.login("lock.me", GOOD), 200)

    def test_the_system_administrator_cannot_be_locked_out_from_elsewhere(self):
        c = self.anon()
        for _ in range(6):
            c.login("sysadmin", "Wrong-pass-123")
        self.assertStatus(c.login("sysadmin", "Wrong-pass-123"), 429, "sign_in_locked")
        status, _ = self.login_from("127.0.0.3", "sysadmin", self.server.passwords["sysadmin"])
        self.assertIn(status, (200,))

    def test_disabled(self):
        self.new_user("gone.soon")
        c = self.anon()
        self.assertStatus(c.login("gone.soon", GOOD), 200)
        self.assertEqual(self.server.zeren("user", "disable", "gone.soon").returncode, 0)
        self.assertStatus(c.get("/api/v1/session"), 401, "unauthenticated")  # its session ended
        r = self.anon().login("gone.soon", GOOD)
        self.assertStatus(r, 401, "account_disabled")
        self.assertIn("disabled", r.json()["error"]["message"])
        reasons = [x["detail"].get("reason") for x in self.audit()
                   if x["action"] == "session.login" and x["object"] == "gone.soon"]
        self.assertEqual(reasons, [None, "disabled"])

    def test_logout(self):
        self.new_user("bye.bye")
        c = self.anon()
        self.assertStatus(c.login("bye.bye", GOOD), 200)
        token = c.cookie
        self.assertStatus(c.delete("/api/v1/session", csrf=False), 403, "csrf")
        r = c.delete("/api/v1/session")
        self.assertStatus(r, 204)
        self.assertEqual(r.body, b"")
        self.assertIn("Max-Age=0", r.header("Set-Cookie"))
        self.assertIsNone(c.cookie)
        c.cookie = token  # the old token is dead on the server, not just forgotten by the client
        self.assertStatus(c.get("/api/v1/session"), 401, "unauthenticated")
        out = [x for x in self.audit() if x["object"] == "bye.bye" and x["action"].startswith("session.")]
        self.assertEqual([(x["action"], x["success"]) for x in out], [("session.login", True), ("session.logout", True)])
        self.assertEqual(out[-1]["account"], "bye.bye")

    def test_one_time_password_must_be_changed(self):
        otp = self.server.passwords["auditor"]
        c = self.anon()
        r = c.login("auditor", otp)
        self.assertStatus(r, 200)
        self.assertTrue(r.json()["account"]["must_change_password"])
        self.assertStatus(c.get("/api/v1/audit"), 403, "password_change_required")
        r = c.put("/api/v1/session/password", {"old_password": "Not-the-otp-1", "new_password": GOOD})
        self.assertStatus(r, 422)
        self.assertEqual(r.json()["error"]["field"], "old_password")
        for weak, why in (("short1A", "at least 10"), ("alllowercase", "three of"), ("P@ssw0rd2026", "weak"),
                          ("Auditor-2026", "username")):
            r = c.put("/api/v1/session/password", {"old_password": otp, "new_password": weak})
            self.assertStatus(r, 422)
            self.assertEqual(r.json()["error"]["field"], "new_password")
            self.assertIn(why, r.json()["error"]["message"])
        self.assertStatus(c.put("/api/v1/session/password", {"old_password": otp, "new_password": GOOD}), 204)
        self.server.passwords["auditor"] = GOOD
        # The same session goes on, no longer held back.
        self.assertStatus(c.get("/api/v1/audit"), 200)
        self.assertFalse(c.get("/api/v1/session").json()["account"]["must_change_password"])
        self.assertStatus(self.anon().login("auditor", otp), 401, "bad_credentials")
        changes = [x for x in self.audit() if x["action"] == "account.password" and x["object"] == "auditor"]
        self.assertEqual([x["success"] for x in changes], [False] * 5 + [True])
        self.assertNotIn(GOOD, json.dumps(self.audit()))
        self.assertNotIn(otp, json.dumps(self.audit()))

    def test_password_change_ends_other_sessions(self):
        self.new_user("two.places")
        here, there = self.anon(), self.anon()
        self.assertStatus(here.login("two.places", GOOD), 200)
        self.assertStatus(there.login("two.places", GOOD), 200)
        r = here.put("/api/v1/session/password", {"old_password": GOOD, "new_password": "Other-Good-77"})
        self.assertStatus(r, 204)
        self.assertStatus(here.get("/api/v1/session"), 200)
        self.assertStatus(there.get("/api/v1/session"), 401, "unauthenticated")

    def test_calendar_secret(self):
        staff = self.as_("staff")
        r = staff.get("/api/v1/session/calendar")
        self.assertStatus(r, 200)
        url = r.json()["url"]
        self.assertRegex(url, r"^/api/v1/calendar/[A-Za-z0-9_-]{43}\.ics$")
        self.assertEqual(staff.get("/api/v1/session/calendar").json()["url"], url)  # made once
        feed = self.anon().get(url)  # the secret is the whole credential
        self.assertStatus(feed, 200)
        self.assertIn(b"BEGIN:VCALENDAR", feed.body)
        r = staff.post("/api/v1/session/calendar")
        self.assertStatus(r, 200)
        new = r.json()["url"]
        self.assertNotEqual(new, url)
        self.assertStatus(self.anon().get(url), 404)
        self.assertStatus(self.anon().get(new), 200)
        # No business role, no feed.
        self.assertStatus(self.as_("sysadmin").get("/api/v1/session/calendar"), 403, "forbidden")
        tokens = re.findall(r"[A-Za-z0-9_-]{43}", url + new)
        self.assertFalse(any(t in json.dumps(self.audit()) for t in tokens))


class PasswordCostTest(Helpers, ServerTestCase):
    """At the real cost (the rest of the suite runs at the least, harness.py)."""
    env = {"ZEREN_PASSWORD_COST": "interactive"}

    def stored_hash(self, username):
        with StoreDB(self.server.data) as db:
            return db.execute("SELECT password_hash FROM account WHERE username = ?", (username,)).fetchone()[0]

    def test_hashes_are_made_at_the_cost_in_force_and_brought_up_to_it(self):
        self.new_user("cost.me")
        self.assertIn("$m=65536,t=2,", self.stored_hash("cost.me"))
        cheap = "Yq7#wN3zRt-k"
        out = self.server.zeren("user", "passwd", "cost.me", input=cheap + "\n", env={"ZEREN_PASSWORD_COST": "minimum"})
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("$m=8,t=1,", self.stored_hash("cost.me"))
        # The server's cost is interactive: the sign-in makes the hash again at it.
        self.assertStatus(self.anon().login("cost.me", cheap), 200)
        self.assertIn("$m=65536,t=2,", self.stored_hash("cost.me"))
        # A cost that is none of the three is refused before anything changes.
        out = self.server.zeren("user", "passwd", "cost.me", input=GOOD + "\n", env={"ZEREN_PASSWORD_COST": "low"})
        self.assertEqual(out.returncode, 2, out.stderr)
        self.assertIn("ZEREN_PASSWORD_COST is interactive, moderate or minimum, not 'low'", out.stderr)
        self.assertStatus(self.anon().login("cost.me", cheap), 200)

    def test_every_failure_takes_the_same_time(self):
        """A wrong password, a missing name and a locked pair each cost one password check
        (before: a locked account answered in about 1 ms, a missing one in 0.5 s)."""
        self.new_user("timing.me")
        c = self.anon()
        for _ in range(5):
            c.login("timing.me", "Wrong-pass-123")

        def best(username):
            times = []
            for _ in range(3):
                t = time.monotonic()
                r = c.login(username, "Wrong-pass-456")
                times.append(time.monotonic() - t)
                self.assertIn(r.status, (401, 429))
            return min(times)
        wrong = best("office")  # a real account, a wrong password (two failures: no lock)
        locked = best("timing.me")
        missing = best("nobody.here")
        self.assertGreater(locked, wrong * 0.5, (wrong, locked, missing))
        self.assertGreater(missing, wrong * 0.5, (wrong, locked, missing))
        self.assertLess(max(locked, missing), wrong * 2 + 0.2, (wrong, locked, missing))
