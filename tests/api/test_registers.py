"""The registers (src/api/registers.c): information systems with their owners, responsible
people, administrators and next assessment; agreements with their status as of a date; data
scope (a liaison sees and changes only their department's systems)."""
import datetime
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import ServerTestCase  # noqa: E402

U = "/api/v1/units/demo"


def demo():
    """The demo unit's records of data/demo/demo.json (which also holds its supervisor and two more
    units below it, issue 15)."""
    with open(os.path.join(os.path.dirname(__file__), "..", "..", "data", "demo", "demo.json"), encoding="utf-8") as f:
        d = json.load(f)
    return {k: [r for r in v if r.get("org", r.get("id")) == "demo"] if isinstance(v, list) else v for k, v in d.items()}


class TestSystems(ServerTestCase):
    def systems(self, client, query=""):
        r = client.get(U + "/systems?per_page=200" + query)
        self.assertStatus(r, 200)
        return {s["id"]: s for s in r.json()["items"]}

    def test_list(self):
        d = demo()
        got = self.systems(self.as_("leader"))
        self.assertEqual(set(got), {s["id"] for s in d["systems"]})
        mail = got["mail"]
        self.assertEqual((mail["owner_department"], mail["owner_department_name"]), ("nic", "网络信息中心"))
        self.assertIn("p-chenchen", [a["person"] for a in mail["admins"]])
        self.assertEqual([r["person"] for r in mail["responsible"]], ["p-wumin"])
        # ykt's old administrator (until 2024-09-01) is not listed as of today.
        self.assertNotIn("p-chenchen", [a["person"] for a in got["ykt"]["admins"]])
        for sid, s in got.items():
            src = next(x for x in d["systems"] if x["id"] == sid)
            if s["mlps_level"] == 3 and src["last_assessed_on"]:
                y, m, day = src["last_assessed_on"].split("-")
                self.assertEqual(s["next_assessment_due"], "%d-%s-%s" % (int(y) + 1, m, day))
            elif s["mlps_level"] in (1, 2):
                self.assertIsNone(s["next_assessment_due"])
        self.assertEqual(set(self.systems(self.as_("office"), "&mlps_level=3")),
                         {s["id"] for s in d["systems"] if s["mlps_level"] == 3})
        self.assertEqual(set(self.systems(self.as_("office"), "&department=nic")), {"mail"})
        self.assertEqual(set(self.systems(self.as_("office"), "&q=%E9%82%AE%E4%BB%B6")), {"mail"})  # 邮件
        self.assertStatus(self.as_("office").get(U + "/systems?mlps_level=9"), 400)

    def test_scope(self):
        self.assertEqual(set(self.systems(self.as_("liaison.nic"))), {"mail"})
        self.assertEqual(set(self.systems(self.as_("liaison.finance"))), {"cwxt"})
        self.assertStatus(self.as_("liaison.finance").get(U + "/systems/mail"), 403, "out_of_scope")
        self.assertStatus(self.as_("liaison.nic").get(U + "/systems/mail"), 200)
        self.assertStatus(self.as_("office").get(U + "/systems/nope"), 404, "not_found")
        self.assertEqual(self.systems(self.as_("staff")), {})  # 邱敏 administers no system


class TestSystemWrites(ServerTestCase):
    def test_liaison_and_office(self):
        nic = self.as_("liaison.nic")
        r = nic.put(U + "/systems/mail", {"last_assessed_on": "2026-11-01"})
        self.assertStatus(r, 200)
        s = self.as_("office").get(U + "/systems/mail").json()
        self.assertEqual((s["last_assessed_on"], s["name"], s["mlps_level"]), ("2026-11-01", "电子邮件系统", 2))
        self.assertStatus(nic.put(U + "/systems/cwxt", {"name": "x"}), 403, "out_of_scope")
        self.assertStatus(nic.put(U + "/systems/mail", {"owner_department": "finance"}), 403, "out_of_scope")
        self.assertStatus(nic.post(U + "/systems", {"id": "fin2", "name": "x", "owner_department": "finance"}),
                          403, "out_of_scope")
        self.assertStatus(nic.post(U + "/systems", {"id": "nic2", "name": "网络监控平台", "owner_department": "nic",
                                                    "mlps_level": 2}), 201)
        office = self.as_("office")
        r = office.post(U + "/systems", {"id": "bad", "name": "x", "mlps_level": 7})
        self.assertStatus(r, 422)
        self.assertEqual(r.json()["error"]["field"], "mlps_level")
        self.assertStatus(office.post(U + "/systems", {"id": "mail", "name": "x"}), 409, "conflict")
        self.assertStatus(self.as_("leader").put(U + "/systems/mail", {"name": "x"}), 403, "forbidden")
        out = self.server.zeren("audit", "list", "--format", "json")
        acts = [(a["action"], a["object"], a["account"]) for a in json.loads(out.stdout)]
        self.assertIn(("system.update", "demo/mail", "liaison.nic"), acts)
        self.assertIn(("system.create", "demo/nic2", "liaison.nic"), acts)


