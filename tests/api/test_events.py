"""Incidents and notices over the API: deadlines as the engine counts them (report within the
hours the grade allows, the summary within 30 days, rectification within 3 working days),
added and changed by the office through the importer, and seen within each account's scope."""
import json
import unittest

from harness import ServerTestCase

U = "/api/v1/units/demo"


def audit_actions(server):
    out = server.zeren("audit", "list", "--format", "json")
    return [(r["action"], r["object"], r["success"]) for r in json.loads(out.stdout)]


class Incidents(ServerTestCase):
    def items(self, who, path):
        r = self.as_(who).get(path)
        self.assertStatus(r, 200)
        return r.json()["items"]

    def test_list_with_deadlines(self):
        items = {i["id"]: i for i in self.items("office", U + "/incidents?as_of=2026-11-22")}
        self.assertLessEqual({"inc-2026-01", "inc-2026-03"}, set(items))
        i = items["inc-2026-03"]
        # detected 02:30, general grade: 24 hours; reported 10:00 the same day
        self.assertEqual((i["status"], i["report_hours"], i["report_due_at"]), ("resolved", 24, "2026-09-02T02:30:00+08:00"))
        self.assertFalse(i["report_late"] or i["report_overdue"])
        self.assertIsNone(i["summary_due_on"])  # 一般: no summary report required
        self.assertEqual(i["grade_effective"], "general")
        self.assertEqual(self.items("office", U + "/incidents?system=mail")[0]["id"], "inc-2026-01")
        demo = lambda items: [i["id"] for i in items if i["id"].startswith("inc-2026-")]
        self.assertEqual(demo(self.items("office", U + "/incidents?status=open")), [])
        self.assertEqual(len(demo(self.items("office", U + "/incidents?status=resolved"))), 2)
        self.assertStatus(self.as_("office").get(U + "/incidents?status=closed"), 400, "bad_parameter")
        r = self.as_("office").get(U + "/incidents/inc-2026-01")
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["system"], "mail")
        self.assertStatus(self.as_("office").get(U + "/incidents/nosuch"), 404, "not_found")

    def test_scope(self):
        # the liaison of nic sees the incident on nic's mail system, not the one on the office's OA
        self.assertEqual([i["id"] for i in self.items("liaison.nic", U + "/incidents")], ["inc-2026-01"])
        self.assertStatus(self.as_("liaison.nic").get(U + "/incidents/inc-2026-03"), 403, "out_of_scope")
        self.assertEqual(self.items("staff", U + "/incidents"), [])
        self.assertEqual(self.items("leader", U + "/incidents"), self.items("office", U + "/incidents"))
        self.assertStatus(self.as_("auditor").get(U + "/incidents"), 403, "forbidden")

    def test_create_and_resolve(self):
        office = self.as_("office")
        new = {"id": "inc-api-1", "system": "portal", "title": "门户网站被篡改", "category": "网页篡改",
               "grade": "relatively_major", "occurred_at": "2026-11-20T09:00:00+08:00",
               "detected_at": "2026-11-20T09:30:00+08:00"}
        r = office.post(U + "/incidents", new)
        self.assertStatus(r, 201)
        i = r.json()
        # 较大: within 4 hours of detection; not reported at all
        self.assertEqual((i["org"], i["report_hours"], i["report_due_at"]), ("demo", 4, "2026-11-20T13:30:00+08:00"))
        self.assertTrue(i["report_overdue"])
        self.assertEqual(i["status"], "open")
        self.assertStatus(office.post(U + "/incidents", new), 409, "conflict")
        r = office.put(U + "/incidents/inc-api-1", {"reported_at": "2026-11-20T12:00:00+08:00",
                                                    "resolved_at": "2026-11-21T18:00:00+08:00"})
        self.assertStatus(r, 200)
        i = r.json()
        self.assertEqual((i["status"], i["title"], i["summary_due_on"]), ("resolved", "门户网站被篡改", "2026-12-21"))
        self.assertFalse(i["report_overdue"] or i["report_late"])
        r = office.put(U + "/incidents/inc-api-1", {"summary_on": "2026-11-25"})
        self.assertStatus(r, 200)
        self.assertFalse(r.json()["summary_overdue"])
        # the CLI sees it as written
        cli = json.loads(self.server.zeren("incident", "list", "--format", "json").stdout)
        self.assertEqual([x["summary_on"] for x in cli if x["id"] == "inc-api-1"], ["2026-11-25"])
        actions = audit_actions(self.server)
        self.assertIn(("incident.create", "demo/inc-api-1", True), actions)
        self.assertIn(("incident.update", "demo/inc-api-1", True), actions)

    def test_write_refusals(self):
        office = self.as_("office")
        r = office.post(U + "/incidents", {"id": "inc-bad", "title": "x", "occurred_at": "2026-11-20T09:00:00+08:00",
                                           "detected_at": "2026-11-19T09:00:00+08:00"})
        self.assertStatus(r, 422, "invalid")
        self.assertEqual(r.json()["error"]["field"], "detected_at")
        r = office.post(U + "/incidents", {"id": "inc-bad", "title": "x", "occurred_at": "2026-11-20T09:00:00+08:00",
                                           "system": "nosuch"})
        self.assertStatus(r, 422, "invalid")
        self.assertEqual(r.json()["error"]["field"], "system")
        r = office.post(U + "/incidents", {"id": "inc-bad", "org": "other", "occurred_at": "2026-11-20T09:00:00+08:00"})
        self.assertStatus(r, 422, "invalid")
        self.assertEqual(r.json()["error"]["field"], "org")
        self.assertStatus(office.put(U + "/incidents/inc-2026-01", {"id": "other"}), 422, "invalid")
        self.assertStatus(office.put(U + "/incidents/nosuch", {"title": "x"}), 404, "not_found")
        for who in ("liaison.nic", "leader", "staff"):
            self.assertStatus(self.as_(who).put(U + "/incidents/inc-2026-01", {"title": "x"}), 403, "forbidden")
        self.assertStatus(office.get(U + "/incidents/inc-bad"), 404, "not_found")


