"""The audit log for the 审计管理员: newest first, filters (the 登录日志 is action=session.),
paging, verification, a CSV export Excel opens, no way to change the log over HTTP, and a
record altered behind zeren's back found."""
import csv
import datetime
import io

from harness import DEMO_PASSWORD, ServerTestCase, StoreDB


class AuditTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A few known events: two failed logins and one good one for leader.
        c = cls.server.anonymous()
        c.login("leader", "Wrong-pass-123")
        c.login("leader", "Wrong-pass-456")
        c.login("leader", DEMO_PASSWORD)
        c.close()

    def test_only_the_auditor(self):
        for who in ("sysadmin", "secadmin", "office", "leader"):
            self.assertStatus(self.as_(who).get("/api/v1/audit"), 403, "forbidden")
            self.assertStatus(self.as_(who).get("/api/v1/audit/export"), 403, "forbidden")

    def test_no_route_changes_the_log(self):
        au = self.as_("auditor")
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            for path in ("/api/v1/audit", "/api/v1/audit/verify", "/api/v1/audit/export", "/api/v1/audit/1"):
                r = au.request(method, path, json_body={})
                self.assertIn(r.status, (404, 405), (method, path, r))

    def test_newest_first_and_paged(self):
        au = self.as_("auditor")
        r = au.get("/api/v1/audit?per_page=5")
        self.assertStatus(r, 200)
        body = r.json()
        seqs = [x["seq"] for x in body["items"]]
        self.assertEqual(len(seqs), 5)
        self.assertEqual(seqs, sorted(seqs, reverse=True))
        self.assertEqual(seqs[0], body["total"])  # nothing purged: seq runs 1..total
        first = body["items"][0]
        self.assertEqual(set(first), {"seq", "at", "account", "source", "action", "object", "success", "detail",
                                      "prev_hash", "hash"})
        page2 = au.get("/api/v1/audit?per_page=5&page=2").json()
        self.assertEqual([x["seq"] for x in page2["items"]], [s - 5 for s in seqs])
        # The demo's import is the log's first record.
        last = au.get("/api/v1/audit?per_page=1&page=%d" % body["total"]).json()["items"][0]
        self.assertEqual((last["seq"], last["action"], last["object"], last["prev_hash"]), (1, "import", "demo", "0" * 64))
        self.assertIsInstance(last["detail"], dict)

    def test_login_log(self):
        au = self.as_("auditor")
        r = au.get("/api/v1/audit?action=session.&object=leader&per_page=200")
        self.assertStatus(r, 200)
        items = r.json()["items"]
        oldest3 = items[::-1][:3]
        self.assertEqual([x["success"] for x in oldest3], [False, False, True])
        self.assertEqual([x["detail"].get("reason") for x in oldest3], ["wrong password", "wrong password", None])
        self.assertEqual({x["source"] for x in oldest3}, {"127.0.0.1"})
        self.assertTrue(all(x["action"].startswith("session.") for x in items))
        failed = au.get("/api/v1/audit?success=false&per_page=200").json()["items"]
        self.assertTrue(failed and not any(x["success"] for x in failed))
        by = au.get("/api/v1/audit?account=leader&action=session.login&per_page=200").json()
        self.assertGreaterEqual(by["total"], 3)
        self.assertTrue(all(x["account"] == "leader" for x in by["items"]))

    def test_dates(self):
        au = self.as_("auditor")
        # Days are Asia/Shanghai days: the server's today, as it says at sign-in.
        today = au.today
        total = au.get("/api/v1/audit").json()["total"]
        self.assertEqual(au.get("/api/v1/audit?from=%s&to=%s" % (today, today)).json()["total"], total)
        self.assertEqual(au.get("/api/v1/audit?to=%s" % (today - datetime.timedelta(days=1))).json()["total"], 0)
        self.assertEqual(au.get("/api/v1/audit?from=%s" % (today + datetime.timedelta(days=1))).json()["total"], 0)
        for q, field in (("from=2026-13-01", "from"), ("to=yesterday", "to"), ("success=maybe", "success"),
                         ("per_page=1000", "per_page")):
            r = au.get("/api/v1/audit?" + q)
            self.assertStatus(r, 400, "bad_parameter")
            self.assertEqual(r.json()["error"]["field"], field)

    def test_verify(self):
        r = self.as_("auditor").get("/api/v1/audit/verify")
        self.assertStatus(r, 200)
        body = r.json()
        self.assertTrue(body["intact"])
        self.assertIsNone(body["first_broken"])
        self.assertGreater(body["checked"], 5)
        self.assertIn("intact", body["message"])
        # zeren demo made the signing key; the server's checkpointer signs the head when it starts.
        self.assertTrue(body["anchored"])
        if body["checkpoints"]:
            self.assertEqual(body["last_checkpoint"]["alg"], "ed25519")

    def test_export_csv(self):
        au = self.as_("auditor")
        r = au.get("/api/v1/audit/export?action=session.login")
        self.assertStatus(r, 200)
        self.assertEqual(r.header("Content-Type"), "text/csv; charset=utf-8")
        self.assertRegex(r.header("Content-Disposition"), r'^attachment; filename="zeren-audit-\d{4}-\d\d-\d\d\.csv"$')
        self.assertTrue(r.body.startswith(b"\xef\xbb\xbf"))  # the BOM: Excel reads UTF-8
        rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"), newline="")))
        self.assertEqual(rows[0], ["seq", "at", "account", "source", "action", "object", "result", "detail",
                                   "prev_hash", "hash"])
        total = au.get("/api/v1/audit?action=session.login").json()["total"]
        self.assertEqual(len(rows) - 1, total)
        seqs = [int(x[0]) for x in rows[1:]]
        self.assertEqual(seqs, sorted(seqs))  # oldest first, as a ledger reads
        self.assertTrue(all(x[4] == "session.login" for x in rows[1:]))
        wrong = [x for x in rows[1:] if x[5] == "leader" and x[6] == "failed"]
        self.assertIn('"reason":"wrong password"', wrong[0][7])
        full = au.get("/api/v1/audit/export")
        self.assertIn("审计管理员".encode(), full.body)  # Chinese survives


class TamperTest(ServerTestCase):
    def test_altered_record_found(self):
        au = self.as_("auditor")
        self.assertTrue(au.get("/api/v1/audit/verify").json()["intact"])
        db = StoreDB(self.server.data)
        db.drop_trigger("audit_no_update", "audit_log")
        db.execute("UPDATE audit_log SET account = 'someone-else' WHERE seq = 2")
        db.commit()
        db.close()
        r = au.get("/api/v1/audit/verify")
        self.assertStatus(r, 200)
        body = r.json()
        self.assertFalse(body["intact"])
        self.assertEqual(body["first_broken"], 2)
        self.assertIn("record 2 was altered", body["message"])
