"""The registers of issue 19 (src/api/handovers.c …): each list with its status as of a date and
its data scope, writes through the importer (refusals name the field and change nothing, every
change audited), and the findings its rule adds."""
import json
import os
import sys
import unittest
from urllib.parse import quote

sys.path.insert(0, os.path.dirname(__file__))
from harness import DEMO_ON, ServerTestCase  # noqa: E402

U = "/api/v1/units/demo"


class TestHandovers(ServerTestCase):
    def handovers(self, client, query="", as_of=DEMO_ON):
        r = client.get(U + "/handovers?per_page=200&as_of=" + as_of + query)
        self.assertStatus(r, 200)
        return {h["id"]: h for h in r.json()["items"]}

    def test_list(self):
        got = self.handovers(self.as_("office"))
        self.assertEqual(set(got), {"jj-2023-huangzhiqiang", "jj-2025-qianwei", "jj-2026-hejun", "jj-2026-wuyue"})
        w = got["jj-2026-wuyue"]
        self.assertEqual((w["person_name"], w["post"], w["post_name"], w["left_on"]), ("吴越", "network_admin", "网络管理员", "2026-11-09"))
        self.assertEqual((w["due_on"], w["status"], w["successor"], w["successor_name"]), ("2026-11-16", "overdue", None, None))
        self.assertEqual(w["missing"], ["materials_returned", "passwords_changed", "successor"])
        # what follows him out of the post: his key-post agreement, still in force
        self.assertEqual([a["id"] for a in w["agreements_in_force"]], ["kp-wuyue-2024"])
        h = got["jj-2026-hejun"]
        self.assertEqual((h["status"], h["successor_name"], h["missing"]), ("complete", "冯雪", []))
        # on the week's last day it was open, not overdue
        self.assertEqual(self.handovers(self.as_("office"), as_of="2026-11-16")["jj-2026-wuyue"]["status"], "open")
        self.assertEqual(set(self.handovers(self.as_("office"), "&status=overdue")), {"jj-2026-wuyue"})
        self.assertEqual(set(self.handovers(self.as_("office"), "&post=security_auditor")), {"jj-2026-hejun"})
        self.assertEqual(set(self.handovers(self.as_("office"), "&q=%E5%90%B4")), {"jj-2026-wuyue"})  # 吴
        self.assertStatus(self.as_("office").get(U + "/handovers?status=lost"), 400)
        self.assertStatus(self.as_("office").get(U + "/handovers?post=janitor"), 400)

    def test_scope(self):
        # 吴越 and 黄志强 are of nic; 何俊 of academic, 钱伟 of cs
        self.assertEqual(set(self.handovers(self.as_("liaison.nic"))), {"jj-2023-huangzhiqiang", "jj-2026-wuyue"})
        self.assertEqual(self.handovers(self.as_("liaison.finance")), {})
        self.assertEqual(self.handovers(self.as_("staff")), {})
        self.assertEqual(len(self.handovers(self.as_("leader"))), 4)

    def test_the_finding(self):
        r = self.as_("office").get(U + "/findings?per_page=200&as_of=" + DEMO_ON)
        self.assertStatus(r, 200)
        mine = [f for f in r.json()["items"] if f["rule"] == "handover.key_post"]
        self.assertEqual([(f["subject"]["id"], f["since"], f.get("handover")) for f in mine],
                         [("p-wuyue", "2026-11-17", "jj-2026-wuyue")])
        self.assertIn("交接至今未完成", mine[0]["message"])
        self.assertEqual(mine[0]["citations"][0]["clause"], "第十二条")  # the college's own 细则


