"""A unit's 字典管理, 参数设置 and 通知公告 (issue 22; src/api/unitconf.c, core/dictionary.c,
core/settings.c, core/announce.c): who reads and writes each, what is refused (naming the field,
changing nothing), that another unit's are invisible, and that what is set is what is used (the
dashboard's horizon, an announcement's default expiry, its copy in each person's bell)."""
import os
import sys
import unittest
from urllib.parse import quote

sys.path.insert(0, os.path.dirname(__file__))
from harness import DEMO_ON, ServerTestCase, StoreDB  # noqa: E402

U = "/api/v1/units/demo"
SCHOOL = "/api/v1/units/xl-school"


def entries(client, unit, name):
    r = client.get(unit + "/dictionary?list=" + name)
    assert r.status == 200, r
    lists = r.json()["lists"]
    assert [x["list"] for x in lists] == [name], lists
    return lists[0]["entries"]


class TestDictionary(ServerTestCase):
    def audit(self, action):
        db = StoreDB(self.server.data)
        try:
            return [tuple(r) for r in db.execute("SELECT account, object, success FROM audit_log WHERE action = ? "
                                                 "ORDER BY seq", (action,)).fetchall()]
        finally:
            db.close()

    def test_closed_list(self):
        office = self.as_("office")
        got = entries(office, U, "agreement_kind")
        self.assertEqual([e["value"] for e in got],
                         ["responsibility_letter", "key_post_security", "confidentiality", "network_access"])
        self.assertTrue(all(e["builtin"] and e["enabled"] and e["label"] is None for e in got))
        # relabel and move one first, disable another: the order and the labels follow
        r = office.put(U + "/dictionary/agreement_kind", {"value": "confidentiality", "label": "保密承诺书", "sort": 5})
        self.assertStatus(r, 200)
        self.assertStatus(office.put(U + "/dictionary/agreement_kind", {"value": "network_access", "sort": 40,
                                                                         "enabled": False}), 200)
        got = entries(office, U, "agreement_kind")
        self.assertEqual([(e["value"], e["label"], e["enabled"]) for e in got],
                         [("confidentiality", "保密承诺书", True), ("responsibility_letter", None, True),
                          ("key_post_security", None, True), ("network_access", None, False)])
        # a value the engine does not know is not added to a closed list, and nothing changes
        before = entries(office, U, "agreement_kind")
        r = office.put(U + "/dictionary/agreement_kind", {"value": "nda", "label": "保密协议"})
        self.assertStatus(r, 422, "invalid")
        self.assertEqual(r.json()["error"]["field"], "value")
        self.assertEqual(entries(office, U, "agreement_kind"), before)
        # the disabled kind is still a kind the importer accepts (the engine's, never deleted)
        self.assertStatus(office.get(U + "/agreements?kind=network_access"), 200)

    def test_open_list_and_use(self):
        office = self.as_("office")
        # the demo's own categories, as its incidents hold them
        self.assertEqual([e["value"] for e in entries(office, U, "incident_category")], ["恶意程序", "账号盗用", "网页篡改"])
        r = office.put(U + "/dictionary/incident_category", {"value": "钓鱼邮件", "label_en": "Phishing mail", "sort": 25})
        self.assertStatus(r, 200)
        self.assertEqual(self.audit("dict.put")[-1], ("office", "demo/incident_category/钓鱼邮件", 1))
        got = entries(office, U, "incident_category")
        self.assertEqual([e["value"] for e in got], ["恶意程序", "账号盗用", "钓鱼邮件", "网页篡改"])
        self.assertEqual([(e["label"], e["label_en"], e["builtin"]) for e in got if e["value"] == "钓鱼邮件"],
                         [("钓鱼邮件", "Phishing mail", False)])
        # an incident of that category is recorded (the record holds the value)
        r = office.post(U + "/incidents", {"title": "教师收到钓鱼邮件", "system": "mail", "category": "钓鱼邮件",
                                           "occurred_at": "2026-11-20T09:00:00+08:00"})
        self.assertStatus(r, 201)
        # disabled, it stays (no delete): its label is still there for the record that uses it
        self.assertStatus(office.put(U + "/dictionary/incident_category", {"value": "钓鱼邮件", "enabled": False}), 200)
        self.assertEqual([e["enabled"] for e in entries(office, U, "incident_category") if e["value"] == "钓鱼邮件"], [False])
        self.assertStatus(office.delete(U + "/dictionary/incident_category"), 405)
        # bad input names its field
        for body, field in (({"value": ""}, "value"), ({"value": " x"}, "value"), ({"value": "a\tb"}, "value"),
                            ({"value": "x" * 201}, "value"), ({"value": "ok", "sort": -1}, "sort"),
                            ({"value": "ok", "sort": "1"}, "sort"), ({"value": "ok", "enabled": 1}, "enabled"),
                            ({"value": 3}, "value")):
            r = office.put(U + "/dictionary/incident_category", body)
            self.assertIn(r.status, (413, 422), (body, r))
            self.assertEqual(r.json()["error"]["field"], field, body)
        self.assertStatus(office.put(U + "/dictionary/colours", {"value": "red"}), 422)
        self.assertStatus(office.get(U + "/dictionary?list=colours"), 400)
        self.assertEqual(len(entries(office, U, "incident_category")), 4)

    def test_scope(self):
        office = self.as_("office")
        self.assertStatus(office.put(U + "/dictionary/notice_issuer", {"value": "西岭市委网信办"}), 200)
        # everyone of the unit reads it (the forms offer it); only the office writes it
        for name in ("leader", "liaison.nic", "staff", "supervisor"):
            self.assertIn("西岭市委网信办", [e["value"] for e in entries(self.as_(name), U, "notice_issuer")], name)
        for name in ("leader", "liaison.nic", "staff", "supervisor", "sysadmin", "secadmin"):
            r = self.as_(name).put(U + "/dictionary/notice_issuer", {"value": "某单位"})
            self.assertEqual(r.status, 403, (name, r))
        # another unit's dictionary is its own: invisible to the demo's office, and not written by it
        school = self.as_("office.school")
        self.assertEqual(entries(school, SCHOOL, "notice_issuer"), [])
        self.assertStatus(school.get(U + "/dictionary"), 403, "out_of_scope")
        self.assertStatus(office.get(SCHOOL + "/dictionary"), 403, "out_of_scope")
        self.assertStatus(office.put(SCHOOL + "/dictionary/notice_issuer", {"value": "x"}), 403, "out_of_scope")
        self.assertStatus(school.put(U + "/dictionary/notice_issuer", {"value": "x"}), 403, "out_of_scope")
        self.assertNotIn("x", [e["value"] for e in entries(office, U, "notice_issuer")])

    def test_interchange(self):
        """zeren/v1 section "dictionary": export → import → export is the identity; an import sets
        entries (audited as the import), a bad entry or another unit's is refused naming it and
        changes nothing; a unit without entries exports the document it always did."""
        office = self.as_("office")
        school = self.as_("office.school")
        self.assertNotIn(b'"dictionary"', school.get(SCHOOL + "/export").body)
        self.assertStatus(office.put(U + "/dictionary/training_kind", {"value": "other", "label": "其他培训", "label_en": "Other",
                                                                       "sort": 1, "enabled": False}), 200)
        self.assertStatus(office.put(U + "/dictionary/notice_issuer", {"value": "西岭市公安局网安支队", "sort": 20}), 200)
        first = office.get(U + "/export")
        self.assertStatus(first, 200)
        doc = first.json()
        self.assertIn({"org": "demo", "list": "training_kind", "value": "other", "label": "其他培训", "label_en": "Other",
                       "sort": 1, "enabled": False}, doc["dictionary"])
        self.assertStatus(office.post("/api/v1/import", doc), 200)
        self.assertEqual(office.get(U + "/export").body, first.body)
        # an import changes entries like the page does
        doc["dictionary"] = [{"org": "demo", "list": "notice_issuer", "value": "西岭市公安局网安支队", "label": "市网安支队",
                              "label_en": None, "sort": 5, "enabled": True}]
        self.assertStatus(office.post("/api/v1/import", {"format": "zeren/v1", "dictionary": doc["dictionary"]}), 200)
        got = [e for e in entries(office, U, "notice_issuer") if e["value"] == "西岭市公安局网安支队"]
        self.assertEqual([(e["label"], e["sort"]) for e in got], [("市网安支队", 5)])
        # refused, naming the entry and its field, and nothing changes
        before = office.get(U + "/export").body
        for bad, field in (({"org": "demo", "list": "agreement_kind", "value": "nda"}, "dictionary[0].value"),
                           ({"org": "demo", "list": "colours", "value": "red"}, "dictionary[0].list"),
                           ({"org": "demo", "list": "notice_issuer", "value": "x", "colour": 1}, "dictionary[0].colour"),
                           ({"org": "xl-school", "list": "notice_issuer", "value": "x"}, "dictionary[0].org")):
            r = office.post("/api/v1/import", {"format": "zeren/v1", "dictionary": [bad]})
            self.assertStatus(r, 422)
            self.assertEqual(r.json()["error"]["field"], field, bad)
        self.assertEqual(office.get(U + "/export").body, before)
        self.assertEqual(entries(school, SCHOOL, "notice_issuer"), [])


