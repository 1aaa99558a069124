"""Issue 22 (the UI in an office's first week), the server's side: error replies carry a reason a
client can put in its own words (besides code, field and message); the accountability clauses
say why they apply as a code; creates without an id get one made; the platform administrators
pick people and departments by name; the dashboard's expiring agreements are 合规检查's; an
appointment can be checked without a refusal; the UI's assets go out precompressed."""
import gzip
import os
import shutil
import sys
import tempfile
import unittest
from urllib.parse import quote

sys.path.insert(0, os.path.dirname(__file__))
from harness import ServerTestCase  # noqa: E402

U = "/api/v1/units/demo"


class ErrorReasonTest(ServerTestCase):
    def test_reasons_of_a_refused_person(self):
        office = self.as_("office")
        cases = [
            ({"id": "p-r1"}, "name", "missing"),
            ({"id": "p-r2", "name": ""}, "name", "empty"),
            ({"id": "p-r3", "name": 7}, "name", "not_a_string"),
            ({"id": "p-r4", "name": "甲", "department": "no-such-dept"}, "department", "unknown_ref"),
            ({"id": "p-r5", "name": "甲", "background_check": "2026-13-01"}, "background_check", "bad_date"),
            ({"id": "p-r6", "name": "甲", "colour": "red"}, "colour", "unknown_field"),
        ]
        for body, field, reason in cases:
            r = office.post(U + "/people", body)
            self.assertStatus(r, 422, "invalid")
            err = r.json()["error"]
            self.assertEqual((err["field"], err.get("reason")), (field, reason), r)
            self.assertTrue(err["message"], r)  # the message stays for readers of the raw reply
            self.assertEqual(office.get(U + "/people/" + body["id"]).status, 404, "nothing was written")

    def test_no_reason_where_none_is_known(self):
        r = self.as_("office").post(U + "/people", [1, 2])
        self.assertStatus(r, 422, "invalid")
        self.assertNotIn("reason", r.json()["error"])


class MadeIdsTest(ServerTestCase):
    """Issue 22 item 6: users do not type ids; a create without one gets one from the server."""

    def test_creates_without_id(self):
        office = self.as_("office")
        made = {}
        for path, body, prefix in (
            ("/people", {"name": "新人乙", "department": "finance"}, "p-"),
            ("/people", {"id": "", "name": "新人丙"}, "p-"),
            ("/departments", {"name": "新设科室", "parent": None}, "d-"),
            ("/systems", {"name": "新系统", "owner_department": "nic"}, "sys-"),
            ("/notices", {"issuer": "西岭市委网信办", "title": "关于某问题的通报", "received_on": "2026-11-20", "systems": []}, "tb-"),
            ("/agreements", {"kind": "confidentiality", "person": "p-zhouhaitao", "from": "2026-11-01"}, "agr-"),
        ):
            r = office.post(U + path, body)
            self.assertStatus(r, 201)
            rid = r.json()["id"] if "id" in r.json() else None
            self.assertIsNotNone(rid, r)
            self.assertRegex(rid, "^" + prefix + "[2-9a-hjkmnp-z]{8}$")
            listed = office.get(U + path + "?per_page=200")
            self.assertIn(rid, [x["id"] for x in listed.json()["items"]], path)
            made.setdefault(path, set()).add(rid)
        self.assertEqual(len(made["/people"]), 2, "two people, two ids")

    def test_an_id_given_is_kept(self):
        office = self.as_("office")
        r = office.post(U + "/people", {"id": "HR-2026-007", "name": "自带编号"})
        self.assertStatus(r, 201)
        self.assertEqual(r.json()["id"], "HR-2026-007")
        for path, body in (("/people", {"id": "p 12", "name": "空格"}), ("/notices", {"id": "tb 1", "issuer": "甲", "title": "乙", "received_on": "2026-11-20"}),
                           ("/departments", {"id": "d\t1", "name": "制表符"})):
            r = office.post(U + path, body)
            self.assertStatus(r, 422, "invalid")
            self.assertEqual((r.json()["error"]["field"], r.json()["error"].get("reason")), ("id", "bad_id"), r)
        r = office.post(U + "/people", {"id": 7, "name": "数字编号"})
        self.assertStatus(r, 422, "invalid")
        self.assertEqual((r.json()["error"]["field"], r.json()["error"].get("reason")), ("id", "not_a_string"))