class TestHandoverWrites(ServerTestCase):
    def get(self, hid):
        r = self.as_("office").get(U + "/handovers?per_page=200&as_of=" + DEMO_ON)
        return next(h for h in r.json()["items"] if h["id"] == hid)

    def test_office_records_and_completes(self):
        office = self.as_("office")
        body = {"id": "jj-test", "person": "p-zhenghao", "post": "network_admin", "left_on": "2026-11-20",
                "accounts_closed_on": "2026-11-20"}
        r = office.post(U + "/handovers", body)
        self.assertStatus(r, 201)
        self.assertEqual(r.json()["org"], "demo")
        self.assertEqual(self.get("jj-test")["status"], "open")
        self.assertStatus(office.post(U + "/handovers", body), 409, "conflict")
        # completing jj-2026-wuyue clears the finding
        done = {"successor": "p-zhenghao", "materials_returned_on": "2026-11-18", "passwords_changed_on": "2026-11-18",
                "completed_on": "2026-11-19"}
        self.assertStatus(office.put(U + "/handovers/jj-2026-wuyue", done), 200)
        w = self.get("jj-2026-wuyue")
        self.assertEqual((w["status"], w["missing"], w["successor_name"], w["notes"][:8]), ("complete", [], "郑浩", "调往信息工程学院"))
        r = office.get(U + "/findings?per_page=200&as_of=" + DEMO_ON)
        self.assertEqual([f for f in r.json()["items"] if f["rule"] == "handover.key_post"], [])
        out = self.server.zeren("audit", "list", "--format", "json")
        acts = [(a["action"], a["object"], a["account"]) for a in json.loads(out.stdout)]
        self.assertIn(("handover.create", "demo/jj-test", "office"), acts)
        self.assertIn(("handover.update", "demo/jj-2026-wuyue", "office"), acts)

    def test_refusals_name_the_field_and_change_nothing(self):
        office = self.as_("office")
        before = self.get("jj-2026-hejun")
        for patch, field in (({"post": "janitor"}, "post"), ({"successor": "p-hejun"}, "successor"),
                             ({"completed_on": "2026-02-30"}, "completed_on"), ({"person": "nobody"}, "person"),
                             ({"keys_returned_on": "2026-04-02"}, "keys_returned_on")):
            r = office.put(U + "/handovers/jj-2026-hejun", patch)
            self.assertStatus(r, 422)
            self.assertEqual(r.json()["error"]["field"], field, patch)
        self.assertEqual(self.get("jj-2026-hejun"), before)
        self.assertStatus(office.put(U + "/handovers/none", {"notes": "x"}), 404, "not_found")
        r = office.post(U + "/handovers", {"id": "jj-x", "post": "network_admin", "left_on": "2026-11-20"})
        self.assertStatus(r, 422)
        self.assertEqual(r.json()["error"]["field"], "person")

    def test_only_the_office_writes(self):
        for name in ("leader", "liaison.nic", "staff"):
            self.assertStatus(self.as_(name).put(U + "/handovers/jj-2026-wuyue", {"notes": "x"}), 403, "forbidden")


class TestVulnerabilities(ServerTestCase):
    def vulns(self, client, query="", as_of=DEMO_ON):
        r = client.get(U + "/vulnerabilities?per_page=200&as_of=" + as_of + query)
        self.assertStatus(r, 200)
        return {v["id"]: v for v in r.json()["items"]}

    def test_list(self):
        office = self.as_("office")
        got = self.vulns(office)
        self.assertEqual(set(got), {"ld-2026-00%d" % i for i in range(1, 6)})
        oa = got["ld-2026-003"]
        self.assertEqual((oa["system"], oa["system_name"], oa["severity"], oa["severity_name"]), ("oa", "协同办公系统（OA）", "high", "高危"))
        self.assertEqual((oa["found_on"], oa["due_on"], oa["deadline"], oa["status"]), ("2026-10-12", None, "2026-11-11", "overdue"))
        self.assertEqual(self.vulns(office, as_of="2026-11-11")["ld-2026-003"]["status"], "open")
        self.assertEqual(got["ld-2026-002"]["status"], "verified")
        self.assertEqual(self.vulns(office, as_of="2026-09-18")["ld-2026-002"]["status"], "fixed")
        portal = got["ld-2026-004"]
        self.assertEqual((portal["notice"], portal["notice_title"]), ("tb-2026-17", "关于蜀南学院门户网站存在高危漏洞的通报"))
        # a notice points at the vulnerabilities it concerns
        self.assertEqual(set(self.vulns(office, "&notice=tb-2026-17")), {"ld-2026-004"})
        notices = office.get(U + "/notices?per_page=50").json()["items"]
        self.assertEqual({n["id"]: n["vulnerabilities"] for n in notices}, {"tb-2026-17": ["ld-2026-004"], "tb-2026-09": []})
        self.assertEqual(set(self.vulns(office, "&status=overdue")), {"ld-2026-003"})
        self.assertEqual(set(self.vulns(office, "&system=mail")), {"ld-2026-005"})
        self.assertEqual(set(self.vulns(office, "&severity=critical")), {"ld-2026-002"})
        for bad in ("status=lost", "severity=urgent", "system=nosuch", "notice=nosuch"):
            self.assertStatus(office.get(U + "/vulnerabilities?" + bad), 400)

    def test_scope(self):
        # a liaison sees the vulnerabilities of their department's systems (nic: mail; finance: cwxt)
        self.assertEqual(set(self.vulns(self.as_("liaison.nic"))), {"ld-2026-005"})
        self.assertEqual(set(self.vulns(self.as_("liaison.finance"))), {"ld-2026-001"})
        self.assertEqual(self.vulns(self.as_("staff")), {})
        self.assertEqual(len(self.vulns(self.as_("leader"))), 5)

    def test_the_finding(self):
        r = self.as_("office").get(U + "/findings?per_page=200&as_of=" + DEMO_ON)
        mine = [f for f in r.json()["items"] if f["rule"] == "vulnerability.fix"]
        self.assertEqual([(f["subject"]["id"], f["since"], f.get("vulnerability")) for f in mine],
                         [("oa", "2026-11-12", "ld-2026-003")])


