"""Appointments (src/api/appointments.c): listing with filters and stable ids, a post's
timeline, making one — refused with the findings it would cause unless acknowledged, and
nothing stored when refused — and ending one (never deleting)."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import ServerTestCase  # noqa: E402

U = "/api/v1/units/demo"
TODAY = "2026-11-22"


def audit_rows(server, action):
    out = server.zeren("audit", "list", "--format", "json")
    assert out.returncode == 0, out.stderr
    return [r for r in json.loads(out.stdout) if r["action"] == action]


class TestListing(ServerTestCase):
    def items(self, client, query):
        r = client.get(U + "/appointments?per_page=200&" + query)
        self.assertStatus(r, 200)
        return r.json()["items"]

    def test_filters_and_ids(self):
        office = self.as_("office")
        mine = self.items(office, "person=p-zhaolei")
        posts = sorted(a["post"] for a in mine if "post" in a)
        self.assertIn("security_admin", posts)
        self.assertIn("network_admin", posts)
        for a in mine:
            self.assertEqual(a["person_name"], "赵磊")
            self.assertRegex(a["id"], r"^a-[0-9a-f]{16}$")
        sa = next(a for a in mine if a.get("post") == "security_admin")
        self.assertEqual(sa["post_name"], "安全管理员")
        # Ids are stable from one request to the next.
        self.assertEqual([a["id"] for a in mine], [a["id"] for a in self.items(office, "person=p-zhaolei")])
        self.assertEqual(len({a["id"] for a in self.items(office, "")}), office.get(U + "/appointments").json()["total"])
        # network_admin of p-zhaolei began 2025-09-01: not current before that.
        before = self.items(office, "person=p-zhaolei&post=network_admin&current=true&as_of=2025-08-31")
        self.assertEqual(before, [])
        self.assertEqual(len(self.items(office, "person=p-zhaolei&post=network_admin&current=true")), 1)
        for a in self.items(office, "system=mail"):
            self.assertEqual(a["system"], "mail")
            self.assertEqual(a["system_name"], "电子邮件系统")
        for a in self.items(office, "body=lg"):
            self.assertEqual(a["body"], "lg")
            self.assertIn(a["seat_name"], ("组长", "副组长", "成员"))
        self.assertStatus(office.get(U + "/appointments?post=nope"), 400)
        self.assertStatus(office.get(U + "/appointments?person=nope"), 400)

    def test_scope(self):
        nic = self.items(self.as_("liaison.nic"), "")
        people = {p["id"] for p in self.as_("liaison.nic").get(U + "/people?per_page=200").json()["items"]}
        self.assertTrue(nic)
        self.assertTrue(all(a["person"] in people for a in nic))
        self.assertTrue(all(a["person"] == "p-qiumin" for a in self.items(self.as_("staff"), "")))

    def test_timeline(self):
        r = self.as_("leader").get(U + "/posts/security_auditor/timeline")
        self.assertStatus(r, 200)
        t = r.json()
        self.assertEqual((t["post"], t["post_name"]), ("security_auditor", "安全审计员"))
        froms = [a["from"] for a in t["items"]]
        self.assertEqual(froms, sorted(froms))
        hejun = next(a for a in t["items"] if a["person"] == "p-hejun")
        self.assertEqual(hejun["to"], "2026-04-01")
        self.assertStatus(self.as_("leader").get(U + "/posts/nope/timeline"), 404)


class TestMaking(ServerTestCase):
    def count(self):
        return self.as_("office").get(U + "/appointments").json()["total"]

    def test_refused_then_acknowledged(self):
        office = self.as_("office")
        # 郑浩 is a 网络管理员: making him 安全管理员 too breaks 三员 separation.
        body = {"person": "p-zhenghao", "post": "security_admin", "from": "2026-12-01", "full_time": True}
        n = self.count()
        r = office.post(U + "/appointments", body)
        self.assertStatus(r, 422, "would_break_rules")
        reply = r.json()
        self.assertIsNone(reply["error"]["field"])
        rules = {f["rule"] for f in reply["findings"]}
        self.assertIn("sod.security_admin", rules)
        sod = next(f for f in reply["findings"] if f["rule"] == "sod.security_admin")
        self.assertEqual(sod["subject"]["id"], "p-zhenghao")
        self.assertTrue(sod["citations"] and sod["message"])
        self.assertTrue(all(f["severity"] == "error" for f in reply["findings"]))
        self.assertEqual(self.count(), n, "nothing is stored when refused")

        r = office.post(U + "/appointments", dict(body, acknowledge=True))
        self.assertStatus(r, 201)
        made = r.json()
        self.assertEqual({f["rule"] for f in made["findings"]}, rules)
        a = made["appointment"]
        self.assertEqual((a["person"], a["post"], a["from"], a["to"], a["full_time"]),
                         ("p-zhenghao", "security_admin", "2026-12-01", None, True))
        self.assertRegex(a["id"], r"^a-[0-9a-f]{16}$")
        self.assertEqual(self.count(), n + 1)
        listed = office.get(U + "/appointments?person=p-zhenghao&post=security_admin").json()["items"]
        self.assertEqual([x["id"] for x in listed], [a["id"]])
        # The audit log says it was acknowledged, and which rules.
        rows = [x for x in audit_rows(self.server, "appointment.create") if x["success"]]
        self.assertTrue(any(x["detail"]["acknowledged"] and "sod.security_admin" in x["detail"]["rules"]
                            and x["object"] == "demo/" + a["id"] for x in rows))
        refused = [x for x in audit_rows(self.server, "appointment.create") if not x["success"]]
        self.assertTrue(refused and refused[0]["detail"]["status"] == 422)
        # The same appointment again is a conflict.
        self.assertStatus(office.post(U + "/appointments", dict(body, acknowledge=True)), 409, "conflict")

    def test_clean_appointment(self):
        office = self.as_("office")
        # A second 系统负责人 for the mail system breaks no rule.
        r = office.post(U + "/appointments", {"person": "p-machao", "post": "system_responsible", "system": "mail",
                                              "from": TODAY})
        self.assertStatus(r, 201)
        self.assertEqual(r.json()["findings"], [])
        self.assertEqual((r.json()["appointment"]["post_name"], r.json()["appointment"]["system_name"]),
                         ("系统负责人", "电子邮件系统"))
        # A 数据库管理员 without a key-post agreement would: agreement.key_post.
        r = office.post(U + "/appointments", {"person": "p-wumin", "post": "database_admin", "from": TODAY})
        self.assertStatus(r, 422, "would_break_rules")
        self.assertIn("agreement.key_post", [f["rule"] for f in r.json()["findings"]])
        r = office.post(U + "/appointments", {"person": "p-wumin", "body": "wg", "seat": "member", "from": TODAY})
        self.assertStatus(r, 201)
        self.assertEqual(r.json()["appointment"]["body"], "wg")

    def test_validation(self):
        office = self.as_("office")
        for body, field in (({"person": "p-nobody", "post": "database_admin", "from": TODAY}, "person"),
                            ({"person": "p-wumin", "post": "chief", "from": TODAY}, "post"),
                            ({"person": "p-wumin", "post": "database_admin"}, "from"),
                            ({"person": "p-wumin", "post": "database_admin", "from": TODAY, "to": "2020-01-01"}, "to"),
                            ({"person": "p-wumin", "post": "security_liaison", "from": TODAY}, "department"),
                            ({"person": "p-wumin", "post": "database_admin", "from": TODAY, "acknowledge": "yes"},
                             "acknowledge")):
            r = office.post(U + "/appointments", body)
            self.assertStatus(r, 422)
            self.assertEqual(r.json()["error"]["field"], field, r)
        self.assertStatus(self.as_("liaison.nic").post(U + "/appointments", {"person": "p-wumin"}), 403, "forbidden")


class TestEnding(ServerTestCase):
    def appt(self, query):
        items = self.as_("office").get(U + "/appointments?per_page=200&" + query).json()["items"]
        self.assertEqual(len(items), 1, items)
        return items[0]

    def test_end(self):
        office = self.as_("office")
        a = self.appt("person=p-zhaolei&post=network_admin")
        path = U + "/appointments/%s/end" % a["id"]
        r = office.post(path, {"to": "2025-01-01"})
        self.assertStatus(r, 422)
        self.assertEqual(r.json()["error"]["field"], "to")
        self.assertStatus(office.post(path, {}), 422)
        r = office.post(path, {"to": "2026-12-01"})
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["appointment"]["to"], "2026-12-01")
        self.assertEqual(r.json()["appointment"]["id"], a["id"])  # the id is the natural key's: it stays
        self.assertEqual(self.appt("person=p-zhaolei&post=network_admin")["to"], "2026-12-01")
        # leaving network administration (a key post he holds in no other scope) opens his
        # handover in the same change, named in its audit record (issue 19)
        ho = r.json()["appointment"]["handover"]
        self.assertTrue(any(x["object"] == "demo/" + a["id"] and x["detail"] == {"to": "2026-12-01", "handover": ho}
                            for x in audit_rows(self.server, "appointment.end")))
        items = office.get(U + "/handovers?per_page=200&as_of=2026-12-01").json()["items"]
        self.assertEqual([(x["person"], x["post"], x["left_on"]) for x in items if x["id"] == ho],
                         [("p-zhaolei", "network_admin", "2026-12-01")])
        # Already ended in the past: a conflict.
        ended = self.appt("person=p-hejun&post=security_auditor")
        self.assertStatus(office.post(U + "/appointments/%s/end" % ended["id"], {"to": "2026-12-01"}), 409, "conflict")
        self.assertStatus(office.post(U + "/appointments/a-0000000000000000/end", {"to": "2026-12-01"}), 404)
        self.assertStatus(self.as_("leader").post(path, {"to": "2026-12-02"}), 403, "forbidden")
        # No deleting, ever: the path is known, the method is not.
        self.assertStatus(office.delete(U + "/appointments/%s/end" % a["id"]), 405)
        self.assertStatus(office.delete(U + "/appointments"), 405)


if __name__ == "__main__":
    unittest.main()
