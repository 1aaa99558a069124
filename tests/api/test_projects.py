"""IT projects (信息化项目, issue 19 item 6; src/api/projects.c): the list with each project's status
and security share on a day and its data scope, writes through the importer (refusals name the
field and change nothing), and the findings of project.security."""
import os
import sys
import unittest
from urllib.parse import quote

sys.path.insert(0, os.path.dirname(__file__))
from harness import DEMO_ON, ServerTestCase  # noqa: E402

U = "/api/v1/units/demo"


class TestProjects(ServerTestCase):
    def projects(self, client, query="", as_of=DEMO_ON):
        r = client.get(U + "/projects?per_page=200&as_of=" + as_of + query)
        self.assertStatus(r, 200)
        return {p["id"]: p for p in r.json()["items"]}

    def findings(self, client):
        r = client.get(U + "/findings?per_page=200&as_of=" + DEMO_ON)
        self.assertStatus(r, 200)
        return sorted((f.get("project"), f["since"]) for f in r.json()["items"] if f["rule"] == "project.security")

    def test_list_and_scope(self):
        office = self.as_("office")
        got = self.projects(office)
        self.assertEqual({k: p["status"] for k, p in got.items()},
                         {"xm-2020-hrxt": "in_use", "xm-2025-ykt": "in_use", "xm-2026-zhjs": "building",
                          "xm-2026-sjzt": "planned"})
        z = got["xm-2026-zhjs"]
        self.assertEqual((z["budget"], z["security_budget"], z["security_share"]), (4500000, 90000, 2.0))
        self.assertEqual((z["security_planned"], z["security_built"], z["security_implemented"]), (True, False, False))
        # before its approval a project has no status; the filter and the search narrow the list
        self.assertIsNone(self.projects(office, as_of="2026-03-15")["xm-2026-zhjs"]["status"])
        self.assertEqual(set(self.projects(office, "&status=in_use")), {"xm-2020-hrxt", "xm-2025-ykt"})
        self.assertEqual(set(self.projects(office, "&q=" + quote("一卡通"))), {"xm-2025-ykt"})
        self.assertStatus(office.get(U + "/projects?status=lost"), 400)
        for name in ("leader", "liaison.nic", "staff"):  # the unit's projects are everyone's to read
            self.assertEqual(len(self.projects(self.as_(name))), 4)
        # the system the HR project built names it
        r = office.get(U + "/systems/hrxt")
        self.assertStatus(r, 200)
        self.assertEqual(r.json().get("project"), "xm-2020-hrxt")
        # the 一卡通 upgrade is recorded as what built ykt; an unknown project is refused
        self.assertStatus(office.put(U + "/systems/ykt", {"project": "xm-2025-ykt"}), 200)
        self.assertEqual(office.get(U + "/systems/ykt").json().get("project"), "xm-2025-ykt")
        r = office.put(U + "/systems/ykt", {"project": "xm-nosuch"})
        self.assertStatus(r, 422)
        self.assertEqual(r.json()["error"]["field"], "project")
        self.assertEqual(office.get(U + "/systems/ykt").json().get("project"), "xm-2025-ykt")

    def test_writes_and_findings(self):
        office = self.as_("office")
        self.assertEqual(self.findings(office), [("xm-2026-zhjs", "2026-03-16")])
        self.assertStatus(office.put(U + "/projects/xm-2026-zhjs", {"security_budget": 225000}), 200)
        self.assertEqual(self.projects(office)["xm-2026-zhjs"]["security_share"], 5.0)
        self.assertEqual(self.findings(office), [])
        r = office.post(U + "/projects", {"name": "校园网改造项目", "department": "nic", "budget": 2000000,
                                          "security_budget": 60000, "approved_on": "2026-11-02"})
        self.assertStatus(r, 201)
        new = r.json()["id"]
        self.assertTrue(new.startswith("xm-"), new)
        self.assertEqual(self.findings(office), [(new, "2026-11-02")])
        before = self.projects(office)
        for patch, field in (({"security_budget": 3000000}, "security_budget"), ({"budget": -1}, "budget"),
                             ({"started_on": "2026-01-01"}, "started_on"), ({"department": "nosuch"}, "department"),
                             ({"in_use_on": "2026-11-20"}, "in_use_on")):
            r = office.put(U + "/projects/" + new, patch)
            self.assertStatus(r, 422)
            self.assertEqual(r.json()["error"]["field"], field, patch)
        self.assertEqual(self.projects(office), before)
        for name in ("leader", "liaison.nic", "staff"):
            self.assertStatus(self.as_(name).put(U + "/projects/xm-2025-ykt", {"notes": "x"}), 403, "forbidden")
            self.assertStatus(self.as_(name).post(U + "/projects", {"name": "x", "approved_on": "2026-11-02"}),
                              403, "forbidden")


if __name__ == "__main__":
    unittest.main()