class TestVulnerabilityWrites(ServerTestCase):
    def test_office_records_fixes_and_verifies(self):
        office = self.as_("office")
        today = office.today.isoformat()
        body = {"id": "ld-test", "system": "jwxt", "title": "弱口令", "source": "inspection", "severity": "low",
                "found_on": today}
        r = office.post(U + "/vulnerabilities", body)
        self.assertStatus(r, 201)
        self.assertEqual(r.json()["org"], "demo")
        self.assertStatus(office.post(U + "/vulnerabilities", body), 409, "conflict")
        self.assertStatus(office.put(U + "/vulnerabilities/ld-2026-003", {"fixed_on": "2026-11-20", "verified_on": "2026-11-21"}), 200)
        r = office.get(U + "/vulnerabilities?system=oa&as_of=" + DEMO_ON)
        self.assertEqual(r.json()["items"][0]["status"], "verified")
        r = office.get(U + "/findings?per_page=200&as_of=" + DEMO_ON)
        self.assertEqual([f for f in r.json()["items"] if f["rule"] == "vulnerability.fix"], [])
        out = self.server.zeren("audit", "list", "--format", "json")
        acts = [(a["action"], a["object"], a["account"]) for a in json.loads(out.stdout)]
        self.assertIn(("vulnerability.create", "demo/ld-test", "office"), acts)
        self.assertIn(("vulnerability.update", "demo/ld-2026-003", "office"), acts)

    def test_refusals_name_the_field_and_change_nothing(self):
        office = self.as_("office")
        before = office.get(U + "/vulnerabilities?system=cwxt&as_of=" + DEMO_ON).json()["items"]
        for patch, field in (({"severity": "urgent"}, "severity"), ({"fixed_on": None}, "verified_on"),
                             ({"system": "nosuch"}, "system"), ({"notice": "nosuch"}, "notice"),
                             ({"found_on": "2026-13-01"}, "found_on"), ({"title": None}, "title")):
            r = office.put(U + "/vulnerabilities/ld-2026-001", patch)
            self.assertStatus(r, 422)
            self.assertEqual(r.json()["error"]["field"], field, patch)
        self.assertEqual(office.get(U + "/vulnerabilities?system=cwxt&as_of=" + DEMO_ON).json()["items"], before)
        for name in ("leader", "liaison.finance", "staff"):
            self.assertStatus(self.as_(name).put(U + "/vulnerabilities/ld-2026-001", {"notes": "x"}), 403, "forbidden")


