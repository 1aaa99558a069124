"""Recurring duties over the API: occurrences with status and working days left, the
policy's definitions, recording one done with uploaded evidence, downloading the evidence, and
the data scope of liaisons and staff."""
import hashlib
import json
import unittest
import urllib.parse

from harness import ServerTestCase

U = "/api/v1/units/demo"
AS_OF = "2026-11-21"


def audit_actions(server):
    out = server.zeren("audit", "list", "--format", "json")
    return [(r["action"], r["object"], r["success"]) for r in json.loads(out.stdout)]


class Duties(ServerTestCase):
    def occurrences(self, who, **q):
        q.setdefault("as_of", AS_OF)
        q.setdefault("per_page", 200)
        r = self.as_(who).get(U + "/obligations?" + urllib.parse.urlencode(q))
        self.assertStatus(r, 200)
        body = r.json()
        self.assertLessEqual(len(body["items"]), body["total"])
        return body

    def one(self, who, obligation, period, department=None):
        items = [o for o in self.occurrences(who, obligation=obligation)["items"]
                 if o["period"] == period and o["department"] == department]
        self.assertEqual(len(items), 1, items)
        return items[0]

    def test_occurrences_as_the_cli_gives_them(self):
        o = self.one("office", "report.monthly", "2026-11")
        # due by the 5th, a Saturday: Monday 12-07, 11 working days from 11-21 (as `zeren obligations`)
        self.assertEqual((o["status"], o["due_on"], o["working_days_left"]), ("open", "2026-12-07", 11))
        cli = json.loads(self.server.zeren("obligations", "--org", "demo", "--as-of", AS_OF, "--format", "json").stdout)
        api = self.occurrences("office")
        self.assertEqual(api["total"], len(cli))
        for a, c in zip(api["items"], cli):
            for k in ("obligation", "period", "department", "due_on", "status", "done_on"):
                self.assertEqual(a[k], c[k], (a, c))
            self.assertEqual(a["working_days_left"], c["workdays_left"])
            self.assertIsInstance(a["evidence"], list)
        self.assertEqual(self.one("office", "selfcheck.semiannual", "2026-H1", "library")["status"], "overdue")

    def test_done_later_is_not_shown_before(self):
        # The 2025 annual meeting was recorded as held on 2025-12-28: the day before, it was
        # open, and neither the CLI nor the API may show the later record.
        def meeting(as_of):
            rows = json.loads(self.server.zeren("obligations", "--org", "demo", "--as-of", as_of,
                                                "--format", "json").stdout)
            return [(x["status"], x["done_on"]) for x in rows
                    if x["obligation"] == "meeting.annual" and x["period"] == "2025"]
        self.assertEqual(meeting("2025-12-27"), [("open", None)])
        self.assertEqual(meeting("2025-12-28"), [("done", "2025-12-28")])
        r = self.as_("office").get(U + "/obligations?as_of=2025-12-27&obligation=meeting.annual&period=2025")
        self.assertStatus(r, 200)
        item = [x for x in r.json()["items"] if x["obligation"] == "meeting.annual" and x["period"] == "2025"][0]
        self.assertEqual((item["status"], item["done_on"], item["by"], item["notes"], item["evidence"]),
                         ("open", None, None, None, []))

    def test_filters_and_paging(self):
        overdue = self.occurrences("office", status="overdue")
        self.assertGreater(overdue["total"], 0)
        self.assertTrue(all(o["status"] == "overdue" for o in overdue["items"]))
        nic = self.occurrences("office", department="nic")
        self.assertTrue(nic["items"] and all(o["department"] == "nic" for o in nic["items"]))
        page2 = self.occurrences("office", page=2, per_page=5)
        all_ = self.occurrences("office")
        self.assertEqual(page2["items"], all_["items"][5:10])
        self.assertEqual((page2["page"], page2["per_page"]), (2, 5))
        r = self.as_("office").get(U + "/obligations?status=late")
        self.assertStatus(r, 400, "bad_parameter")
        self.assertEqual(r.json()["error"]["field"], "status")
        self.assertStatus(self.as_("office").get(U + "/obligations?department=nosuch"), 400, "bad_parameter")
        self.assertStatus(self.as_("office").get(U + "/obligations?as_of=2026-13-01"), 400, "bad_parameter")

    def test_scope(self):
        nic = self.occurrences("liaison.nic")
        self.assertGreater(nic["total"], 0)
        self.assertTrue(all(o["department"] in ("nic", None) for o in nic["items"]), nic["items"])
        self.assertFalse([o for o in nic["items"] if o["obligation"] == "meeting.annual"])
        # … nor the drill: 003 第四条(三) gives it to the 网信办 (office), not the emergency response group
        self.assertFalse([o for o in nic["items"] if o["obligation"] == "drill.annual"])
        self.assertTrue([o for o in self.occurrences("office")["items"] if o["obligation"] == "drill.annual"])
        self.assertLess(nic["total"], self.occurrences("office")["total"])
        # staff holding no post answers for no duty
        self.assertEqual(self.occurrences("staff")["total"], 0)
        self.assertStatus(self.as_("leader").get(U + "/obligations"), 200)
        self.assertStatus(self.as_("sysadmin").get(U + "/obligations"), 403, "forbidden")
        self.assertStatus(self.as_("office").get("/api/v1/units/other/obligations"), 403, "out_of_scope")

    def test_definitions(self):
        r = self.as_("liaison.nic").get(U + "/obligations/defs?per_page=100")
        self.assertStatus(r, 200)
        defs = {d["id"]: d for d in r.json()["items"]}
        self.assertEqual(r.json()["total"], len(defs))
        m = defs["report.monthly"]
        self.assertEqual((m["owner_kind"], m["owner"], m["frequency"], m["rrule"]),
                         ("post", "network_admin", "month", "FREQ=MONTHLY"))
        self.assertEqual(m["due"], {"day_of_next": 5})
        self.assertTrue(m["citations"][0]["document"] and m["citations"][0]["clause"])
        self.assertEqual(defs["selfcheck.semiannual"]["owner"], "each_department")

    def test_upload_record_download(self):
        office = self.as_("office")
        data = "2026年10月网络运行情况月报\n".encode() * 50
        sha = hashlib.sha256(data).hexdigest()
        r = office.post(U + "/evidence?name=" + urllib.parse.quote("../月报 2026-10.pdf"), data=data,
                        content_type="application/pdf")
        self.assertStatus(r, 201)
        self.assertEqual(r.json(), {"sha256": sha, "name": "月报 2026-10.pdf", "size": len(data)})
        # uploaded but in no record yet: not downloadable
        self.assertStatus(office.get(U + "/evidence/" + sha), 404, "not_found")
        r = office.post(U + "/obligations/report.monthly/records",
                        {"period": "2026-10", "done_on": "2026-11-20", "by": "p-zhenghao", "notes": "补交",
                         "evidence": [sha]})
        self.assertStatus(r, 201)
        rec = r.json()
        self.assertEqual((rec["org"], rec["obligation"], rec["period"], rec["done_on"]),
                         ("demo", "report.monthly", "2026-10", "2026-11-20"))
        self.assertEqual(rec["evidence"], [{"sha256": sha, "name": "月报 2026-10.pdf", "size": len(data)}])
        o = self.one("office", "report.monthly", "2026-10")
        self.assertEqual((o["status"], o["done_on"], o["by"], o["notes"]), ("done", "2026-11-20", "p-zhenghao", "补交"))
        self.assertEqual(o["evidence"][0]["sha256"], sha)
        r = office.get(U + "/evidence/" + sha)
        self.assertStatus(r, 200)
        self.assertEqual(r.body, data)
        self.assertIn("filename*=UTF-8''%E6%9C%88%E6%8A%A5%202026-10.pdf", r.header("Content-Disposition"))
        self.assertTrue(r.header("Content-Type").startswith("application/octet-stream"))
        # the CLI sees the same record and the same file
        exported = json.loads(self.server.zeren("export").stdout)
        ev = [x["evidence"] for x in exported["obligation_records"]
              if x["obligation"] == "report.monthly" and x["period"] == "2026-10"][0]
        self.assertEqual(ev[0]["sha256"], sha)
        # recording again adds evidence, keeping the first
        more = b"addendum"
        r = office.post(U + "/evidence?name=more.txt", data=more, content_type="text/plain")
        self.assertStatus(r, 201)
        r = office.post(U + "/obligations/report.monthly/records",
                        {"period": "2026-10", "done_on": "2026-11-20", "evidence": [r.json()["sha256"]]})
        self.assertStatus(r, 201)
        self.assertEqual([e["name"] for e in r.json()["evidence"]], ["月报 2026-10.pdf", "more.txt"])
        # a liaison of another department does not see the unit's duty, nor its file
        self.assertStatus(self.as_("liaison.finance").get(U + "/evidence/" + sha), 404, "not_found")
        self.assertStatus(self.as_("leader").get(U + "/evidence/" + sha), 200)
        self.assertStatus(office.get(U + "/evidence/" + "0" * 64), 404, "not_found")
        self.assertStatus(office.get(U + "/evidence/nothex"), 404, "not_found")
        actions = audit_actions(self.server)
        self.assertIn(("evidence.upload", "demo/" + sha, True), actions)
        self.assertIn(("obligation.record", "demo/report.monthly/2026-10", True), actions)

    def test_upload_refusals(self):
        office = self.as_("office")
        self.assertStatus(office.post(U + "/evidence?name=a.txt", data=b"", content_type="text/plain"), 422, "invalid")
        self.assertStatus(office.post(U + "/evidence", data=b"x", content_type="text/plain"), 400, "bad_parameter")
        self.assertStatus(self.as_("leader").post(U + "/evidence?name=a.txt", data=b"x", content_type="text/plain"),
                          403, "forbidden")
        self.assertStatus(self.as_("staff").post(U + "/evidence?name=a.txt", data=b"x", content_type="text/plain"),
                          403, "forbidden")
        r = office.post(U + "/evidence?name=" + urllib.parse.quote("\u202eexe.pdf"), data=b"rlo", content_type="x/y")
        self.assertStatus(r, 201)
        self.assertEqual(r.json()["name"], "exe.pdf")

    def test_evidence_list_refusals(self):
        office = self.as_("office")
        rec = U + "/obligations/report.monthly/records"
        for evidence, message in (("0" * 64, "evidence must be a list of SHA-256 hashes of uploaded files"),
                                  (["0" * 64] * 65, "at most 64 evidence files at once")):
            r = office.post(rec, {"period": "2026-09", "done_on": "2026-10-20", "evidence": evidence})
            self.assertStatus(r, 422, "invalid")
            self.assertEqual((r.json()["error"]["field"], r.json()["error"]["message"]), ("evidence", message))
        # null is no evidence
        r = office.post(rec, {"period": "2026-09", "done_on": "2026-10-20", "evidence": None})
        self.assertStatus(r, 201)
        self.assertEqual(r.json()["evidence"], [])

    def test_liaison_records_only_their_department(self):
        liaison = self.as_("liaison.nic")
        r = liaison.post(U + "/obligations/selfcheck.semiannual/records",
                         {"period": "2026-H2", "department": "finance", "done_on": AS_OF})
        self.assertStatus(r, 403, "out_of_scope")
        r = liaison.post(U + "/obligations/meeting.annual/records", {"period": "2026", "done_on": AS_OF})
        self.assertStatus(r, 403, "out_of_scope")
        r = liaison.post(U + "/obligations/selfcheck.semiannual/records",
                         {"period": "2026-H2", "department": "nic", "done_on": AS_OF, "by": "p-luojing"})
        self.assertStatus(r, 201)
        self.assertEqual(self.one("liaison.nic", "selfcheck.semiannual", "2026-H2", "nic")["status"], "done")
        self.assertStatus(self.as_("leader").post(U + "/obligations/meeting.annual/records",
                                                  {"period": "2026", "done_on": AS_OF}), 403, "forbidden")

    def test_validation(self):
        office = self.as_("office")
        before = self.occurrences("office")
        r = office.post(U + "/obligations/report.monthly/records", {"period": "2026-H1", "done_on": AS_OF})
        self.assertStatus(r, 422, "invalid")
        self.assertEqual(r.json()["error"]["field"], "period")
        r = office.post(U + "/obligations/report.monthly/records", {"period": "2026-09", "done_on": "yesterday"})
        self.assertStatus(r, 422, "invalid")
        self.assertEqual(r.json()["error"]["field"], "done_on")
        r = office.post(U + "/obligations/report.monthly/records", {"period": "2026-09", "done_on": AS_OF, "colour": 1})
        self.assertStatus(r, 422, "invalid")
        self.assertEqual(r.json()["error"]["field"], "colour")
        r = office.post(U + "/obligations/report.monthly/records",
                        {"period": "2026-09", "done_on": AS_OF, "evidence": ["ab" * 32]})
        self.assertStatus(r, 422, "invalid")
        self.assertEqual(r.json()["error"]["field"], "evidence[0]")
        r = office.post(U + "/obligations/report.monthly/records", {"period": "2026-09", "done_on": AS_OF, "org": "x"})
        self.assertStatus(r, 422, "invalid")
        r = office.post(U + "/obligations/selfcheck.semiannual/records", {"period": "2026-H1", "done_on": AS_OF})
        self.assertStatus(r, 422, "invalid")
        self.assertStatus(office.post(U + "/obligations/nosuch/records", {"period": "2026", "done_on": AS_OF}),
                          404, "not_found")
        # nothing of the above was recorded
        self.assertEqual(self.occurrences("office"), before)


if __name__ == "__main__":
    unittest.main()
