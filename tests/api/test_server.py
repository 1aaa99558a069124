"""What the server does for every route: sessions, CSRF, the JSON error shape and statuses
(400, 401, 403, 404, 405, 413, 415), body caps, static files, and the audit of each change."""
import http.client
import json
import os
import shutil
import socket
import tempfile

from harness import ON_PG, ServerTestCase, StoreDB


class ServerTest(ServerTestCase):
    def test_error_shape_and_unknown_endpoint(self):
        r = self.as_("office").get("/api/v1/no-such-thing")
        self.assertStatus(r, 404, "not_found")
        err = r.json()["error"]
        self.assertEqual(set(err), {"code", "message", "field"})
        self.assertIn("/api/v1/no-such-thing", err["message"])
        self.assertEqual(r.header("Content-Type"), "application/json; charset=utf-8")
        self.assertEqual(r.header("Cache-Control"), "no-store")

    def test_bad_query_parameters_are_named(self):
        office = self.as_("office")
        for path, field in (("appointments?current=maybe", "current"), ("notices?open=x", "open"),
                            ("findings?rule=no.such.rule", "rule"), ("obligations?obligation=nope", "obligation"),
                            ("obligations?department=nope", "department"), ("findings?as_of=2026-02-30", "as_of"),
                            ("people?per_page=500", "per_page")):
            r = office.get("/api/v1/units/demo/" + path)
            self.assertStatus(r, 400, "bad_parameter")
            self.assertEqual(r.json()["error"]["field"], field, path)
        # A department filter takes in its sub-departments (融媒体中心 is under 党委宣传部).
        items = office.get("/api/v1/units/demo/obligations?department=publicity&per_page=200").json()["items"]
        self.assertIn("media", {i["department"] for i in items})

    def test_unauthenticated(self):
        r = self.server.anonymous().get("/api/v1/units/demo/people")
        self.assertStatus(r, 401, "unauthenticated")
        c = self.server.anonymous()
        c.cookie = "forged-token-that-was-never-issued"
        self.assertStatus(c.get("/api/v1/units/demo/people"), 401, "unauthenticated")

    def test_wrong_method(self):
        r = self.as_("office").request("DELETE", "/api/v1/units/demo/people")
        self.assertStatus(r, 405, "method_not_allowed")
        r = self.as_("office").request("OPTIONS", "/api/v1/units/demo/people")
        self.assertStatus(r, 405, "method_not_allowed")

    def test_csrf_required_on_changes(self):
        office = self.as_("office")
        person = office.get("/api/v1/units/demo/people/p-zhudan").json()
        r = office.put("/api/v1/units/demo/people/p-zhudan", {"name": person["name"]}, csrf=False)
        self.assertStatus(r, 403, "csrf")
        r = office.put("/api/v1/units/demo/people/p-zhudan", {"name": person["name"]},
                       headers={"X-CSRF-Token": "not-the-token"}, csrf=False)
        self.assertStatus(r, 403, "csrf")

    def test_bad_json_and_media_type(self):
        office = self.as_("office")
        r = office.request("PUT", "/api/v1/units/demo/people/p-zhudan", data='{"name": ', content_type="application/json")
        self.assertStatus(r, 400, "bad_json")
        self.assertIn("line 1", r.json()["error"]["message"])
        r = office.request("PUT", "/api/v1/units/demo/people/p-zhudan", data='{"name": "x", "name": "y"}',
                           content_type="application/json")
        self.assertStatus(r, 400, "bad_json")
        r = office.request("PUT", "/api/v1/units/demo/people/p-zhudan", data="name=x",
                           content_type="application/x-www-form-urlencoded")
        self.assertStatus(r, 415, "unsupported_media_type")

    def test_body_cap_by_length_and_by_stream(self):
        office = self.as_("office")
        headers = {"Cookie": "zeren_session=" + office.cookie, "X-CSRF-Token": office.csrf,
                   "Content-Type": "application/json"}
        # A Content-Length over the cap is refused before the body is sent.
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        conn.putrequest("PUT", "/api/v1/units/demo/people/p-zhudan")
        for k, v in dict(headers, **{"Content-Length": str((1 << 20) + 1)}).items():
            conn.putheader(k, v)
        conn.endheaders()
        resp = conn.getresponse()
        self.assertEqual(resp.status, 413)
        self.assertEqual(json.loads(resp.read())["error"]["code"], "too_large")
        conn.close()
        # Chunked, without Content-Length: refused once the cap is passed.
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        headers["Transfer-Encoding"] = "chunked"
        chunks = (b'{"name": "' + b"y" * 65536 for _ in range(20))
        conn.request("PUT", "/api/v1/units/demo/people/p-zhudan", body=chunks, headers=headers,
                     encode_chunked=True)
        resp = conn.getresponse()
        self.assertEqual(resp.status, 413)
        self.assertEqual(json.loads(resp.read())["error"]["code"], "too_large")
        conn.close()

    def first_password(self, r):
        """A new account's first password: the creator's half and the approver's (four eyes)."""
        a = self.as_("secadmin").post("/api/v1/account-requests/%d/approve" % r.json()["request"]["id"])
        self.assertStatus(a, 200)
        return r.json()["one_time_password_part"] + a.json()["one_time_password_part"]

    def test_one_time_password_must_be_changed_first(self):
        r = self.as_("sysadmin").post("/api/v1/accounts", {"username": "otp.test", "display_name": "初始密码"})
        self.assertStatus(r, 201)
        c = self.server.anonymous()
        self.assertStatus(c.login("otp.test", self.first_password(r)), 200)
        self.assertTrue(c.account["must_change_password"])
        self.assertStatus(c.get("/api/v1/units"), 403, "password_change_required")
        self.assertStatus(c.get("/api/v1/session"), 200)

    def test_platform_roles_see_no_business_data(self):
        for name in ("sysadmin", "secadmin", "auditor"):
            self.assertStatus(self.as_(name).get("/api/v1/units/demo/people"), 403, "forbidden")

    def test_other_unit_is_out_of_scope(self):
        self.assertStatus(self.as_("office").get("/api/v1/units/elsewhere/people"), 403, "out_of_scope")

    def test_refused_and_accepted_changes_are_audited(self):
        office = self.as_("office")
        person = office.get("/api/v1/units/demo/people/p-zhudan").json()
        office.put("/api/v1/units/demo/people/p-zhudan", {"name": person["name"]}, csrf=False,
                   headers={"X-Forwarded-For": "203.0.113.66"})  # refused; the header is not trusted
        log = self.as_("auditor").get("/api/v1/audit?account=office&per_page=50").json()["items"]
        refused = [a for a in log if not a["success"] and "p-zhudan" in (a.get("object") or "")]
        self.assertTrue(refused, log[:5])
        self.assertIn("127.0.0.1", refused[0]["source"])

    def test_revocation_is_seen_at_once_by_every_thread(self):
        """Workers remember what a session grants; any change to accounts or sessions, made
        through the API or by another process, must still take effect on the next request."""
        srv = self.server
        admin = self.as_("sysadmin")
        r = admin.post("/api/v1/accounts", {"username": "memo.test", "display_name": "缓存测试"})
        self.assertStatus(r, 201)
        srv.passwords["memo.test"] = self.first_password(r)
        r = self.as_("secadmin").put("/api/v1/accounts/memo.test/roles", {"roles": []})
        self.assertStatus(r, 200)
        first = srv.client("memo.test")
        tabs = [first] + [first.clone() for _ in range(7)]  # several connections: several threads
        for c in tabs:
            self.assertStatus(c.get("/api/v1/session"), 200)
        # Revoked through the API: every connection is refused on its next request.
        self.assertStatus(admin.delete("/api/v1/accounts/memo.test/sessions"), 204)
        for c in tabs:
            self.assertStatus(c.get("/api/v1/session"), 401, "unauthenticated")
            c.close()
        # Disabled by another process (the command line): the same.
        second = srv.client("memo.test")
        tabs = [second] + [second.clone() for _ in range(7)]
        for c in tabs:
            self.assertStatus(c.get("/api/v1/session"), 200)
        r = srv.zeren("user", "disable", "memo.test")
        self.assertEqual(r.returncode, 0, r.stderr)
        for c in tabs:
            self.assertStatus(c.get("/api/v1/session"), 401, "unauthenticated")
        for c in tabs:
            c.close()

    def test_a_change_is_never_stored_without_its_audit_record(self):
        """The record of a write is written in the write's own transaction: when it cannot be
        written, the change does not happen either (and the refusal is recorded)."""
        office = self.as_("office")
        before = office.get("/api/v1/units/demo/people/p-jianglin").json()["name"]
        con = StoreDB(self.server.data)
        if ON_PG:
            con.execute("CREATE FUNCTION test_block() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                        "IF NEW.action = 'person.update' AND NEW.success = 1 THEN "
                        "RAISE EXCEPTION 'audit store refused' USING ERRCODE = '23000'; END IF; RETURN NEW; END $$")
            con.execute("CREATE TRIGGER test_block BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION test_block()")
        else:
            con.execute("CREATE TRIGGER test_block BEFORE INSERT ON audit_log WHEN NEW.action = 'person.update' "
                        "AND NEW.success = 1 BEGIN SELECT RAISE(ABORT, 'audit store refused'); END")
        con.commit()
        try:
            r = office.put("/api/v1/units/demo/people/p-jianglin", {"name": "不应保存"})
            self.assertGreaterEqual(r.status, 400, r)
        finally:
            con.drop_trigger("test_block", "audit_log")
            con.commit()
            con.close()
        self.assertEqual(office.get("/api/v1/units/demo/people/p-jianglin").json()["name"], before)
        log = self.as_("auditor").get("/api/v1/audit?action=person.update&per_page=50").json()["items"]
        self.assertTrue(any(a["object"] == "demo/p-jianglin" and not a["success"] for a in log), log[:3])
        # And a write that goes through is in the log.
        self.assertStatus(office.put("/api/v1/units/demo/people/p-jianglin", {"name": before}), 200)
        log = self.as_("auditor").get("/api/v1/audit?action=person.update&per_page=5").json()["items"]
        self.assertTrue(log[0]["success"] and log[0]["object"] == "demo/p-jianglin", log[0])
        self.assertEqual(self.server.zeren("audit", "verify").returncode, 0)

    def test_static_files_and_history_fallback(self):
        web = os.path.join(self.server.dir, "no-web")
        # The harness points --web at a directory that does not exist: the UI is not installed.
        self.assertFalse(os.path.exists(web))
        r = self.server.anonymous().get("/dashboard")
        self.assertStatus(r, 404, "not_found")
        self.assertIn("make", r.json()["error"]["message"])

    def test_path_traversal_is_refused(self):
        s = socket.create_connection(("127.0.0.1", self.server.port), timeout=10)
        s.sendall(b"GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        reply = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            reply += chunk
        s.close()
        self.assertNotIn(b"root:", reply)
        self.assertTrue(reply.startswith(b"HTTP/1.1 404") or reply.startswith(b"HTTP/1.1 400"), reply[:80])


class TwoUnitsTest(ServerTestCase):
    """A second unit in the same store: the demo's accounts neither see it nor write into it."""

    OTHER = {
        "format": "zeren/v1",
        "organizations": [{"id": "other", "name": "另一单位", "kind": "school",
                           "departments": [{"id": "other-d1", "name": "办公室"}]}],
        "people": [{"id": "other-p1", "name": "外单位人员", "org": "other", "department": "other-d1"}],
        "systems": [{"id": "other-s1", "org": "other", "name": "外单位网站", "owner_department": "other-d1"}],
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        path = os.path.join(cls.server.dir, "other.json")
        with open(path, "w") as f:
            json.dump(cls.OTHER, f, ensure_ascii=False)
        r = cls.server.zeren("import", path)
        if r.returncode != 0:
            raise RuntimeError(r.stderr)

    def test_other_unit_is_out_of_sight(self):
        office = self.as_("office")
        self.assertEqual([u["id"] for u in office.get("/api/v1/units").json()["items"]], ["demo"])
        for path in ("/api/v1/units/other", "/api/v1/units/other/people", "/api/v1/units/other/people/other-p1",
                     "/api/v1/units/other/findings", "/api/v1/units/other/export"):
            self.assertStatus(office.get(path), 403, "out_of_scope")
        # The other unit's person is not found through the demo unit either.
        self.assertStatus(office.get("/api/v1/units/demo/people/other-p1"), 404, "not_found")
        ids = [p["id"] for p in office.get("/api/v1/units/demo/people?per_page=200").json()["items"]]
        self.assertNotIn("other-p1", ids)

    def test_other_units_ids_cannot_be_taken_over(self):
        office = self.as_("office")
        r = office.post("/api/v1/units/demo/people", {"id": "other-p1", "name": "冒用", "department": "nic"})
        self.assertStatus(r, 422)
        self.assertIn("outside unit demo", r.json()["error"]["message"])
        r = office.post("/api/v1/units/demo/systems", {"id": "other-s1", "name": "冒用系统"})
        self.assertStatus(r, 422)
        r = office.post("/api/v1/units/demo/people", {"id": "p-cross", "name": "跨单位", "department": "other-d1"})
        self.assertStatus(r, 422)
        self.assertEqual(r.json()["error"]["field"], "department")
        # Nothing of the other unit changed.
        out = self.server.zeren("export", "--org", "other")
        other = json.loads(out.stdout)
        self.assertEqual(other["people"], [dict(self.OTHER["people"][0], background_check=None)])

    def test_security_admin_lists_both(self):
        r = self.as_("secadmin").get("/api/v1/units")
        # and the demo's supervision tree: 西岭市委网信办 and the two units beside demo (issue 15)
        self.assertEqual(sorted(u["id"] for u in r.json()["items"]), ["demo", "other", "xiling", "xl-hospital", "xl-school"])


class BehindProxyTest(ServerTestCase):
    """--behind-proxy: Secure cookies, and the client's address from X-Forwarded-For."""

    serve_args = ("--behind-proxy",)

    def test_secure_cookie_and_forwarded_source(self):
        c = self.server.anonymous()
        r = c.request("POST", "/api/v1/session", json_body={"username": "office", "password": "Zeren-Demo-2026"},
                      headers={"X-Forwarded-For": "203.0.113.7"}, csrf=False)
        self.assertStatus(r, 200)
        cookie = [v for k, v in r.headers if k.lower() == "set-cookie"][0]
        self.assertIn("; Secure", cookie)
        self.assertIn("HttpOnly", cookie)
        c.csrf = r.json()["csrf_token"]
        person = c.get("/api/v1/units/demo/people/p-zhudan").json()
        r = c.put("/api/v1/units/demo/people/p-zhudan", {"name": person["name"]},
                  headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.9"})
        self.assertStatus(r, 200)
        log = self.as_("auditor").get("/api/v1/audit?account=office&per_page=20").json()["items"]
        self.assertEqual([a["source"] for a in log if a["action"] == "person.update"][:1], ["203.0.113.9"])
        self.assertIn("203.0.113.7", [a["source"] for a in log if a["action"].startswith("session.login")])


class StaticFilesTest(ServerTestCase):
    """With a web root: files, their types, and index.html for the UI's own routes."""

    @classmethod
    def setUpClass(cls):
        cls.web = tempfile.mkdtemp(prefix="zeren-web-")
        os.makedirs(os.path.join(cls.web, "assets"))
        with open(os.path.join(cls.web, "index.html"), "w") as f:
            f.write("<!doctype html><title>网络安全工作责任制</title>")
        with open(os.path.join(cls.web, "assets", "app-1234.js"), "w") as f:
            f.write("console.log('ok')")
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.web, ignore_errors=True)

    def test_index_and_assets(self):
        c = self.server.anonymous()
        r = c.get("/")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Content-Type"), "text/html; charset=utf-8")
        self.assertIn("网络安全工作责任制", r.body.decode("utf-8"))
        r = c.get("/people/p-zhudan")  # a route of the UI: index.html
        self.assertEqual(r.status, 200)
        self.assertIn("<!doctype html>", r.body.decode("utf-8"))
        self.assertEqual(r.header("Cache-Control"), "no-cache")
        r = c.get("/assets/app-1234.js")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Content-Type"), "text/javascript; charset=utf-8")
        self.assertIn("immutable", r.header("Cache-Control"))
