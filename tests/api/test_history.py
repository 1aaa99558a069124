"""History for every fact (issue 21) over HTTP: a system entered today changes no finding and no
trend point before today, one in service since 2024 changes them from 2024 on, and the audit log
and the history say who entered it when; a change on a day versus a correction of the record; an
appointment ended on the day it starts is withdrawn (a correction), and one recorded wrongly is
corrected (issue 22 item 1); leaving the unit ends a person's appointments; every read takes
?recorded_on= (the records as they stood at the end of a day)."""
import datetime
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import ServerTestCase  # noqa: E402

U = "/api/v1/units/demo"


def audit_rows(server, action):
    out = server.zeren("audit", "list", "--format", "json")
    return [a for a in json.loads(out.stdout) if a["action"] == action]


class TestSystemsInTime(ServerTestCase):
    def findings(self, as_of, **query):
        q = "".join("&%s=%s" % kv for kv in query.items())
        r = self.as_("office").get(U + "/findings?per_page=200&as_of=%s%s" % (as_of, q))
        self.assertStatus(r, 200)
        return r.json()

    def keys(self, as_of):
        return sorted((f["rule"], f["subject"]["id"], f["since"] or "", f["message"])
                      for f in self.findings(as_of)["items"])

    def trend(self, as_of):
        r = self.as_("office").get(U + "/dashboard?as_of=" + as_of)
        self.assertStatus(r, 200)
        return r.json()["trend"]

    def test_added_today_changes_nothing_before_today(self):
        office = self.as_("office")
        today = office.today.isoformat()
        past = ["2025-06-30", (office.today - datetime.timedelta(days=40)).isoformat()]
        before = {d: self.keys(d) for d in past}
        trend = self.trend(today)
        r = office.post(U + "/systems", {"id": "hist-new", "name": "今日上线系统", "owner_department": None})
        self.assertStatus(r, 201)
        self.assertEqual(r.json()["in_service"], today, "a system entered without a date starts today")
        for d in past:
            self.assertEqual(self.keys(d), before[d], "the findings as of %s moved" % d)
        after = self.trend(today)
        self.assertEqual(after[:-1], trend[:-1], "a past month's point moved")
        self.assertGreater(after[-1]["error"], trend[-1]["error"], "today's point counts the new system")
        now = [f for f in self.findings(today)["items"] if f["subject"]["id"] == "hist-new"]
        self.assertTrue(now and all(f["since"] == today for f in now), now)
        # who entered it, when
        rows = [a for a in audit_rows(self.server, "system.create") if a["object"] == "demo/hist-new"]
        self.assertEqual([a["account"] for a in rows], ["office"])
        h = office.get(U + "/history?kind=system&key=hist-new")
        self.assertStatus(h, 200)
        [v] = h.json()["items"]
        self.assertEqual((v["account"], v["record"]["name"], v["change"]), ("office", "今日上线系统", rows[0]["seq"]))
        self.assertEqual(v["recorded_at"], rows[0]["at"])

    def test_in_service_since_2024(self):
        office = self.as_("office")
        before = {d: self.keys(d) for d in ("2023-12-31", "2024-06-30")}
        trend = self.trend("2024-12-31")
        r = office.post(U + "/systems", {"id": "hist-2024", "name": "二〇二四年上线系统", "owner_department": "nic",
                                         "mlps_level": 2, "in_service": "2024-03-01"})
        self.assertStatus(r, 201)
        self.assertEqual(self.keys("2023-12-31"), before["2023-12-31"])
        added = set(self.keys("2024-06-30")) - set(before["2024-06-30"])
        self.assertTrue(added and all(k[1] == "hist-2024" and k[2] == "2024-03-01" for k in added), added)
        after = self.trend("2024-12-31")
        self.assertEqual(after[:2], trend[:2], "2024-01 and 2024-02 do not move")
        self.assertTrue(all(a["error"] > t["error"] for a, t in zip(after[2:], trend[2:])), (trend, after))

    def test_change_versus_correction(self):
        office = self.as_("office")
        mail = office.get(U + "/systems/mail").json()
        self.assertEqual(mail["mlps_level"], 2)
        then = [f for f in self.findings("2025-06-30")["items"] if f["subject"]["id"] == "mail"]
        # A change on a day: level 3 from 2026-01-01; level 2 stays as its history until then.
        r = office.put(U + "/systems/mail", {"mlps_level": 3, "changed_on": "2026-01-01"})
        self.assertStatus(r, 200)
        got = office.get(U + "/systems/mail").json()
        self.assertEqual(got["mlps_level"], 3)
        self.assertEqual([(h["until"], h["mlps_level"]) for h in got["history"]], [("2026-01-01", 2)])
        self.assertEqual([f for f in self.findings("2025-06-30")["items"] if f["subject"]["id"] == "mail"], then,
                         "as of 2025 mail was level 2, as recorded before")
        self.assertTrue(any(f["subject"]["id"] == "mail" and "第3级" in f["message"]
                            for f in self.findings("2026-06-30")["items"]))
        rows = [a for a in audit_rows(self.server, "system.update") if a["object"] == "demo/mail"]
        self.assertEqual(rows[-1]["detail"]["changed_on"], "2026-01-01")
        # A correction: the name was recorded wrongly; the audit log keeps the old value.
        self.assertStatus(office.put(U + "/systems/mail", {"name": "电子邮件系统（校本部）"}), 200)
        rows = [a for a in audit_rows(self.server, "system.update") if a["object"] == "demo/mail"]
        self.assertEqual((rows[-1]["detail"]["correction"], rows[-1]["detail"]["was"]["name"]), (True, "电子邮件系统"))
        # A change must come after the current state began, and change something dated.
        for body in ({"mlps_level": 4, "changed_on": "2025-06-01"}, {"name": "x", "changed_on": "2026-06-01"},
                     {"mlps_level": 4, "changed_on": "soon"}):
            r = office.put(U + "/systems/mail", body)
            self.assertStatus(r, 422)
            self.assertEqual(r.json()["error"]["field"], "changed_on", r)

    def test_departments_renamed_on_a_day(self):
        office = self.as_("office")
        r = office.post(U + "/departments", {"id": "hist-lab", "name": "网络攻防实验室", "parent": "cs",
                                             "established": "2025-03-01"})
        self.assertStatus(r, 201)
        self.assertStatus(office.put(U + "/departments/hist-lab", {"name": "网络安全实验室", "changed_on": "2026-01-01"}), 200)
        msg = lambda d: [f["message"] for f in self.findings(d)["items"]
                         if f["rule"] == "required.liaison" and f["subject"]["id"] == "hist-lab"]
        self.assertEqual(msg("2025-06-30"), ["网络攻防实验室未设网络安全员"])
        self.assertEqual(msg("2026-06-30"), ["网络安全实验室未设网络安全员"])
        self.assertEqual(msg("2025-01-31"), [], "before it was established it owed nothing")
        r = office.post(U + "/departments", {"id": "hist-today", "name": "今日新设科室"})
        self.assertStatus(r, 201)
        self.assertEqual(r.json()["established"], office.today.isoformat())


