"""整改台账 (issue 22): a finding followed up through the API — the office assigns it (rule and
the finding's key), the department's liaison rectifies it but may not close it, the office closes
it, and it shows as reopened when the finding holds again; each role sees its own; an item past
its deadline is a finding of rectification.overdue."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import DEMO_ON, ServerTestCase  # noqa: E402

U = "/api/v1/units/demo"


class RectificationTest(ServerTestCase):
    def finding(self, rule):
        r = self.as_("office").get(U + "/findings?per_page=200&as_of=" + DEMO_ON + "&rule=" + rule)
        self.assertStatus(r, 200)
        return r.json()["items"][0]

    def items(self, who, query=""):
        r = self.as_(who).get(U + "/rectifications?per_page=200&as_of=" + DEMO_ON + query)
        self.assertStatus(r, 200)
        return {x["id"]: x for x in r.json()["items"]}

    def test_the_demo_register(self):
        items = self.items("office")
        self.assertEqual(items["zg-2026-001"]["status"], "reopened", "closed, and the finding holds again")
        self.assertEqual(items["zg-2026-002"]["status"], "rectified")
        self.assertTrue(items["zg-2026-002"]["holds"], "the vulnerability is still open: not to be closed yet")
        self.assertEqual((items["zg-2026-001"]["department_name"], items["zg-2026-001"]["person_name"]), ("财务处", "许红梅"))
        self.assertEqual(items["zg-2026-001"]["rule_title"], self.finding("system.mlps")["title"])
        self.assertEqual(set(self.items("office", "&status=reopened")), {"zg-2026-001"})
        nic = self.items("office", "&department=nic")
        self.assertIn("zg-2026-002", nic)
        self.assertEqual({x["department"] for x in nic.values()}, {"nic"})
        # before the closing, the same item was closed and not yet reopened
        r = self.as_("office").get(U + "/rectifications?as_of=2026-10-23")
        self.assertEqual([x["status"] for x in r.json()["items"]], ["closed"])

    def test_assign_rectify_close(self):
        office, nic = self.as_("office"), self.as_("liaison.nic")
        fd = self.finding("agreement.expiring")
        r = office.post(U + "/rectifications", {"rule": fd["rule"], "subject": fd["key"], "title": fd["message"],
                                                "department": "nic", "person": "p-zhenghao", "assigned_on": "2026-11-20"})
        self.assertStatus(r, 201)
        zid = r.json()["id"]
        self.assertTrue(zid.startswith("zg-"), zid)
        item = self.items("office")[zid]
        self.assertEqual((item["status"], item["deadline"], item["holds"]), ("assigned", "2026-12-04", True))
        self.assertIn(zid, self.items("liaison.nic"), "the department's liaison sees it")
        self.assertNotIn(zid, self.items("liaison.finance"), "another department's does not")
        # the liaison rectifies it, with notes and evidence, but may not close it or move the deadline
        r = nic.put(U + "/rectifications/" + zid, {"rectified_on": "2026-11-21", "rectification": "已续签协议",
                                                   "evidence": [{"sha256": "a" * 64, "name": "整改报告.pdf", "size": 10}]})
        self.assertStatus(r, 200)
        for body in ({"closed_on": "2026-11-21"}, {"due_on": "2026-12-31"}):
            r = nic.put(U + "/rectifications/" + zid, body)
            self.assertStatus(r, 403, "forbidden")
            self.assertEqual(r.json()["error"]["field"], list(body)[0])
        self.assertEqual(self.items("office")[zid]["status"], "rectified")
        self.assertStatus(self.as_("liaison.finance").put(U + "/rectifications/" + zid, {"rectification": "x"}),
                          403, "out_of_scope")
        self.assertStatus(office.put(U + "/rectifications/" + zid, {"closed_on": "2026-11-21"}), 200)
        item = self.items("office")[zid]
        self.assertEqual((item["status"], item["evidence"][0]["name"]), ("closed", "整改报告.pdf"))
        # the agreement still expires: a day later the item shows reopened
        r = office.get(U + "/rectifications?as_of=2026-11-22&status=reopened")
        self.assertIn(zid, [x["id"] for x in r.json()["items"]])

    def test_staff_see_their_own(self):
        office = self.as_("office")
        fd = self.finding("body.leading_group")
        r = office.post(U + "/rectifications", {"rule": fd["rule"], "subject": fd["key"], "title": fd["message"],
                                                "department": "academic", "person": "p-qiumin", "assigned_on": "2026-11-20"})
        self.assertStatus(r, 201)
        zid = r.json()["id"]
        self.assertEqual(set(self.items("staff")), {zid})
        self.assertEqual(set(self.items("staff", "&mine=true")), {zid})
        mine = self.items("liaison.nic", "&mine=true")
        self.assertIn("zg-2026-002", mine)
        self.assertNotIn(zid, mine)

    def test_the_person_assigned_rectifies_their_own(self):
        """A staff account linked to the person assigned records the rectification of their own
        item (notes, date, evidence) and nothing else; another person's item is refused and the
        refusal audited; verifying and closing stay with the office."""
        office, staff = self.as_("office"), self.as_("staff")
        fd = self.finding("body.leading_group")
        r = office.post(U + "/rectifications", {"rule": fd["rule"], "subject": fd["key"], "title": fd["message"],
                                                "department": "academic", "person": "p-qiumin", "assigned_on": "2026-11-20"})
        self.assertStatus(r, 201)
        zid = r.json()["id"]
        ev = [{"sha256": "b" * 64, "name": "整改说明.pdf", "size": 12}]
        r = staff.put(U + "/rectifications/" + zid, {"rectified_on": "2026-11-21", "rectification": "已提请调整领导小组",
                                                     "evidence": ev})
        self.assertStatus(r, 200)
        item = self.items("office")[zid]
        self.assertEqual((item["status"], item["rectification"], item["evidence"]), ("rectified", "已提请调整领导小组", ev))
        log = self.as_("auditor").get("/api/v1/audit?account=staff&per_page=50").json()["items"]
        self.assertTrue([a for a in log if a["success"] and a["action"] == "rectification.update"
                         and a["object"] == "demo/" + zid], log[:3])
        # the assignment, the deadline, the closing and the item's other fields stay the office's
        for body in ({"closed_on": "2026-11-21"}, {"due_on": "2026-12-31"}, {"person": "p-hejun"},
                     {"department": "nic"}, {"title": "改了标题"}):
            r = staff.put(U + "/rectifications/" + zid, body)
            self.assertStatus(r, 403, "forbidden")
            self.assertEqual(r.json()["error"]["field"], list(body)[0])
        # sending a field unchanged is no change of it
        self.assertStatus(staff.put(U + "/rectifications/" + zid, {"title": item["title"], "rectification": "补充说明"}), 200)
        # another person's item: refused, nothing written, the refusal in the audit log
        before = self.items("office")["zg-2026-002"]
        r = staff.put(U + "/rectifications/zg-2026-002", {"rectification": "x"})
        self.assertStatus(r, 403, "out_of_scope")
        self.assertEqual(self.items("office")["zg-2026-002"], before)
        log = self.as_("auditor").get("/api/v1/audit?account=staff&per_page=50").json()["items"]
        self.assertTrue([a for a in log if not a["success"] and "zg-2026-002" in (a.get("object") or "")], log[:3])
        # the office verifies and closes it
        self.assertStatus(office.put(U + "/rectifications/" + zid, {"closed_on": "2026-11-21"}), 200)
        self.assertEqual(self.items("office")[zid]["status"], "closed")
        self.assertStatus(staff.put(U + "/rectifications/" + zid, {"closed_on": None}), 403, "forbidden")

    def test_overdue_is_a_finding(self):
        office = self.as_("office")
        fd = self.finding("system.owner")
        r = office.post(U + "/rectifications", {"rule": fd["rule"], "subject": fd["key"], "title": "补设系统负责人",
                                                "department": "hr", "assigned_on": "2026-11-02"})
        self.assertStatus(r, 201)
        zid = r.json()["id"]
        self.assertEqual(self.items("office")[zid]["status"], "overdue")
        r = office.get(U + "/findings?per_page=200&rule=rectification.overdue&as_of=" + DEMO_ON)
        found = [x for x in r.json()["items"] if x.get("rectification") == zid]
        self.assertEqual(len(found), 1)
        self.assertEqual((found[0]["subject"]["kind"], found[0]["subject"]["id"], found[0]["since"]),
                         ("department", "hr", "2026-11-17"))
        r = office.get(U + "/findings?per_page=200&rule=rectification.overdue&as_of=2026-11-16")
        self.assertEqual([x for x in r.json()["items"] if x.get("rectification") == zid], [], "due that day: none yet")

    def test_evidence_and_reports_download_in_scope(self):
        office, nic = self.as_("office"), self.as_("liaison.nic")
        r = nic.post(U + "/evidence?name=report.txt", data=b"rectification report\n", content_type="text/plain")
        self.assertStatus(r, 201)
        sha = r.json()["sha256"]
        ev = [{"sha256": sha, "name": "整改报告.txt", "size": 21}]
        self.assertStatus(nic.put(U + "/rectifications/zg-2026-002", {"evidence": ev}), 200)
        self.assertStatus(nic.get(U + "/evidence/" + sha), 200)
        self.assertStatus(self.as_("liaison.finance").get(U + "/evidence/" + sha), 404)
        # a notice's 整改报告 and an incident's 处置报告 are files as well
        self.assertStatus(office.put(U + "/notices/tb-2026-17", {"reports": ev}), 200)
        self.assertEqual(office.get(U + "/notices/tb-2026-17").json()["reports"][0]["name"], "整改报告.txt")
        self.assertStatus(office.put(U + "/incidents/inc-2026-03", {"reports": ev}), 200)
        self.assertEqual(office.get(U + "/incidents/inc-2026-03").json()["reports"][0]["sha256"], sha)

    def test_refusals(self):
        office = self.as_("office")
        before = self.items("office")
        r = office.post(U + "/rectifications", {"rule": "no.such", "subject": "org:demo", "title": "x",
                                                "department": "nic", "assigned_on": "2026-11-20"})
        self.assertStatus(r, 422, "invalid")
        self.assertEqual(r.json()["error"]["field"], "rule")
        r = office.post(U + "/rectifications", {"rule": "system.mlps", "subject": "system:cwxt", "title": "x",
                                                "assigned_on": "2026-11-20"})
        self.assertStatus(r, 422, "invalid")
        self.assertEqual(r.json()["error"]["field"], "department")
        self.assertStatus(office.get(U + "/rectifications?status=done"), 400, "bad_parameter")
        self.assertStatus(self.as_("leader").post(U + "/rectifications", {}), 403, "forbidden")
        self.assertEqual(self.items("office"), before, "nothing was written")


if __name__ == "__main__":
    unittest.main()