class TestAgreements(ServerTestCase):
    def agreements(self, client, query=""):
        r = client.get(U + "/agreements?per_page=200" + query)
        self.assertStatus(r, 200)
        return {a["id"]: a for a in r.json()["items"]}

    def test_status_as_of(self):
        office = self.as_("office")
        now = self.agreements(office)
        self.assertEqual(now["kp-zhouhaitao-2020"]["status"], "expired")
        self.assertEqual(now["kp-zhouhaitao-2020"]["person_name"], "周海涛")
        self.assertEqual(now["kp-zhouhaitao-2020"]["kind_name"], "关键岗位安全协议")
        then = self.agreements(office, "&as_of=2022-06-01")
        self.assertEqual(then["kp-zhouhaitao-2020"]["status"], "in_force")
        # 即将到期 is what 合规检查 warns of (agreement.expiring, issue 22): 郑浩's key-post agreement
        # ends 2026-12-10, and he holds a key post; 周海涛's ended 2023-01-01 but its renewal was
        # signed in time, so it was never about to lapse.
        self.assertEqual(self.agreements(office, "&as_of=2026-11-21")["kp-zhenghao-2023"]["status"], "expiring")
        self.assertEqual(self.agreements(office, "&as_of=2022-12-20")["kp-zhouhaitao-2020"]["status"], "in_force")
        self.assertEqual(self.agreements(office, "&as_of=2019-12-20")["kp-zhouhaitao-2020"]["status"], "unsigned")
        expired = self.agreements(office, "&status=expired")
        self.assertTrue(expired and all(a["status"] == "expired" for a in expired.values()))
        self.assertIn("kp-zhouhaitao-2020", expired)
        mine = self.agreements(office, "&person=p-zhouhaitao&kind=key_post_security")
        self.assertTrue(mine and all(a["person"] == "p-zhouhaitao" for a in mine.values()))
        self.assertStatus(office.get(U + "/agreements?status=lost"), 400)
        self.assertStatus(office.get(U + "/agreements?kind=lost"), 400)

    def test_scope(self):
        nic_people = {p["id"] for p in self.as_("liaison.nic").get(U + "/people?per_page=200").json()["items"]}
        got = self.agreements(self.as_("liaison.nic"))
        self.assertTrue(got)
        self.assertTrue(all(a["person"] in nic_people for a in got.values()))
        self.assertTrue(all(a["person"] == "p-qiumin" for a in self.agreements(self.as_("staff")).values()))

    def test_writes(self):
        office = self.as_("office")
        body = {"id": "kp-wumin-2026", "kind": "key_post_security", "person": "p-wumin", "from": "2026-11-01",
                "to": "2029-11-01", "signed_on": "2026-10-30"}
        self.assertStatus(office.post(U + "/agreements", body), 201)
        self.assertEqual(self.agreements(office, "&person=p-wumin")["kp-wumin-2026"]["status"], "in_force")
        # Ten days after the server's today (which may be any day: the suite also runs under
        # faketime) the agreement ends: still in force, since 吴敏 holds no key post and so no
        # rule warns of it (即将到期 is 合规检查's); ten days before, it has expired.
        began = (office.today - datetime.timedelta(days=60)).isoformat()
        soon = (office.today + datetime.timedelta(days=10)).isoformat()
        self.assertStatus(office.put(U + "/agreements/kp-wumin-2026", {"from": began, "to": soon}), 200)
        self.assertEqual(self.agreements(office, "&person=p-wumin")["kp-wumin-2026"]["status"], "in_force")
        past = (office.today - datetime.timedelta(days=10)).isoformat()
        self.assertStatus(office.put(U + "/agreements/kp-wumin-2026", {"from": began, "to": past}), 200)
        self.assertEqual(self.agreements(office, "&person=p-wumin")["kp-wumin-2026"]["status"], "expired")
        self.assertStatus(office.put(U + "/agreements/kp-wumin-2026", {"from": "2026-11-01", "to": "2029-11-01"}), 200)
        r = office.put(U + "/agreements/kp-wumin-2026", {"to": "2026-01-01"})
        self.assertStatus(r, 422)
        self.assertEqual(r.json()["error"]["field"], "to")
        self.assertStatus(office.put(U + "/agreements/none", {"to": "2027-01-01"}), 404)
        self.assertStatus(self.as_("liaison.nic").post(U + "/agreements", dict(body, id="x")), 403, "forbidden")


class TestStatusFilter(ServerTestCase):
    def test_unknown_status_names_the_register_statuses(self):
        expected = {
            "agreements": "in_force, expiring, expired, unsigned or not_started",
            "handovers": "open, overdue, incomplete or complete",
            "vulnerabilities": "open, overdue, fixed or verified",
            "emergency-plans": "in_force, review_due, withdrawn or draft",
            "log-sources": "ok, short, unknown or not_required",
            "projects": "planned, building, in_use or cancelled",
            "rectifications": "assigned, overdue, rectified, closed or reopened",
        }
        for path, names in expected.items():
            r = self.as_("office").get(U + "/" + path + "?status=bogus")
            self.assertStatus(r, 400, "bad_parameter")
            self.assertEqual((r.json()["error"]["field"], r.json()["error"]["message"]),
                             ("status", "status must be " + names), path)
            self.assertStatus(self.as_("office").get(U + "/" + path + "?status=" + names.split(",")[0]), 200)


if __name__ == "__main__":
    unittest.main()