class TestEmergencyPlans(ServerTestCase):
    def plans(self, client, query="", as_of=DEMO_ON):
        r = client.get(U + "/emergency-plans?per_page=200&as_of=" + as_of + query)
        self.assertStatus(r, 200)
        return {p["id"]: p for p in r.json()["items"]}

    def test_list_and_scope(self):
        got = self.plans(self.as_("office"))
        self.assertEqual({k: p["status"] for k, p in got.items()},
                         {"ya-2019-general": "withdrawn", "ya-2024-general": "in_force", "ya-2023-portal": "review_due"})
        g = got["ya-2024-general"]
        self.assertEqual((g["version"], g["review_due"], g["drills"]), ("2024年修订版", "2027-06-19", ["2024-12-20", "2025-12-28"]))
        self.assertEqual(got["ya-2023-portal"]["review_due"], "2025-09-10")
        self.assertEqual(self.plans(self.as_("office"), as_of="2024-01-01")["ya-2019-general"]["status"], "in_force")
        self.assertEqual(set(self.plans(self.as_("office"), "&status=review_due")), {"ya-2023-portal"})
        self.assertStatus(self.as_("office").get(U + "/emergency-plans?status=lost"), 400)
        for name in ("leader", "liaison.nic", "staff"):  # the unit's plans are everyone's to read
            self.assertEqual(len(self.plans(self.as_(name))), 3)

    def test_writes(self):
        office = self.as_("office")
        self.assertStatus(office.put(U + "/emergency-plans/ya-2023-portal", {"reviewed_on": "2026-11-20",
                                                                             "drills": ["2026-11-20"]}), 200)
        p = self.plans(office)["ya-2023-portal"]
        self.assertEqual((p["status"], p["drills"]), ("in_force", ["2026-11-20"]))
        r = office.get(U + "/findings?per_page=200&as_of=" + DEMO_ON)
        self.assertEqual([f for f in r.json()["items"] if f["rule"] == "plan.review"], [])
        r = office.put(U + "/emergency-plans/ya-2024-general", {"drills": ["2020-01-01"]})
        self.assertStatus(r, 422)
        self.assertEqual(r.json()["error"]["field"], "drills[0]")
        self.assertEqual(self.plans(office)["ya-2024-general"]["drills"], ["2024-12-20", "2025-12-28"])
        self.assertStatus(self.as_("leader").put(U + "/emergency-plans/ya-2024-general", {"notes": "x"}), 403, "forbidden")



class TestLogSources(ServerTestCase):
    def sources(self, client, query="", as_of=DEMO_ON):
        r = client.get(U + "/log-sources?per_page=200&as_of=" + as_of + query)
        self.assertStatus(r, 200)
        return {x["id"]: x for x in r.json()["items"]}

    def test_list(self):
        got = self.sources(self.as_("office"))
        self.assertEqual(len(got), 10)
        m = got["ls-mail"]
        self.assertEqual((m["system_name"], m["kind_name"], m["retention_days"], m["required_days"], m["status"]),
                         ("电子邮件系统", "服务器系统日志", 90, 180, "short"))
        self.assertEqual((got["ls-fw"]["system"], got["ls-fw"]["required_days"], got["ls-fw"]["status"]), (None, 90, "ok"))
        self.assertEqual(set(self.sources(self.as_("office"), "&status=short")), {"ls-mail"})
        self.assertEqual(set(self.sources(self.as_("office"), "&system=portal")), {"ls-portal-web", "ls-portal-content"})
        self.assertEqual(set(self.sources(self.as_("office"), "&q=" + quote("防火墙"))), {"ls-fw"})
        self.assertStatus(self.as_("office").get(U + "/log-sources?status=lost"), 400)
        self.assertStatus(self.as_("office").get(U + "/log-sources?kind=syslog"), 400)
        for name in ("leader", "liaison.nic", "staff"):
            self.assertEqual(len(self.sources(self.as_(name))), 10)

    def test_writes(self):
        office = self.as_("office")
        self.assertStatus(office.put(U + "/log-sources/ls-mail", {"retention_days": 180, "checked_on": "2026-11-20"}), 200)
        self.assertEqual(self.sources(office)["ls-mail"]["status"], "ok")
        r = office.get(U + "/findings?per_page=200&as_of=" + DEMO_ON)
        self.assertEqual([f for f in r.json()["items"] if f["rule"] == "retention.logs"], [])
        r = office.put(U + "/log-sources/ls-oa", {"kind": "syslog"})
        self.assertStatus(r, 422)
        self.assertEqual(r.json()["error"]["field"], "kind")
        self.assertEqual(self.sources(office)["ls-oa"]["kind"], "server_log")
        r = office.post(U + "/log-sources", {"name": "VPN 登录日志", "kind": "network_log", "retention_days": 30})
        self.assertStatus(r, 201)
        self.assertTrue(r.json()["id"].startswith("ls-"))
        self.assertEqual(self.sources(office)[r.json()["id"]]["status"], "short")
        self.assertStatus(self.as_("leader").put(U + "/log-sources/ls-oa", {"notes": "x"}), 403, "forbidden")


