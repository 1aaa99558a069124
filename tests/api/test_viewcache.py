"""The unit views kept across writes (issue 20): a write to one unit's records leaves the cached
views of the other units in place, but never one that another change made stale meanwhile, and
the list of people sent again from a view follows every write."""
import json
import os
import unittest

from harness import ServerTestCase

OTHER_PASSWORD = "Wang-Yi-Unit2-2027!"


class ViewCacheTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.doc = os.path.join(cls.server.dir, "other.json")
        cls.import_other("王一")
        out = cls.server.zeren("user", "add", "other-office", "--person", "other-p1", "--role", "office")
        assert out.returncode == 0, out.stderr
        out = cls.server.zeren("user", "passwd", "other-office", input=OTHER_PASSWORD + "\n")
        assert out.returncode == 0, out.stderr
        cls.server.passwords["other-office"] = OTHER_PASSWORD

    @classmethod
    def import_other(cls, name):
        """A second unit beside the demo, written by another process (the command line)."""
        with open(cls.doc, "w") as f:
            json.dump({"format": "zeren/v1",
                       "organizations": [{"id": "other", "name": "另一单位",
                                          "departments": [{"id": "other-d1", "name": "办公室"}]}],
                       "people": [{"id": "other-p1", "name": name, "org": "other", "department": "other-d1"},
                                  {"id": "other-p2", "name": "李二", "org": "other", "department": "other-d1"}]}, f)
        out = cls.server.zeren("import", cls.doc)
        assert out.returncode == 0, out.stderr

    def names(self, who, org):
        r = self.as_(who).get("/api/v1/units/%s/people?per_page=100" % org)
        self.assertStatus(r, 200)
        return {p["id"]: p["name"] for p in r.json()["items"]}

    def put_name(self, who, org, person, name):
        r = self.as_(who).put("/api/v1/units/%s/people/%s" % (org, person), {"name": name})
        self.assertStatus(r, 200)

    def test_views_follow_every_change(self):
        self.assertEqual(self.names("other-office", "other")["other-p1"], "王一")
        demo = self.names("office", "demo")
        person = sorted(demo)[0]
        # a write to the demo unit: the other unit's view is kept, and still right
        self.put_name("office", "demo", person, "缓存测试一")
        self.assertEqual(self.names("office", "demo")[person], "缓存测试一")
        self.assertEqual(self.names("other-office", "other")["other-p1"], "王一")
        # the other unit changed by another process, then a write to the demo unit through the
        # server: the other unit's view is not carried over that change
        self.import_other("王一改")
        self.put_name("office", "demo", person, "缓存测试二")
        self.assertEqual(self.names("other-office", "other")["other-p1"], "王一改")
        self.assertEqual(self.names("office", "demo")[person], "缓存测试二")
        # a write to the other unit through the server: its list, sent again from the view, follows
        self.put_name("other-office", "other", "other-p2", "李二改")
        self.assertEqual(self.names("other-office", "other")["other-p2"], "李二改")
        self.assertEqual(self.names("office", "demo")[person], "缓存测试二")

    def test_people_page_per_scope(self):
        # the same query by accounts of different scope, each asked twice (the second reply is
        # the one kept with the view): each account gets its own, never another's
        url = "/api/v1/units/demo/people?per_page=100"
        replies = {}
        for user in ("office", "liaison.nic", "liaison.finance", "office", "liaison.nic", "liaison.finance"):
            r = self.as_(user).get(url)
            self.assertStatus(r, 200)
            replies.setdefault(user, []).append({p["id"] for p in r.json()["items"]})
        for user, (first, second) in replies.items():
            self.assertEqual(first, second, user)
        self.assertLess(len(replies["liaison.nic"][0]), len(replies["office"][0]))
        self.assertTrue(replies["liaison.nic"][0].isdisjoint(replies["liaison.finance"][0]))
        self.assertTrue(replies["liaison.nic"][0] <= replies["office"][0])

if __name__ == "__main__":
    unittest.main()
