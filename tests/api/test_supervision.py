"""Supervision (issue 15, parts 1-3): the demo's 西岭市委网信办 (account `supervisor`) over the
demo unit 蜀南学院 and two small units, 西岭市第一中学 (office.school) and 西岭市人民医院
(office.hospital). The supervisor reads every unit below and ranks them, writes none of their
records, and sends notices down; each unit answers its copy, and a late one is a finding on both
sides. Dates are pinned (the demo is loaded as of DEMO_ON), never today's."""
import unittest

from harness import DEMO_ON, ServerTestCase

UNITS = {"demo", "xl-school", "xl-hospital"}
SENT_ON = "2026-11-23"   # a Monday after DEMO_ON
CHECK_ON = "2026-12-04"  # past the deadline of 3 working days


class SupervisionTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        sup = cls.server.client("supervisor")
        cls._clients["supervisor"] = sup
        r = sup.post("/api/v1/supervision/notices",
                     {"id": "xw-2026-31", "document_no": "西网信通〔2026〕31号", "title": "关于网站存在高危漏洞的通报",
                      "units": ["xl-school", "xl-hospital"], "systems": ["xs-portal", "xh-his"],
                      "received_on": SENT_ON, "working_days": 3})
        assert r.status == 201, r
        cls.sent = r.json()

    # ---- the tree and the roles ------------------------------------------------------------

    def test_supervisor_account(self):
        a = self.as_("supervisor").account
        self.assertEqual(a["roles"], ["supervisor"])
        self.assertEqual(a["org"], "xiling")
        self.assertEqual(a["data_scope"], "subtree")

    def test_supervisor_reads_every_unit_below(self):
        sup = self.as_("supervisor")
        for org in UNITS:
            self.assertStatus(sup.get("/api/v1/units/%s/findings?as_of=%s" % (org, DEMO_ON)), 200)
            self.assertStatus(sup.get("/api/v1/units/%s/people" % org), 200)
        # The whole unit, not a department of it.
        r = sup.get("/api/v1/units/demo/people?per_page=200")
        self.assertEqual(r.json()["total"], self.as_("office").get("/api/v1/units/demo/people?per_page=1").json()["total"])

    def test_units_list_is_the_subtree(self):
        sup = self.as_("supervisor")
        r = sup.get("/api/v1/units")
        self.assertStatus(r, 200)
        ids = [u["id"] for u in r.json()["items"]]
        self.assertEqual(ids[0], "xiling")
        self.assertEqual(set(ids[1:]), UNITS)
        self.assertEqual(r.json()["total"], 4)
        # Each with its own counts, as its office sees it.
        school = [u for u in r.json()["items"] if u["id"] == "xl-school"][0]
        self.assertEqual(school, self.as_("office.school").get("/api/v1/units").json()["items"][0])
        # Paged and searched like any list.
        r = sup.get("/api/v1/units?per_page=2&page=2")
        self.assertEqual((len(r.json()["items"]), r.json()["total"]), (2, 4))
        self.assertEqual([u["id"] for u in sup.get("/api/v1/units?q=xl-school").json()["items"]], ["xl-school"])
        # A unit's office still sees only its own.
        self.assertEqual([u["id"] for u in self.as_("office.school").get("/api/v1/units").json()["items"]], ["xl-school"])

    def test_supervisor_cannot_write_a_units_records(self):
        sup = self.as_("supervisor")
        for method, path, body in (
                ("POST", "/api/v1/units/xl-school/people", {"id": "p-x", "name": "某人"}),
                ("PUT", "/api/v1/units/xl-school/notices/xw-2026-31-xl-school", {"rectified_on": "2026-11-24"}),
                ("POST", "/api/v1/units/demo/incidents", {"id": "inc-x"}),
                ("PUT", "/api/v1/units/demo", {"name": "改名"}),
                ("POST", "/api/v1/import", {"format": "zeren/v1"})):
            r = sup.request(method, path, json_body=body)
            self.assertStatus(r, 403)

    def test_a_unit_cannot_see_its_siblings_nor_its_supervisor(self):
        school = self.as_("office.school")
        for org in ("xl-hospital", "demo", "xiling", "no-such-unit"):
            r = school.get("/api/v1/units/%s/findings" % org)
            self.assertStatus(r, 403, "out_of_scope")
        for name in ("office", "office.hospital"):
            self.assertStatus(self.as_(name).get("/api/v1/units/xl-school/notices"), 403, "out_of_scope")
        self.assertStatus(school.get("/api/v1/supervision/units"), 403, "forbidden")
        self.assertStatus(school.post("/api/v1/supervision/notices", {}), 403, "forbidden")

    def test_supervisor_cannot_reach_outside_its_subtree(self):
        sup = self.as_("supervisor")
        self.assertStatus(sup.get("/api/v1/units/no-such-unit/findings"), 403, "out_of_scope")
        r = sup.post("/api/v1/supervision/notices", {"id": "xw-x", "title": "t", "units": ["xiling"]})
        self.assertStatus(r, 422)
        self.assertEqual(r.json()["error"]["field"], "units[0]")

    # ---- roll-up ---------------------------------------------------------------------------

    def test_ranking_comes_from_each_units_findings(self):
        sup = self.as_("supervisor")
        r = sup.get("/api/v1/supervision/units?as_of=" + DEMO_ON)
        self.assertStatus(r, 200)
        body = r.json()
        self.assertEqual(body["root"], "xiling")
        self.assertEqual({u["org"] for u in body["items"]}, UNITS)
        w = body["weights"]
        by_rule = {}
        for u in body["items"]:
            f = sup.get("/api/v1/units/%s/findings?as_of=%s&per_page=1" % (u["org"], DEMO_ON)).json()
            self.assertEqual(u["counts"], f["counts"], u["org"])
            self.assertEqual(u["score"], sum(w[s] * n for s, n in f["counts"].items()), u["org"])
            self.assertEqual(sum(u["by_rule"].values()), f["total"])
            for k, n in u["by_rule"].items():
                by_rule[k] = by_rule.get(k, 0) + n
        self.assertEqual(body["by_rule"], by_rule)
        scores = [u["score"] for u in body["items"]]
        self.assertEqual(scores, sorted(scores, reverse=True))
        self.assertEqual([u["rank"] for u in body["items"]], [1, 2, 3])
        hospital = next(u for u in body["items"] if u["org"] == "xl-hospital")
        school = next(u for u in body["items"] if u["org"] == "xl-school")
        # The hospital has no 第一责任人; the school has both.
        self.assertEqual(hospital["responsible_missing"], ["first_responsible"])
        self.assertEqual(school["responsible_missing"], [])
        self.assertEqual(hospital["parent"], "xiling")
        self.assertEqual(hospital["subtree"]["units"], 1)

    def test_trend_has_twelve_months_ending_on_as_of(self):
        r = self.as_("supervisor").get("/api/v1/supervision/trend?as_of=" + DEMO_ON)
        self.assertStatus(r, 200)
        months = r.json()["months"]
        self.assertEqual(len(months), 12)
        self.assertEqual(months[-1]["as_of"], DEMO_ON)
        self.assertEqual(months[0]["month"], "2025-12")
        self.assertEqual(months[0]["as_of"], "2025-12-31")
        now = self.as_("supervisor").get("/api/v1/supervision/units?as_of=" + DEMO_ON).json()
        self.assertEqual(months[-1]["score"], sum(u["score"] for u in now["items"]))
        for u in r.json()["units"]:
            self.assertEqual(len(u["scores"]), 12)

    # ---- notices sent down -----------------------------------------------------------------

    def test_the_notice_is_in_both_units_with_its_countdown(self):
        self.assertEqual([n["org"] for n in self.sent["notices"]], ["xl-school", "xl-hospital"])
        for name, org, system in (("office.school", "xl-school", "xs-portal"), ("office.hospital", "xl-hospital", "xh-his")):
            r = self.as_(name).get("/api/v1/units/%s/notices?as_of=%s" % (org, SENT_ON))
            mine = [n for n in r.json()["items"] if n["id"] == "xw-2026-31-" + org]
            self.assertEqual(len(mine), 1, r.json())
            n = mine[0]
            self.assertEqual(n["issuer"], "西岭市委网信办")
            self.assertEqual(n["issuer_org"], "xiling")
            self.assertEqual(n["document_no"], "西网信通〔2026〕31号")
            self.assertEqual(n["systems"], [system])
            self.assertEqual(n["deadline"], n["rectify_by"])
            self.assertGreater(n["deadline"], SENT_ON)
        # Three working days to go on the day it is sent (the hospital never answers it).
        r = self.as_("office.hospital").get("/api/v1/units/xl-hospital/notices/xw-2026-31-xl-hospital?as_of=" + SENT_ON)
        self.assertEqual(r.json()["working_days_left"], 3)

    def test_one_in_time_one_late_is_a_finding_on_both_sides(self):
        school, hospital, sup = self.as_("office.school"), self.as_("office.hospital"), self.as_("supervisor")
        sid, hid = "xw-2026-31-xl-school", "xw-2026-31-xl-hospital"
        due = school.get("/api/v1/units/xl-school/notices/%s?as_of=%s" % (sid, SENT_ON)).json()["deadline"]
        # Counted before the school answers (and kept for this generation of the store) …
        before = {u["org"]: u for u in sup.get("/api/v1/supervision/units?as_of=" + CHECK_ON).json()["items"]}
        self.assertEqual(before["xl-school"]["notices_overdue"], 1)
        # The school rectifies the next day and reports back to the issuer the same day.
        r = school.put("/api/v1/units/xl-school/notices/" + sid,
                       {"rectified_on": "2026-11-24", "feedback_on": "2026-11-24",
                        "feedback": "已完成漏洞修复并复测，附整改报告。"})
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["feedback"], "已完成漏洞修复并复测，附整改报告。")
        # The supervisor sees the feedback.
        rows = sup.get("/api/v1/supervision/notices?as_of=" + CHECK_ON).json()
        by_org = {n["org"]: n for n in rows["items"]}
        self.assertEqual(set(by_org), {"xl-school", "xl-hospital"})
        self.assertEqual(by_org["xl-school"]["feedback"], "已完成漏洞修复并复测，附整改报告。")
        self.assertEqual(by_org["xl-school"]["status"], "rectified")
        self.assertEqual(by_org["xl-school"]["findings"], [])
        # The hospital did nothing: past the deadline it is overdue, on its side …
        self.assertTrue(CHECK_ON > due)
        f = hospital.get("/api/v1/units/xl-hospital/findings?rule=notice.rectification&as_of=" + CHECK_ON).json()
        self.assertEqual([x["subject"]["id"] for x in f["items"]], ["xh-his"])
        f = school.get("/api/v1/units/xl-school/findings?rule=notice.rectification&as_of=" + CHECK_ON).json()
        self.assertEqual(f["total"], 0)
        # … and on the supervisor's list and ranking.
        self.assertTrue(by_org["xl-hospital"]["overdue"])
        self.assertEqual([x["rule"] for x in by_org["xl-hospital"]["findings"]], ["notice.rectification"])
        self.assertEqual(rows["counts"]["overdue"], 1)
        self.assertEqual(rows["counts"]["feedback"], 1)
        units = {u["org"]: u for u in sup.get("/api/v1/supervision/units?as_of=" + CHECK_ON).json()["items"]}
        self.assertEqual(units["xl-hospital"]["notices_overdue"], 1)
        self.assertEqual(units["xl-school"]["notices_overdue"], 0)  # … and counted again after it did
        self.assertEqual(units["xl-school"]["score"], before["xl-school"]["score"] - 10)
        # Only open ones: the hospital's.
        r = sup.get("/api/v1/supervision/notices?open=true&as_of=" + CHECK_ON).json()
        self.assertEqual([n["org"] for n in r["items"]], ["xl-hospital"])

    def test_the_unit_cannot_disown_the_issuer(self):
        r = self.as_("office.school").put("/api/v1/units/xl-school/notices/xw-2026-31-xl-school",
                                          {"issuer_org": "xl-hospital"})
        self.assertStatus(r, 422)
        self.assertEqual(r.json()["error"]["field"], "issuer_org")

    def test_sending_is_one_audited_change_and_all_or_nothing(self):
        sup = self.as_("supervisor")
        # A system of neither unit: nothing is written to either.
        r = sup.post("/api/v1/supervision/notices", {"id": "xw-bad", "title": "t", "units": ["xl-school", "demo"],
                                                     "systems": ["xh-his"], "received_on": SENT_ON})
        self.assertStatus(r, 422)
        self.assertEqual(r.json()["error"]["field"], "systems[0]")
        for org, name in (("xl-school", "office.school"), ("demo", "office")):
            self.assertStatus(self.as_(name).get("/api/v1/units/%s/notices/xw-bad-%s" % (org, org)), 404)
        r = sup.post("/api/v1/supervision/notices", {"id": "xw-2026-31", "title": "again", "units": ["xl-school"]})
        self.assertStatus(r, 409)
        # The unit's policy sets the deadline when the notice does not.
        r = sup.post("/api/v1/supervision/notices", {"id": "xw-policy", "title": "按策略期限", "units": ["demo"],
                                                     "received_on": SENT_ON})
        self.assertStatus(r, 201)
        self.assertNotIn("rectify_by", r.json()["notices"][0])
        n = self.as_("office").get("/api/v1/units/demo/notices/xw-policy-demo?as_of=" + SENT_ON).json()
        self.assertEqual(n["working_days_left"], 3)
        self.assertEqual(n["issuer_org"], "xiling")


if __name__ == "__main__":
    unittest.main()
