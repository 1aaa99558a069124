"""Supervision at scale (issue 15 part 6): with more units below than a few, the roll-up counts
them in one pass over every unit's facts loaded at once (api/supervision.c tally_bulk) instead of
one unit view at a time. Each figure must still be the unit's own: 40 generated units under the
demo's 西岭市委网信办, some without a 第一责任人 or 直接责任人, checked against each unit's own
/findings, and the trend's last month against the ranking. Dates are pinned."""
import json
import os
import unittest

from harness import DEMO_ON, Server, ServerTestCase

UNITS = 40
PEOPLE = 40
POSTS = ["first_responsible", "direct_responsible", "security_admin", "system_admin"]


def generated():
    orgs, people, appts, agreements = [], [], [], []
    for u in range(UNITS):
        org = "gs%02d" % u
        orgs.append({"id": org, "name": "生成单位%d" % u, "kind": "school", "parent": "xiling", "policy": "default",
                     "departments": [{"id": org + "-d0", "name": "办公室", "parent": None}]})
        for i in range(PEOPLE):
            pid = "%s-p%d" % (org, i)
            people.append({"id": pid, "name": "人员%d" % i, "org": org, "department": org + "-d0"})
            for k in range(3):
                post = POSTS[(i + k) % 4]
                # every third unit lost its 第一责任人 in 2025; every fifth never had a 直接责任人
                if post == "direct_responsible" and u % 5 == 0:
                    post = "security_auditor"
                to = "2025-06-30" if post == "first_responsible" and u % 3 == 0 else None
                appts.append({"person": pid, "post": post, "org": org, "department": None,
                              "from": "20%02d-03-01" % (10 + k * 4 + i % 3), "to": to})
            if i % 7:
                agreements.append({"id": "%s-a%d" % (org, i), "kind": "confidentiality", "org": org, "person": pid,
                                   "from": "2021-01-01", "to": None, "signed_on": "2020-12-30"})
    return {"format": "zeren/v1", "organizations": orgs, "people": people, "appointments": appts,
            "agreements": agreements}


def import_generated(server):
    """The generated units imported into server's data directory."""
    path = os.path.join(server.dir, "generated.json")
    with open(path, "w") as f:
        json.dump(generated(), f, ensure_ascii=False)
    out = server.zeren("import", path)
    assert out.returncode == 0, out.stderr


class SupervisionScaleTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        import_generated(cls.server)

    def test_ranking_of_many_units_is_each_units_own(self):
        sup = self.as_("supervisor")
        r = sup.get("/api/v1/supervision/units?as_of=" + DEMO_ON)
        self.assertStatus(r, 200)
        body = r.json()
        self.assertEqual(body["total"], UNITS + 3)
        w = body["weights"]
        missing_first = set()
        for u in body["items"]:
            f = sup.get("/api/v1/units/%s/findings?as_of=%s&per_page=1" % (u["org"], DEMO_ON)).json()
            self.assertEqual(u["counts"], f["counts"], u["org"])
            self.assertEqual(u["score"], sum(w[s] * n for s, n in f["counts"].items()), u["org"])
            self.assertEqual(sum(u["by_rule"].values()), f["total"], u["org"])
            if "first_responsible" in u["responsible_missing"]:
                missing_first.add(u["org"])
        self.assertTrue({"gs%02d" % u for u in range(0, UNITS, 3)} <= missing_first)
        self.assertNotIn("gs01", missing_first)
        # asked again (the tallies kept for the generation): the same figures
        self.assertEqual(sup.get("/api/v1/supervision/units?as_of=" + DEMO_ON).json()["items"], body["items"])

    def test_ranking_pages(self):
        sup = self.as_("supervisor")
        full = sup.get("/api/v1/supervision/units?as_of=" + DEMO_ON).json()
        self.assertNotIn("per_page", full)
        r = sup.get("/api/v1/supervision/units?as_of=%s&page=2&per_page=10" % DEMO_ON)
        self.assertStatus(r, 200)
        page = r.json()
        self.assertEqual((page["page"], page["per_page"], page["total"]), (2, 10, UNITS + 3))
        self.assertEqual(page["items"], full["items"][10:20])
        self.assertEqual(page["by_rule"], full["by_rule"])  # the totals stay the subtree's
        last = sup.get("/api/v1/supervision/units?as_of=%s&page=5&per_page=10" % DEMO_ON).json()
        self.assertEqual([u["rank"] for u in last["items"]], [41, 42, 43])
        self.assertStatus(sup.get("/api/v1/supervision/units?per_page=0"), 400, "bad_parameter")

    def test_trend_of_many_units_ends_with_the_ranking(self):
        sup = self.as_("supervisor")
        r = sup.get("/api/v1/supervision/trend?as_of=" + DEMO_ON)
        self.assertStatus(r, 200)
        now = sup.get("/api/v1/supervision/units?as_of=" + DEMO_ON).json()
        self.assertEqual(r.json()["months"][-1]["score"], sum(u["score"] for u in now["items"]))
        self.assertEqual(len(r.json()["units"]), UNITS + 3)
        # a unit's score on a month's end is its ranking on that day
        jan = r.json()["months"][1]["as_of"]
        then = {u["org"]: u["score"] for u in sup.get("/api/v1/supervision/units?as_of=" + jan).json()["items"]}
        for u in r.json()["units"]:
            self.assertEqual(u["scores"][1], then[u["org"]], u["org"])