class TestTrainings(ServerTestCase):
    def trainings(self, client, query=""):
        r = client.get(U + "/trainings?per_page=200" + query)
        self.assertStatus(r, 200)
        return {x["id"]: x for x in r.json()["items"]}

    def test_list(self):
        got = self.trainings(self.as_("office"))
        self.assertEqual(set(got), {"px-2025-cisp", "px-2026-03", "px-2026-09", "px-2026-lib"})
        lib = got["px-2026-lib"]
        self.assertEqual((lib["level"], lib["level_name"], lib["department"], lib["department_name"]),
                         ("department", "部门组织", "library", "图书馆"))
        self.assertEqual(got["px-2026-03"]["attendees"][-1],
                         {"person": "p-jiangtao", "name": "姜涛", "hours": 2, "certificate": None})
        self.assertEqual(set(self.trainings(self.as_("office"), "&year=2025")), {"px-2025-cisp"})
        self.assertEqual(set(self.trainings(self.as_("office"), "&person=p-zhenghao")),
                         {"px-2025-cisp", "px-2026-03", "px-2026-09"})
        self.assertEqual(set(self.trainings(self.as_("office"), "&level=department")), {"px-2026-lib"})
        self.assertStatus(self.as_("office").get(U + "/trainings?year=26"), 400)
        self.assertStatus(self.as_("office").get(U + "/trainings?person=nobody"), 400)
        for name in ("leader", "liaison.nic", "staff"):
            self.assertEqual(len(self.trainings(self.as_(name))), 4)

    def test_writes(self):
        office = self.as_("office")
        r = office.put(U + "/trainings/px-2026-09", {"attendees": [{"person": "p-jiangtao", "hours": 4}]})
        self.assertStatus(r, 200)
        self.assertEqual([a["person"] for a in self.trainings(office)["px-2026-09"]["attendees"]], ["p-jiangtao"])
        r = office.get(U + "/findings?per_page=200&as_of=" + DEMO_ON)
        short = sorted(f["subject"]["id"] for f in r.json()["items"] if f["rule"] == "training.hours")
        self.assertIn("p-jiangtao", short)   # 2 + 4 学时
        self.assertIn("p-zhaolei", short)    # the lecture no longer counts for him
        r = office.put(U + "/trainings/px-2026-09", {"attendees": [{"person": "p-xs-hejun"}]})
        self.assertStatus(r, 422)
        self.assertEqual(r.json()["error"]["field"], "attendees[0].person")
        self.assertEqual([a["person"] for a in self.trainings(office)["px-2026-09"]["attendees"]], ["p-jiangtao"])
        self.assertStatus(self.as_("leader").put(U + "/trainings/px-2026-09", {"notes": "x"}), 403, "forbidden")

    def hours(self, client, query="", as_of=DEMO_ON):
        r = client.get(U + "/trainings/hours?per_page=200&as_of=" + as_of + query)
        self.assertStatus(r, 200)
        return {x["person"]: x for x in r.json()["items"]}

    def test_hours(self):
        """Each person's 学时 in the year ending on the day, against the training_hours rule."""
        office = self.as_("office")
        every = self.hours(office)
        self.assertEqual(len(every), 61)
        z = every["p-zhaolei"]
        self.assertEqual((z["name"], z["department_name"], z["posts"], z["hours"], z["required"], z["status"]),
                         ("赵磊", "网络信息中心", ["security_admin", "network_admin"], 10, 8, "enough"))
        w = every["p-wumin"]   # no key post: hours shown, none required
        self.assertEqual((w["posts"], w["required"], w["status"]), ([], None, None))
        self.assertEqual(set(self.hours(office, "&status=short")), {"p-jiangtao"})
        self.assertEqual(every["p-jiangtao"]["hours"], 2)
        self.assertEqual(len(self.hours(office, "&required=true")), 11)
        self.assertEqual(set(self.hours(office, "&q=%E8%B5%B5%E7%A3%8A")), {"p-zhaolei"})   # 赵磊
        # a year later the 2026 sessions are out of the window: every key-post holder is short
        later = self.hours(office, "&required=true", as_of="2027-12-31")
        self.assertTrue(later and all(x["status"] == "short" and x["hours"] == 0 for x in later.values()))
        # the API agrees with the engine's findings
        r = office.get(U + "/findings?per_page=200&as_of=" + DEMO_ON)
        self.assertEqual({f["subject"]["id"] for f in r.json()["items"] if f["rule"] == "training.hours"}, {"p-jiangtao"})
        # data scope: a liaison sees the department, staff themselves
        nic = self.hours(self.as_("liaison.nic"))
        self.assertIn("p-zhaolei", nic)
        self.assertTrue(all(x["department"] == "nic" for x in nic.values()))
        self.assertEqual(len(self.hours(self.as_("staff"))), 1)
        self.assertStatus(office.get(U + "/trainings/hours?status=half"), 400)
        self.assertStatus(office.get(U + "/trainings/hours?as_of=2026-13-01"), 400)


if __name__ == "__main__":
    unittest.main()