class Notices(ServerTestCase):
    def items(self, who, path):
        r = self.as_(who).get(path)
        self.assertStatus(r, 200)
        return {n["id"]: n for n in r.json()["items"]}

    def test_deadlines(self):
        n = self.items("office", U + "/notices?as_of=2026-11-18")
        # received Monday 11-16: three working days, the day of receipt not counted
        t = n["tb-2026-17"]
        self.assertEqual((t["status"], t["received_on"], t["deadline"], t["working_days_left"], t["overdue"]),
                         ("open", "2026-11-16", "2026-11-19", 1, False))
        self.assertEqual((n["tb-2026-09"]["status"], n["tb-2026-09"]["working_days_left"]), ("rectified", None))
        t = self.items("office", U + "/notices?as_of=2026-11-20")["tb-2026-17"]
        self.assertEqual((t["working_days_left"], t["overdue"]), (-1, True))
        demo = {k for k in self.items("office", U + "/notices?open=true&as_of=2026-11-20") if k.startswith("tb-2026-")}
        self.assertEqual(demo, {"tb-2026-17"})
        self.assertStatus(self.as_("office").get(U + "/notices?open=maybe"), 400, "bad_parameter")
        cli = json.loads(self.server.zeren("notice", "list", "--as-of", "2026-11-20", "--format", "json").stdout)
        self.assertEqual([c["due_on"] for c in cli if c["id"] == "tb-2026-17"], ["2026-11-19"])

    def test_scope(self):
        self.assertEqual(set(self.items("liaison.nic", U + "/notices")), {"tb-2026-09"})  # the mail system is nic's
        self.assertStatus(self.as_("liaison.nic").get(U + "/notices/tb-2026-17"), 403, "out_of_scope")
        self.assertEqual(self.items("staff", U + "/notices"), {})

    def test_add_and_rectify(self):
        office = self.as_("office")
        r = office.post(U + "/notices", {"id": "tb-api-1", "issuer": "省网信办", "document_no": "川网信通〔2026〕3号",
                                         "title": "关于教务系统弱口令的通报", "systems": ["jwxt"],
                                         "received_on": "2026-11-20"})
        self.assertStatus(r, 201)
        self.assertEqual((r.json()["deadline"], r.json()["systems"]), ("2026-11-25", ["jwxt"]))
        r = office.put(U + "/notices/tb-api-1", {"rectified_on": "2026-11-21", "feedback_on": "2026-11-21"})
        self.assertStatus(r, 200)
        self.assertEqual((r.json()["status"], r.json()["overdue"], r.json()["systems"]), ("rectified", False, ["jwxt"]))
        r = office.put(U + "/notices/tb-api-1", {"rectified_on": "2026-11-19"})
        self.assertStatus(r, 422, "invalid")
        self.assertEqual(r.json()["error"]["field"], "rectified_on")
        self.assertStatus(self.as_("liaison.nic").post(U + "/notices", {"id": "x"}), 403, "forbidden")
        self.assertIn(("notice.update", "demo/tb-api-1", True), audit_actions(self.server))


if __name__ == "__main__":
    unittest.main()