class CountAheadTest(ServerTestCase):
    """The roll-up counted ahead at server start (the default) and counted by the first request
    (--no-rollup-count) answer the same, before and after a write to one unit: two more servers
    on one data directory, started once the generated units are in it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        import_generated(cls.server)
        cls.ahead = Server.start(data=cls.server.data)
        cls.plain = Server.start(data=cls.server.data, serve_args=("--no-rollup-count",))
        cls.sup = (cls.ahead.client("supervisor"), cls.plain.client("supervisor"))

    @classmethod
    def tearDownClass(cls):
        try:
            for s in (cls.ahead, cls.plain):
                code, _, err = s.stop()
                if code != 0 or "ERROR: AddressSanitizer" in err or "runtime error:" in err:
                    raise AssertionError("zeren serve did not stop cleanly (exit %s):\n%s" % (code, err[-4000:]))
        finally:
            cls.ahead.cleanup()
            cls.plain.cleanup()
            super().tearDownClass()

    def same(self, path):
        """Both servers' answers to path (the one counted ahead first), which must be equal."""
        a, b = (c.get(path) for c in self.sup)
        self.assertStatus(a, 200)
        self.assertStatus(b, 200)
        self.assertEqual(a.json(), b.json(), path)
        return a.json()

    def test_ranking_page_and_trend_are_the_same(self):
        today = self.same("/api/v1/supervision/units")  # as of today: the day counted ahead
        self.assertEqual(today["total"], UNITS + 3)
        self.same("/api/v1/supervision/units?page=2&per_page=10")
        self.same("/api/v1/supervision/units?as_of=" + DEMO_ON)
        trend = self.same("/api/v1/supervision/trend?as_of=" + DEMO_ON)
        self.assertEqual(len(trend["units"]), UNITS + 3)

    def test_a_write_to_one_unit_counts_that_unit_again(self):
        before = {u["org"]: u for u in self.same("/api/v1/supervision/units")["items"]}
        office = self.ahead.client("office")
        firsts = [a for a in office.get("/api/v1/units/demo/appointments?post=first_responsible&per_page=200").json()["items"]
                  if a.get("to") is None]
        self.assertTrue(firsts)
        for a in firsts:  # the demo unit loses its 第一责任人
            self.assertStatus(office.post("/api/v1/units/demo/appointments/%s/end" % a["id"], {"to": "2026-11-20"}), 200)
        office.close()
        after = {u["org"]: u for u in self.same("/api/v1/supervision/units")["items"]}
        self.assertIn("first_responsible", after["demo"]["responsible_missing"])
        self.assertNotIn("first_responsible", before["demo"]["responsible_missing"])
        own = self.sup[0].get("/api/v1/units/demo/findings?per_page=1").json()
        self.assertEqual(after["demo"]["counts"], own["counts"])
        for org, u in before.items():  # every other unit's figures as they were
            if org != "demo":
                self.assertEqual((u["score"], u["counts"], u["by_rule"]), (after[org]["score"], after[org]["counts"],
                                                                          after[org]["by_rule"]), org)


if __name__ == "__main__":
    unittest.main()