class TestSettings(ServerTestCase):
    def settings(self, client, unit=U):
        r = client.get(unit + "/settings")
        self.assertStatus(r, 200)
        return {s["key"]: s for s in r.json()["items"]}

    def test_settings(self):
        office = self.as_("office")
        got = self.settings(office)
        self.assertEqual({k: (s["value"], s["set_by"]) for k, s in got.items()},
                         {"dashboard.deadline_days": (30, "office"), "announce.days": (30, "office"),
                          "policy.approvers": ("leader", "security")})
        dash = office.get(U + "/dashboard?as_of=" + DEMO_ON).json()
        self.assertEqual(dash["deadline_days"], 30)
        far = [d for d in dash["deadlines"] if d["due_on"] > "2026-12-08"]
        self.assertTrue(far, "the demo has deadlines more than 17 days ahead")
        # the dashboard's horizon is the unit's setting
        self.assertStatus(office.put(U + "/settings/dashboard.deadline_days", {"value": 17}), 200)
        dash = office.get(U + "/dashboard?as_of=" + DEMO_ON).json()
        self.assertEqual(dash["deadline_days"], 17)
        self.assertTrue(dash["deadlines"])
        self.assertTrue(all(d["due_on"] <= "2026-12-08" for d in dash["deadlines"]), dash["deadlines"])
        self.assertEqual(self.settings(self.as_("staff"))["dashboard.deadline_days"]["value"], 17)
        # refused: out of range, not an integer, unknown, the security administrator's, others' roles
        for body in ({"value": 6}, {"value": 181}, {"value": "30"}, {}):
            r = office.put(U + "/settings/dashboard.deadline_days", body)
            self.assertStatus(r, 422, "invalid")
            self.assertEqual(r.json()["error"]["field"], "value")
        self.assertStatus(office.put(U + "/settings/no.such", {"value": 1}), 404)
        self.assertStatus(office.put(U + "/settings/policy.approvers", {"value": "leading_group"}), 403)
        for name in ("leader", "staff", "secadmin", "sysadmin"):
            self.assertEqual(self.as_(name).put(U + "/settings/announce.days", {"value": 10}).status, 403, name)
        self.assertStatus(self.as_("office.school").get(U + "/settings"), 403, "out_of_scope")
        self.assertStatus(office.put(SCHOOL + "/settings/announce.days", {"value": 10}), 403, "out_of_scope")
        self.assertEqual(self.settings(self.as_("office.school"), SCHOOL)["dashboard.deadline_days"]["value"], 30)
        self.assertEqual(self.settings(office)["dashboard.deadline_days"]["value"], 17)


