"""Findings and accountability (src/api/findings.c): the same findings and JSON as `zeren check
--format json`, counts, filters and paging, the data scope of liaisons and staff, a cached
reply equal to a fresh one, and `zeren accountability --format json` over HTTP."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import ServerTestCase  # noqa: E402

U = "/api/v1/units/demo"


class TestFindings(ServerTestCase):
    def cli(self, as_of):
        out = self.server.zeren("check", "--org", "demo", "--as-of", as_of, "--format", "json")
        self.assertIn(out.returncode, (0, 1), out.stderr)
        return json.loads(out.stdout)

    def all_findings(self, client, query=""):
        r = client.get(U + "/findings?per_page=200" + query)
        self.assertStatus(r, 200)
        return r.json()

    def test_same_as_cli(self):
        for as_of in ("2026-11-22", "2025-06-30"):
            cli = self.cli(as_of)
            api = self.all_findings(self.as_("office"), "&as_of=" + as_of)
            self.assertEqual(api["as_of"], as_of)
            self.assertEqual(api["items"], cli["findings"])
            self.assertEqual(api["counts"], cli["summary"])
            self.assertEqual(api["total"], len(cli["findings"]))
        # Citation texts are part of each finding.
        self.assertTrue(any(c.get("text") for f in api["items"] for c in f["citations"]))

    def test_paging_and_cache(self):
        office = self.as_("office")
        everything = self.all_findings(office)["items"]
        r = office.get(U + "/findings?per_page=3&page=2")
        self.assertStatus(r, 200)
        body = r.json()
        self.assertEqual(body["items"], everything[3:6])
        self.assertEqual((body["page"], body["per_page"], body["total"]), (2, 3, len(everything)))
        # The first page twice (the second from the view's memo) and from a leader: the same bytes.
        first = office.get(U + "/findings").body
        self.assertEqual(office.get(U + "/findings").body, first)
        self.assertEqual(self.as_("leader").get(U + "/findings").body, first)
        self.assertStatus(office.get(U + "/findings?as_of=2026-02-30"), 400)
        self.assertStatus(office.get(U + "/findings?per_page=0"), 400)

    def test_filters(self):
        office = self.as_("office")
        everything = self.all_findings(office)["items"]
        errors = self.all_findings(office, "&severity=error")
        self.assertEqual(errors["items"], [f for f in everything if f["severity"] == "error"])
        self.assertEqual(errors["counts"]["warning"], 0)
        sod = self.all_findings(office, "&rule=sod.security_admin")["items"]
        self.assertEqual(sod, [f for f in everything if f["rule"] == "sod.security_admin"])
        self.assertTrue(sod)
        people = self.all_findings(office, "&subject_kind=person")["items"]
        self.assertEqual(people, [f for f in everything if f["subject"]["kind"] == "person"])
        nic = self.all_findings(office, "&department=nic")["items"]
        self.assertTrue(nic)
        self.assertTrue(set(json.dumps(f, sort_keys=True) for f in nic) <= set(json.dumps(f, sort_keys=True) for f in everything))
        self.assertStatus(office.get(U + "/findings?severity=fatal"), 400)
        self.assertStatus(office.get(U + "/findings?subject_kind=planet"), 400)
        self.assertStatus(office.get(U + "/findings?department=nope"), 400)

    def about(self, f, people, depts, systems):
        s = f["subject"]
        return ((s["kind"] == "person" and s["id"] in people) or (s["kind"] == "department" and s["id"] in depts)
                or (s["kind"] == "system" and s["id"] in systems) or f.get("person") in people
                or f.get("department") in depts)

    def test_scope(self):
        liaison = self.as_("liaison.nic")
        people = {p["id"] for p in liaison.get(U + "/people?per_page=200").json()["items"]}
        systems = {s["id"] for s in liaison.get(U + "/systems?per_page=200").json()["items"]}
        depts = {"nic"}
        got = self.all_findings(liaison)
        self.assertTrue(got["items"])
        self.assertEqual(got["total"], sum(got["counts"].values()))
        for f in got["items"]:
            self.assertTrue(self.about(f, people, depts, systems), f)
        everything = self.all_findings(self.as_("office"))["items"]
        missed = [f for f in everything if self.about(f, people, depts, systems) and f not in got["items"]]
        self.assertEqual(missed, [])
        for f in self.all_findings(self.as_("staff"))["items"]:
            self.assertTrue(f["subject"]["id"] == "p-qiumin" or f.get("person") == "p-qiumin", f)


class TestAccountability(ServerTestCase):
    def test_chain(self):
        out = self.server.zeren("accountability", "inc-2026-01", "--format", "json")
        self.assertEqual(out.returncode, 0, out.stderr)
        r = self.as_("office").get(U + "/incidents/inc-2026-01/accountability")
        self.assertStatus(r, 200)
        self.assertEqual(r.json(), json.loads(out.stdout))
        self.assertTrue(r.json()["chain"])
        # inc-2026-01 is on mail, owned by nic.
        self.assertStatus(self.as_("liaison.nic").get(U + "/incidents/inc-2026-01/accountability"), 200)
        self.assertStatus(self.as_("liaison.finance").get(U + "/incidents/inc-2026-01/accountability"),
                          403, "out_of_scope")
        self.assertStatus(self.as_("staff").get(U + "/incidents/inc-2026-01/accountability"), 403, "out_of_scope")
        self.assertStatus(self.as_("office").get(U + "/incidents/nope/accountability"), 404, "not_found")


if __name__ == "__main__":
    unittest.main()