class TestAppointmentCorrections(ServerTestCase):
    def appts(self, query):
        return self.as_("office").get(U + "/appointments?per_page=200&" + query).json()["items"]

    def test_same_day_end_is_a_correction(self):
        office = self.as_("office")
        today = office.today.isoformat()
        r = office.post(U + "/appointments", {"person": "p-wumin", "post": "database_admin", "from": today,
                                              "acknowledge": True})
        self.assertStatus(r, 201)
        aid = r.json()["appointment"]["id"]
        # The UI's default end date is today: the same-day mistake is withdrawn, not refused.
        r = office.post(U + "/appointments/%s/end" % aid, {"to": today})
        self.assertStatus(r, 200)
        self.assertEqual((r.json()["withdrawn"], r.json()["correction"]), (True, True))
        self.assertEqual(self.appts("person=p-wumin&post=database_admin"), [])
        rows = [a for a in audit_rows(self.server, "appointment.withdraw") if a["object"] == "demo/" + aid]
        self.assertTrue(rows and rows[-1]["detail"]["same_day"] and rows[-1]["detail"]["withdrawn"]["post"] == "database_admin")
        h = office.get(U + "/history?kind=appointment").json()["items"]
        mine = [v for v in h if v["key"].startswith("p-wumin\x1fpost:database_admin")]
        self.assertEqual([v["record"] is None for v in mine], [False, True], "recorded, then withdrawn")
        self.assertStatus(office.post(U + "/appointments/%s/end" % aid, {"to": today}), 404)

    def test_end_errors_are_bilingual(self):
        office = self.as_("office")
        [a] = self.appts("person=p-zhaolei&post=network_admin")
        r = office.post(U + "/appointments/%s/end" % a["id"], {"to": "2020-01-01"})
        self.assertStatus(r, 422)
        self.assertEqual(r.json()["error"]["field"], "to")
        self.assertIn("结束日期应晚于任职开始日期 2025-09-01", r.json()["error"]["message"])

    def test_correct(self):
        office = self.as_("office")
        [a] = self.appts("person=p-zhaolei&post=network_admin")
        path = U + "/appointments/%s/correct" % a["id"]
        r = office.post(path, {"to": "2026-01-01", "reason": "离任日期漏登"})
        self.assertStatus(r, 200)
        self.assertEqual((r.json()["appointment"]["to"], r.json()["correction"]), ("2026-01-01", True))
        # also once it has ended: recorded wrongly, it did not end
        r = office.post(path, {"to": None, "reason": "误登离任"})
        self.assertStatus(r, 200)
        self.assertIsNone(r.json()["appointment"]["to"])
        rows = [x for x in audit_rows(self.server, "appointment.correct") if x["object"] == "demo/" + a["id"]]
        self.assertEqual([(x["detail"]["was"]["to"], x["detail"]["to"], x["detail"]["reason"]) for x in rows],
                         [(None, "2026-01-01", "离任日期漏登"), ("2026-01-01", None, "误登离任")])
        for body, field in (({"withdraw": True, "to": "2026-01-01"}, "to"), ({}, "withdraw"),
                            ({"to": "2020-01-01"}, "to"), ({"withdraw": "yes"}, "withdraw")):
            r = office.post(path, body)
            self.assertStatus(r, 422)
            self.assertEqual(r.json()["error"]["field"], field, (body, r))
        self.assertStatus(self.as_("leader").post(path, {"withdraw": True}), 403, "forbidden")
        [b] = self.appts("person=p-hejun&post=security_auditor")
        r = office.post(U + "/appointments/%s/correct" % b["id"], {"withdraw": True, "reason": "从未任职"})
        self.assertStatus(r, 200)
        self.assertEqual(self.appts("person=p-hejun&post=security_auditor"), [])

    def test_leaving_ends_the_appointments(self):
        office = self.as_("office")
        held = [a for a in self.appts("person=p-machao") if a["to"] is None or a["to"] > "2026-12-01"]
        self.assertTrue(held)
        r = office.put(U + "/people/p-machao", {"left": "2026-12-01"})
        self.assertStatus(r, 200)
        self.assertEqual(len(r.json()["ended_appointments"]), len(held))
        self.assertTrue(all(a["to"] is not None and a["to"] <= "2026-12-01" for a in self.appts("person=p-machao")))
        rows = [x for x in audit_rows(self.server, "person.update") if x["object"] == "demo/p-machao"]
        self.assertEqual(len(rows[-1]["detail"]["ended_appointments"]), len(held))
        # an appointment that starts on or after the day must be withdrawn first
        r = office.post(U + "/appointments", {"person": "p-wumin", "post": "network_admin", "from": "2027-01-01",
                                              "acknowledge": True})
        self.assertStatus(r, 201)
        r = office.put(U + "/people/p-wumin", {"left": "2026-12-15"})
        self.assertStatus(r, 409, "conflict")
        self.assertEqual(r.json()["error"]["field"], "appointments")


