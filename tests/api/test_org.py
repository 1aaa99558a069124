"""Units, departments, people, the post catalogue and bodies (src/api/org.c) against a real
`zeren serve` over the demo unit: shapes, filters, writes through the importer with errors
naming the body's fields, data scope (a liaison writes only their department's people) and
the audit records of each change."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import ServerTestCase  # noqa: E402

U = "/api/v1/units/demo"


def audit_rows(server, action):
    out = server.zeren("audit", "list", "--format", "json")
    assert out.returncode == 0, out.stderr
    return [r for r in json.loads(out.stdout) if r["action"] == action]


def demo():
    """The demo unit's records of data/demo/demo.json (which also holds its supervisor and two more
    units below it, issue 15)."""
    with open(os.path.join(os.path.dirname(__file__), "..", "..", "data", "demo", "demo.json"), encoding="utf-8") as f:
        d = json.load(f)
    return {k: [r for r in v if r.get("org", r.get("id")) == "demo"] if isinstance(v, list) else v for k, v in d.items()}


def subtree(depts, root):
    """Ids of department root and all below it."""
    out, grew = {root}, True
    while grew:
        grew = False
        for d in depts:
            if d["parent"] in out and d["id"] not in out:
                out.add(d["id"])
                grew = True
    return out


class TestUnits(ServerTestCase):
    def test_list_and_get(self):
        r = self.as_("office").get("/api/v1/units")
        self.assertStatus(r, 200)
        self.assertEqual([u["id"] for u in r.json()["items"]], ["demo"])
        r = self.as_("staff").get(U)
        self.assertStatus(r, 200)
        u = r.json()
        d = demo()
        self.assertEqual(u["people_count"], len(d["people"]))
        self.assertEqual(u["department_count"], len(d["organizations"][0]["departments"]))
        self.assertEqual(u["system_count"], len(d["systems"]))
        self.assertEqual(u["policy"], "default")
        self.assertNotIn("departments", u)

    def test_other_unit_and_platform_roles(self):
        self.assertStatus(self.as_("office").get("/api/v1/units/elsewhere"), 403, "out_of_scope")
        self.assertStatus(self.as_("sysadmin").get(U), 403, "forbidden")

    def test_office_renames_but_may_not_set_policy(self):
        office = self.as_("office")
        r = office.put(U, {"name": "示例大学（更名）", "kind": "university"})
        self.assertStatus(r, 200)
        self.assertEqual(office.get(U).json()["name"], "示例大学（更名）")
        self.assertEqual(office.get(U).json()["policy"], "default")
        r = office.put(U, {"policy": "strict-fulltime"})
        self.assertStatus(r, 422)
        self.assertEqual(r.json()["error"]["field"], "policy")
        self.assertStatus(office.put(U, {"name": ""}), 422)
        self.assertStatus(self.as_("leader").put(U, {"name": "x"}), 403, "forbidden")
        self.assertTrue(any(a["object"] == "demo" and a["detail"].get("name") == "示例大学（更名）"
                            for a in audit_rows(self.server, "unit.update")))

    def test_security_admin_sets_policy(self):
        sec = self.as_("secadmin")
        r = sec.put(U + "/policy", {"policy": "no-such-policy"})
        self.assertStatus(r, 422)
        self.assertEqual(r.json()["error"]["field"], "policy")
        self.assertStatus(self.as_("office").put(U + "/policy", {"policy": "default"}), 403, "forbidden")
        self.assertStatus(sec.put("/api/v1/units/nowhere/policy", {"policy": "default"}), 404, "not_found")
        try:
            self.assertStatus(sec.put(U + "/policy", {"policy": "strict-fulltime"}), 200)
            self.assertEqual(self.as_("office").get(U).json()["policy"], "strict-fulltime")
            # The security administrator lists every unit with its policy, and nothing more of it.
            r = sec.get("/api/v1/units")
            self.assertStatus(r, 200)
            # The demo store also holds 西岭市委网信办 and two more units below it (issue 15).
            self.assertEqual([u for u in r.json()["items"] if u["id"] == "demo"],
                             [{"id": "demo", "name": self.as_("office").get(U).json()["name"],
                               "kind": demo()["organizations"][0]["kind"], "policy": "strict-fulltime"}])
            self.assertEqual(r.json()["total"], 4)
            self.assertEqual(sec.get("/api/v1/units?q=nothing-like-it").json()["total"], 0)
            self.assertStatus(sec.get(U), 403, "forbidden")
            self.assertTrue(any(a["detail"] == {"policy": "strict-fulltime"} and a["account"] == "secadmin"
                                for a in audit_rows(self.server, "unit.policy")))
        finally:
            self.assertStatus(sec.put(U + "/policy", {"policy": "default"}), 200)


def flatten(nodes, parent=None, out=None):
    """The department tree as (node, parent id) pairs."""
    out = [] if out is None else out
    for n in nodes:
        out.append((n, parent))
        flatten(n["children"], n["id"], out)
    return out


class TestDepartments(ServerTestCase):
    def test_tree(self):
        r = self.as_("leader").get(U + "/departments")
        self.assertStatus(r, 200)
        flat = flatten(r.json()["items"])
        d = demo()
        depts = d["organizations"][0]["departments"]
        self.assertEqual(sorted(n["id"] for n, _ in flat), sorted(x["id"] for x in depts))
        for n, parent in flat:
            self.assertEqual(n["parent"], parent)
            self.assertEqual(n["people_count"], sum(1 for p in d["people"] if p["department"] == n["id"]))
        nic = next(n for n, _ in flat if n["id"] == "nic")
        heads = [a["person"] for a in d["appointments"] if a.get("post") == "department_head"
                 and a.get("department") == "nic" and a["to"] is None]
        self.assertEqual([h["person"] for h in nic["head"]], heads)
        self.assertIn("p-luojing", [x["person"] for x in nic["liaison"]])
        self.assertTrue(all(x["name"] for x in nic["liaison"]))


class TestDepartmentWrites(ServerTestCase):
    def test_create_and_update(self):
        office = self.as_("office")
        r = office.post(U + "/departments", {"id": "nic-ops", "name": "运维组", "parent": "nic"})
        self.assertStatus(r, 201)
        flat = flatten(office.get(U + "/departments").json()["items"])
        self.assertIn(("nic-ops", "nic"), [(n["id"], p) for n, p in flat])
        self.assertStatus(office.post(U + "/departments", {"id": "nic-ops", "name": "x"}), 409, "conflict")
        r = office.put(U + "/departments/nic-ops", {"name": "运维保障组"})
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["parent"], "nic")  # unchanged fields stay
        names = {n["id"]: n["name"] for n, _ in flatten(office.get(U + "/departments").json()["items"])}
        self.assertEqual(names["nic-ops"], "运维保障组")
        self.assertTrue(audit_rows(self.server, "department.update"))

    def test_refused(self):
        office = self.as_("office")
        for body, field in (({"id": "x1", "name": "甲", "parent": "nope"}, "parent"),
                            ({"id": "x1"}, "name"),
                            ({"id": "x1", "name": "甲", "head": "p-x"}, "head"),
                            ({"id": 5, "name": "甲"}, "id")):  # no id at all: the server makes one (test_followup)
            r = office.post(U + "/departments", body)
            self.assertStatus(r, 422)
            self.assertEqual(r.json()["error"]["field"], field, r)
        # Its own child cannot become its parent.
        self.assertStatus(office.post(U + "/departments", {"id": "loop-a", "name": "甲"}), 201)
        self.assertStatus(office.post(U + "/departments", {"id": "loop-b", "name": "乙", "parent": "loop-a"}), 201)
        r = office.put(U + "/departments/loop-a", {"parent": "loop-b"})
        self.assertStatus(r, 422)
        self.assertEqual(r.json()["error"]["field"], "parent")
        self.assertStatus(office.put(U + "/departments/none", {"name": "x"}), 404, "not_found")
        self.assertStatus(self.as_("liaison.nic").post(U + "/departments", {"id": "y", "name": "y"}), 403, "forbidden")


class TestPeople(ServerTestCase):
    def all_people(self, client, query=""):
        r = client.get(U + "/people?per_page=200" + query)
        self.assertStatus(r, 200)
        return r.json()

    def test_list_filters(self):
        d = demo()
        office = self.as_("office")
        body = self.all_people(office)
        self.assertEqual(body["total"], len(d["people"]))
        p = next(x for x in body["items"] if x["id"] == "p-zhaolei")
        self.assertEqual(p["department_name"], "网络信息中心")
        self.assertEqual(sorted(p["posts"]), ["network_admin", "security_admin"])
        nic = subtree(d["organizations"][0]["departments"], "nic")
        got = {x["id"] for x in self.all_people(office, "&department=nic")["items"]}
        self.assertEqual(got, {x["id"] for x in d["people"] if x["department"] in nic})
        got = {x["id"] for x in self.all_people(office, "&post=security_admin")["items"]}
        self.assertEqual(got, {"p-zhaolei", "p-sunqian"})
        got = self.all_people(office, "&q=%E5%91%A8%E6%B5%B7")["items"]  # 周海
        self.assertEqual([x["id"] for x in got], ["p-zhouhaitao"])
        r = office.get(U + "/people?per_page=7&page=2")
        self.assertEqual((len(r.json()["items"]), r.json()["page"], r.json()["per_page"]), (7, 2, 7))
        self.assertStatus(office.get(U + "/people?department=nope"), 400)
        self.assertStatus(office.get(U + "/people?post=nope"), 400)

    def test_scope_of_lists(self):
        d = demo()
        nic = subtree(d["organizations"][0]["departments"], "nic")
        got = {x["id"] for x in self.all_people(self.as_("liaison.nic"))["items"]}
        self.assertEqual(got, {x["id"] for x in d["people"] if x["department"] in nic})
        self.assertEqual([x["id"] for x in self.all_people(self.as_("staff"))["items"]], ["p-qiumin"])

    def test_get(self):
        r = self.as_("office").get(U + "/people/p-zhouhaitao")
        self.assertStatus(r, 200)
        p = r.json()
        self.assertEqual((p["id"], p["name"], p["org"], p["department"]), ("p-zhouhaitao", "周海涛", "demo", "nic"))
        self.assertTrue(all(a["to"] is None or a["to"] > "2026-11-22" for a in p["appointments"]))
        self.assertTrue(all(a["id"].startswith("a-") for a in p["appointments"]))
        self.assertIn("kp-zhouhaitao-2020", [g["id"] for g in p["agreements"]])
        self.assertStatus(self.as_("liaison.finance").get(U + "/people/p-zhouhaitao"), 403, "out_of_scope")
        self.assertStatus(self.as_("staff").get(U + "/people/p-zhouhaitao"), 403, "out_of_scope")
        self.assertStatus(self.as_("staff").get(U + "/people/p-qiumin"), 200)
        self.assertStatus(self.as_("office").get(U + "/people/p-nobody"), 404, "not_found")


class TestPeopleWrites(ServerTestCase):
    def test_office_writes(self):
        office = self.as_("office")
        r = office.post(U + "/people", {"id": "p-new1", "name": "新人甲", "department": "finance",
                                        "background_check": "2026-10-01"})
        self.assertStatus(r, 201)
        self.assertEqual(office.get(U + "/people/p-new1").json()["department_name"], "财务处")
        self.assertStatus(office.post(U + "/people", {"id": "p-new1", "name": "重复"}), 409, "conflict")
        r = office.put(U + "/people/p-new1", {"department": "nic"})
        self.assertStatus(r, 200)
        p = office.get(U + "/people/p-new1").json()
        self.assertEqual((p["name"], p["department"], p["background_check"]), ("新人甲", "nic", "2026-10-01"))
        rows = audit_rows(self.server, "person.create")
        self.assertTrue(any(a["object"] == "demo/p-new1" and a["account"] == "office" and a["success"] for a in rows))
        self.assertTrue(any(a["object"] == "demo/p-new1" for a in audit_rows(self.server, "person.update")))

    def test_validation_names_body_fields(self):
        office = self.as_("office")
        for body, field in (({"id": "p-v1"}, "name"),
                            ({"id": "p-v1", "name": "甲", "background_check": "2026-13-01"}, "background_check"),
                            ({"id": "p-v1", "name": "甲", "department": "nope"}, "department"),
                            ({"id": "p-v1", "name": "甲", "age": 3}, "age"),
                            ({"id": "p-v1", "name": "甲", "org": "other"}, "org")):
            r = office.post(U + "/people", body)
            self.assertStatus(r, 422)
            self.assertEqual(r.json()["error"]["field"], field, r)
        self.assertStatus(office.put(U + "/people/p-zhouhaitao", {"id": "p-other"}), 422)
        self.assertStatus(office.get(U + "/people/p-v1"), 404)

    def test_liaison_writes_own_department_only(self):
        liaison = self.as_("liaison.nic")
        self.assertStatus(liaison.post(U + "/people", {"id": "p-nic-new", "name": "网络中心新人", "department": "nic"}), 201)
        self.assertStatus(liaison.put(U + "/people/p-nic-new", {"name": "网络中心新人（改）"}), 200)
        r = liaison.post(U + "/people", {"id": "p-fin-new", "name": "财务新人", "department": "finance"})
        self.assertStatus(r, 403, "out_of_scope")
        self.assertStatus(liaison.post(U + "/people", {"id": "p-nodept", "name": "无部门"}), 403, "out_of_scope")
        # Not another department's person, and not moving one of theirs out.
        self.assertStatus(liaison.put(U + "/people/p-xuhongmei", {"name": "改"}), 403, "out_of_scope")
        self.assertStatus(liaison.put(U + "/people/p-nic-new", {"department": "finance"}), 403, "out_of_scope")
        self.assertEqual(self.as_("office").get(U + "/people/p-nic-new").json()["department"], "nic")
        self.assertStatus(self.as_("staff").post(U + "/people", {"id": "p-s", "name": "s"}), 403, "forbidden")
        self.assertStatus(self.as_("leader").put(U + "/people/p-qiumin", {"name": "s"}), 403, "forbidden")


class TestPostsAndBodies(ServerTestCase):
    def test_posts(self):
        r = self.as_("staff").get("/api/v1/posts")
        self.assertStatus(r, 200)
        posts = r.json()["posts"]
        ids = [p["id"] for p in posts]
        for want in ("first_responsible", "security_admin", "security_liaison", "system_responsible"):
            self.assertIn(want, ids)
        sa = next(p for p in posts if p["id"] == "security_admin")
        self.assertEqual(sa["name_zh"], "安全管理员")
        self.assertTrue(sa["duties"] and all(d["text"] and d["source"]["document"] for d in sa["duties"]))
        out = self.server.zeren("posts", "--format", "json")
        self.assertEqual(json.loads(out.stdout), posts)

    def test_bodies(self):
        r = self.as_("liaison.finance").get(U + "/bodies")
        self.assertStatus(r, 200)
        bodies = {b["id"]: b for b in r.json()["items"]}
        self.assertEqual(set(bodies), {"lg", "wg", "eg", "office"})
        self.assertEqual(sorted(bodies["lg"]["leads"]), ["eg", "wg"])
        self.assertEqual(bodies["lg"]["kind"], "leading_group")
        d = demo()
        leaders = [a["person"] for a in d["appointments"] if a.get("body") == "lg" and a["seat"] == "leader"
                   and a["from"] <= "2026-11-22" and (a["to"] is None or a["to"] > "2026-11-22")]
        self.assertEqual([x["person"] for x in bodies["lg"]["seats"]["leader"]], leaders)
        # As of a day before anyone sat in it, the group is empty.
        r = self.as_("office").get(U + "/bodies?as_of=1990-01-01")
        self.assertEqual(r.json()["as_of"], "1990-01-01")
        self.assertTrue(all(not any(b["seats"].values()) for b in r.json()["items"]))
        self.assertStatus(self.as_("office").get(U + "/bodies?as_of=yesterday"), 400)

    def test_body_writes(self):
        office = self.as_("office")
        self.assertStatus(office.post(U + "/bodies", {"id": "tsg", "kind": "office", "name": "技术支撑组"}), 201)
        self.assertStatus(office.put(U + "/bodies/lg", {"leads": ["wg", "eg", "tsg"]}), 200)
        lg = next(b for b in office.get(U + "/bodies").json()["items"] if b["id"] == "lg")
        self.assertEqual(sorted(lg["leads"]), ["eg", "tsg", "wg"])
        r = office.post(U + "/bodies", {"id": "bad", "kind": "club", "name": "x"})
        self.assertStatus(r, 422)
        self.assertEqual(r.json()["error"]["field"], "kind")
        self.assertStatus(office.put(U + "/bodies/none", {"name": "x"}), 404)
        self.assertStatus(self.as_("liaison.nic").post(U + "/bodies", {"id": "b2", "kind": "office", "name": "x"}), 403)


if __name__ == "__main__":
    unittest.main()
