"""Inspections (检查, issue 15 part 4): the demo's supervisor (西岭市委网信办) records an
inspection of 西岭市第一中学; each item found is one of the school's rectifications (整改台账),
which the school's office sees, rectifies and closes as any other, and an overdue one is the
school's rectification.overdue finding. The school reads its own inspections and never writes
one; its sibling, the hospital, never sees them. Dates are pinned, never today's."""
import unittest

from harness import ServerTestCase

ON = "2026-11-23"  # a Monday after the demo's day
SCHOOL = "/api/v1/units/xl-school"
INSPECTION = {"id": "jc-2026-01", "unit": "xl-school", "on": ON, "scope": "网络安全工作责任制落实情况",
              "inspectors": "王磊、李娜",
              "items": [{"title": "网站未开展等级保护测评", "basis": "第四条(二)", "department": "xs-info",
                         "due_on": "2026-12-31"},
                        {"title": "未明确网络安全责任人", "department": "xs-info", "working_days": 5},
                        {"title": "日志留存不足六个月", "department": "xs-info"}]}


class InspectionTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        sup = cls.server.client("supervisor")
        cls._clients["supervisor"] = sup
        r = sup.post("/api/v1/supervision/inspections", INSPECTION)
        assert r.status == 201, r
        cls.recorded = r.json()

    def rectifications(self, who, as_of):
        r = self.as_(who).get(SCHOOL + "/rectifications?rule=inspection&per_page=200&as_of=" + as_of)
        self.assertStatus(r, 200)
        return {x["id"]: x for x in r.json()["items"]}

    def test_items_become_the_units_rectifications(self):
        self.assertEqual([x["id"] for x in self.recorded["rectifications"]],
                         ["jc-2026-01-1", "jc-2026-01-2", "jc-2026-01-3"])
        items = self.rectifications("office.school", ON)
        self.assertEqual(set(items), {"jc-2026-01-1", "jc-2026-01-2", "jc-2026-01-3"})
        one = items["jc-2026-01-1"]
        self.assertEqual((one["subject"], one["title"], one["department"], one["assigned_on"], one["deadline"]),
                         ("jc-2026-01#1", "网站未开展等级保护测评", "xs-info", ON, "2026-12-31"))
        self.assertEqual(one["source"], {"inspection": "jc-2026-01", "on": ON, "inspector": "西岭市委网信办",
                                         "scope": "网络安全工作责任制落实情况"})
        # 5 working days from Monday 11-23: the next Monday; none given: the policy's 10
        self.assertEqual(items["jc-2026-01-2"]["deadline"], "2026-11-30")
        self.assertEqual(items["jc-2026-01-3"]["deadline"], "2026-12-07")

    def test_supervisor_and_unit_see_each_items_state(self):
        sup = self.as_("supervisor").get("/api/v1/supervision/inspections?as_of=2026-12-01")
        self.assertStatus(sup, 200)
        [mine] = [x for x in sup.json()["items"] if x["id"] == "jc-2026-01"]
        self.assertEqual((mine["org"], mine["inspector_org"], mine["org_name"]), ("xl-school", "xiling", "西岭市第一中学"))
        self.assertEqual([x["status"] for x in mine["items"]][1:], ["overdue", "assigned"])
        early = self.as_("supervisor").get("/api/v1/supervision/inspections?as_of=2026-11-24").json()["items"]
        self.assertEqual([x["status"] for x in early[0]["items"]], ["assigned"] * 3)
        self.assertEqual([x["rectification"] for x in early[0]["items"]],
                         ["jc-2026-01-1", "jc-2026-01-2", "jc-2026-01-3"])
        self.assertEqual(mine["items"][0]["basis"], "第四条(二)")
        # Each item's deadline: its own date, 5 working days, the policy's 10 — as the register has them.
        self.assertEqual([x["deadline"] for x in mine["items"]], ["2026-12-31", "2026-11-30", "2026-12-07"])
        own = self.as_("office.school").get(SCHOOL + "/inspections?as_of=2026-12-01")
        self.assertStatus(own, 200)
        self.assertEqual([x["id"] for x in own.json()["items"]], ["jc-2026-01"])
        self.assertEqual(own.json()["items"][0]["items"], mine["items"])
        before = self.as_("office.school").get(SCHOOL + "/inspections?as_of=2026-11-20")
        self.assertEqual(before.json()["total"], 0, "not yet inspected then")

    def test_rectify_close_and_overdue(self):
        office = self.as_("office.school")
        r = office.put(SCHOOL + "/rectifications/jc-2026-01-1", {"rectified_on": "2026-11-25",
                                                                  "rectification": "已完成等级保护测评"})
        self.assertStatus(r, 200)
        r = office.put(SCHOOL + "/rectifications/jc-2026-01-1", {"closed_on": "2026-11-26"})
        self.assertStatus(r, 200)
        items = self.rectifications("office.school", "2026-12-01")
        self.assertEqual(items["jc-2026-01-1"]["status"], "closed")
        self.assertEqual(items["jc-2026-01-2"]["status"], "overdue")
        sup = self.as_("supervisor").get(SCHOOL + "/inspections?as_of=2026-12-01").json()["items"][0]
        self.assertEqual([x["status"] for x in sup["items"]], ["closed", "overdue", "assigned"])
        # the overdue item is the school's rectification.overdue finding, and only that one
        r = office.get(SCHOOL + "/findings?per_page=200&rule=rectification.overdue&as_of=2026-12-01")
        self.assertStatus(r, 200)
        self.assertEqual([x["rectification"] for x in r.json()["items"]], ["jc-2026-01-2"])
        r = office.get(SCHOOL + "/findings?per_page=200&rule=rectification.overdue&as_of=2026-11-30")
        self.assertEqual(r.json()["total"], 0, "due on 11-30 itself")

    def test_a_sibling_never_sees_it(self):
        hospital = self.as_("office.hospital")
        self.assertIn(hospital.get(SCHOOL + "/inspections").status, (403, 404))
        r = hospital.get("/api/v1/units/xl-hospital/inspections?as_of=2026-12-01")
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["total"], 0)
        self.assertStatus(hospital.get("/api/v1/supervision/inspections"), 403, "forbidden")

    def test_a_unit_never_records_one(self):
        for who in ("office.school", "office"):
            r = self.as_(who).post("/api/v1/supervision/inspections", dict(INSPECTION, id="jc-x"))
            self.assertStatus(r, 403, "forbidden")
        r = self.as_("office.school").post(SCHOOL + "/rectifications", {
            "rule": "inspection", "subject": "jc-2026-01#9", "title": "t", "department": "xs-info", "assigned_on": ON})
        self.assertStatus(r, 422)
        # nor through an import of its own: its export's inspections go back in unchanged, never changed or new
        office = self.as_("office.school")
        r = office.get(SCHOOL + "/export")
        self.assertStatus(r, 200)
        [mine] = [x for x in r.json()["inspections"] if x["id"] == "jc-2026-01"]
        self.assertStatus(office.post("/api/v1/import", {"format": "zeren/v1", "inspections": [mine]}), 200)
        for changed in (dict(mine, scope="改过的范围"), dict(mine, items=mine["items"][:1]), dict(mine, id="jc-own")):
            r = office.post("/api/v1/import", {"format": "zeren/v1", "inspections": [changed]})
            self.assertStatus(r, 422)
            self.assertIn("recorded by the supervising unit", r.json()["error"]["message"])
        r = self.as_("supervisor").get(SCHOOL + "/inspections?as_of=2026-12-31")
        self.assertEqual([(x["id"], x["scope"], len(x["items"])) for x in r.json()["items"]],
                         [("jc-2026-01", INSPECTION["scope"], 3)])

    def test_bad_input_changes_nothing(self):
        sup = self.as_("supervisor")
        cases = [(dict(INSPECTION, id="jc-2026-01"), 409, "id"),
                 (dict(INSPECTION, id="jc-b", unit="xiling"), 422, "unit"),
                 (dict(INSPECTION, id="jc-b", items=[]), 422, "items"),
                 (dict(INSPECTION, id="jc-b", on="2026-13-01"), 422, "on"),
                 (dict(INSPECTION, id="jc-b", items=[{"title": "t", "department": "xs-info", "colour": 1}]), 422, "colour"),
                 (dict(INSPECTION, id="jc-b", items=[{"title": "t", "department": "xs-info", "due_on": "2026-12-01",
                                                      "working_days": 3}]), 422, "working_days"),
                 (dict(INSPECTION, id="jc-b", items=[{"title": "t", "department": "xh-it"}]), 422, None),
                 ({k: v for k, v in INSPECTION.items() if k != "scope"} | {"id": "jc-b"}, 422, None),
                 (dict(INSPECTION, id="jc-b", items=[{"department": "xs-info"}]), 422, None)]
        for body, status, field in cases:
            r = sup.post("/api/v1/supervision/inspections", body)
            self.assertStatus(r, status)
            if field:
                self.assertEqual(r.json()["error"]["field"], field, body)
        r = sup.get("/api/v1/supervision/inspections?as_of=2026-12-31")
        self.assertEqual([x["id"] for x in r.json()["items"]], ["jc-2026-01"])
        self.assertEqual(set(self.rectifications("office.school", "2026-12-31")),
                         {"jc-2026-01-1", "jc-2026-01-2", "jc-2026-01-3"})


if __name__ == "__main__":
    unittest.main()
