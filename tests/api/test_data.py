"""Export and import over HTTP (src/api/data.c): the export is `zeren export --org` byte for
byte, an import is restricted to the office's own unit and refused with the line and JSON
path of the bad record, and a refused import changes nothing."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import ServerTestCase  # noqa: E402

U = "/api/v1/units/demo"


def doc(**arrays):
    return json.dumps(dict({"format": "zeren/v1"}, **arrays), ensure_ascii=False, indent=1).encode("utf-8")


class TestExport(ServerTestCase):
    def test_export_is_the_cli_export(self):
        r = self.as_("office").get(U + "/export")
        self.assertStatus(r, 200)
        self.assertIn("attachment", r.header("Content-Disposition"))
        self.assertIn("demo.zeren.json", r.header("Content-Disposition"))
        out = self.server.zeren("export", "--org", "demo")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(r.body.decode("utf-8"), out.stdout)
        self.assertEqual(json.loads(r.body)["format"], "zeren/v1")
        for who in ("leader", "liaison.nic", "staff"):
            self.assertStatus(self.as_(who).get(U + "/export"), 403, "forbidden")
        self.assertStatus(self.as_("office").get("/api/v1/units/other/export"), 403, "out_of_scope")


class TestImport(ServerTestCase):
    def post(self, body, who="office"):
        return self.as_(who).request("POST", "/api/v1/import", data=body, content_type="application/json")

    def people_total(self):
        return self.as_("office").get(U + "/people").json()["total"]

    def test_import_into_own_unit(self):
        n = self.people_total()
        r = self.post(doc(people=[{"id": "p-imp1", "name": "导入甲", "org": "demo", "department": "nic"},
                                  {"id": "p-imp2", "name": "导入乙", "org": "demo"}]))
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["stats"]["people"], 2)
        self.assertEqual(self.people_total(), n + 2)
        out = self.server.zeren("audit", "list", "--format", "json")
        rows = [a for a in json.loads(out.stdout) if a["action"] == "import" and a["account"] == "office"]
        self.assertTrue(rows and rows[-1]["success"] and rows[-1]["detail"]["counts"]["people"] == 2)

    def test_refused_outside_the_unit(self):
        n = self.people_total()
        r = self.post(doc(people=[{"id": "p-imp3", "name": "甲", "org": "demo"},
                                  {"id": "p-imp4", "name": "乙", "org": "elsewhere"}]))
        self.assertStatus(r, 422)
        msg = r.json()["error"]["message"]
        self.assertIn("$.people[1].org", msg)
        self.assertRegex(msg, r"request:\d+: ")
        self.assertEqual(r.json()["error"]["field"], "people[1].org")
        self.assertEqual(self.people_total(), n, "a refused import changes nothing")
        r = self.post(doc(organizations=[{"id": "other", "name": "别的单位"}]))
        self.assertStatus(r, 422)
        self.assertIn("outside unit demo", r.json()["error"]["message"])
        # The policy is the security administrator's to set.
        r = self.post(doc(organizations=[{"id": "demo", "name": "蜀南学院", "policy": "strict-fulltime"}]))
        self.assertStatus(r, 422)
        self.assertEqual(r.json()["error"]["field"], "organizations[0].policy")
        self.assertEqual(self.as_("office").get(U).json()["policy"], "default")
        # So is its place in the supervision tree: an office cannot leave its supervisor's sight
        # (parent null) nor put its unit under another unit.
        for parent in (None, "xl-school"):
            r = self.post(doc(organizations=[{"id": "demo", "name": "蜀南学院", "parent": parent}]))
            self.assertStatus(r, 422)
            self.assertEqual(r.json()["error"]["field"], "organizations[0].parent")
        self.assertEqual(self.as_("office").get(U).json()["parent"], "xiling")
        r = self.post(doc(organizations=[{"id": "demo", "name": "蜀南学院", "parent": "xiling"}]))
        self.assertStatus(r, 200)

    def test_bad_documents(self):
        for body in (b"", b"{", b"[]", b'{"format": "zeren/v2"}', doc(people=[{"id": "p-x"}])):
            r = self.post(body)
            self.assertIn(r.status, (400, 422), r)
        self.assertStatus(self.post(doc(people=[]), who="leader"), 403, "forbidden")

    def test_round_trip(self):
        exported = self.as_("office").get(U + "/export").body
        r = self.post(exported)
        self.assertStatus(r, 200)
        self.assertEqual(self.as_("office").get(U + "/export").body, exported)


if __name__ == "__main__":
    unittest.main()