class TestAnnouncements(ServerTestCase):
    def shown(self, name, unit=U, as_of=DEMO_ON):
        r = self.as_(name).get(unit + "/announcements?as_of=" + as_of)
        self.assertStatus(r, 200)
        return r.json()["items"]

    def bell(self, name):
        r = self.as_(name).get("/api/v1/me/notifications?per_page=200")
        self.assertStatus(r, 200)
        return [n for n in r.json()["items"] if n["subject"].startswith("【通知公告】")]

    def test_draft_publish_read_withdraw(self):
        office = self.as_("office")
        q = "?as_of=" + DEMO_ON
        self.assertStatus(office.put(U + "/settings/announce.days", {"value": 10}), 200)
        r = office.post(U + "/announcements" + q, {"title": "关于开展网络安全自查的通知", "body": "各部门：\n请于月底前完成自查。"})
        self.assertStatus(r, 201)
        a = r.json()
        self.assertEqual((a["status"], a["publish_on"], a["expires_on"], a["shown"]), ("draft", DEMO_ON, "2026-11-30", False))
        # a draft is the office's only
        self.assertEqual(self.shown("staff"), [])
        self.assertEqual(self.bell("staff"), [])
        self.assertStatus(self.as_("staff").get(U + "/announcements?all=true"), 403, "out_of_scope")
        ids = [x["id"] for x in office.get(U + "/announcements?all=true&as_of=" + DEMO_ON).json()["items"]]
        self.assertEqual(ids, [a["id"]])
        # published: on every user's list and in each person's bell, read per person
        r = office.put(U + "/announcements/%d%s" % (a["id"], q), {"title": a["title"], "body": a["body"], "status": "published"})
        self.assertStatus(r, 200)
        self.assertEqual(r.json()["published_at"] is not None, True)
        for name in ("staff", "leader", "liaison.nic"):
            got = self.shown(name)
            self.assertEqual([(x["title"], x["read"]) for x in got], [("关于开展网络安全自查的通知", False)], name)
            self.assertEqual(len(self.bell(name)), 1, name)
        mine = self.shown("staff")[0]
        self.assertStatus(self.as_("staff").post("/api/v1/me/notifications/%d/read" % mine["notification"]), 200)
        self.assertTrue(self.shown("staff")[0]["read"])
        self.assertFalse(self.shown("leader")[0]["read"])
        # not shown after its expiry, nor before its day
        self.assertEqual(self.shown("staff", as_of="2026-12-01"), [])
        self.assertEqual(self.shown("staff", as_of="2026-11-20"), [])
        # another unit sees none of it
        self.assertEqual(self.shown("office.school", SCHOOL), [])
        self.assertEqual(self.bell("office.school"), [])
        self.assertStatus(self.as_("office.school").get(U + "/announcements"), 403, "out_of_scope")
        self.assertStatus(self.as_("office.school").put(U + "/announcements/%d" % a["id"], {"status": "withdrawn"}),
                          403, "out_of_scope")
        # withdrawn: shown no more, and changes no more
        r = office.put(U + "/announcements/%d%s" % (a["id"], q), {"title": a["title"], "body": a["body"], "status": "withdrawn"})
        self.assertStatus(r, 200)
        self.assertEqual(self.shown("staff"), [])
        r = office.put(U + "/announcements/%d%s" % (a["id"], q), {"title": "改", "body": "改", "status": "published"})
        self.assertStatus(r, 409)

    def test_refusals(self):
        office = self.as_("office")
        q = "?as_of=" + DEMO_ON
        count = len(office.get(U + "/announcements?all=true").json()["items"])
        for body, field in (({"body": "x"}, "title"), ({"title": "x"}, "body"), ({"title": "x" * 201, "body": "x"}, "title"),
                            ({"title": "a\nb", "body": "x"}, "title"),
                            ({"title": "x", "body": "x", "status": "sent"}, "status"),
                            ({"title": "x", "body": "x", "status": "withdrawn"}, "status"),
                            ({"title": "x", "body": "x", "publish_on": "2026-13-01"}, "publish_on"),
                            ({"title": "x", "body": "x", "expires_on": "2026-11-01"}, "expires_on"),
                            ({"title": "x", "body": "x", "status": "published", "publish_on": "2026-11-22"}, "publish_on")):
            r = office.post(U + "/announcements" + q, body)
            self.assertIn(r.status, (413, 422), (body, r))
            self.assertEqual(r.json()["error"]["field"], field, body)
        self.assertStatus(office.put(U + "/announcements/999999" + q, {"title": "x", "body": "x"}), 404)
        for name in ("leader", "staff", "liaison.nic", "secadmin", "supervisor"):
            self.assertEqual(self.as_(name).post(U + "/announcements" + q, {"title": "x", "body": "x"}).status, 403, name)
        self.assertEqual(len(office.get(U + "/announcements?all=true").json()["items"]), count)


if __name__ == "__main__":
    unittest.main()
