"""The 工作台 reply: findings by severity and rule, a twelve-month trend, the next 30 days'
deadlines, overdue duties, open notices and expiring agreements — within each account's scope."""
import json
import unittest

from harness import ServerTestCase

U = "/api/v1/units/demo"


class Dashboard(ServerTestCase):
    def board(self, who, as_of="2026-11-18"):
        r = self.as_(who).get(U + "/dashboard?as_of=" + as_of)
        self.assertStatus(r, 200)
        return r.json()

    def test_office(self):
        d = self.board("office")
        self.assertEqual(d["as_of"], "2026-11-18")
        check = json.loads(self.server.zeren("check", "--org", "demo", "--as-of", "2026-11-18", "--format", "json").stdout)
        by_sev = {"error": 0, "warning": 0, "info": 0}
        for f in check["findings"]:
            by_sev[f["severity"]] += 1
        self.assertEqual(d["findings"]["by_severity"], by_sev)
        self.assertEqual(sum(r["count"] for r in d["findings"]["by_rule"]), len(check["findings"]))
        self.assertTrue(all(r["title"] and r["severity"] in by_sev for r in d["findings"]["by_rule"]))
        # twelve month ends up to as_of's month, whose point is as_of itself
        self.assertEqual([t["month"] for t in d["trend"]],
                         ["2025-12"] + ["2026-%02d" % m for m in range(1, 12)])
        self.assertEqual({k: d["trend"][-1][k] for k in by_sev}, by_sev)
        # deadlines in the next 30 days, soonest first
        dues = [x["due_on"] for x in d["deadlines"]]
        self.assertEqual(dues, sorted(dues))
        self.assertTrue(all("2026-11-18" <= x <= "2026-12-18" for x in dues))
        kinds = {x["kind"] for x in d["deadlines"]}
        self.assertIn("notice", kinds)
        notice = [x for x in d["deadlines"] if x["kind"] == "notice"][0]
        self.assertEqual((notice["id"], notice["due_on"], notice["working_days_left"]), ("tb-2026-17", "2026-11-19", 1))
        self.assertIn("agreement", kinds)  # 郑浩's key-post agreement ends 2026-12-10
        self.assertEqual([n["id"] for n in d["open_notices"]], ["tb-2026-17"])
        self.assertGreater(d["overdue_obligations"]["count"], 0)
        self.assertLessEqual(len(d["overdue_obligations"]["items"]), 10)
        self.assertTrue(all(o["status"] == "overdue" for o in d["overdue_obligations"]["items"]))
        self.assertIn("kp-zhenghao-2023", [a["id"] for a in d["expiring_agreements"]])
        # the same again (kept with the view) and after a change (a new view)
        self.assertEqual(self.board("office"), d)

    def test_scope(self):
        office = self.board("office")
        nic = self.board("liaison.nic")
        total = lambda b: sum(b["findings"]["by_severity"].values())
        self.assertLess(total(nic), total(office))
        self.assertEqual(nic["open_notices"], [])  # the open notice is on the media centre's portal
        self.assertTrue(all(x.get("department") in (None, "nic") for x in nic["deadlines"] if x["kind"] == "obligation"))
        staff = self.board("staff")
        self.assertEqual((staff["open_notices"], staff["overdue_obligations"]["count"]), ([], 0))
        self.assertStatus(self.as_("sysadmin").get(U + "/dashboard"), 403, "forbidden")
        self.assertStatus(self.as_("office").get(U + "/dashboard?as_of=tomorrow"), 400, "bad_parameter")



class DashboardChanges(ServerTestCase):
    def board(self, who, as_of):
        r = self.as_(who).get(U + "/dashboard?as_of=" + as_of)
        self.assertStatus(r, 200)
        return r.json()

    def test_follows_changes(self):
        before = self.board("office", "2026-11-20")
        # rectified and reported back to the issuer on the last day (004 五: both within 3 working days)
        r = self.as_("office").put(U + "/notices/tb-2026-17", {"rectified_on": "2026-11-19", "feedback_on": "2026-11-19"})
        self.assertStatus(r, 200)
        after = self.board("office", "2026-11-20")
        self.assertEqual(after["open_notices"], [])
        self.assertLess(after["findings"]["by_severity"]["error"], before["findings"]["by_severity"]["error"])


if __name__ == "__main__":
    unittest.main()
