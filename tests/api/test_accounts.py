"""Accounts and roles under 三员: the 系统管理员 creates, disables and resets accounts but grants
no role; the 安全管理员 grants roles (never two platform roles, nor one beside a business role,
nor their own) but creates no account; each change is in the audit log."""
import json
from urllib.parse import quote

from harness import DEMO_PASSWORD, ServerTestCase

GOOD = "Xk9#mQ2vLp-t"


class AccountsTest(ServerTestCase):
    def anon(self):
        c = self.server.anonymous()
        self.addCleanup(c.close)
        return c

    def audit(self, obj):
        out = self.server.zeren("audit", "list", "--format", "json")
        self.assertEqual(out.returncode, 0, out.stderr)
        return [r for r in json.loads(out.stdout) if r["object"] == obj]

    def create(self, username, person=None):
        body = {"username": username, "display_name": username.upper()}
        if person:
            body["person"] = person
        r = self.as_("sysadmin").post("/api/v1/accounts", body)
        self.assertStatus(r, 201)
        # The first password comes in halves: the creator's, and the approver's.
        a = self.as_("secadmin").post("/api/v1/account-requests/%d/approve" % r.json()["request"]["id"])
        self.assertStatus(a, 200)
        return r.json()["one_time_password_part"] + a.json()["one_time_password_part"]

    def signed_in(self, username, otp):
        """A client for a new account, its one-time password changed to GOOD."""
        c = self.anon()
        self.assertStatus(c.login(username, otp), 200)
        self.assertStatus(c.put("/api/v1/session/password", {"old_password": otp, "new_password": GOOD}), 204)
        return c

    def test_only_the_system_administrator(self):
        for who in ("secadmin", "auditor", "office", "leader"):
            self.assertStatus(self.as_(who).get("/api/v1/accounts"), 403, "forbidden")
            self.assertStatus(self.as_(who).post("/api/v1/accounts", {"username": "x1", "display_name": "x"}),
                              403, "forbidden")

    def test_list_filter_and_page(self):
        sa = self.as_("sysadmin")
        r = sa.get("/api/v1/accounts?role=liaison")
        self.assertStatus(r, 200)
        body = r.json()
        # Other tests of the class may have made liaisons too; the demo's two are there, in name order.
        names = [a["username"] for a in body["items"]]
        self.assertEqual(names, sorted(names))
        self.assertLessEqual({"liaison.finance", "liaison.nic"}, set(names))
        self.assertTrue(all("liaison" in a["roles"] for a in body["items"]))
        self.assertEqual(body["total"], len(names))
        nic = body["items"][names.index("liaison.nic")]
        self.assertEqual((nic["person"], nic["org"], nic["department"], nic["roles"]),
                         ("p-luojing", "demo", "nic", ["liaison"]))
        for secret in ("password_hash", "calendar_token", "one_time_password"):
            self.assertNotIn(secret, nic)
        self.assertEqual(sa.get("/api/v1/accounts?q=LIAISON.").json()["total"], 2)  # either case
        self.assertEqual(sa.get("/api/v1/accounts?q=" + quote("周海涛")).json()["items"][0]["username"], "office")
        page = sa.get("/api/v1/accounts?per_page=2&page=2").json()
        self.assertEqual((page["page"], page["per_page"], len(page["items"])), (2, 2, 2))
        self.assertGreaterEqual(page["total"], 8)
        self.assertStatus(sa.get("/api/v1/accounts?role=king"), 400, "bad_parameter")
        self.assertStatus(sa.get("/api/v1/accounts?disabled=maybe"), 400, "bad_parameter")
        self.assertEqual(sa.get("/api/v1/accounts?disabled=true&role=office").json()["total"], 0)

    def test_create(self):
        sa = self.as_("sysadmin")
        r = sa.post("/api/v1/accounts", {"username": "new.one", "display_name": "新同事", "person": "p-hejun"})
        self.assertStatus(r, 201)
        body = r.json()
        self.assertNotIn("one_time_password", body)
        half1 = body["one_time_password_part"]
        self.assertRegex(half1, r"^[A-Za-z0-9]{8}$")
        acc = body["account"]
        self.assertEqual((acc["username"], acc["display_name"], acc["person"], acc["org"], acc["roles"]),
                         ("new.one", "新同事", "p-hejun", "demo", []))
        self.assertTrue(acc["must_change_password"])
        self.assertEqual((body["request"]["kind"], body["request"]["status"]), ("reset", "pending"))
        # The creator's half alone signs in to nothing; with the approver's it does, and must be changed.
        self.assertStatus(self.anon().login("new.one", half1), 401, "bad_credentials")
        a = self.as_("secadmin").post("/api/v1/account-requests/%d/approve" % body["request"]["id"])
        half2 = a.json()["one_time_password_part"]
        c = self.anon()
        self.assertStatus(c.login("new.one", half1 + half2), 200)
        self.assertTrue(c.account["must_change_password"])
        # Refusals.
        r = sa.post("/api/v1/accounts", {"username": "new.one", "display_name": "again"})
        self.assertStatus(r, 409, "conflict")
        r = sa.post("/api/v1/accounts", {"username": "x2", "display_name": "x", "roles": ["office"]})
        self.assertStatus(r, 422, "invalid")
        self.assertEqual(r.json()["error"]["field"], "roles")
        self.assertIn("安全管理员", r.json()["error"]["message"])
        self.assertStatus(sa.post("/api/v1/accounts", {"username": "bad name", "display_name": "x"}), 422, "invalid")
        self.assertStatus(sa.post("/api/v1/accounts", {"display_name": "x"}), 422, "invalid")
        self.assertStatus(sa.post("/api/v1/accounts", {"username": "x3", "display_name": "x", "person": "p-none"}),
                          404, "not_found")
        rec = self.audit("new.one")
        # The account and the request for its first password are one change, one record; the
        # second create of the name is refused and recorded as such.
        self.assertEqual([(x["action"], x["account"], x["success"]) for x in rec[:5]],
                         [("account.create", "sysadmin", True), ("session.login", "new.one", False),
                          ("account.request.approve", "secadmin", True), ("session.login", "new.one", True),
                          ("account.create", "sysadmin", False)])
        self.assertEqual(rec[0]["source"], "127.0.0.1")
        self.assertEqual(rec[0]["detail"], {"display_name": "新同事", "person": "p-hejun", "request": body["request"]["id"]})
        self.assertNotIn(half1, json.dumps(rec))
        self.assertNotIn(half2, json.dumps(rec))

    def test_creator_cannot_sign_in_as_a_new_account(self):
        """Issue 18 (1): the 系统管理员 who creates an account and asks for its roles never holds
        a working password of it."""
        sa = self.as_("sysadmin")
        r = sa.post("/api/v1/accounts", {"username": "mole", "display_name": "Mole", "person": "p-hejun"})
        self.assertStatus(r, 201)
        half1 = r.json()["one_time_password_part"]
        g = sa.put("/api/v1/accounts/mole/roles", {"roles": ["staff"]})
        self.approve(g, "secadmin")
        self.assertStatus(self.anon().login("mole", half1), 401, "bad_credentials")

    def test_update_disable_enable(self):
        otp = self.create("to.disable", "p-hejun")
        sa = self.as_("sysadmin")
        user = self.signed_in("to.disable", otp)
        r = sa.patch("/api/v1/accounts/to.disable", {"display_name": "改名", "disabled": True})
        self.assertStatus(r, 200)
        self.assertEqual((r.json()["display_name"], r.json()["disabled"]), ("改名", True))
        self.assertStatus(user.get("/api/v1/session"), 401, "unauthenticated")
        self.assertStatus(self.anon().login("to.disable", GOOD), 401, "account_disabled")
        self.assertStatus(sa.patch("/api/v1/accounts/to.disable", {"disabled": False}), 200)
        self.assertStatus(self.anon().login("to.disable", GOOD), 200)
        self.assertStatus(sa.patch("/api/v1/accounts/to.disable", {"disabled": "yes"}), 422, "invalid")
        self.assertStatus(sa.patch("/api/v1/accounts/to.disable", {"roles": ["staff"]}), 422, "invalid")
        self.assertStatus(sa.patch("/api/v1/accounts/nobody", {"display_name": "x"}), 404, "not_found")
        r = sa.patch("/api/v1/accounts/sysadmin", {"disabled": True})
        self.assertStatus(r, 409, "own_account")
        self.assertFalse(sa.get("/api/v1/accounts/sysadmin").json()["disabled"])
        updates = [x for x in self.audit("to.disable") if x["action"] == "account.update"]
        self.assertEqual([x["detail"] for x in updates[:2]],
                         [{"display_name": "改名", "disabled": True}, {"disabled": False}])

    def approve(self, r, who):
        """Approves the request of reply r (202) as who; the reply of the approval."""
        self.assertStatus(r, 202)
        req = r.json()["request"]
        self.assertEqual(req["status"], "pending")
        a = self.as_(who).post("/api/v1/account-requests/%d/approve" % req["id"])
        self.assertStatus(a, 200)
        self.assertEqual(a.json()["request"]["status"], "approved")
        return a

    def test_reset_password_and_end_sessions(self):
        """A reset is four-eyes, and the one-time password is split: the requester and the
        approver each hold half, neither of which signs in alone."""
        otp = self.create("forgetful", "p-hejun")
        sa = self.as_("sysadmin")
        user = self.signed_in("forgetful", otp)
        r = sa.post("/api/v1/accounts/forgetful/reset-password")
        self.assertStatus(r, 202)
        self.assertNotIn("one_time_password", r.json())
        half1 = r.json()["one_time_password_part"]
        self.assertRegex(half1, r"^[A-Za-z0-9]{8}$")
        req = r.json()["request"]
        self.assertEqual((req["kind"], req["username"], req["requested_by"], req["approver_role"]),
                         ("reset", "forgetful", "sysadmin", "secadmin"))
        # Nothing changed yet: the holder's session and password still work.
        self.assertStatus(user.get("/api/v1/session"), 200)
        # Neither the requester nor anyone but the 安全管理员 approves.
        self.assertStatus(sa.post("/api/v1/account-requests/%d/approve" % req["id"]), 403, "forbidden")
        self.assertStatus(self.as_("auditor").post("/api/v1/account-requests/%d/approve" % req["id"]), 403,
                          "forbidden")
        pending = self.as_("secadmin").get("/api/v1/account-requests?status=pending").json()["items"]
        self.assertIn(req["id"], [x["id"] for x in pending])
        self.assertNotIn("one_time_password_part", json.dumps(pending))
        a = self.approve(r, "secadmin")
        half2 = a.json()["one_time_password_part"]
        self.assertRegex(half2, r"^[A-Za-z0-9]{8}$")
        self.assertStatus(self.as_("secadmin").post("/api/v1/account-requests/%d/approve" % req["id"]), 409,
                          "conflict")
        self.assertStatus(user.get("/api/v1/session"), 401, "unauthenticated")  # a reset ends sessions
        self.assertStatus(self.anon().login("forgetful", GOOD), 401, "bad_credentials")
        for half in (half1, half2):
            self.assertStatus(self.anon().login("forgetful", half), 401, "bad_credentials")
        c = self.anon()
        self.assertStatus(c.login("forgetful", half1 + half2), 200)
        self.assertTrue(c.account["must_change_password"])
        self.assertStatus(c.get("/api/v1/session/calendar"), 403)  # nothing before a password of their own
        r = sa.delete("/api/v1/accounts/forgetful/sessions")
        self.assertStatus(r, 204)
        self.assertStatus(c.get("/api/v1/session"), 401, "unauthenticated")
        self.assertStatus(sa.post("/api/v1/accounts/nobody/reset-password"), 404, "not_found")
        # A request can be turned down (by the approver) or withdrawn (by the requester).
        r = sa.post("/api/v1/accounts/forgetful/reset-password")
        self.assertStatus(self.as_("secadmin").post("/api/v1/account-requests/%d/reject" % r.json()["request"]["id"]),
                          200)
        r = sa.post("/api/v1/accounts/forgetful/reset-password")
        self.assertStatus(sa.post("/api/v1/account-requests/%d/reject" % r.json()["request"]["id"]), 200)
        self.assertStatus(self.anon().login("forgetful", half1 + half2), 200)  # still the approved one
        actions = [x["action"] for x in self.audit("forgetful") if x["account"] in ("sysadmin", "secadmin")]
        self.assertEqual(actions, ["account.create", "account.request.approve",
                                   "account.reset.request", "account.request.approve",
                                   "session.revoke", "account.reset.request", "account.request.reject",
                                   "account.reset.request", "account.request.reject"])
        log = json.dumps(self.audit("forgetful"))
        self.assertNotIn(half1, log)
        self.assertNotIn(half2, log)

    def test_no_takeover_of_the_other_platform_accounts(self):
        """Issue 18 (1): the 系统管理员 gets no working password of another 三员 account and
        cannot disable one alone; the 安全管理员's own account needs the 审计管理员."""
        sa, sec, aud = self.as_("sysadmin"), self.as_("secadmin"), self.as_("auditor")
        for victim in ("secadmin", "auditor", "office"):
            r = sa.post("/api/v1/accounts/%s/reset-password" % victim)
            self.assertStatus(r, 202)
            self.assertNotIn("one_time_password", r.json())
            self.assertStatus(self.anon().login(victim, r.json()["one_time_password_part"]), 401)
            sa.post("/api/v1/account-requests/%d/reject" % r.json()["request"]["id"])
        r = sa.patch("/api/v1/accounts/auditor", {"disabled": True})
        self.assertStatus(r, 202)
        self.assertFalse(sa.get("/api/v1/accounts/auditor").json()["disabled"])
        self.assertStatus(aud.get("/api/v1/audit/verify"), 200)  # still in office
        # The one concerned never approves a request about themself.
        self.assertStatus(aud.post("/api/v1/account-requests/%d/approve" % r.json()["request"]["id"]), 403)
        self.assertStatus(sa.post("/api/v1/account-requests/%d/reject" % r.json()["request"]["id"]), 200)
        # A request about the 安全管理员 is the 审计管理员's to approve, not the 安全管理员's.
        r = sa.patch("/api/v1/accounts/secadmin", {"disabled": True})
        self.assertEqual(r.json()["request"]["approver_role"], "auditor")
        self.assertStatus(sec.post("/api/v1/account-requests/%d/approve" % r.json()["request"]["id"]), 403)
        self.assertStatus(aud.post("/api/v1/account-requests/%d/reject" % r.json()["request"]["id"]), 200)
        self.assertFalse(sa.get("/api/v1/accounts/secadmin").json()["disabled"])
        # A business account is disabled at once: no power is gained by it.
        self.create("biz.disable", "p-hejun")
        self.assertStatus(sa.patch("/api/v1/accounts/biz.disable", {"disabled": True}), 200)
        self.assertStatus(self.as_("office").get("/api/v1/account-requests"), 403, "forbidden")

    def test_roles_catalogue(self):
        r = self.as_("secadmin").get("/api/v1/roles")
        self.assertStatus(r, 200)
        items = r.json()["items"]
        self.assertEqual([x["id"] for x in items],
                         ["sysadmin", "secadmin", "auditor", "office", "leader", "liaison", "staff", "supervisor"])
        self.assertEqual([x["id"] for x in items if x["platform"]], ["sysadmin", "secadmin", "auditor"])
        self.assertEqual(items[5]["name_zh"], "部门网络安全员")
        self.assertTrue(all(x["description_zh"] and x["description_en"] for x in items))
        self.assertStatus(self.as_("sysadmin").get("/api/v1/roles"), 403, "forbidden")
        g = self.as_("secadmin").get("/api/v1/grants?role=office")
        self.assertStatus(g, 200)
        # The demo unit's office, and those of the two small units below 西岭市委网信办 (issue 15).
        self.assertEqual([(x["username"], x["roles"]) for x in g.json()["items"]],
                         [("office", ["office"]), ("office.hospital", ["office"]), ("office.school", ["office"])])
        g = self.as_("secadmin").get("/api/v1/grants?role=supervisor")
        self.assertEqual([(x["username"], x["roles"]) for x in g.json()["items"]], [("supervisor", ["supervisor"])])

    def test_grant_roles(self):
        """A grant is asked for by the 系统管理员 and made when the 安全管理员 approves; a
        withdrawal is at once; a grant asked for by the 安全管理员 needs the 审计管理员."""
        otp = self.create("grantee", "p-hejun")
        sa, sec = self.as_("sysadmin"), self.as_("secadmin")
        user = self.signed_in("grantee", otp)
        # No role yet: no business data.
        self.assertStatus(user.get("/api/v1/session/calendar"), 403, "forbidden")
        r = sa.put("/api/v1/accounts/grantee/roles", {"roles": ["staff"]})
        self.assertStatus(r, 202)
        self.assertEqual(r.json()["request"]["roles"], ["staff"])
        self.assertStatus(user.get("/api/v1/session/calendar"), 403, "forbidden")  # not before approval
        self.approve(r, "secadmin")
        self.assertStatus(user.get("/api/v1/session/calendar"), 200)  # at once, same session
        for roles, code in ((["staff", "auditor"], "separation_of_duties"),
                            (["sysadmin", "secadmin"], "separation_of_duties"),
                            (["secadmin", "office"], "separation_of_duties")):
            r = sec.put("/api/v1/accounts/grantee/roles", {"roles": roles})
            self.assertStatus(r, 409, code)
            self.assertIn("三员", r.json()["error"]["message"])
        r = sec.put("/api/v1/accounts/grantee/roles", {"roles": ["liaison"]})
        self.assertStatus(r, 422, "invalid")
        self.assertIn("department", r.json()["error"]["message"])
        r = sec.put("/api/v1/accounts/grantee/roles", {"roles": ["liaison", "staff"], "department": "academic"})
        self.assertStatus(r, 202)
        self.assertEqual(r.json()["request"]["approver_role"], "auditor")
        self.assertStatus(sec.post("/api/v1/account-requests/%d/approve" % r.json()["request"]["id"]), 403)
        self.approve(r, "auditor")
        self.assertEqual(user.get("/api/v1/session").json()["account"]["department"], "academic")
        r = sec.put("/api/v1/accounts/grantee/roles", {"roles": ["staff"]})  # a withdrawal
        self.assertStatus(r, 200)
        self.assertEqual((r.json()["roles"], r.json()["department"]), (["staff"], None))
        self.assertStatus(sec.put("/api/v1/accounts/grantee/roles", {"roles": ["king"]}), 422, "invalid")
        self.assertStatus(sec.put("/api/v1/accounts/grantee/roles", {"roles": "staff"}), 422, "invalid")
        self.assertStatus(sec.put("/api/v1/accounts/nobody/roles", {"roles": ["staff"]}), 404, "not_found")
        # A platform account has no person: no business role for it.
        self.create("platform.only")
        self.assertStatus(sec.put("/api/v1/accounts/platform.only/roles", {"roles": ["office"]}), 422, "invalid")
        r = sa.put("/api/v1/accounts/platform.only/roles", {"roles": ["auditor"]})
        self.assertEqual(r.json()["request"]["approver_role"], "secadmin")
        self.approve(r, "secadmin")
        # Nobody changes their own roles; the auditor asks for none.
        r = sec.put("/api/v1/accounts/secadmin/roles", {"roles": ["secadmin", "sysadmin"]})
        self.assertStatus(r, 409, "own_roles")
        self.assertStatus(self.as_("auditor").put("/api/v1/accounts/grantee/roles", {"roles": ["office"]}),
                          403, "forbidden")
        rec = [x for x in self.audit("grantee") if x["action"].startswith("account.r")
               and x["action"] != "account.reset.request" and x["detail"].get("kind") != "reset"]
        self.assertEqual([(x["action"], x["account"], x["success"]) for x in rec],
                         [("account.roles.request", "sysadmin", True), ("account.request.approve", "secadmin", True),
                          ("account.roles", "secadmin", False), ("account.roles", "secadmin", False),
                          ("account.roles", "secadmin", False), ("account.roles", "secadmin", False),
                          ("account.roles.request", "secadmin", True), ("account.request.approve", "auditor", True),
                          ("account.roles", "secadmin", True)])

    def test_demo_accounts(self):
        for name in ("office", "leader", "liaison.nic", "liaison.finance", "staff"):
            r = self.anon().login(name, DEMO_PASSWORD)
            self.assertStatus(r, 200)
            self.assertFalse(r.json()["account"]["must_change_password"])