class TestRecordedOn(ServerTestCase):
    def test_reads_as_recorded(self):
        office = self.as_("office")
        today = office.today.isoformat()
        # the demo was loaded today: as recorded at the end of today, the same findings
        now = office.get(U + "/findings?as_of=2026-11-21&per_page=200").json()
        rec = office.get(U + "/findings?as_of=2026-11-21&per_page=200&recorded_on=" + today).json()
        self.assertIsNone(now["recorded_on"])
        self.assertEqual(rec["recorded_on"], today)
        self.assertEqual(rec["items"], now["items"])
        # before it was recorded, the unit was not there
        long_ago = (office.today - datetime.timedelta(days=3650)).isoformat()
        self.assertStatus(office.get(U + "/findings?recorded_on=" + long_ago), 404, "not_found")
        self.assertStatus(office.get(U + "/findings?recorded_on=yesterday"), 400, "bad_parameter")
        for path in ("/dashboard", "/systems", "/appointments", "/people", "/incidents/inc-2026-01/accountability"):
            r = office.get(U + path + "?recorded_on=" + today)
            self.assertStatus(r, 200)
        acc = office.get(U + "/incidents/inc-2026-01/accountability?recorded_on=" + today).json()
        self.assertEqual(acc["recorded_on"], today)
        # a change is made to the records as they stand
        r = office.put(U + "/systems/mail?recorded_on=" + today, {"name": "x"})
        self.assertStatus(r, 400, "bad_parameter")

    def test_history_scope(self):
        self.assertStatus(self.as_("office").get(U + "/history"), 200)
        self.assertStatus(self.as_("leader").get(U + "/history?kind=system"), 200)
        self.assertStatus(self.as_("liaison.nic").get(U + "/history"), 403, "out_of_scope")
        self.assertStatus(self.as_("staff").get(U + "/history"), 403, "out_of_scope")
        self.assertStatus(self.as_("office").get(U + "/history?kind=nonsense"), 400, "bad_parameter")
        self.assertStatus(self.as_("office").get("/api/v1/units/other/history"), 403, "out_of_scope")


if __name__ == "__main__":
    unittest.main()