class DirectoryTest(ServerTestCase):
    """Item 6: 系统管理员 and 安全管理员 pick people and departments by name (ids and names only)."""

    def test_platform_admins_search_by_name(self):
        for admin in ("sysadmin", "secadmin"):
            c = self.as_(admin)
            r = c.get("/api/v1/directory/people?q=" + quote("孙倩"))
            self.assertStatus(r, 200)
            items = r.json()["items"]
            self.assertTrue(items and all("孙倩" in p["name"] for p in items), items)
            self.assertEqual(set(items[0]) - {"department", "department_name"}, {"id", "name", "org", "org_name"})
            r = c.get("/api/v1/directory/departments?q=" + quote("网络信息中心"))
            self.assertStatus(r, 200)
            self.assertEqual([d["id"] for d in r.json()["items"]], ["nic"])
            self.assertStatus(c.get("/api/v1/directory/people"), 400, "bad_parameter")
            self.assertLessEqual(len(c.get("/api/v1/directory/people?q=p-").json()["items"]), 20)

    def test_others_may_not(self):
        for who in ("office", "auditor", "staff"):
            self.assertStatus(self.as_(who).get("/api/v1/directory/people?q=" + quote("孙")), 403)


class ExpiringAgreementsTest(ServerTestCase):
    """Item 9: the dashboard's agreements about to expire are the ones 合规检查 warns of."""

    def test_one_definition(self):
        for who in ("office", "liaison.nic"):
            c = self.as_(who)
            for as_of in ("2026-11-21", "2026-12-04", "2026-12-20", "2027-03-01"):
                d = c.get(U + "/dashboard?as_of=" + as_of)
                self.assertStatus(d, 200)
                dash = sorted(a["id"] for a in d.json()["expiring_agreements"])
                fs = c.get(U + "/findings?rule=agreement.expiring&per_page=200&as_of=" + as_of).json()["items"]
                people = sorted(f["subject"]["id"] for f in fs)
                self.assertEqual(len(dash), len(set(people)), (who, as_of, dash, people))
                for a in d.json()["expiring_agreements"]:
                    self.assertIn(a["person"], people, (who, as_of, a))
                    self.assertEqual(a["kind"], "key_post_security")

    def test_the_register_says_the_same(self):
        """The 协议 page's 即将到期 is 合规检查's too, not a 30-day window of its own: an agreement
        that ends within 30 days but that no rule warns of (not a key post's) is in force."""
        c = self.as_("office")
        for as_of in ("2026-11-21", "2026-12-04", "2026-12-20", "2027-03-01"):
            fs = c.get(U + "/findings?rule=agreement.expiring&per_page=200&as_of=" + as_of).json()["items"]
            warned = sorted(f["agreement"] for f in fs)
            listed = c.get(U + "/agreements?status=expiring&per_page=200&as_of=" + as_of)
            self.assertStatus(listed, 200)
            self.assertEqual(sorted(a["id"] for a in listed.json()["items"]), warned, as_of)
        # a confidentiality agreement ending in 10 days: in force, no warning
        r = c.post(U + "/agreements", {"kind": "confidentiality", "person": "p-qiumin", "from": "2026-01-01",
                                       "to": "2026-12-01", "signed_on": "2025-12-30"})
        self.assertStatus(r, 201)
        rows = c.get(U + "/agreements?person=p-qiumin&per_page=200&as_of=2026-11-21").json()["items"]
        self.assertEqual([a["status"] for a in rows if a["id"] == r.json()["id"]], ["in_force"])


class AppointmentCheckTest(ServerTestCase):
    """Item 13: asking what an appointment would break is a 200, writes nothing, audits nothing."""

    def test_check_then_save(self):
        office = self.as_("office")
        body = {"person": "p-sunqian", "post": "network_admin", "from": "2026-11-21"}
        before = office.get(U + "/appointments?person=p-sunqian&per_page=200").json()["total"]
        audit_before = len(self.server.zeren("audit", "list", "--format", "json").stdout)
        r = office.post(U + "/appointments?check=true", body)
        self.assertStatus(r, 200)
        self.assertTrue(r.json()["would_break"])
        self.assertIn("sod.security_admin", [f["rule"] for f in r.json()["findings"]])
        self.assertEqual(office.get(U + "/appointments?person=p-sunqian&per_page=200").json()["total"], before, "nothing written")
        self.assertEqual(len(self.server.zeren("audit", "list", "--format", "json").stdout), audit_before, "nothing audited")
        # Without check the refusal is as before; acknowledged, it is saved.
        self.assertStatus(office.post(U + "/appointments", body), 422, "would_break_rules")
        self.assertStatus(office.post(U + "/appointments", dict(body, acknowledge=True)), 201)

    def test_check_of_a_harmless_one(self):
        r = self.as_("office").post(U + "/appointments?check=true", {"person": "p-sunqian", "post": "department_head", "department": "finance", "from": "2026-11-21"})
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["would_break"], bool(r.json()["findings"]))
        self.assertStatus(self.as_("office").post(U + "/appointments?check=maybe", {}), 400, "bad_parameter")


class PrecompressedTest(ServerTestCase):
    """Item 12: a precompressed sibling (.br, .gz) goes to a browser that takes its coding."""

    JS = b"console.log('\xe8\xb4\xa3\xe4\xbb\xbb');\n" * 200

    @classmethod
    def setUpClass(cls):
        cls.web = tempfile.mkdtemp(prefix="zeren-web-")
        os.makedirs(os.path.join(cls.web, "assets"))
        with open(os.path.join(cls.web, "index.html"), "w") as f:
            f.write("<!doctype html><title>责任</title>")
        js = os.path.join(cls.web, "assets", "app-1.js")
        with open(js, "wb") as f:
            f.write(cls.JS)
        with open(js + ".gz", "wb") as f:
            f.write(gzip.compress(cls.JS))
        with open(js + ".br", "wb") as f:
            f.write(b"BROTLI-STAND-IN")  # the server sends it as it is: only its choice is tested
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.web, ignore_errors=True)

    def get(self, accept):
        headers = {"Accept-Encoding": accept} if accept is not None else {}
        return self.server.anonymous().request("GET", "/assets/app-1.js", headers=headers)

    def test_codings(self):
        for accept, coding in (("gzip, deflate, br, zstd", "br"), ("gzip", "gzip"), ("br;q=0, gzip", "gzip"),
                               ("identity", None), (None, None), ("gzip;q=0", None), ("*", "br"), ("GZIP", "gzip")):
            r = self.get(accept)
            self.assertEqual(r.status, 200, accept)
            self.assertEqual(r.header("Content-Encoding"), coding, accept)
            self.assertEqual(r.header("Vary"), "Accept-Encoding", accept)
            self.assertEqual(r.header("Content-Type"), "text/javascript; charset=utf-8", accept)
            if coding == "gzip":
                self.assertEqual(gzip.decompress(r.body), self.JS)
            elif coding is None:
                self.assertEqual(r.body, self.JS)

    def test_no_sibling_no_coding(self):
        r = self.server.anonymous().request("GET", "/", headers={"Accept-Encoding": "br, gzip"})
        self.assertEqual(r.status, 200)
        self.assertIsNone(r.header("Content-Encoding"))


class AccountabilityCaseTest(ServerTestCase):
    def test_clauses_say_their_case(self):
        r = self.as_("office").get(U + "/incidents/inc-2026-01/accountability")
        self.assertStatus(r, 200)
        clauses = r.json()["clauses"]
        cases = {c["case"] for c in clauses}
        self.assertIn("always", cases)
        self.assertTrue(cases <= {"always", "tampered", "outage", "leak", "critical", "unreported"}, cases)
        for c in clauses:
            if c["case"] == "always":
                self.assertNotRegex(c["why"], "[A-Za-z]", "the Chinese text is Chinese only")


if __name__ == "__main__":
    unittest.main()
